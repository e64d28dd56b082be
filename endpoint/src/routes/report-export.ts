import type { FastifyInstance } from 'fastify';
import { ExportQuery } from '../export/query.ts';
import { reportExportLines } from '../export/report-stream.ts';
import { exportContentType } from '../export/stream.ts';
import { assertReviewer } from '../http/auth.ts';
import { groupingPass, sendDownload } from './export.ts';
import { parseInput } from './params.ts';

/** The long form of the export (one row per report), with the export's scope and filters, once grouped. */
export const reportExportRoutes = async (app: FastifyInstance) => {
  app.get('/export/reports', async (request, reply) => {
    assertReviewer(request);
    const query = parseInput(ExportQuery, request.query);
    await groupingPass(app);
    const fileName = `flagpost-reports-${app.now().toISOString().slice(0, 10)}.${query.format}`;
    return sendDownload(reply, exportContentType(query.format), fileName, reportExportLines(app.storage, query));
  });
};

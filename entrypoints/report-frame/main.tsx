import { mountBatchBar, mountBatchFrame } from '../../components/batch/frame';
import { mountReportFrame } from '../../components/report/frame';
import { BATCH_BAR_ROUTE, BATCH_ROUTE } from '../../utils/report-frame';

// The report dialog, in the iframe a content script placed (utils/content/dialog-frame.ts); at its batch routes,
// the batch form and the selection bar (utils/content/batch-select.ts).
if (location.hash === BATCH_ROUTE) void mountBatchFrame();
else if (location.hash === BATCH_BAR_ROUTE) void mountBatchBar();
else void mountReportFrame();

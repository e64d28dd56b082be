import PDFDocument from 'pdfkit';
import { categoryLabels, reviewStrings, statusLabel, type ReviewLanguage } from '../review/strings.ts';
import type { Art22Report } from './art22.ts';

/**
 * The Art. 22(3) report as a printable A4 PDF, written by pdfkit. It uses the PDF's standard
 * Helvetica (no font file to ship), which has Latin letters only: an Arabic request gets the
 * English PDF (the HTML and CSV exist in every language).
 */
export const pdfLanguage = (language: ReviewLanguage): ReviewLanguage => (language === 'ar' ? 'en' : language);

/**
 * Numbers as Helvetica can print them: Intl groups French digits with U+202F (narrow no-break
 * space), which the standard fonts' WinAnsi encoding lacks (pdfkit wrote its two bytes, a space and
 * a slash: "9 /804"); U+00A0, which the encoding has, keeps the number whole on one line.
 */
const printable = (text: string) => text.replaceAll('\u202f', '\u00a0');

export function art22Pdf(report: Art22Report, asked: ReviewLanguage, publisher: string): Promise<Buffer> {
  const language = pdfLanguage(asked);
  const t = reviewStrings[language];
  const m = t.measure;
  const number = (n: number) => printable(new Intl.NumberFormat(language).format(n));
  const title = m.art22Title(String(report.year));
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Author: publisher, Subject: 'DSA Art. 22(3)' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  /** A table: the first column is the label, the others right-aligned numbers; a new page when the row would not fit. */
  const table = (heading: string, columns: string[], rows: (string | number)[][]) => {
    const first = columns.length > 2 ? 110 : width - 120;
    const rest = (width - first) / (columns.length - 1);
    const x = (i: number) => (i === 0 ? left : left + first + (i - 1) * rest);
    const w = (i: number) => (i === 0 ? first : rest) - 4;
    const line = (cells: (string | number)[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      const height = Math.max(...cells.map((c, i) => doc.heightOfString(String(c), { width: w(i) }))) + 4;
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const top = doc.y;
      cells.forEach((c, i) => doc.text(typeof c === 'number' ? number(c) : c, x(i), top, { width: w(i), align: i === 0 ? 'left' : 'right' }));
      doc.moveTo(left, top + height - 2).lineTo(left + width, top + height - 2).lineWidth(0.3).strokeColor('#999999').stroke();
      doc.x = left;
      doc.y = top + height;
    };
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(heading, left, doc.y, { width });
    doc.moveDown(0.3);
    line(columns, true);
    for (const row of rows) line(row, false);
  };

  doc.font('Helvetica-Bold').fontSize(16).text(title, { width });
  doc.moveDown(0.3).font('Helvetica').fontSize(10).text(publisher, { width }).moveDown(0.3).text(m.art22Intro, { width });
  table(m.total, [m.total, m.notices], [[m.total, report.total], [t.threatToLife, report.threatToLife]]);
  table(m.byProvider, [t.platform, m.notices], report.byPlatform);
  table(m.byType, [t.categories, m.notices], report.byCategory.map(([k, n]) => [categoryLabels([k], language), n]));
  table(m.byAction, [t.status, m.notices], report.byStatus.map(([k, n]) => [statusLabel(k, language), n]));
  table(m.byRemoval, [t.removal, m.notices], report.byRemoval.map(([k, n]) => [(m.removalStates as Record<string, string>)[k] ?? k, n]));
  table(m.providerByAction, [t.platform, ...report.byStatus.map(([s]) => statusLabel(s, language))],
    report.platformByStatus.map(({ platform, counts }) => [platform, ...counts]));
  doc.end();
  return done;
}

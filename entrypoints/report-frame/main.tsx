import { mountReportFrame } from '../../components/report/frame';

// The report dialog, in the iframe a content script placed (utils/content/dialog-frame.ts).
void mountReportFrame();

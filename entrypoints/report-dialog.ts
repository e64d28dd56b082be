import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mountReportDialog } from '../components/report/mount';
import { registerReportDialog } from '../utils/content/dialog-loader';
import { pageTarget } from '../utils/content/page-target';

// Injected by the background on the first report in a frame (see utils/content/dialog-loader.ts).
export default defineUnlistedScript(() => {
  registerReportDialog((subject) => mountReportDialog('clicked' in subject ? pageTarget(document, subject.clicked) : subject));
});

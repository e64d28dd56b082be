import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mountReportDialog } from '../components/report/mount';
import { registerReportDialog } from '../utils/content/dialog-loader';

// Injected by the background on the first report in a frame (see utils/content/dialog-loader.ts).
export default defineUnlistedScript(() => {
  registerReportDialog(mountReportDialog);
});

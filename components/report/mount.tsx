import { render } from 'preact';
import { applyLanguage, isUiLanguage, markLanguage } from '../../utils/language';
import { sendToBackground } from '../../utils/messages';
import type { DialogSubject } from '../../utils/content/dialog-loader';
import { ReportDialog } from './ReportDialog';
import dialogCss from './dialog.css?inline';

const HOST_TAG = 'flagpost-report-dialog';

/**
 * One shadow root for the one dialog. Closed, so page scripts cannot read or drive the form;
 * keyboard events stop at the host, so the platform's shortcuts (X: "l" likes) never fire
 * while the user types.
 */
/** The open dialog's unmount: a new report replaces it, and it must let go of its draft first. */
let unmountCurrent: (() => void) | undefined;

export async function mountReportDialog(subject: DialogSubject): Promise<void> {
  const previousFocus = document.activeElement as HTMLElement | null;
  // Asked, not read from Settings: the dialog runs in the page's renderer, where Settings (token, name, email) must not be.
  const asked = (await sendToBackground('content.language', {}).catch(() => undefined))?.language ?? 'en';
  const language = isUiLanguage(asked) ? asked : 'en';
  applyLanguage(language);
  unmountCurrent?.();
  document.querySelector(HOST_TAG)?.remove();
  const host = document.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'closed' });
  for (const type of ['keydown', 'keyup', 'keypress'] as const) {
    host.addEventListener(type, (event) => event.stopPropagation());
  }
  const style = document.createElement('style');
  style.textContent = dialogCss;
  const container = document.createElement('div');
  shadow.append(style, container);
  document.documentElement.append(host);
  markLanguage(container, language);

  function unmount(): void {
    render(null, container);
    host.remove();
    if (unmountCurrent === unmount) unmountCurrent = undefined;
  }
  function close(): void {
    unmount();
    previousFocus?.focus?.();
  }
  unmountCurrent = unmount;
  render(<ReportDialog subject={subject} onClose={close} />, container);
}

/**
 * The pipeline's own words (English, untranslated) inside the dialog's translated sentences are set apart with
 * Unicode isolates, as reasonText() sets apart a Reason's detail: in Arabic their colons and parentheses are
 * otherwise laid out by the Arabic paragraph ("(the limit is 4 MB" … ")").
 */
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import { HashingProgress } from '../../components/report/HashingProgress';
import { ReportDialog } from '../../components/report/ReportDialog';
import { selectCatalogue, type Catalogue } from '../../utils/i18n';
import { catalogues, markLanguage } from '../../utils/language';
import { samplePost } from '../../test-support/fixtures';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
const error = 'image too large: 5 MB (the limit is 4 MB)';
const isolated = `\u2068${error}\u2069`;

beforeEach(() => {
  fakeBrowser.reset();
  selectCatalogue(catalogues.ar as Catalogue, english as Catalogue, 'ar');
  markLanguage(container(), 'ar');
});
afterEach(() => selectCatalogue(english as Catalogue, english as Catalogue, 'en'));

test("a medium's error is isolated inside the translated sentence", () => {
  render(
    <HashingProgress
      media={[{ ref: 'm1', kind: 'image', sourceUrl: 'https://pbs.twimg.com/media/A.jpg', hashes: [], error } as never]}
      progress={[]}
      onStop={() => {}}
    />,
    container(),
  );
  expect(container().querySelector('.media-errors li')!.textContent).toContain(isolated);
});

test("the background's error when the report could not be prepared is isolated too", async () => {
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string }) =>
    message.type === 'report.prepare' ? Promise.resolve({ ok: false, error }) : undefined) as never);
  render(<ReportDialog subject={{ kind: 'post', post: samplePost() }} draftId={crypto.randomUUID()} onClose={() => {}} />, container());
  await vi.waitFor(() => expect(container().querySelector('[role="alert"]')?.textContent).toContain(isolated));
});

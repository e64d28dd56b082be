/** The addresses ConfirmFetch asks the user to agree to download from (components/report/ConfirmFetch.tsx), in a right-to-left dialog. */
import { render } from 'preact';
import { afterEach, expect, test } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import { ConfirmFetch } from '../../components/report/ConfirmFetch';
import { selectCatalogue, type Catalogue } from '../../utils/i18n';
import { catalogues, markLanguage } from '../../utils/language';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
afterEach(() => selectCatalogue(english as Catalogue, english as Catalogue, 'en'));

test('Arabic: each address keeps its left-to-right order (isolated, as PostSummary\'s <bdi>)', () => {
  selectCatalogue(catalogues.ar as Catalogue, english as Catalogue, 'ar');
  markLanguage(container(), 'ar');
  const urls = ['https://cdn.evil.example/v/clip.mp4?x=1/', 'https://a.example/b/'];
  render(<ConfirmFetch id="0f8fad5b-d9cb-469f-a165-70867728950e" urls={urls} onError={() => {}} />, container());
  const codes = [...container().querySelectorAll('li code')];
  expect(codes.map((code) => code.textContent)).toEqual(urls);
  // In an RTL paragraph a URL's trailing "/" or "?" is drawn at its left ("/https://a.example/b") unless isolated.
  for (const code of codes) expect(code.closest('bdi, [dir="ltr"]'), code.textContent!).not.toBeNull();
});

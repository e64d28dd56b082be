/** The account being reported (components/report/AccountSummary.tsx): its recent posts counted in the reader's plural. */
import { render } from 'preact';
import { expect, test } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import { AccountSummary } from '../../components/report/AccountSummary';
import { plural, selectCatalogue, type Catalogue } from '../../utils/i18n';
import { catalogues } from '../../utils/language';
import { samplePost } from '../../test-support/fixtures';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
const withPosts = (count: number) => ({
  ...samplePost(),
  account: {
    handle: '@lcMenci', url: 'https://x.com/lcMenci',
    recentPosts: Array.from({ length: count }, (_, n) => ({ url: `https://x.com/lcMenci/status/198539505822981783${n}` })),
  },
});

test('one recent post is "1 recent post", not "1 recent posts"; two are "2 recent posts"', () => {
  render(<AccountSummary post={withPosts(1) as never} />, container());
  expect(container().textContent).toContain('1 recent post attached');
  render(<AccountSummary post={withPosts(2) as never} />, container());
  expect(container().textContent).toContain('2 recent posts attached');
});

test('Arabic counts them in its own forms: 1, 3…10 and 11…99 differ', () => {
  selectCatalogue(catalogues.ar as Catalogue, english as Catalogue, 'ar');
  try {
    const [one, few, many] = [1, 3, 11].map((n) => plural('dialogAccountRecentPosts', n));
    expect(one).toContain('منشور حديث');
    expect(few).toContain('منشورات حديثة');
    expect(many).toContain('منشورًا حديثًا');
  } finally {
    selectCatalogue(english as Catalogue, english as Catalogue, 'en');
  }
});

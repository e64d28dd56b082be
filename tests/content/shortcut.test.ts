import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { contentStrings } from '../../utils/content/content-strings';
import { chosenLanguage, feedWords } from '../../utils/language';
import { postForShortcut } from '../../utils/content/shortcut';
import type { PlatformAdapter } from '../../utils/platforms/types';

const adapter = { postSelector: 'article.post' } as PlatformAdapter;

/** Three posts stacked vertically; `tops` are their positions in a 1000-px-high viewport. */
function feed(tops: number[]): HTMLElement[] {
  document.body.innerHTML = tops.map((_, i) => `<article class="post" id="p${i}"><p>Post ${i}</p><button>Like</button></article>`).join('');
  const posts = [...document.querySelectorAll<HTMLElement>('article.post')];
  posts.forEach((post, i) => {
    const top = tops[i]!;
    vi.spyOn(post, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, top, 600, 500));
  });
  return posts;
}

describe('the post the shortcut reports', () => {
  beforeEach(() => {
    vi.stubGlobal('innerWidth', 1200);
    vi.stubGlobal('innerHeight', 1000);
  });

  test('the post holding the focus, wherever it is', () => {
    const posts = feed([-450, 100, 700]);
    posts[2]!.querySelector('button')!.focus();
    expect(postForShortcut(adapter, document)).toBe(posts[2]);
  });

  test('without focus in a post, the one most in view', () => {
    const posts = feed([-450, 300, 900]);
    (document.activeElement as HTMLElement | null)?.blur();
    expect(postForShortcut(adapter, document)).toBe(posts[1]);
  });

  test('an element that holds no post now (postKey null: an ad slot) is never the one reported', () => {
    const posts = feed([0, 600]);
    (document.activeElement as HTMLElement | null)?.blur();
    const keyed = { ...adapter, postKey: (post: Element) => (post.id === 'p0' ? null : 'video') } as PlatformAdapter;
    expect(postForShortcut(keyed, document)).toBe(posts[1]);
  });

  test('no post in view: none', () => {
    feed([-900, 1200]);
    expect(postForShortcut(adapter, document)).toBeNull();
  });
});

describe('the feed\'s words follow the language setting', () => {
  // The background's answer to 'content.language' (utils/background/message-handlers.ts): the content script never reads Settings.
  beforeEach(() => {
    fakeBrowser.reset();
    fakeBrowser.runtime.onMessage.addListener(async () => {
      const language = await chosenLanguage();
      return { ok: true, value: { language, words: feedWords(language) } };
    });
  });

  test('the content script asks for the language and reads no storage itself (Settings hold the token, the name and the email)', async () => {
    fakeBrowser.reset();
    const asked: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => (asked.push(message), { ok: true, value: { language: 'fr', words: feedWords('fr') } }));
    const read = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect((await contentStrings()).reportAction).toBe('Signaler un contenu à caractère terroriste');
    expect(asked).toEqual([{ type: 'content.language', payload: {} }]);
    expect(read).not.toHaveBeenCalled();
    read.mockRestore();
  });

  test.each([
    [{ language: 'fr' }, 'Signaler un contenu à caractère terroriste'],
    [{ language: 'en' }, 'Report terrorist content'],
    [{ language: 'ar' }, 'الإبلاغ عن محتوى إرهابي'],
    [{ language: 'de' }, 'Terroristischen Inhalt melden'],
    [{ language: 'auto' }, 'Report terrorist content'],
    [{ language: '__proto__' }, 'Report terrorist content'],
    [undefined, 'Report terrorist content'],
  ])('settings %j → %s', async (settings, label) => {
    if (settings) await fakeBrowser.storage.local.set({ settings });
    expect((await contentStrings()).reportAction).toBe(label);
  });

  test('auto follows the browser\'s language, for every word the feed shows', async () => {
    const uiLanguage = vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('fr-FR');
    await fakeBrowser.storage.local.set({ settings: { language: 'auto' } });
    expect(await contentStrings()).toEqual({
      reportAction: 'Signaler un contenu à caractère terroriste',
      alreadyReported: expect.stringMatching(/^Déjà signalé/),
      alreadyReportedShow: 'Afficher',
      reportAccountAction: expect.any(String),
      dialogTitle: 'Signaler un contenu à caractère terroriste',
      lang: 'fr',
      dir: 'ltr',
    });
    uiLanguage.mockRestore();
  });
});

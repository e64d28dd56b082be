/**
 * The page being reported is the attacker (an extremist-run instance, a compromised site, a platform that wants
 * to know who reports it). Each test plays one of its moves against the real build and fails on the in-page
 * dialog (a closed shadow root in the page's DOM) that the report frame replaced:
 * - a keylogger on `window`, capture phase, hears none of what is typed in the form;
 * - a custom element defined first under the dialog's old tag, with an `attachInternals()` grab and
 *   `disabledFeatures = ['shadow']`, neither reads nor drives the form, nor stops reporting;
 * - an overlay on top of the form does not get clicks through to it (clickjacking);
 * - a forged `contextmenu` does not retarget a right-click, and a <label> around the button does not open it;
 * - permalinks the page plants learn nothing of the user's own reports.
 * And the frame itself: it loads from Chrome's per-session address (use_dynamic_url), never from the fixed one.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, test } from 'vitest';
import {
  aria, chooseReportMenuItem, clickInDialog, closeDialogWithEscape, dialogTakesClicks, fillAndSend, hasDialogFrame, waitForDialog, X_PROFILE_FIRST_POST, X_PROFILE_URL,
} from './flagpost';
import type { LaunchedExtension } from './harness';
import { xProfileSession } from './session';
import type { TestEndpoint } from './test-endpoint';

const POST = 'article[data-testid="tweet"]';
const BUTTON = `${POST} [data-flagpost-action="report"]`;
const SECRET = 'typed-only-for-the-endpoint';
const EXPLANATION = aria('Why is this terrorist content?', 'textbox');
const INCITEMENT = aria('Incites terrorism, for example by glorifying an attack', 'checkbox');

let extension: LaunchedExtension;
let endpoint: TestEndpoint;

xProfileSession((session) => ({ extension, endpoint } = session));

/** The X profile, with `attack` run in the page's own world before anything of the user's. */
async function hostilePage(attack?: () => void): Promise<Page> {
  const page = await extension.browser.newPage();
  if (attack) await page.evaluateOnNewDocument(attack);
  await page.goto(X_PROFILE_URL);
  await page.waitForSelector(BUTTON, { visible: true });
  return page;
}

/** An absence needs a window to be seen in: a dialog or a mark, when there is one, shows in well under this. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));

describe('the page cannot read, type into or keylog the form', () => {
  test('a capture-phase keylogger on window hears nothing typed in the form, and the frame is closed to the page', async () => {
    const page = await hostilePage(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      for (const type of ['keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'compositionend']) {
        window.addEventListener(type, (event) => heard.push((event as KeyboardEvent).key ?? (event as InputEvent).data ?? type), { capture: true });
      }
    });
    await page.click(BUTTON);
    const dialog = await waitForDialog(page);
    await clickInDialog(dialog, EXPLANATION);
    await page.keyboard.type(SECRET);
    expect(await (await dialog.$(EXPLANATION))!.evaluate((box) => (box as HTMLTextAreaElement).value)).toContain(SECRET);

    const seen = await page.evaluate(() => {
      const frame = document.querySelector('iframe');
      return { heard: (window as unknown as { heard: string[] }).heard.join(''), frameDocument: frame?.contentDocument ?? null, text: document.body.innerText };
    });
    expect(seen.heard).toBe('');
    expect(seen.frameDocument).toBeNull(); // another origin: its document is out of the page's reach
    expect(seen.text).not.toContain('Why is this terrorist content?');
    await closeDialogWithEscape(page);
    await page.close();
  });

  test('an element defined first under the dialog\'s tag, grabbing attachInternals(), reads and drives nothing', async () => {
    const before = endpoint.reports.length;
    const page = await hostilePage(() => {
      const state = { constructed: 0, read: '' };
      (window as unknown as { state: typeof state }).state = state;
      customElements.define('flagpost-report-dialog', class extends HTMLElement {
        constructor() {
          super();
          state.constructed++;
          const internals = this.attachInternals();
          // Once the dialog has rendered into the (closed) root, read the preview and tick every box.
          setTimeout(() => {
            const root = internals.shadowRoot;
            state.read = root?.textContent ?? '';
            root?.querySelectorAll('input[type="checkbox"]').forEach((box) => (box as HTMLInputElement).click());
            root?.querySelector<HTMLButtonElement>('[data-flagpost-action="send"]')?.click();
          }, 1_000);
        }
      });
    });
    await page.click(BUTTON);
    const dialog = await waitForDialog(page);
    await settle();
    expect(await page.evaluate(() => (window as unknown as { state: object }).state)).toEqual({ constructed: 0, read: '' });
    expect(await dialog.$$eval('input[type="checkbox"]:checked', (boxes) => boxes.length)).toBe(0);
    expect(endpoint.reports.length).toBe(before);
    // The user's own report goes through.
    await closeDialogWithEscape(page);
    await page.click(BUTTON);
    expect(await fillAndSend(page)).toContain('Report sent');
    await page.close();
  });

  test('disabledFeatures = [\'shadow\'] under the dialog\'s tag does not stop reporting', async () => {
    const page = await hostilePage(() => {
      customElements.define('flagpost-report-dialog', class extends HTMLElement {
        static disabledFeatures = ['shadow'];
      });
    });
    await page.click(BUTTON);
    expect(await fillAndSend(page)).toContain('Report sent');
    await page.close();
  });
});

describe('the frame\'s address', () => {
  test('a page cannot probe for Flagpost at a fixed address: the frame comes from a per-session one (use_dynamic_url)', async () => {
    const page = await hostilePage();
    // The address every install shares (the store's extension id): the frame does not load there.
    const probe = `chrome-extension://${extension.extensionId}/report-frame.html`;
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, probe);
    await page.waitForFrame((frame) => frame.url().startsWith('chrome-error:'));
    await page.click(BUTTON);
    await waitForDialog(page);
    const src = await page.evaluate(() => [...document.querySelectorAll('iframe')].at(-1)!.src);
    expect(new URL(src).protocol).toBe('chrome-extension:');
    expect(new URL(src).host).not.toBe(extension.extensionId);
    await closeDialogWithEscape(page);
    await page.close();
  });
});

describe('clickjacking', () => {
  test('an overlay on top of the form gets no click through to it; once it is gone, clicks work', async () => {
    const page = await hostilePage();
    await page.click(BUTTON);
    const dialog = await waitForDialog(page);
    await dialogTakesClicks(dialog);
    // A decoy over the whole window, letting pointer events through to what lies under it: the form.
    await page.evaluate(() => {
      const decoy = document.createElement('div');
      decoy.id = 'decoy';
      decoy.textContent = 'Click here to win';
      decoy.setAttribute('style', 'position:fixed;inset:0;z-index:2147483647;pointer-events:none;background:rgba(255,255,255,.99)');
      document.documentElement.append(decoy);
    });
    await dialog.waitForFunction(() => document.documentElement.hasAttribute('data-refusing-pointer'));
    await (await dialog.$(INCITEMENT))!.click();
    expect(await (await dialog.$(INCITEMENT))!.evaluate((box) => (box as HTMLInputElement).checked)).toBe(false);

    await page.evaluate(() => document.getElementById('decoy')!.remove());
    await clickInDialog(dialog, INCITEMENT);
    expect(await (await dialog.$(INCITEMENT))!.evaluate((box) => (box as HTMLInputElement).checked)).toBe(true);
    await closeDialogWithEscape(page);
    await page.close();
  });
});

describe('the page cannot start or retarget a report', () => {
  test('a contextmenu the page forges on another post after the user\'s right-click retargets nothing', async () => {
    const page = await hostilePage(() => {
      // The page answers the user's right-click on one post with a forged one on the other.
      document.addEventListener('contextmenu', (event) => {
        if (!event.isTrusted) return;
        const posts = document.querySelectorAll('article[data-testid="tweet"]');
        setTimeout(() => posts[1]!.querySelector('[data-testid="tweetText"], div')!.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true })), 0);
      }, { capture: true });
    });
    await page.click(`${POST} [data-testid="tweetText"]`, { button: 'right' });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
    await chooseReportMenuItem(extension, X_PROFILE_URL);
    const dialog = await waitForDialog(page);
    const post = await (await dialog.waitForSelector('::-p-aria([role="region"])'))!.evaluate((node) => node.textContent ?? '');
    expect(post).toContain(X_PROFILE_FIRST_POST);
    await closeDialogWithEscape(page);
    await page.close();
  });

  test('a <label> the page wraps around the button does not turn a click elsewhere into a report', async () => {
    const page = await hostilePage();
    await page.evaluate((selector) => {
      const button = document.querySelector(selector)!;
      const label = document.createElement('label');
      label.id = 'bait';
      label.textContent = 'Like';
      label.setAttribute('style', 'display:inline-block;padding:40px;background:#eee');
      button.replaceWith(label);
      label.append(button);
    }, BUTTON);
    const bait = (await page.$('#bait'))!;
    const box = (await bait.boundingBox())!;
    await page.mouse.click(box.x + 5, box.y + 5); // on the label, off the button
    await settle();
    expect(hasDialogFrame(page)).toBe(false);
    await page.click(BUTTON); // the button itself still works
    await waitForDialog(page);
    await closeDialogWithEscape(page);
    await page.close();
  });
});

describe('what the page learns of the user\'s own reports', () => {
  test('after the user reported a post, planted copies of it and of another post are marked alike: not at all', async () => {
    const reported = await hostilePage();
    await reported.click(BUTTON);
    expect(await fillAndSend(reported)).toContain('Report sent');
    await reported.close();

    // The page plants a copy of the reported post and of one never reported, and watches both.
    const page = await hostilePage();
    const marks = await page.evaluate(async () => {
      const original = document.querySelector('article[data-testid="tweet"]')!;
      const cell = original.closest('[data-testid="cellInnerDiv"]') ?? original;
      const plant = (permalinkPath: string) => {
        const copy = cell.cloneNode(true) as Element;
        copy.querySelectorAll('[data-flagpost-action], .flagpost-reported').forEach((node) => node.remove());
        copy.querySelectorAll('[data-flagpost-decorated], [data-flagpost-reported]').forEach((node) => {
          node.removeAttribute('data-flagpost-decorated');
          node.removeAttribute('data-flagpost-reported');
        });
        copy.querySelectorAll('a[href*="/status/"]').forEach((link) => link.setAttribute('href', permalinkPath));
        cell.parentElement!.append(copy);
        return copy;
      };
      const planted = [plant('/lcMenci/status/1985395058229817831'), plant('/lcMenci/status/1111111111111111111')];
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const markOf = (root: Element) => ({
        attributes: [root, ...root.querySelectorAll('*')].flatMap((node) => node.getAttributeNames().filter((name) => name.startsWith('data-flagpost-') && name !== 'data-flagpost-action' && name !== 'data-flagpost-decorated')),
        notes: root.querySelectorAll('.flagpost-reported').length,
        filters: [...root.querySelectorAll('img')].map((img) => getComputedStyle(img).filter).filter((filter) => filter !== 'none'),
      });
      return { original: markOf(original), planted: planted.map(markOf) };
    });
    const unmarked = { attributes: [], notes: 0, filters: [] };
    expect(marks).toEqual({ original: unmarked, planted: [unmarked, unmarked] });
    await page.close();
  });
});

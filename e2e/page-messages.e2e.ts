/**
 * A web page cannot drive Flagpost. From the page's own world, the X profile page tries every door:
 * window.postMessage with our message shapes, our message types as DOM events (and WXT's "a newer
 * content script started" event, forged with our id), chrome.runtime.sendMessage to our id, and
 * clicks on our button made by script. Nothing happens: no dialog, no report stored or sent. Then a
 * real click still opens the dialog: the content script was alive and listening all along. And the content
 * script does not announce itself: no message the page hears names the extension.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, test } from 'vitest';
import { hasDialogFrame, openPopup, waitForDialog, X_PROFILE_URL } from './flagpost';
import type { LaunchedExtension } from './harness';
import type { TestEndpoint } from './test-endpoint';
import { xProfileSession } from './session';

const BUTTON = 'article[data-testid="tweet"] [data-flagpost-action="report"]';
const ACCOUNT_BUTTON = '[data-flagpost-action="account"]';

let extension: LaunchedExtension;
let endpoint: TestEndpoint;

xProfileSession((session) => ({ extension, endpoint } = session));

/**
 * WXT's signal that a newer copy of a content script started, forged: with our id, the script's name (X's own, `x`,
 * and the generic one's) and a made-up message id, it would abort that script's WXT context. Flagpost's content
 * scripts have none (utils/content/wxt-context.ts), so nothing may stop.
 */
function forgeNewerScript(page: Page, extensionId: string): Promise<void> {
  return page.evaluate((id) => {
    for (const name of ['x', 'content']) {
      const started = `${id}:${name}:wxt:content-script-started`;
      document.dispatchEvent(new CustomEvent(started, { detail: { contentScriptName: name, messageId: 'forged' } }));
      window.postMessage({ type: started, contentScriptName: name, messageId: 'forged' }, '*');
    }
  }, extensionId);
}

/** Everything the page world can try, with our id, our message shapes and our button. */
async function attack(page: Page, extensionId: string): Promise<{ runtimeInPage: string }> {
  return page.evaluate(async (id) => {
    const post = {
      platform: 'x', url: 'https://x.com/lcMenci/status/1985395058229817831', pageUrl: location.href, media: [], quoted: [],
    };
    const messages = [
      { type: 'dialog.start', payload: { subject: { kind: 'post', post } } },
      { type: 'dialog.claim', payload: { token: '0f8fad5b-d9cb-469f-a165-70867728950e' } },
      { type: 'dialog.open', payload: { context: { pageUrl: location.href } } },
      { type: 'posts.extract', payload: {} },
      { type: 'report.prepare', payload: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' } },
      {
        type: 'report.submit',
        payload: {
          id: '0f8fad5b-d9cb-469f-a165-70867728950e',
          form: { tco: ['incitement'], threatToLife: false, explanation: 'forged', entity: '', goodFaith: true },
        },
      },
    ];
    for (const message of messages) {
      window.postMessage(message, '*');
      window.postMessage(JSON.stringify(message), '*');
      for (const target of [window, document, document.documentElement]) {
        target.dispatchEvent(new CustomEvent(message.type, { detail: message.payload, bubbles: true }));
        target.dispatchEvent(new CustomEvent(`${id}:${message.type}`, { detail: message.payload, bubbles: true }));
      }
    }
    // Without externally_connectable, a page has no runtime messaging to us at all.
    let runtimeInPage = 'absent';
    const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => Promise<unknown> } } }).chrome?.runtime;
    if (runtime?.sendMessage) {
      runtimeInPage = 'present';
      for (const message of messages) {
        try {
          await runtime.sendMessage(id, message);
          runtimeInPage = 'answered';
        } catch {
          // refused: what we want
        }
      }
    }

    // Clicks made by script are untrusted.
    const button = document.querySelector<HTMLElement>('[data-flagpost-action="report"]')!;
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    button.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    return { runtimeInPage };
  }, extensionId);
}

describe('a page posing as Flagpost', () => {
  test('messages, events, runtime calls and scripted clicks start nothing; a real click still works', async () => {
    const page = await extension.browser.newPage();
    await page.goto(X_PROFILE_URL);
    await page.waitForSelector(BUTTON, { visible: true });

    const { runtimeInPage } = await attack(page, extension.extensionId);
    // Flagpost's listeners must not hang on the WXT context this stops.
    await forgeNewerScript(page, extension.extensionId);
    expect(runtimeInPage).not.toBe('answered');

    // An absence needs a window to be observed in (not a wait for something): a dialog, when one
    // is asked for, shows in well under this.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(hasDialogFrame(page)).toBe(false);
    expect(await page.$('iframe')).toBeNull();
    expect(endpoint.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    const popup = await openPopup(extension.browser, extension.extensionId);
    await popup.waitForSelector('.summary[data-total="0"]');
    expect(await popup.$$('li.report')).toHaveLength(0);
    await popup.close();

    // The user's own click (trusted) on the same page: the content script is still listening.
    await page.click(BUTTON);
    await waitForDialog(page);
    await page.close();
  });

  test('the content script names the extension to no page: nothing the page hears from it carries the id', async () => {
    const page = await extension.browser.newPage();
    // From the page's first script on: every message posted to the window (WXT's context posted one at each start).
    await page.evaluateOnNewDocument(() => {
      const heard: string[] = [];
      Object.assign(window, { flagpostHeard: heard });
      window.addEventListener('message', (event) => heard.push(JSON.stringify(event.data) ?? ''), true);
    });
    await page.goto(X_PROFILE_URL);
    await page.waitForSelector(BUTTON, { visible: true });
    const heard = await page.evaluate(() => (window as unknown as { flagpostHeard: string[] }).flagpostHeard);
    expect(heard.filter((data) => data.includes(extension.extensionId))).toEqual([]);
    await page.close();
  });
});

describe("WXT's context signal, forged by the page (SECURITY.md)", () => {
  /** Marks the account button there now, navigates in-app (the same profile at another address), and tells whether a new one was placed. */
  async function accountLookedForAgain(page: Page): Promise<boolean> {
    await page.waitForSelector(ACCOUNT_BUTTON, { visible: true });
    await page.$eval(ACCOUNT_BUTTON, (button) => button.setAttribute('data-test-before', ''));
    await page.evaluate(() => history.pushState(null, '', '/lcMenci?in-app'));
    // An absence needs a window to be seen in: the look after a navigation starts at once (ACCOUNT_LOOKS_MS).
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return (await page.$(`${ACCOUNT_BUTTON}:not([data-test-before])`)) !== null;
  }

  test('after the forged signal nothing stops: the look for a profile header after an in-app navigation, the feed, the buttons', async () => {
    const control = await extension.browser.newPage();
    await control.goto(X_PROFILE_URL);
    expect(await accountLookedForAgain(control)).toBe(true);
    await control.close();

    const page = await extension.browser.newPage();
    await page.goto(X_PROFILE_URL);
    await page.waitForSelector(BUTTON, { visible: true });
    await forgeNewerScript(page, extension.extensionId);
    // The content scripts watch in-app navigations themselves (utils/content/navigation.ts), not through WXT's context.
    expect(await accountLookedForAgain(page)).toBe(true);
    // A post the in-app page adds is still decorated: the feed's observer lives as long as the frame.
    await page.evaluate(() => {
      const post = document.querySelector('article[data-testid="tweet"]')!;
      const cell = post.closest('[data-testid="cellInnerDiv"]') ?? post;
      const copy = cell.cloneNode(true) as Element;
      copy.querySelectorAll('[data-flagpost-action]').forEach((node) => node.remove());
      copy.querySelectorAll('[data-flagpost-decorated]').forEach((node) => node.removeAttribute('data-flagpost-decorated'));
      copy.querySelectorAll('a[href*="/status/"]').forEach((link) => link.setAttribute('href', '/lcMenci/status/1111111111111111111'));
      copy.setAttribute('data-test-added', '');
      cell.parentElement!.append(copy);
    });
    await page.waitForSelector(`[data-test-added] ${BUTTON}`, { visible: true });
    // And the button already there still opens the dialog.
    await page.click(BUTTON);
    await waitForDialog(page);
    await page.close();
  });
});

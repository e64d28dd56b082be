/**
 * Driving Flagpost in Firefox as a person would, with trusted input only: its options page, the report
 * form, the popup. Elements are found by ids, data attributes and structure, never by translated text.
 */
import type { FirefoxSession } from './launch';
import { Tab, type NodeRef, type Pointer } from './tab';

/**
 * Where the report form lives: a context and the root to query under. The root is a node of `tab`'s context
 * only: in the frame's parent (the page's Tab) it arrives as null, so every query of the form goes through `tab`.
 */
export interface FormScope {
  tab: Tab;
  root: NodeRef;
}

/**
 * The report form of the page in `tab`: the one place that knows where the form is drawn. In an
 * extension-page iframe (a moz-extension:// child of the tab in `browsingContext.getTree`), that frame's
 * document; else the dialog's closed shadow root on the page.
 */
export async function reportForm(tab: Tab): Promise<FormScope> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const frame = await extensionFrame(tab);
    if (frame) return { tab: frame, root: await frame.run(() => document) };
    const hasDialog = await tab.run(() => document.querySelector('flagpost-report-dialog') !== null);
    if (hasDialog) return { tab, root: await tab.shadowRoot('flagpost-report-dialog') };
    if (Date.now() > deadline) throw new Error('no report form opened');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The first moz-extension:// frame inside the tab, as a Tab of its own; with `route`, the first whose address ends
 * with it (the hash: the batch bar's, the batch form's, utils/report-frame.ts).
 */
export async function extensionFrame(tab: Tab, route?: string): Promise<Tab | undefined> {
  type Context = { context: string; url: string; children?: Context[] };
  const { contexts } = await tab.bidi.send<{ contexts: Context[] }>('browsingContext.getTree', { root: tab.context });
  const matches = (url: string) => url.startsWith('moz-extension://') && (route === undefined || new URL(url).hash === route);
  const walk = (nodes: Context[]): Context | undefined =>
    nodes.map((node) => (matches(node.url) ? node : walk(node.children ?? []))).find(Boolean);
  const frame = walk(contexts[0]?.children ?? []);
  return frame && new Tab(tab.bidi, frame.context);
}

/** The extension frame at `route`, once the tab has one. */
export async function frameAt(tab: Tab, route: string, timeoutMs = 20_000): Promise<Tab> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const frame = await extensionFrame(tab, route);
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`no extension frame at ${route || 'its page'} in the tab`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the frame takes pointer input: it refuses it for a moment after it appears (components/report/click-guard.ts). */
export async function frameTakesClicks({ tab, root }: FormScope): Promise<void> {
  await tab.waitFor(
    'the form to take clicks',
    (base: Node) => !((base as Document).documentElement ?? base.ownerDocument!.documentElement).hasAttribute('data-refusing-pointer'),
    [root],
  );
}

export async function configureEndpoint(firefox: FirefoxSession, base: string, token = '', pointer: Pointer = 'mouse'): Promise<void> {
  const options = await firefox.extensionPage('options.html');
  await options.fill(await options.element('#endpointBase'), base, pointer);
  if (token) await options.fill(await options.element('#token'), token, pointer);
  await options.click(await options.element('button[type="submit"]'), pointer);
  await options.waitFor('the settings to be saved', () => document.querySelector('[data-flagpost-saved="saved"]') !== null).catch(async (error: Error) => {
    // What the page shows instead, for the failure's message: its save status, the endpoint field, its errors.
    const shown = await options.run(() => {
      const status = document.querySelector('[data-flagpost-saved]')?.getAttribute('data-flagpost-saved');
      const errors = [...document.querySelectorAll('.field-error')].map((node) => node.textContent).join(' | ');
      return `save status "${status}", endpoint field "${document.querySelector<HTMLInputElement>('#endpointBase')?.value}", errors: ${errors}`;
    }).catch(String);
    throw new Error(`${error.message} (${shown})`);
  });
  await options.close();
}

/** Opens `url` in a new tab and clicks (or taps) the report button of its first post. */
export async function openFirstPostReport(firefox: FirefoxSession, url: string, pointer: Pointer = 'mouse'): Promise<{ tab: Tab; form: FormScope }> {
  const tab = await firefox.newTab(url);
  await tab.click(await tab.element('[data-flagpost-action="report"]'), pointer);
  return { tab, form: await reportForm(tab) };
}

/**
 * The first category, the good-faith statement, then Send once it is enabled; resolves with what the
 * dialog says became of the report (`data-flagpost-result`: sent, queued, failed …).
 */
export async function fillAndSend(form: FormScope, pointer: Pointer = 'mouse'): Promise<string> {
  const { tab, root } = form;
  try {
    await reportPrepared(form);
    await frameTakesClicks(form);
    await check(tab, await tab.element('form > fieldset label.choice input[type="checkbox"]', root), pointer);
    // Confirmed for the session already (issue 18): the dialog shows the statement as given, with no box.
    if (!(await tab.run((base: ParentNode) => base.querySelector('[data-flagpost-good-faith="remembered"]') !== null, root))) {
      await check(tab, await tab.element('form > label.choice:not(.urgent) input[type="checkbox"]', root), pointer);
    }
    // Reported before (issue 18's duplicate guard): the dialog asks why before a new report.
    await tab.waitFor('the duplicate check', (base: ParentNode) => base.querySelector('form[data-flagpost-previous-checked]') !== null, [root]);
    if (await tab.run((base: ParentNode) => base.querySelector('#flagpost-repeat-reason') !== null, root)) {
      await tab.fill(await tab.element('#flagpost-repeat-reason', root), 'New evidence in the thread', pointer);
    }
    await tab.click(await tab.element('button[data-flagpost-action="send"]:not([disabled])', root), pointer);
    return await tab.waitFor(
      'the dialog\'s result',
      (base: ParentNode) => base.querySelector('[data-flagpost-result]')?.getAttribute('data-flagpost-result'),
      [root],
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the dialog says: ${await formText(form)}`);
  }
}

/** Ready once the preview shows the report (until the background answers, the form still moves). */
export async function reportPrepared({ tab, root }: FormScope): Promise<void> {
  await tab.waitFor('the report to be prepared', (base: ParentNode) => base.querySelector('details.preview pre')?.textContent?.startsWith('{'), [root]);
}

/** Clicks or taps a checkbox, then waits for it to be checked. */
export async function check(tab: Tab, box: NodeRef, pointer: Pointer): Promise<void> {
  const place = (input: Element) => {
    const { left, top } = input.getBoundingClientRect();
    return `${Math.round(left)},${Math.round(top)}`;
  };
  const aimedAt = await tab.run(place, box);
  await recordPresses(tab, box);
  await tab.click(box, pointer);
  await tab.waitFor('the box to be checked', (input: HTMLInputElement) => input.checked, [box]).catch(async (error: Error) => {
    // Where the click went instead, for the failure's message: the layout moved, or the frame refused it; and
    // every box of the form, for a press that landed on the one beside it.
    const there = await tab.run((input: HTMLInputElement, before: string) => {
      const { left, top, width, height } = input.getBoundingClientRect();
      const hit = document.elementFromPoint(left + width / 2, top + height / 2);
      const refusing = document.documentElement.hasAttribute('data-refusing-pointer');
      const boxes = [...input.ownerDocument.querySelectorAll('input[type="checkbox"]')]
        .map((node) => `${node === input ? '*' : ''}${(node as HTMLInputElement).checked ? 'x' : '-'}`).join(' ');
      const presses = (input as HTMLInputElement & { flagpostPresses?: string[] }).flagpostPresses ?? [];
      return `the box at ${before} before it was scrolled to, at ${Math.round(left)},${Math.round(top)} now; there now: <${hit?.localName ?? 'nothing'}>${hit === input ? ' (the box)' : ''} "${(hit?.textContent ?? '').trim().slice(0, 60)}"; refusing pointer: ${refusing}; boxes (* this one, x checked): ${boxes}; the press: ${presses.join(', ') || 'none reached the frame'}`;
    }, box, aimedAt).catch(String);
    throw new Error(`${error.message} (${there})`);
  });
}

/**
 * From now on, the press's events in the box's frame are written down on the box, for `check`'s failure: where each
 * landed, on what, where the box was at that moment, and whether the frame was refusing the pointer. Read at the
 * window, before any listener of the frame's own (the click guard) can stop them.
 */
function recordPresses(tab: Tab, box: NodeRef): Promise<unknown> {
  return tab.run((input: HTMLInputElement & { flagpostPresses?: string[] }) => {
    const presses: string[] = (input.flagpostPresses = []);
    const started = performance.now();
    const named = (node: EventTarget | null) =>
      node instanceof Element ? `<${node.localName}${node.id ? `#${node.id}` : ''}>${node === input ? ' (the box)' : ''}` : String(node);
    const record = (event: Event) => {
      const { clientX, clientY } = event as MouseEvent;
      const { left, top } = input.getBoundingClientRect();
      const refusing = input.ownerDocument.documentElement.hasAttribute('data-refusing-pointer') ? ', refused' : '';
      presses.push(`${event.type} at ${Math.round(clientX)},${Math.round(clientY)} on ${named(event.target)} with the box at ${Math.round(left)},${Math.round(top)}${refusing} (+${Math.round(performance.now() - started)} ms)`);
    };
    for (const type of ['pointerdown', 'click']) input.ownerDocument.defaultView?.addEventListener(type, record, { capture: true });
  }, box);
}

/** What the form shows, for a failing test's message. */
export function formText({ tab, root }: FormScope): Promise<string> {
  return tab.run((base: ParentNode) => (base.querySelector('[role="dialog"]')?.textContent ?? '').replace(/\s+/g, ' '), root).catch(String);
}

/** The popup, opened as a page (how Firefox for Android shows it too). */
export async function openPopup(firefox: FirefoxSession): Promise<Tab> {
  const popup = await firefox.extensionPage('popup.html');
  await popup.element('main.popup');
  return popup;
}

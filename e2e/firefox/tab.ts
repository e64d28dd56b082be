/**
 * One browsing context over BiDi, the little of puppeteer's Page the Firefox tests need: navigate, run a
 * function, wait for a state, and trusted input (`input.performActions`) from a mouse or a finger.
 */
import { BidiError, type Bidi } from './bidi';

/** A node handed back by the browser, to pass to later calls (BiDi `script.SharedReference`). */
export interface NodeRef {
  sharedId: string;
}

export type Pointer = 'mouse' | 'touch';

/** WebDriver's values for the keys that type no character (`input.performActions`), for type(), chord() and click(). */
export const KEY = { Enter: '\uE007', Shift: '\uE008', Control: '\uE009', Escape: '\uE00C' } as const;

/** What a page function's value becomes on this side: a DOM node comes back as a NodeRef. */
type Returned<T> = Awaited<T> extends Node | null | undefined ? NodeRef : Awaited<T>;

type Serialized = { type: string; value?: unknown; sharedId?: string };

function serialize(value: unknown): object {
  if (value === undefined) return { type: 'undefined' };
  if (value === null) return { type: 'null' };
  if (typeof value === 'string' || typeof value === 'boolean') return { type: typeof value, value };
  if (typeof value === 'number') return { type: 'number', value: Number.isFinite(value) ? value : String(value) };
  if (Array.isArray(value)) return { type: 'array', value: value.map(serialize) };
  if (typeof value === 'object' && 'sharedId' in value) return { sharedId: (value as NodeRef).sharedId };
  return { type: 'object', value: Object.entries(value as object).map(([k, v]) => [k, serialize(v)]) };
}

function deserialize(remote: Serialized): unknown {
  switch (remote.type) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'string':
    case 'boolean':
      return remote.value;
    case 'number':
      return typeof remote.value === 'string' ? Number(remote.value) : remote.value;
    case 'array':
      return (remote.value as Serialized[]).map(deserialize);
    case 'object':
      return Object.fromEntries((remote.value as [string, Serialized][]).map(([k, v]) => [k, deserialize(v)]));
    case 'node':
      return { sharedId: remote.sharedId! } satisfies NodeRef;
    default:
      return remote.value;
  }
}

export class Tab {
  constructor(readonly bidi: Bidi, readonly context: string) {}

  async goto(url: string): Promise<void> {
    await this.bidi.send('browsingContext.navigate', { context: this.context, url, wait: 'complete' });
  }

  /** Runs `fn` in the page with `args` (JSON-like values and NodeRefs); its value comes back the same way. */
  async run<T>(fn: (...args: any[]) => T, ...args: unknown[]): Promise<Returned<T>> {
    const answer = await this.bidi.send('script.callFunction', {
      functionDeclaration: fn.toString(),
      arguments: args.map(serialize),
      target: { context: this.context },
      awaitPromise: true,
      serializationOptions: { maxDomDepth: 0, maxObjectDepth: 8 },
    });
    if (answer.type === 'exception') throw new Error(`in the page: ${answer.exceptionDetails.text}`);
    return deserialize(answer.result) as Returned<T>;
  }

  /**
   * Polls `fn` every 100 ms until it returns a truthy value (a wait for a state, never a fixed sleep). A throw
   * counts as not yet (the page may still be loading), but the last one is told on timeout: a node of another
   * context (a frame's, passed to its parent's Tab) reaches `fn` as null, and only the TypeError says so.
   */
  async waitFor<T>(what: string, fn: (...args: any[]) => T, args: unknown[] = [], timeoutMs = 20_000): Promise<NonNullable<Returned<T>>> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      const value = await this.run(fn, ...args).catch((error: unknown) => void (lastError = error));
      if (value) return value as NonNullable<Returned<T>>;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}${lastError ? ` (last: ${(lastError as Error).message})` : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The first visible element `selector` matches under the scope's root (the document when none). */
  element(selector: string, root?: NodeRef, timeoutMs?: number): Promise<NodeRef> {
    return this.waitFor(
      `${selector} to be visible`,
      (base: ParentNode | undefined, css: string) => {
        const node = (base ?? document).querySelector(css);
        if (!node) return null;
        const box = node.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== 'hidden' ? node : null;
      },
      [root, selector],
      timeoutMs,
    );
  }

  /**
   * The shadow root of the first element `selector` matches, closed ones too: BiDi serializes every shadow
   * root (with its mode), so a test reaches the dialog that page scripts cannot.
   */
  async shadowRoot(selector: string, timeoutMs?: number): Promise<NodeRef> {
    // The host itself has no box (its dialog is position: fixed): wait for it to exist.
    const host = await this.waitFor(`${selector} to exist`, (css: string) => document.querySelector(css), [selector], timeoutMs);
    const answer = await this.bidi.send('script.callFunction', {
      functionDeclaration: '(host) => host',
      awaitPromise: false,
      arguments: [host],
      target: { context: this.context },
      serializationOptions: { maxDomDepth: 0 },
    });
    const root = answer.result?.value?.shadowRoot as NodeRef | undefined;
    if (!root) throw new Error(`${selector} has no shadow root`);
    return { sharedId: root.sharedId };
  }

  /**
   * A trusted click (mouse) or tap (touch) in the middle of `node`, scrolled into view first; `held` keys (KEY.Shift)
   * are down from before the press until after the release, so the click event carries them (Shift-click).
   */
  async click(node: NodeRef, pointer: Pointer = 'mouse', held: string[] = []): Promise<void> {
    const press = [
      { type: 'pointerMove', origin: { type: 'element', element: node }, x: 0, y: 0 },
      { type: 'pointerDown', button: 0 },
      { type: 'pointerUp', button: 0 },
    ];
    // One tick per action, the sources side by side: the keys go down first and come up last.
    const wait = (count: number) => Array.from({ length: count }, () => ({ type: 'pause' }));
    const keys = held.length
      ? [{
        type: 'key',
        id: 'keyboard',
        actions: [...held.map((value) => ({ type: 'keyDown', value })), ...wait(press.length), ...held.map((value) => ({ type: 'keyUp', value }))],
      }]
      : [];
    // A page still laying itself out can move the node between the scroll and the click: scroll again then.
    for (let attempt = 1; ; attempt++) {
      await this.scrollToStill(node);
      try {
        await this.bidi.send('input.performActions', {
          context: this.context,
          actions: [
            ...keys,
            { type: 'pointer', id: pointer, parameters: { pointerType: pointer }, actions: [...wait(held.length), ...press] },
          ],
        });
        break;
      } catch (error) {
        if (!(error instanceof BidiError && error.error === 'move target out of bounds') || attempt === 3) throw error;
      }
    }
    // A click may take its own frame away (the batch bar's Report): nothing is held there any more.
    await this.bidi.send('input.releaseActions', { context: this.context }).catch((error: unknown) => {
      if (!(error instanceof BidiError && error.error === 'no such frame')) throw error;
    });
  }

  /**
   * Scrolls `node` to the middle of the view, and resolves once it has stayed there for two frames: aimed at sooner,
   * a press lands where the node was if a scroll the page still had pending moves it. Seen at load 15 on Options (phone
   * profile): after the harness had centred Save (scrollY 1404), the page was at scrollY 130 when the tap arrived, and
   * the tap meant for Save landed on a radio button 1,250 px above it; nothing was saved.
   */
  async scrollToStill(node: NodeRef): Promise<void> {
    await this.waitFor('the node to hold still in view', (el: Element) => new Promise<boolean>((resolve) => {
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const place = () => JSON.stringify(el.getBoundingClientRect());
      const scrolled = place();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(place() === scrolled)));
      // A tab that paints no frame (in the background) says no, and the wait ends on its timeout, by name.
      setTimeout(() => resolve(false), 2_000);
    }), [node]);
  }

  /**
   * Taps or clicks a text field, then types `text` into it. The keys wait until the field has the focus, and the
   * field must then hold the text: a press or keys that went astray fail here, by name, rather than later as a save
   * that never comes (a full run at load 18 once timed out waiting for Options to say "saved" after taps).
   */
  async fill(field: NodeRef, text: string, pointer: Pointer = 'mouse'): Promise<void> {
    await this.click(field, pointer);
    await this.waitFor('the field to have the focus', (node: Element) => (node.getRootNode() as Document | ShadowRoot).activeElement === node, [field]);
    await this.type(text);
    await this.waitFor(`the field to hold what was typed`, (node: HTMLInputElement, typed: string) => node.value.endsWith(typed), [field, text]);
  }

  /** Trusted key presses into whatever has the focus. */
  async type(text: string): Promise<void> {
    const keys = [...text].flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]);
    await this.bidi.send('input.performActions', { context: this.context, actions: [{ type: 'key', id: 'keyboard', actions: keys }] });
  }

  /** Keys held together, then let go in reverse order: one press of a chord (KEY.Control + KEY.Enter). */
  async chord(...keys: string[]): Promise<void> {
    const actions = [...keys.map((value) => ({ type: 'keyDown', value })), ...[...keys].reverse().map((value) => ({ type: 'keyUp', value }))];
    await this.bidi.send('input.performActions', { context: this.context, actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  /** A phone's screen: CSS pixels and device pixel ratio (`browsingContext.setViewport`). */
  async setViewport(width: number, height: number, devicePixelRatio = 1): Promise<void> {
    await this.bidi.send('browsingContext.setViewport', { context: this.context, viewport: { width, height }, devicePixelRatio });
  }

  async close(): Promise<void> {
    await this.bidi.send('browsingContext.close', { context: this.context }).catch(() => undefined);
  }
}

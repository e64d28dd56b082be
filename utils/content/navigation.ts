/**
 * A single-page app's navigations (a new URL without a new document): `onChange` runs for each, until `signal`
 * aborts. The Navigation API's `navigate` event where the browser has it (Chromium), else a look at the address
 * once a second (Firefox without it). As WXT's location watcher did, which this replaces (wxt-context.ts).
 */
const POLL_MS = 1000;

/** The part of the Navigation API used here (TypeScript's DOM library does not declare it). */
interface NavigationTarget {
  addEventListener(type: 'navigate', listener: (event: Event & { destination: { url: string } }) => void, options?: AddEventListenerOptions): void;
}

export function onNavigation(onChange: () => void, signal: AbortSignal): void {
  let last = location.href;
  const visit = (url: string) => {
    if (url === last) return;
    last = url;
    onChange();
  };
  const navigation = (globalThis as { navigation?: NavigationTarget }).navigation;
  if (typeof navigation?.addEventListener === 'function') {
    navigation.addEventListener('navigate', (event) => visit(new URL(event.destination.url).href), { signal });
    return;
  }
  const timer = setInterval(() => visit(location.href), POLL_MS);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

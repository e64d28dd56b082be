import { afterEach, describe, expect, test, vi } from 'vitest';
import { onNavigation } from '../../utils/content/navigation';

type NavigateEvent = Event & { destination: { url: string } };

/** A stand-in for the Navigation API: `navigate(url)` fires its `navigate` event, as a same-document navigation does. */
function fakeNavigation() {
  const target = new EventTarget();
  const navigate = (url: string) => target.dispatchEvent(Object.assign(new Event('navigate'), { destination: { url } }) as NavigateEvent);
  return { target, navigate };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  history.replaceState({}, '', '/');
});

describe('onNavigation', () => {
  test("with the Navigation API: once per new URL, never for the same one, never after the signal aborts", () => {
    const { target, navigate } = fakeNavigation();
    vi.stubGlobal('navigation', target);
    const seen = vi.fn();
    const lifetime = new AbortController();
    onNavigation(seen, lifetime.signal);
    navigate(location.href);
    expect(seen).not.toHaveBeenCalled();
    navigate(new URL('/r/rivers/', location.href).href);
    navigate(new URL('/r/rivers/', location.href).href);
    expect(seen).toHaveBeenCalledTimes(1);
    navigate(new URL('/r/lakes/', location.href).href);
    expect(seen).toHaveBeenCalledTimes(2);
    lifetime.abort();
    navigate(new URL('/r/seas/', location.href).href);
    expect(seen).toHaveBeenCalledTimes(2);
  });

  test('without it (Firefox): the address is looked at again, and a new one is seen once', async () => {
    vi.stubGlobal('navigation', undefined);
    vi.useFakeTimers();
    const seen = vi.fn();
    const lifetime = new AbortController();
    onNavigation(seen, lifetime.signal);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).not.toHaveBeenCalled();
    history.pushState({}, '', '/user/river_watcher/');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toHaveBeenCalledTimes(1);
    lifetime.abort();
    history.pushState({}, '', '/r/rivers/');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toHaveBeenCalledTimes(1);
  });
});

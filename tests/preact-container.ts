import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh `<div>` in the document for each test of the file to render into; after the test its Preact tree is
 * unmounted (effects cleaned up) and the div removed, so no test sees another's DOM. Call it at the top of the
 * file, before any hook that renders into it; the function it returns gives the current test's div.
 */
export function containerPerTest(): () => HTMLElement {
  let container: HTMLElement | undefined;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    if (!container) return;
    render(null, container);
    container.remove();
    container = undefined;
  });
  return () => {
    if (!container) throw new Error('containerPerTest: only inside a test or its hooks');
    return container;
  };
}

import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createReportMenu } from '../../utils/background/context-menu';

describe('Firefox for Android: no context menus', () => {
  test('making the menu is skipped, not an error, where the browser has no contextMenus API', async () => {
    const menus = fakeBrowser.contextMenus;
    Object.assign(fakeBrowser, { contextMenus: undefined });
    try {
      await expect(createReportMenu()).resolves.toBeUndefined();
    } finally {
      Object.assign(fakeBrowser, { contextMenus: menus });
    }
  });
});

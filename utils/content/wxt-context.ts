/**
 * What the content scripts' build uses for WXT's `ContentScriptContext` (wxt.config.ts aliases
 * `wxt/utils/content-script-context` here, for content scripts only). WXT's entry constructs one before `main`;
 * Flagpost uses none of it: its listeners live as long as the frame (start.ts: a page can forge the event that
 * invalidates a WXT context), and it watches navigations itself (navigation.ts). WXT's class cost every feed
 * ~750 B gzip of its 10 KB budget, and on construction it posted a message naming the extension's id to the page,
 * and stopped the navigation watching of the copy already running when the background injected the script again.
 */
export class ContentScriptContext {}

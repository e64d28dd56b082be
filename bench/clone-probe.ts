/**
 * Probe (issue 14): what one clone of the report button's template costs in the bench's feed pages, with no
 * decorator installed, in the main world and in an isolated world, and with parts of the page taken away.
 * `PROBE_PLATFORMS=reddit PROBE_VARIANTS=feed,own,own+wrapform npx vite-node bench/clone-probe.ts` (prints µs per
 * operation: medians of 5 batches of 300; figures in docs/benchmarks.md, "The clone's cost is the page's document's").
 */
import path from 'node:path';
import { build } from 'vite';
import { SHIPPED_EXTENSION_DIR } from '../e2e/test-build';
import { html, launchWithExtension } from '../e2e/harness';
import { FEEDS } from './feed-fixtures';
import { adapters } from './feed-platforms';

const BENCH_ORIGIN = 'https://bench.example';
const output = await build({
  configFile: false, logLevel: 'silent',
  build: { write: false, minify: true, lib: { entry: path.resolve(__dirname, 'feed-page.ts'), formats: ['iife'], name: 'bench' } },
});
const code = ((Array.isArray(output) ? output[0] : output) as { output: { code: string }[] }).output[0]!.code;
const feedPage = `<!doctype html><meta charset="utf-8"><title>feed</title><style>#feed > * { display: block; content-visibility: auto; contain-intrinsic-size: auto 600px; }</style><body><div id="feed"></div><script src="${BENCH_ORIGIN}/feed.js"></script>`;
const extension = await launchWithExtension(SHIPPED_EXTENSION_DIR, {
  routes: (url) => {
    const { origin, pathname } = new URL(url);
    if (origin !== BENCH_ORIGIN) return undefined;
    if (pathname === '/feed.js') return { status: 200, headers: { 'content-type': 'text/javascript' }, body: code };
    if (pathname.startsWith('/fixture/')) return html(FEEDS[pathname.slice('/fixture/'.length)]!.html());
    if (pathname.startsWith('/static/')) {
      // The same 1,000 posts, parsed with the page rather than appended by script.
      const doc = FEEDS[pathname.slice('/static/'.length)]!.html();
      return html(doc);
    }
    return html(feedPage);
  },
});

const probe = `(() => {
  const N = 300;
  const time = (make) => {
    const r = [];
    for (let b = 0; b < 5; b++) { const keep = []; const t = performance.now(); for (let i = 0; i < N; i++) keep.push(make()); r.push((performance.now() - t) * 1000 / N); }
    r.sort((a, b) => a - b); return +r[2].toFixed(2);
  };
  const button = document.createElement('button'); button.type = 'button'; button.className = 'flagpost-report';
  button.setAttribute('data-flagpost-action', 'report'); button.setAttribute('aria-label', 'Report'); button.title = 'Report';
  const holder = (tag, child) => { const e = document.createElement(tag); e.append(child); return e; };
  const li = holder('li', button.cloneNode());
  const tpl = document.createElement('template'); tpl.content.append(li.cloneNode(true));
  const inert = document.implementation.createHTMLDocument(''); const inertLi = inert.importNode(li, true);
  return {
    'button': time(() => button.cloneNode(true)),
    'li>button': time(() => li.cloneNode(true)),
    'li (empty)': time(() => document.createElement('li').cloneNode(true)),
    'li>span': time(() => holder('li', document.createElement('span')).cloneNode(true)),
    'div>button': time((() => { const d = holder('div', button.cloneNode()); return () => d.cloneNode(true); })()),
    'div>span': time((() => { const d = holder('div', document.createElement('span')); return () => d.cloneNode(true); })()),
    'div>input': time((() => { const d = holder('div', document.createElement('input')); return () => d.cloneNode(true); })()),
    'li>button createElement+append': time(() => { const l = document.createElement('li'); const b = document.createElement('button'); b.type = 'button'; b.className = 'flagpost-report'; l.append(b); return l; }),
    'importNode li>button': time(() => document.importNode(li, true)),
    'template content importNode': time(() => document.importNode(tpl.content.firstChild, true)),
    'inert-document clone': time(() => inertLi.cloneNode(true)),
    'empty span>span': time((() => { const d = holder('span', document.createElement('span')); return () => d.cloneNode(true); })()),
    'append span into detached div': time((() => { const d = document.createElement('div'); return () => d.appendChild(document.createElement('span')); })()),
    'createElement div': time(() => document.createElement('div')),
    'setAttribute on detached div': time((() => { const d = document.createElement('div'); let n = 0; return () => d.setAttribute('data-x', String(n++)); })()),
    'inert clone, adopted': time(() => document.adoptNode(inertLi.cloneNode(true))),
    'inert clone, appended to a detached ul': time((() => { const u = document.createElement('ul'); return () => u.appendChild(inertLi.cloneNode(true)); })()),
    'page clone, appended to a detached ul': time((() => { const u = document.createElement('ul'); return () => u.appendChild(li.cloneNode(true)); })()),
  };
})()`;

/**
 * A feed of 1,000 clones of the fixture's first post built without the bench's page script: `own` as is, `own+ids`
 * with each clone's id rewritten through its Attr nodes (as giveId does), `own-<what>` with a part of the post removed
 * from the template first.
 */
function ownFeed(platform: string, variant: string): string {
  const strips: Record<string, string> = {
    form: `t.querySelectorAll('form').forEach((e) => e.remove())`,
    onclick: `[t, ...t.querySelectorAll('[onclick]')].forEach((e) => e.removeAttribute('onclick'))`,
    role: `t.querySelectorAll('[role]').forEach((e) => e.remove())`,
    data: `[t, ...t.querySelectorAll('*')].forEach((e) => [...e.attributes].filter((a) => a.name.startsWith('data-')).forEach((a) => e.removeAttribute(a.name)))`,
    id: `[t, ...t.querySelectorAll('[id]')].forEach((e) => e.removeAttribute('id'))`,
    links: `t.querySelectorAll('a').forEach((e) => e.remove())`,
    input: `t.querySelectorAll('input').forEach((e) => e.remove())`,
    time: `t.querySelectorAll('time').forEach((e) => e.remove())`,
    ul: `t.querySelectorAll('ul').forEach((e) => e.remove())`,
    attrs: `[t, ...t.querySelectorAll('*')].forEach((e) => [...e.attributes].forEach((a) => e.removeAttribute(a.name)))`,
  };
  // `own[+rewrite][-strip]`, e.g. `own+wrap-form`.
  const [, how = '', what = ''] = /^own(\+[a-z]+)?(?:-([a-z]+))?$/.exec(variant) ?? [];
  const strip = strips[what] ?? '';
  // How each clone's id is rewritten: through its Attr nodes (giveId), by setAttribute, only read, or only `id`/`class`.
  const rewrites: Record<string, string> = {
    'own+ids': `for (const a of e.attributes) if (a.value.includes(id)) a.value = a.value.replaceAll(id, n)`,
    'own+set': `for (const { name, value } of [...e.attributes]) if (value.includes(id)) e.setAttribute(name, value.replaceAll(id, n))`,
    // Only a JS wrapper made for each element of the post (nothing read or written).
    'own+wrap': `e.nodeType`,
    'own+names': `for (const name of e.getAttributeNames()) { const value = e.getAttribute(name); if (value.includes(id)) e.setAttribute(name, value.replaceAll(id, n)); }`,
    'own+read': `for (const a of e.attributes) a.value.includes(id)`,
    'own+idattr': `{ const a = e.getAttributeNode('id'); if (a && a.value.includes(id)) a.value = a.value.replaceAll(id, n); }`,
    'own+classattr': `{ const a = e.getAttributeNode('class'); if (a && a.value.includes(id)) a.value = a.value.replaceAll(id, n); }`,
    'own+hrefattr': `{ const a = e.getAttributeNode('href'); if (a && a.value.includes(id)) a.value = a.value.replaceAll(id, n); }`,
    'own+dataattr': `for (const a of e.attributes) if (a.name.startsWith('data-') && a.value.includes(id)) a.value = a.value.replaceAll(id, n)`,
  };
  const rewrite = rewrites[`own${how}`] ?? '';
  // Wrappers for some elements only: the forms, what is inside them, everything else.
  const loops: Record<string, string> = {
    '+wrapform': `p.querySelectorAll('form').forEach((e) => e.nodeType);`,
    '+wrapinform': `p.querySelectorAll('form *').forEach((e) => e.nodeType);`,
    '+wrapnotform': `p.querySelectorAll(':not(form)').forEach((e) => e.nodeType);`,
  };
  return `(async () => {
    const doc = new DOMParser().parseFromString(await (await fetch('/fixture/${platform}')).text(), 'text/html');
    const first = doc.querySelector(${JSON.stringify(adapters[platform]!.postSelector)});
    const t = document.importNode(first, true);
    ${strip};
    const id = (first.outerHTML.match(/t3_([a-z0-9]+)/) ?? [])[1] ?? '@@';
    const feed = document.getElementById('feed');
    for (let i = 0; i < 1000; i += 15) {
      for (let j = 0; j < 15; j++) {
        const p = t.cloneNode(true);
        const n = 'z' + (i + j);
        ${loops[how] ?? `for (const e of ${rewrite ? '[p, ...p.querySelectorAll(\'*\')]' : '[]'}) ${rewrite || ';'}`}
        feed.append(p);
      }
      await new Promise((r) => requestAnimationFrame(r));
    }
  })()`;
}

async function world(page: import('puppeteer-core').Page, isolated: boolean): Promise<Record<string, number>> {
  if (!isolated) return (await page.evaluate(probe)) as Record<string, number>;
  const session = await page.createCDPSession();
  const { frameTree } = await session.send('Page.getFrameTree');
  const { executionContextId } = await session.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'probe' });
  const { result } = await session.send('Runtime.evaluate', { expression: probe, contextId: executionContextId, returnByValue: true });
  return result.value as Record<string, number>;
}

const platforms = (process.env.PROBE_PLATFORMS ?? 'reddit,archive').split(',');
const variants = (process.env.PROBE_VARIANTS ?? 'feed').split(',');
const table: Record<string, Record<string, number>> = {};
try {
  for (const platform of platforms) {
    for (const variant of variants) {
      const page = await extension.browser.newPage();
      await page.goto(`${BENCH_ORIGIN}/${platform}`, { waitUntil: 'load' });
      await page.evaluate(`feedBench.load(${JSON.stringify(platform)}, '${BENCH_ORIGIN}/fixture/${platform}', ${JSON.stringify(FEEDS[platform]!.url)})`);
      // `n300`: a feed of 300 posts; `empty`: none; `own…`: built here (below); otherwise 1,000.
      const count = variant === 'empty' || variant.startsWith('own') ? 0 : /^n\d+$/.test(variant) ? Number(variant.slice(1)) : 1000;
      if (count) await page.evaluate(`feedBench.append(${count}, 15)`);
      if (variant.startsWith('own')) await page.evaluate(ownFeed(platform, variant));
      // Variants: the page with one of its parts taken away before the probe.
      const strip: Record<string, string> = {
        nostyle: `document.querySelectorAll('style,link[rel=stylesheet]').forEach((s) => s.remove())`,
        noforms: `document.querySelectorAll('#feed form').forEach((f) => f.remove())`,
        noinputs: `document.querySelectorAll('#feed input').forEach((f) => f.remove())`,
        noonclick: `document.querySelectorAll('#feed [onclick]').forEach((f) => f.removeAttribute('onclick'))`,
        reparsed: `{ const feed = document.getElementById('feed'); feed.innerHTML = feed.innerHTML; }`,
        nohidden: `document.querySelectorAll('#feed input').forEach((f) => f.type = 'text')`,
        detached: `document.getElementById('feed').remove()`,
        gc: ``,
        addredditforms: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('div'), { innerHTML: '<form action="/post/hide" method="post" class="state-button hide-button"><input type="hidden" name="executed" value="hidden"><span><a href="javascript:void(0)" data-event-action="hide" onclick="void 0">hide</a></span></form>' }))); document.querySelectorAll('#feed form').forEach((f) => f.nodeType)`,
        addactionforms: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('form'), { action: '/post/hide', method: 'post' })))`,
        addwrappedforms: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('div'), { innerHTML: '<form></form>' }))); document.querySelectorAll('#feed form').forEach((f) => f.nodeType)`,
        addonclick: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('div'), { innerHTML: '<div onclick="void 0">x</div>' })))`,
        addrole: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('div'), { innerHTML: '<div role="button" aria-label="up" tabindex="0"></div>' })))`,
        addjshref: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('div'), { innerHTML: '<a href="javascript:void 0">x</a>' })))`,
        addtime: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('div'), { innerHTML: '<time datetime="2023-02-17T16:58:27+00:00">1 day ago</time>' })))`,
        addforms: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('form'), { innerHTML: '<input type=hidden name=a value=b>' })))`,
        addinputs: `document.querySelectorAll('#feed > *').forEach((p) => p.append(Object.assign(document.createElement('input'), { type: 'hidden' })))`,
        addemptyforms: `document.querySelectorAll('#feed > *').forEach((p) => p.append(document.createElement('form')))`,
        lists: `window.keptLists = [...document.querySelectorAll('#feed > *')].flatMap((p) => [p.getElementsByTagName('a'), p.getElementsByClassName('x'), p.getElementsByTagName('span')]); keptLists.forEach((l) => l.length)`,
      };
      if (strip[variant]) await page.evaluate(strip[variant]!);
      if (variant === 'gc') await (await page.createCDPSession()).send('HeapProfiler.collectGarbage');
      const tracing = process.env.PROBE_TRACE;
      if (tracing) await page.tracing.start({ categories: tracing.split(',') });
      table[`${platform} ${variant} main`] = await world(page, false);
      if (tracing) {
        // Where the probe's time went, by trace event name (complete events and begin/end pairs, per thread).
        const { traceEvents } = JSON.parse(Buffer.from((await page.tracing.stop())!).toString('utf8')) as { traceEvents: { name: string; ph: string; ts: number; dur?: number; tid: number }[] };
        const totals = new Map<string, number>();
        const open = new Map<string, number[]>();
        for (const e of traceEvents) {
          if (e.ph === 'X') totals.set(e.name, (totals.get(e.name) ?? 0) + (e.dur ?? 0));
          else if (e.ph === 'B') (open.get(`${e.tid}${e.name}`) ?? open.set(`${e.tid}${e.name}`, []).get(`${e.tid}${e.name}`)!).push(e.ts);
          else if (e.ph === 'E') { const start = open.get(`${e.tid}${e.name}`)?.pop(); if (start !== undefined) totals.set(e.name, (totals.get(e.name) ?? 0) + e.ts - start); }
        }
        const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25);
        console.log(`${platform} ${variant}: ${top.map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}ms`).join('; ')}`);
      }
      if (process.env.PROBE_ISOLATED) table[`${platform} ${variant} isolated`] = await world(page, true);
      Object.assign(table[`${platform} ${variant} main`]!, await page.evaluate(`({ nodes: document.querySelectorAll('*').length, forms: document.querySelectorAll('form').length, controls: document.querySelectorAll('input,button,select,textarea,fieldset,output,object').length, attributes: [...document.querySelectorAll('*')].reduce((n, e) => n + e.attributes.length, 0) })`));
      await page.close();
    }
  }
} finally {
  await extension.close();
}
const rows = Object.keys(table);
const keys = [...new Set(rows.flatMap((row) => Object.keys(table[row]!)))];
console.log(`| µs per op | ${rows.join(' | ')} |\n|---|${rows.map(() => '---').join('|')}|`);
for (const key of keys) console.log(`| ${key} | ${rows.map((row) => table[row]![key] ?? '').join(' | ')} |`);

import type { Plugin } from 'vite';

/**
 * Builds Preact without its one way to write HTML: `dangerouslySetInnerHTML`, which Preact's diff
 * applies as `dom.innerHTML = props.dangerouslySetInnerHTML.__html`. Flagpost never uses it (every
 * page- or endpoint-derived string is rendered as text), so the assignment is dead code — but it is
 * an HTML sink in every bundle, and Mozilla's linter rightly flags it (UNSAFE_VAR_ASSIGNMENT).
 * Here it becomes a throw: a future `dangerouslySetInnerHTML` fails loudly instead of parsing HTML.
 * Should a Preact release change the shape of that line, the build fails rather than ship the sink.
 */
const PREACT_DIST = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.(?:module\.js|mjs)$/;
/** Minified `u.innerHTML=h.__html`: the element and the props object have one-letter-ish names. */
const HTML_SINK = /\b([\w$]+)\.innerHTML=([\w$]+)\.__html\b/g;
const REFUSAL = '(()=>{throw new Error("dangerouslySetInnerHTML is disabled in Flagpost")})()';

export function preactWithoutInnerHtml(): Plugin {
  return {
    name: 'flagpost:preact-without-inner-html',
    enforce: 'pre',
    transform(code, id) {
      if (!PREACT_DIST.test(id.split('?')[0] ?? id)) return null;
      const sinks = code.match(HTML_SINK)?.length ?? 0;
      if (sinks !== 1) this.error(`expected one innerHTML sink in ${id}, found ${sinks}: update preact-without-inner-html`);
      return { code: code.replace(HTML_SINK, REFUSAL), map: null };
    },
  };
}

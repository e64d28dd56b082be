import { Transform } from 'node:stream';

/**
 * Control characters that a terminal would act on rather than show: C0 (but line feed, tab, and a
 * carriage return before a line feed), DEL, C1 (0x9B is a one-byte CSI on many terminals), and the
 * bidirectional overrides and isolates that reorder what is shown. Reports are written by strangers;
 * printed raw, `\x1b]…` could retitle the window, rewrite the screen, or hide text.
 */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

const escape = (c: string) => {
  const code = c.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** The text with every unsafe control character shown as an escape (`\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * The same, for a stream of text on its way to a terminal. Chunks are whole lines or strings
 * (the export yields strings), so a lone `\r` at a chunk's end is escaped, never joined with the next chunk's `\n`.
 */
export function printableStream(): Transform {
  return new Transform({
    decodeStrings: false,
    transform(chunk: string | Buffer, _encoding, done) {
      done(null, printable(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
    },
  });
}

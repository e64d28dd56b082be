import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared fixtures live beside the repository (../shared), in CI as on a developer's machine. */
export const SHARED_FIXTURES = resolve(__dirname, '../../shared/fixtures');

/** Real saved pages (../shared/fixtures/dom/<platform>/…, SOURCES.md there). */
export function readDomFixture(relativePath: string): string {
  return readFileSync(resolve(SHARED_FIXTURES, 'dom', relativePath), 'utf8');
}

/** Pages built by hand from a platform's public structure, marked so in their leading comment. */
export const HAND_BUILT_FIXTURES = resolve(__dirname, '../tests/fixtures/dom');

export function readHandBuiltFixture(name: string): string {
  return readFileSync(resolve(HAND_BUILT_FIXTURES, name), 'utf8');
}

/** Parses markup inertly: a `<template>` keeps happy-dom from fetching the pages' iframes and stylesheets. */
export function parseInert(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

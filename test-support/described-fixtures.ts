/**
 * Hand-built fixtures that say what they stand for, so a new platform's fixture joins every generic
 * suite (property tests, decoration, the e2e fixture pages, the feed bench) without editing them.
 * Such a fixture holds, in its leading comment:
 *   flagpost-fixture {"platform": "<id>", "url": "<page it stands for>", "first": {"url": "<first post>", "author": "<its author>"}}
 */
import { readdirSync } from 'node:fs';
import { HAND_BUILT_FIXTURES, readHandBuiltFixture } from './dom-fixtures';

export interface DescribedFixture {
  /** File name in tests/fixtures/dom. */
  file: string;
  platform: string;
  url: string;
  first: { url: string; author: string };
  html: () => string;
}

const DESCRIPTION = /flagpost-fixture\s+(\{.*?\})\s*(?:\n|-->)/s;

export function describedFixtures(): DescribedFixture[] {
  return readdirSync(HAND_BUILT_FIXTURES)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .flatMap((file) => {
      const html = () => readHandBuiltFixture(file);
      const described = DESCRIPTION.exec(html().slice(0, 4000))?.[1];
      if (!described) return [];
      const { platform, url, first } = JSON.parse(described) as Omit<DescribedFixture, 'file' | 'html'>;
      return [{ file, platform, url, first, html }];
    });
}

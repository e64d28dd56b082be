/**
 * A platform's mark: a small inline SVG monogram of the name its adapter gives (utils/platforms), its colour
 * derived from the platform id. Nothing per platform is written here, so a new adapter gets its icon by itself;
 * and no brand artwork ships (trademark terms differ by platform). Decorative: the name is always written next to it.
 */
import type { Platform } from '../../utils/schema/report';
import { platformName } from './labels';

/** A stable hue per id (FNV-1a): the same platform always has the same colour, neighbours rarely share one. */
export function platformHue(platform: string): number {
  let hash = 0x811c9dc5;
  for (const char of platform) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
  return (hash >>> 0) % 360;
}

export function PlatformIcon({ platform }: { platform: Platform }) {
  const letter = [...platformName(platform)][0]?.toLocaleUpperCase() ?? '?';
  return (
    <svg class="platform-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" data-platform-icon={platform}>
      {/* Dark enough for white text at any hue (contrast above 4.5:1). */}
      <rect width="16" height="16" rx="4" fill={`hsl(${platformHue(platform)} 60% 28%)`} />
      <text x="8" y="12" text-anchor="middle" font-size="10" font-weight="700" fill="#fff" font-family="system-ui, sans-serif">{letter}</text>
    </svg>
  );
}

import { describe, expect, test } from 'vitest';
import { defaultVideoLimits } from '../../utils/hash/video-decode';
import { abortReason, preparingBoundMs, STEP_TIMEOUT_MS, StepTimeout, withinStep } from '../../utils/pipeline/prepare-bounds';
import { serialQueue } from '../../utils/serial';

describe('the bounds on preparing a report', () => {
  test('a step that never ends is given up at its timeout, and a serial queue behind it moves on', async () => {
    const queue = serialQueue();
    const stuck = queue(() => withinStep(new Promise<never>(() => {}), 20, 'decoding took longer than 0 s'));
    await expect(stuck).rejects.toBeInstanceOf(StepTimeout);
    await expect(queue(async () => 'next')).resolves.toBe('next');
  });

  test('a video post may take its fetch and the whole video budget from Settings; pictures alone have a fixed bound', () => {
    const pictures = preparingBoundMs(['image', 'image']);
    const video = preparingBoundMs(['image', 'video'], defaultVideoLimits);
    expect(video).toBeGreaterThan(STEP_TIMEOUT_MS.fetchVideo + defaultVideoLimits.budgetMs);
    expect(preparingBoundMs(['gif'], { ...defaultVideoLimits, budgetMs: defaultVideoLimits.budgetMs * 6 })).toBeGreaterThan(video);
    expect(pictures).toBeLessThan(video);
  });

  test("the work's stop says why: the bound's reason, or the user's cancel", () => {
    const bound = new AbortController();
    bound.abort(new Error('not hashed within 60 s'));
    expect(abortReason(bound.signal)).toBe('not hashed within 60 s');
    const plain = new AbortController();
    plain.abort();
    expect(abortReason(plain.signal)).toBe('hashing cancelled');
  });
});

import { describe, expect, test } from 'vitest';
import { PROGRESS_MESSAGE_MS, throttledProgress } from '../../utils/hash/video-decode';

describe('throttledProgress (the video worker’s progress messages)', () => {
  test('posts 0 done and all done, and in between at most one per PROGRESS_MESSAGE_MS', () => {
    let clock = 0;
    const posted: number[] = [];
    const progress = throttledProgress((done) => posted.push(done), () => clock);
    // 300 frames, one every 2 ms: 600 ms of hashing.
    for (let done = 0; done <= 300; done++, clock += 2) progress(done, 300);
    expect(posted[0]).toBe(0);
    expect(posted.at(-1)).toBe(300);
    expect(posted.length).toBeLessThanOrEqual(2 + 600 / PROGRESS_MESSAGE_MS);
    expect(posted).toEqual([...posted].sort((a, b) => a - b));
  });

  test('a slow job (one frame per interval or slower) posts every call', () => {
    let clock = 0;
    const posted: number[] = [];
    const progress = throttledProgress((done) => posted.push(done), () => clock);
    for (let done = 0; done <= 5; done++, clock += PROGRESS_MESSAGE_MS) progress(done, 5);
    expect(posted).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

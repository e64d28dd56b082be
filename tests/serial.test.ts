import { describe, expect, test } from 'vitest';
import { keyedSerialQueue, serialQueue } from '../utils/serial';

const later = <T>(value: T, log: string[], name: string) =>
  new Promise<T>((resolve) => setTimeout(() => (log.push(name), resolve(value)), 5));

describe('serial queues', () => {
  test('tasks run one after another in call order; a failure does not stop the next', async () => {
    const serially = serialQueue();
    const log: string[] = [];
    const first = serially(async () => (log.push('a start'), later(1, log, 'a end')));
    const failing = serially(async () => (log.push('b'), Promise.reject(new Error('b failed'))));
    const third = serially(async () => (log.push('c start'), later(3, log, 'c end')));
    await expect(first).resolves.toBe(1);
    await expect(failing).rejects.toThrow('b failed');
    await expect(third).resolves.toBe(3);
    expect(log).toEqual(['a start', 'a end', 'b', 'c start', 'c end']);
  });

  test('per key: one key waits for itself only', async () => {
    const serialized = keyedSerialQueue();
    const log: string[] = [];
    const slow = serialized('x', () => later('x1', log, 'x1'));
    const other = serialized('y', async () => (log.push('y1'), 'y1'));
    const next = serialized('x', async () => (log.push('x2'), 'x2'));
    await Promise.all([slow, other, next]);
    expect(log).toEqual(['y1', 'x1', 'x2']);
  });
});

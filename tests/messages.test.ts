import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { messageListener } from '../utils/messages';

const fromUs = () => ({ id: fakeBrowser.runtime.id });

describe('messageListener', () => {
  beforeEach(() => fakeBrowser.reset());

  test('answers a valid message with its handler\'s value', async () => {
    const retry = vi.fn(async () => ({ status: 'queued' as const }));
    const listen = messageListener({ 'report.retry': retry });
    const answer = await listen({ type: 'report.retry', payload: { id: '0f8fad5b-d9cb-469f-a165-70867728950e' } }, fromUs());
    expect(answer).toEqual({ ok: true, value: { status: 'queued' } });
  });

  test('refuses a malformed payload, naming the field, without calling the handler', async () => {
    const retry = vi.fn();
    const answer = await messageListener({ 'report.retry': retry })({ type: 'report.retry', payload: { id: 'nope' } }, fromUs());
    expect(answer).toEqual({ ok: false, error: expect.stringContaining('id:') });
    expect(retry).not.toHaveBeenCalled();
  });

  test('ignores messages from anyone else and types it does not handle', () => {
    const listen = messageListener({ 'report.retry': vi.fn() });
    expect(listen({ type: 'report.retry', payload: {} }, { id: 'another-extension' })).toBeUndefined();
    expect(listen({ type: 'report.submit', payload: {} }, fromUs())).toBeUndefined();
    expect(listen({ type: 'toString', payload: {} }, fromUs())).toBeUndefined();
    expect(listen('<img onerror=alert(1)>', fromUs())).toBeUndefined();
  });

  test('a handler that throws becomes an error answer, not an exception', async () => {
    const listen = messageListener({ 'report.retry': async () => { throw new Error('no report'); } });
    expect(await listen({ type: 'report.retry', payload: { id: '0f8fad5b-d9cb-469f-a165-70867728950e' } }, fromUs()))
      .toEqual({ ok: false, error: 'no report' });
  });
});

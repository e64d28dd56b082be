import { describe, expect, test, vi } from 'vitest';
import { newDraftId, prepareReport, type SendPrepare } from '../../components/report/prepare-report';
import { PREPARE_ATTEMPTS } from '../../utils/pipeline/prepare-bounds';
import { samplePost } from '../fixtures';

const answer = { draft: { id: '', createdAt: '', observedAt: '', media: [] }, reporter: { mode: 'anonymous' }, client: {}, boundMs: 1 } as unknown as Awaited<
  ReturnType<SendPrepare>
>;
const payload = () => ({ id: newDraftId(), post: samplePost() });

describe("the dialog's report.prepare", () => {
  test('an answer lost with a stopped worker is asked for again, under the same id', async () => {
    const send = vi.fn<SendPrepare>()
      .mockRejectedValueOnce(new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'))
      .mockResolvedValueOnce(answer);
    const request = payload();
    await expect(prepareReport(request, send)).resolves.toBe(answer);
    expect(send.mock.calls.map(([sent]) => sent.id)).toEqual([request.id, request.id]);
  });

  test('no answer at all: each attempt is bounded, and the last says so plainly', async () => {
    const send = vi.fn<SendPrepare>(() => new Promise(() => {}));
    await expect(prepareReport(payload(), send, 20)).rejects.toThrow('the extension did not answer within 0 s');
    expect(send).toHaveBeenCalledTimes(PREPARE_ATTEMPTS);
  });

  test('a refusal is an answer: never asked again', async () => {
    const send = vi.fn<SendPrepare>().mockRejectedValue(new Error('invalid report.prepare: post.url'));
    await expect(prepareReport(payload(), send)).rejects.toThrow('invalid report.prepare');
    expect(send).toHaveBeenCalledTimes(1);
  });

  test('draft ids are version-4 UUIDs, also where crypto.randomUUID is missing (an http:// page)', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newDraftId()).toMatch(uuid);
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(newDraftId()).toMatch(uuid);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});

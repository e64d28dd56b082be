import { afterEach, describe, expect, test, vi } from 'vitest';
import { prepareReport, type SendPrepare } from '../../components/report/prepare-report';
import { applyLanguage } from '../../utils/language';
import { PREPARE_ATTEMPTS } from '../../utils/pipeline/prepare-bounds';

const answer = { draft: { id: '', createdAt: '', observedAt: '', media: [] }, reporter: { mode: 'anonymous' }, client: {}, boundMs: 1 } as unknown as Awaited<
  ReturnType<SendPrepare>
>;
const payload = () => ({ id: crypto.randomUUID() });

describe("the dialog's report.prepare", () => {
  afterEach(() => applyLanguage('en'));

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

  test("no answer, in French: said in French, since it is shown inside the dialog's French sentence", async () => {
    applyLanguage('fr');
    const send = vi.fn<SendPrepare>(() => new Promise(() => {}));
    await expect(prepareReport(payload(), send, 20)).rejects.toThrow("l'extension n'a pas répondu dans les 0 s");
  });

  test('a refusal is an answer: never asked again', async () => {
    const send = vi.fn<SendPrepare>().mockRejectedValue(new Error('invalid report.prepare: id'));
    await expect(prepareReport(payload(), send)).rejects.toThrow('invalid report.prepare');
    expect(send).toHaveBeenCalledTimes(1);
  });
});

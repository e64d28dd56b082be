/** Withdraw and delete cannot be undone: each asks in the row first, and only the confirmation sends the message. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { ReportRow } from '../../components/popup/ReportRow';
import type { StoredReport } from '../../utils/store/reports';
import { validReport } from '../../test-support/fixtures';
import { containerPerTest } from '../preact-container';

const sent = vi.hoisted(() => [] as { type: string; payload: unknown }[]);
vi.mock('../../utils/messages', () => ({
  sendToBackground: vi.fn(async (type: string, payload: unknown) => {
    sent.push({ type, payload });
    return type === 'report.withdraw' ? { reason: undefined } : {};
  }),
}));
// Withdraw is offered for any report this test gives it.
vi.mock('../../utils/pipeline/withdraw', () => ({ canWithdraw: () => true }));

const container = containerPerTest();
beforeEach(() => {
  sent.length = 0;
});

function record(status: StoredReport['status']): StoredReport {
  const report = validReport();
  return { id: report.id, report, status, attempts: 1, nextAttemptAt: 0, createdAt: 1, updatedAt: 1 };
}

async function show(status: StoredReport['status']) {
  await act(() => render(<ReportRow record={record(status)} withdrawBase="https://reports.example.org" />, container()));
  return (selector: string) => container().querySelector<HTMLElement>(selector);
}

async function click(element: HTMLElement | null): Promise<void> {
  expect(element).not.toBeNull();
  await act(async () => {
    element!.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('ReportRow', () => {
  test('Delete asks first, says an unsent report will never be sent, and deletes only when confirmed', async () => {
    const $ = await show('failed');
    await click($('[data-action="delete"]'));
    expect(sent).toEqual([]);
    const question = $('.confirm p')!;
    expect(question.textContent).toBe('This report has not been sent. Delete it from this browser? It will never be sent.');
    expect(document.activeElement).toBe(question);
    expect($('.confirm')!.getAttribute('aria-labelledby')).toBe(question.id);
    await click($('[data-action="confirm-delete"]'));
    expect(sent).toEqual([{ type: 'report.delete', payload: { id: validReport().id } }]);
    expect($('.confirm')).toBeNull();
  });

  test('a sent report: the question says the endpoint keeps it', async () => {
    const $ = await show('sent');
    await click($('[data-action="delete"]'));
    expect($('.confirm p')!.textContent).toMatch(/endpoint keeps it/);
  });

  test('Cancel sends nothing and gives focus back to the button that asked', async () => {
    const $ = await show('sent');
    await click($('[data-action="withdraw"]'));
    expect($('.confirm p')!.textContent).toMatch(/^Withdraw this report\?/);
    expect(($('[data-action="delete"]') as HTMLButtonElement).disabled).toBe(true);
    await click($('[data-action="cancel"]'));
    expect(sent).toEqual([]);
    expect($('.confirm')).toBeNull();
    expect(document.activeElement).toBe($('[data-action="withdraw"]'));
  });

  test('Withdraw confirmed sends the withdrawal once', async () => {
    const $ = await show('sent');
    await click($('[data-action="withdraw"]'));
    await click($('[data-action="confirm-withdraw"]'));
    expect(sent).toEqual([{ type: 'report.withdraw', payload: { id: validReport().id } }]);
  });
});

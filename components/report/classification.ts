/**
 * The classification both forms share (the report dialog and the batch form): the form's state, a category
 * ticked or unticked, and the explanation written from the categories until the user writes their own.
 */
import { useState } from 'preact/hooks';
import { categoryText, sortCategories } from '../../utils/categories';
import type { ReportForm } from '../../utils/domain';
import { t } from '../../utils/i18n';
import type { TcoCategory } from '../../utils/schema/report';

export const emptyForm: ReportForm = { tco: [], threatToLife: false, explanation: '', entity: '', goodFaith: false };

export function defaultExplanation(categories: TcoCategory[]): string {
  return sortCategories(categories).map((category) => t(categoryText[category].explanation)).join(' ');
}

export function useClassification() {
  const [form, setForm] = useState(emptyForm);
  const [explanationEdited, setExplanationEdited] = useState(false);

  /** A change, or one computed from the form as it is by then: two keys pressed before a render both count. */
  function update(change: Partial<ReportForm> | ((current: ReportForm) => Partial<ReportForm>)): void {
    setForm((current) => {
      const changed = typeof change === 'function' ? change(current) : change;
      const next = { ...current, ...changed };
      if (changed.tco && !explanationEdited) next.explanation = defaultExplanation(next.tco);
      return next;
    });
  }

  /** Ticks, unticks, or (undefined: from its key) flips a category. */
  function toggleCategory(category: TcoCategory, checked?: boolean): void {
    update(({ tco }) => {
      const tick = checked ?? !tco.includes(category);
      const others = tco.filter((c) => c !== category);
      return { tco: tick ? sortCategories([...others, category]) : others };
    });
  }

  /** The user's own words: the categories no longer rewrite them. */
  function editExplanation(explanation: string): void {
    setExplanationEdited(true);
    update({ explanation });
  }

  return { form, setForm, update, toggleCategory, editExplanation };
}

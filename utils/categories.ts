import type { MessageKey } from './i18n';
import { tcoCategories, type TcoCategory } from './schema/report';

/** TCO Art. 2(7)(a)–(e) in plain words: the label, a short name, and the default explanation sentence. */
export const categoryText: Record<TcoCategory, { label: MessageKey; short: MessageKey; explanation: MessageKey }> = {
  incitement: { label: 'categoryIncitement', short: 'categoryShortIncitement', explanation: 'explanationIncitement' },
  solicitation_offence: { label: 'categorySolicitationOffence', short: 'categoryShortSolicitationOffence', explanation: 'explanationSolicitationOffence' },
  solicitation_group: { label: 'categorySolicitationGroup', short: 'categoryShortSolicitationGroup', explanation: 'explanationSolicitationGroup' },
  instruction: { label: 'categoryInstruction', short: 'categoryShortInstruction', explanation: 'explanationInstruction' },
  threat: { label: 'categoryThreat', short: 'categoryShortThreat', explanation: 'explanationThreat' },
};

/** In the regulation's order, whatever order the user ticked them in. */
export function sortCategories(chosen: readonly TcoCategory[]): TcoCategory[] {
  return tcoCategories.filter((category) => chosen.includes(category));
}

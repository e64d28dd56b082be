import { categoryLabels, type ReviewLanguage } from '../review/strings.ts';
import type { Report } from '../shared.ts';
import type { ForwardingSettings } from '../forwarding-config.ts';

/**
 * The DSA notice for platforms without an API (and the comment sent with API reports): every
 * element Art. 16(2) asks for — (a) why the content is illegal, (b) its exact URL(s), (c) the
 * notifier's name and email, (d) the good-faith statement — plus the media's hashes.
 */
/** Notices go to EU platforms' forms: English or French, whatever language the reviewer page speaks. */
type NoticeLanguage = Extract<ReviewLanguage, 'en' | 'fr'>;

const words = {
  en: {
    title: 'Notice of allegedly illegal content (Regulation (EU) 2022/2065, Digital Services Act, Article 16)',
    why: '(a) Why this content is illegal',
    law: 'It is terrorist content within the meaning of Article 2(7) of Regulation (EU) 2021/784.',
    categories: 'Categories',
    entity: 'Organisation or movement',
    threat: 'It presents an imminent threat to life or safety (Article 18 of Regulation (EU) 2022/2065 may apply).',
    explanation: 'Explanation',
    where: '(b) Exact location',
    post: 'Post',
    page: 'Seen on',
    medium: 'Medium',
    who: '(c) Notifier',
    unnamed: 'The notifier does not give a name (Recital 50 of Regulation (EU) 2022/2065).',
    faith: '(d) Statement',
    statement: 'I confirm my bona fide belief that the information and allegations contained in this notice are accurate and complete.',
    hashes: 'Hashes of the media',
    comment: 'Terrorist content (Regulation (EU) 2021/784), notified under Article 16 of the Digital Services Act',
  },
  fr: {
    title: 'Notification de contenu présumé illicite (règlement (UE) 2022/2065, règlement sur les services numériques, article 16)',
    why: '(a) Pourquoi ce contenu est illicite',
    law: 'Il s’agit d’un contenu à caractère terroriste au sens de l’article 2, point 7, du règlement (UE) 2021/784.',
    categories: 'Catégories',
    entity: 'Organisation ou mouvement',
    threat: 'Il présente une menace imminente pour la vie ou la sécurité (l’article 18 du règlement (UE) 2022/2065 peut s’appliquer).',
    explanation: 'Explication',
    where: '(b) Emplacement exact',
    post: 'Publication',
    page: 'Vue sur',
    medium: 'Média',
    who: '(c) Auteur de la notification',
    unnamed: 'L’auteur de la notification ne donne pas de nom (considérant 50 du règlement (UE) 2022/2065).',
    faith: '(d) Déclaration',
    statement: 'Je confirme croire de bonne foi que les informations et allégations contenues dans la présente notification sont exactes et complètes.',
    hashes: 'Empreintes des médias',
    comment: 'Contenu à caractère terroriste (règlement (UE) 2021/784), notifié au titre de l’article 16 du règlement sur les services numériques',
  },
} satisfies Record<NoticeLanguage, Record<string, string>>;

export const noticeLanguages = Object.keys(words) as NoticeLanguage[];

export function noticeText(report: Report, language: NoticeLanguage, notifier: ForwardingSettings['notifier']): string {
  const w = words[language];
  const { target, classification } = report;
  const lines = [
    w.title, '',
    w.why, w.law,
    `${w.categories}: ${categoryLabels(classification.tco, language)}`,
    ...(classification.entity ? [`${w.entity}: ${classification.entity}`] : []),
    ...(classification.threatToLife ? [w.threat] : []),
    `${w.explanation}: ${classification.explanation}`, '',
    w.where, `${w.post}: ${target.url}`,
    ...(target.pageUrl !== target.url ? [`${w.page}: ${target.pageUrl}`] : []),
    ...report.media.map((m) => `${w.medium} ${m.ref}: ${m.sourceUrl}`), '',
    w.who, notifier ? `${notifier.name} <${notifier.email}>` : w.unnamed, '',
    w.faith, w.statement,
  ];
  const hashes = report.media.flatMap((m) => m.hashes.flatMap((h) => ('value' in h ? [`${m.ref} ${h.algorithm}: ${h.value}`] : [])));
  // Single-value hashes only: vPDQ's frames and TMK's file go in the endpoint's exports, not a notice.
  if (hashes.length) lines.push('', w.hashes, ...hashes);
  return lines.join('\n');
}

/** The short reason sent with an API report (Mastodon takes 1000 characters by default, Bluesky 2000). */
export function reportComment(report: Report, maxLength: number): string {
  const { classification } = report;
  const text = [
    `${words.en.comment}. ${words.en.categories}: ${categoryLabels(classification.tco, 'en')}.`,
    ...(classification.entity ? [`${words.en.entity}: ${classification.entity}.`] : []),
    ...(classification.threatToLife ? ['Imminent threat to life.'] : []),
    classification.explanation,
  ].join(' ');
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

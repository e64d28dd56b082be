/**
 * The reviewer pages' words, in English, French and Arabic, and how a request picks its language:
 * `?lang=` (the switch in the header, remembered in a cookie), else the cookie, else the
 * browser's Accept-Language, else English. Statuses and categories get human labels; the
 * machine values stay in forms and URLs. Each table is typed `ReviewStrings`, so a key missing
 * from one fails to compile. The Arabic wording and its sources: docs/translations.md.
 */
import { supportedLanguage, type EndpointStatus, type TcoCategory } from '../shared.ts';

export const reviewLanguages = ['en', 'fr', 'ar'] as const;
export type ReviewLanguage = (typeof reviewLanguages)[number];
export const REVIEW_LANGUAGE_COOKIE = 'flagpost_review_lang';

const en = {
  languageName: 'English',
  languageSwitch: 'Language',
  siteName: 'Flagpost review',
  logOut: 'Log out',
  logInTitle: 'Log in',
  logInHeading: 'Reviewer log in',
  reviewerToken: 'Reviewer token',
  logIn: 'Log in',
  createTokenHint: 'Create one with',
  tooManyAttempts: 'Too many attempts; wait a minute.',
  notReviewerToken: 'That is not an active reviewer token.',
  reportsTitle: 'Reports',
  status: 'Status',
  allStatuses: 'all',
  show: 'Show',
  exportCsv: 'Export CSV',
  exportTmk: 'Export TMK (.tar)',
  reportCount: (total: number, format: (n: number) => string) => `${format(total)} report${total === 1 ? '' : 's'}; threat to life first, then newest.`,
  received: 'Received',
  platform: 'Platform',
  post: 'Post',
  account: 'Account',
  recentPosts: 'Recent posts',
  outLinks: 'Links out',
  categories: 'Categories',
  listSeparator: ', ',
  threatToLife: 'Threat to life',
  yes: 'YES',
  no: 'no',
  newer: '← newer',
  older: 'older →',
  reportTitle: 'Report',
  noteToReporter: 'Note to the reporter',
  outcome: 'Outcome',
  updated: 'Updated',
  author: 'Author',
  posted: 'Posted',
  explanation: 'Explanation',
  entity: 'Entity',
  text: 'Text',
  reporter: 'Reporter',
  removal: 'Removal',
  since: 'since',
  changeStatus: 'Change status',
  noteOptional: 'Note to the reporter (optional)',
  outcomeOptional: 'Outcome (optional)',
  save: 'Save',
  asReceived: 'Report as received',
  forwardHeading: 'Forward to the platform',
  forwardByApi: { mastodon: 'Report on its Mastodon instance', bluesky: 'Report to Bluesky moderation' },
  noticeHeading: 'DSA notice',
  openNoticeForm: 'Open the platform’s notice form',
  noNoticeForm: 'No notice form is configured for this platform: paste the notice into its illegal-content form, or email it.',
  noticeIn: { en: 'Notice in English', fr: 'Notice in French' },
  recordNoticeSent: 'Record the notice as sent',
  forwardings: 'Forwardings',
  notForwarded: 'Not forwarded yet.',
  channel: 'Channel',
  destination: 'Destination',
  platformId: 'Platform’s id',
  by: 'By',
  when: 'When',
  channels: { mastodon: 'Mastodon API', bluesky: 'Bluesky API', notice: 'DSA notice' },
  auditLog: 'Audit log',
  noAudit: 'No changes yet.',
  action: 'Action',
  change: 'Change',
  why: 'Why',
  auditActions: { status: 'Status changed', note: 'Note changed', forward: 'Forwarded' },
  roles: { reviewer: 'reviewer', reporter: 'reporter' },
  statuses: {
    received: 'Received', under_review: 'Under review', forwarded: 'Forwarded to the platform',
    actioned: 'Actioned by the platform', rejected: 'Rejected', withdrawn: 'Withdrawn by the reporter',
  } satisfies Record<EndpointStatus, string>,
  categoryNames: {
    incitement: 'Incitement', solicitation_offence: 'Soliciting an offence', solicitation_group: 'Recruitment',
    instruction: 'Instructions', threat: 'Threat',
  } satisfies Record<TcoCategory, string>,
  tmk: {
    heading: 'Video matches (TMK+PDQF)',
    hint: (threshold: string) => `Level 1 (average frame) and level 2 (time-aligned) scores against this report's video; the videos of a group match at both ≥ ${threshold}, the reference's defaults.`,
    medium: 'Medium', group: 'group', waitingForGrouping: 'waiting for grouping', download: 'download .tmk',
    report: 'Report', level1: 'Level 1', level2: 'Level 2',
    more: (count: string) => `and ${count} more in this group.`,
    noOtherMatch: "No other report's video matches.",
  },
  reporterModes: { anonymous: 'anonymous', pseudonymous: 'pseudonymous', named: 'named' },
  measure: {
    nav: 'Figures',
    dashboardTitle: 'Figures',
    year: 'Year',
    chartAlternative: 'The figures as a table',
    noData: 'Nothing in this period.',
    reportsPerMonth: 'Reports per month',
    month: 'Month',
    reports: 'Reports',
    removedByPlatform: 'Share removed, per platform',
    removedByCategory: 'Share removed, per category',
    removedHint: 'Removed: the removal check found the post gone (404/410 or the platform’s “not available” page).',
    removed: 'Removed',
    share: 'Share',
    medianToRemoval: 'Median time from report to removal',
    median: 'Median',
    hours: (n: string) => `${n} h`,
    allPlatforms: 'All platforms',
    threatShare: 'Share of reports with a threat to life, per month',
    throughput: 'Status changes per reviewer per week',
    week: 'Week',
    reviewer: 'Reviewer',
    statusChanges: 'Status changes',
    art22Link: 'DSA Art. 22 report',
    art22Title: (year: string) => `Trusted flagger report ${year} (DSA Art. 22(3))`,
    art22Intro: 'Notices submitted in the year, by provider, by type of illegal content (TCO Regulation Art. 2(7)) and by action taken. A notice of several types counts once under each type.',
    byProvider: 'By provider (platform)',
    byType: 'By type of illegal content',
    byAction: 'By action taken (status)',
    byRemoval: 'By removal check of the reported URL',
    providerByAction: 'Provider by action taken',
    notices: 'Notices',
    total: 'Total',
    removalStates: { pending: 'Not checked yet', online: 'Still online', removed: 'Removed', unknown: 'Inconclusive', not_checked: 'Not checkable' },
    download: 'Download',
    transparencyTitle: 'Transparency',
    transparencyIntro: 'Reports received and the share no longer online, per platform and per category. Aggregates only: no URLs, no reporters.',
  },
};
export type ReviewStrings = typeof en;

const fr: ReviewStrings = {
  languageName: 'Français',
  languageSwitch: 'Langue',
  siteName: 'Flagpost – examen',
  logOut: 'Se déconnecter',
  logInTitle: 'Connexion',
  logInHeading: 'Connexion des examinateurs',
  reviewerToken: "Jeton d'examinateur",
  logIn: 'Se connecter',
  createTokenHint: 'Pour en créer un :',
  tooManyAttempts: 'Trop de tentatives ; attendez une minute.',
  notReviewerToken: "Ce n'est pas un jeton d'examinateur actif.",
  reportsTitle: 'Signalements',
  status: 'Statut',
  allStatuses: 'tous',
  show: 'Afficher',
  exportCsv: 'Exporter en CSV',
  exportTmk: 'Exporter les TMK (.tar)',
  reportCount: (total, format) => `${format(total)} signalement${total > 1 ? 's' : ''} ; menace pour la vie d'abord, puis les plus récents.`,
  received: 'Reçu',
  platform: 'Plateforme',
  post: 'Publication',
  account: 'Compte',
  recentPosts: 'Publications récentes',
  outLinks: 'Liens sortants',
  categories: 'Catégories',
  listSeparator: ', ',
  threatToLife: 'Menace pour la vie',
  yes: 'OUI',
  no: 'non',
  newer: '← plus récents',
  older: 'plus anciens →',
  reportTitle: 'Signalement',
  noteToReporter: "Note à l'auteur du signalement",
  outcome: 'Issue',
  updated: 'Mis à jour',
  author: 'Auteur',
  posted: 'Publié',
  explanation: 'Explication',
  entity: 'Entité',
  text: 'Texte',
  reporter: 'Auteur du signalement',
  removal: 'Retrait',
  since: 'depuis le',
  changeStatus: 'Changer le statut',
  noteOptional: "Note à l'auteur du signalement (facultatif)",
  outcomeOptional: 'Issue (facultatif)',
  save: 'Enregistrer',
  asReceived: 'Signalement tel que reçu',
  forwardHeading: 'Transmettre à la plateforme',
  forwardByApi: { mastodon: 'Signaler sur son instance Mastodon', bluesky: 'Signaler à la modération de Bluesky' },
  noticeHeading: 'Notification DSA',
  openNoticeForm: 'Ouvrir le formulaire de notification de la plateforme',
  noNoticeForm: 'Aucun formulaire de notification n’est configuré pour cette plateforme : collez la notification dans son formulaire de contenu illicite, ou envoyez-la par courriel.',
  noticeIn: { en: 'Notification en anglais', fr: 'Notification en français' },
  recordNoticeSent: 'Enregistrer la notification comme envoyée',
  forwardings: 'Transmissions',
  notForwarded: 'Pas encore transmis.',
  channel: 'Voie',
  destination: 'Destination',
  platformId: 'Identifiant de la plateforme',
  by: 'Par',
  when: 'Quand',
  channels: { mastodon: 'API Mastodon', bluesky: 'API Bluesky', notice: 'Notification DSA' },
  auditLog: 'Journal d’audit',
  noAudit: 'Aucun changement pour l’instant.',
  action: 'Action',
  change: 'Changement',
  why: 'Motif',
  auditActions: { status: 'Statut changé', note: 'Note changée', forward: 'Transmis' },
  roles: { reviewer: 'relecteur', reporter: 'signalant' },
  statuses: {
    received: 'Reçu', under_review: "En cours d'examen", forwarded: 'Transmis à la plateforme',
    actioned: 'Traité par la plateforme', rejected: 'Rejeté', withdrawn: "Retiré par l'auteur",
  },
  categoryNames: {
    incitement: 'Incitation', solicitation_offence: 'Sollicitation à commettre une infraction', solicitation_group: 'Recrutement',
    instruction: 'Instructions', threat: 'Menace',
  },
  tmk: {
    heading: 'Vidéos correspondantes (TMK+PDQF)',
    hint: (threshold) => `Scores de niveau 1 (image moyenne) et de niveau 2 (aligné dans le temps) par rapport à la vidéo de ce signalement ; les vidéos d'un groupe correspondent aux deux niveaux à ≥ ${threshold}, les valeurs par défaut de la référence.`,
    medium: 'Média', group: 'groupe', waitingForGrouping: 'en attente de regroupement', download: 'télécharger le .tmk',
    report: 'Signalement', level1: 'Niveau 1', level2: 'Niveau 2',
    more: (count) => `et ${count} de plus dans ce groupe.`,
    noOtherMatch: "Aucune vidéo d'un autre signalement ne correspond.",
  },
  reporterModes: { anonymous: 'anonyme', pseudonymous: 'pseudonyme', named: 'nominatif' },
  measure: {
    nav: 'Chiffres',
    dashboardTitle: 'Chiffres',
    year: 'Année',
    chartAlternative: 'Les chiffres sous forme de tableau',
    noData: 'Rien sur cette période.',
    reportsPerMonth: 'Signalements par mois',
    month: 'Mois',
    reports: 'Signalements',
    removedByPlatform: 'Part retirée, par plateforme',
    removedByCategory: 'Part retirée, par catégorie',
    removedHint: 'Retiré : la vérification a trouvé la publication disparue (404/410 ou page « indisponible » de la plateforme).',
    removed: 'Retirés',
    share: 'Part',
    medianToRemoval: 'Délai médian entre signalement et retrait',
    median: 'Médiane',
    hours: (n: string) => `${n} h`,
    allPlatforms: 'Toutes les plateformes',
    threatShare: 'Part des signalements avec menace pour la vie, par mois',
    throughput: 'Changements de statut par examinateur et par semaine',
    week: 'Semaine',
    reviewer: 'Examinateur',
    statusChanges: 'Changements de statut',
    art22Link: 'Rapport DSA art. 22',
    art22Title: (year: string) => `Rapport de signaleur de confiance ${year} (DSA art. 22, par. 3)`,
    art22Intro: 'Notifications soumises dans l’année, par fournisseur, par type de contenu illicite (règlement TCO, art. 2, point 7) et par suite donnée. Une notification de plusieurs types compte une fois sous chacun.',
    byProvider: 'Par fournisseur (plateforme)',
    byType: 'Par type de contenu illicite',
    byAction: 'Par suite donnée (statut)',
    byRemoval: 'Par vérification de retrait de l’URL signalée',
    providerByAction: 'Fournisseur par suite donnée',
    notices: 'Notifications',
    total: 'Total',
    removalStates: { pending: 'Pas encore vérifié', online: 'Toujours en ligne', removed: 'Retiré', unknown: 'Non concluant', not_checked: 'Non vérifiable' },
    download: 'Télécharger',
    transparencyTitle: 'Transparence',
    transparencyIntro: 'Signalements reçus et part qui n’est plus en ligne, par plateforme et par catégorie. Agrégats seulement : ni URL, ni signaleurs.',
  },
};

// Modern Standard Arabic. Arabic is no EU language, so Regulation (EU) 2021/784 has no Arabic text:
// the category names are the plain standard terms the extension's Arabic catalogue uses.
const arabicReportCount: Record<Intl.LDMLPluralRule, (n: string) => string> = {
  zero: () => 'لا توجد بلاغات', one: () => 'بلاغ واحد', two: () => 'بلاغان',
  few: (n) => `${n} بلاغات`, many: (n) => `${n} بلاغًا`, other: (n) => `${n} بلاغ`,
};
const arabicPlural = new Intl.PluralRules('ar');

const ar: ReviewStrings = {
  languageName: 'العربية',
  languageSwitch: 'اللغة',
  siteName: 'Flagpost – المراجعة',
  logOut: 'تسجيل الخروج',
  logInTitle: 'تسجيل الدخول',
  logInHeading: 'دخول المراجِعين',
  reviewerToken: 'رمز المراجِع',
  logIn: 'دخول',
  createTokenHint: 'لإنشاء رمز:',
  tooManyAttempts: 'محاولات كثيرة جدًا؛ انتظر دقيقة.',
  notReviewerToken: 'هذا ليس رمز مراجِع ساريًا.',
  reportsTitle: 'البلاغات',
  status: 'الحالة',
  allStatuses: 'الكل',
  show: 'عرض',
  exportCsv: 'تصدير CSV',
  exportTmk: 'تصدير TMK (‎.tar)',
  reportCount: (total, format) => `${arabicReportCount[arabicPlural.select(total)](format(total))}؛ المهدِّدة للحياة أولًا، ثم الأحدث.`,
  received: 'الاستلام',
  platform: 'المنصة',
  post: 'المنشور',
  account: 'الحساب',
  recentPosts: 'المنشورات الحديثة',
  outLinks: 'الروابط الخارجية',
  categories: 'الفئات',
  listSeparator: '، ',
  threatToLife: 'خطر على الحياة',
  yes: 'نعم',
  no: 'لا',
  newer: '→ الأحدث',
  older: 'الأقدم ←',
  reportTitle: 'البلاغ',
  noteToReporter: 'ملاحظة إلى المُبلِّغ',
  outcome: 'النتيجة',
  updated: 'آخر تحديث',
  author: 'الكاتب',
  posted: 'تاريخ النشر',
  explanation: 'الشرح',
  entity: 'الجهة',
  text: 'النص',
  reporter: 'المُبلِّغ',
  removal: 'الإزالة',
  since: 'منذ',
  changeStatus: 'تغيير الحالة',
  noteOptional: 'ملاحظة إلى المُبلِّغ (اختيارية)',
  outcomeOptional: 'النتيجة (اختيارية)',
  save: 'حفظ',
  asReceived: 'البلاغ كما استُلم',
  forwardHeading: 'الإحالة إلى المنصة',
  forwardByApi: { mastodon: 'الإبلاغ لدى خادم Mastodon الخاص به', bluesky: 'الإبلاغ إلى إشراف Bluesky' },
  noticeHeading: 'إشعار بموجب قانون الخدمات الرقمية (DSA)',
  openNoticeForm: 'فتح نموذج الإشعارات لدى المنصة',
  noNoticeForm: 'لم يُضبط نموذج إشعارات لهذه المنصة: الصق الإشعار في نموذج المحتوى غير القانوني لديها، أو أرسله بالبريد الإلكتروني.',
  noticeIn: { en: 'الإشعار بالإنجليزية', fr: 'الإشعار بالفرنسية' },
  recordNoticeSent: 'تسجيل الإشعار كمُرسَل',
  forwardings: 'الإحالات',
  notForwarded: 'لم يُحَل بعد.',
  channel: 'القناة',
  destination: 'الوجهة',
  platformId: 'المعرّف لدى المنصة',
  by: 'بواسطة',
  when: 'التاريخ',
  channels: { mastodon: 'واجهة Mastodon البرمجية', bluesky: 'واجهة Bluesky البرمجية', notice: 'إشعار DSA' },
  auditLog: 'سجل التدقيق',
  noAudit: 'لا تغييرات بعد.',
  action: 'الإجراء',
  change: 'التغيير',
  why: 'السبب',
  auditActions: { status: 'تغيّرت الحالة', note: 'تغيّرت الملاحظة', forward: 'أُحيل' },
  roles: { reviewer: 'مراجِع', reporter: 'مُبلِّغ' },
  statuses: {
    received: 'مُستلَم', under_review: 'قيد المراجعة', forwarded: 'أُحيل إلى المنصة',
    actioned: 'عالجته المنصة', rejected: 'مرفوض', withdrawn: 'سحبه المُبلِّغ',
  },
  categoryNames: {
    incitement: 'تحريض', solicitation_offence: 'دعوة إلى ارتكاب جريمة', solicitation_group: 'تجنيد',
    instruction: 'تعليمات', threat: 'تهديد',
  },
  tmk: {
    heading: 'مقاطع الفيديو المتطابقة (TMK+PDQF)',
    hint: (threshold) => `درجات المستوى 1 (متوسط الإطارات) والمستوى 2 (بمحاذاة زمنية) مقارنةً بفيديو هذا البلاغ؛ تتطابق مقاطع المجموعة الواحدة عند ${threshold} فأكثر في المستويين، وهي القيم الافتراضية للتنفيذ المرجعي.`,
    medium: 'الوسيط', group: 'المجموعة', waitingForGrouping: 'بانتظار التجميع', download: 'تنزيل ملف ‎.tmk',
    report: 'البلاغ', level1: 'المستوى 1', level2: 'المستوى 2',
    more: (count) => `و${count} غيرها في هذه المجموعة.`,
    noOtherMatch: 'لا يتطابق فيديو أي بلاغ آخر.',
  },
  reporterModes: { anonymous: 'مجهول الهوية', pseudonymous: 'باسم مستعار', named: 'باسمه' },
  measure: {
    nav: 'الأرقام',
    dashboardTitle: 'الأرقام',
    year: 'السنة',
    chartAlternative: 'الأرقام في جدول',
    noData: 'لا شيء في هذه الفترة.',
    reportsPerMonth: 'البلاغات شهريًا',
    month: 'الشهر',
    reports: 'البلاغات',
    removedByPlatform: 'نسبة المحذوف حسب المنصة',
    removedByCategory: 'نسبة المحذوف حسب الفئة',
    removedHint: 'محذوف: وجد فحص الإزالة أن المنشور لم يعد موجودًا (404/410 أو صفحة «غير متاح» لدى المنصة).',
    removed: 'محذوف',
    share: 'النسبة',
    medianToRemoval: 'الوقت الوسيط من البلاغ إلى الإزالة',
    median: 'الوسيط',
    hours: (n: string) => `${n} ساعة`,
    allPlatforms: 'كل المنصات',
    threatShare: 'نسبة البلاغات التي فيها تهديد للحياة، شهريًا',
    throughput: 'تغييرات الحالة لكل مراجع أسبوعيًا',
    week: 'الأسبوع',
    reviewer: 'المراجع',
    statusChanges: 'تغييرات الحالة',
    art22Link: 'تقرير المادة 22 من قانون الخدمات الرقمية',
    art22Title: (year: string) => `تقرير المُبلِّغ الموثوق ${year} (المادة 22(3) من قانون الخدمات الرقمية)`,
    art22Intro: 'الإخطارات المقدَّمة خلال السنة، حسب مزوِّد الخدمة، وحسب نوع المحتوى غير القانوني (المادة 2(7) من لائحة المحتوى الإرهابي)، وحسب الإجراء المتخذ. يُحسب الإخطار ذو الأنواع المتعددة مرة تحت كل نوع.',
    byProvider: 'حسب مزوِّد الخدمة (المنصة)',
    byType: 'حسب نوع المحتوى غير القانوني',
    byAction: 'حسب الإجراء المتخذ (الحالة)',
    byRemoval: 'حسب فحص إزالة الرابط المُبلَّغ عنه',
    providerByAction: 'مزوِّد الخدمة حسب الإجراء المتخذ',
    notices: 'الإخطارات',
    total: 'المجموع',
    removalStates: { pending: 'لم يُفحص بعد', online: 'ما زال متاحًا', removed: 'محذوف', unknown: 'غير حاسم', not_checked: 'غير قابل للفحص' },
    download: 'تنزيل',
    transparencyTitle: 'الشفافية',
    transparencyIntro: 'البلاغات المستلمة ونسبة ما لم يعد متاحًا، حسب المنصة وحسب الفئة. أرقام مجمَّعة فقط: لا روابط ولا بيانات عن المُبلِّغين.',
  },
};

export const reviewStrings: Record<ReviewLanguage, ReviewStrings> = { en, fr, ar };

const isReviewLanguage = (value: unknown): value is ReviewLanguage => (reviewLanguages as readonly unknown[]).includes(value);

/** The language a request asked for explicitly (the header's switch), if any. */
export function requestedLanguage(query: unknown): ReviewLanguage | undefined {
  const lang = (query as { lang?: unknown } | undefined)?.lang;
  return isReviewLanguage(lang) ? lang : undefined;
}

/** `?lang=`, else the remembered choice, else the first language of Accept-Language we have, else English. */
export function chooseReviewLanguage(query: unknown, cookie: string | undefined, acceptLanguage: string | undefined): ReviewLanguage {
  const asked = requestedLanguage(query);
  if (asked) return asked;
  if (isReviewLanguage(cookie)) return cookie;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((param) => param.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { language: supportedLanguage(tag, reviewLanguages), q: Number.isFinite(q) ? q : 0 };
    })
    .filter(({ q }) => q > 0)
    .sort((a, b) => b.q - a.q)
    .find(({ language }) => language);
  return preferred?.language ?? 'en';
}

/** Remembers the switch's choice for a year, for the reviewer pages only. */
export function languageCookie(language: ReviewLanguage, secure: boolean): string {
  return `${REVIEW_LANGUAGE_COOKIE}=${language}; Path=/review; Max-Age=31536000; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** A time as the reviewer's language writes it, in UTC (reviewers may sit in different zones). */
export function formatReviewTime(iso: string, language: ReviewLanguage): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}

/** A status's human label; an unknown value (a newer endpoint's) shows as itself. */
export const statusLabel = (status: string, language: ReviewLanguage) =>
  (reviewStrings[language].statuses as Record<string, string>)[status] ?? status;

export const categoryLabels = (categories: readonly string[], language: ReviewLanguage) =>
  categories.map((category) => (reviewStrings[language].categoryNames as Record<string, string>)[category] ?? category)
    .join(reviewStrings[language].listSeparator);

export const formatReviewNumber = (value: number, language: ReviewLanguage, options?: Intl.NumberFormatOptions) =>
  new Intl.NumberFormat(language, options).format(value);

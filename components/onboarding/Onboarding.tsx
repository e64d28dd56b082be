import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '../../utils/i18n';

const sections: { title: MessageKey; points: MessageKey[] }[] = [
  { title: 'onboardingReportTitle', points: ['onboardingReportPost', 'onboardingReportChoice', 'batchHowTo', 'onboardingReportYou'] },
  { title: 'onboardingMediaTitle', points: ['onboardingMediaHashes', 'onboardingMediaNever'] },
  { title: 'onboardingEndpointTitle', points: ['onboardingEndpointReceives', 'onboardingEndpointToken'] },
  { title: 'onboardingChooseTitle', points: ['onboardingChooseWho', 'onboardingChooseHttps', 'onboardingChooseTest'] },
];

/** The welcome page, opened once on install: what a report holds, where it goes, and the one step left. */
export function Onboarding() {
  useEffect(() => void (document.title = t('onboardingTitle')), []);
  return (
    <main class="options onboarding">
      <h1>{t('onboardingTitle')}</h1>
      <p class="lead">{t('onboardingIntro')}</p>
      {sections.map(({ title, points }) => (
        <section key={title} aria-labelledby={title}>
          <h2 id={title}>{t(title)}</h2>
          <ul>{points.map((point) => <li key={point}>{t(point)}</li>)}</ul>
        </section>
      ))}
      <p>
        <button type="button" class="primary" data-action="open-options" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('onboardingOpenOptions')}
        </button>
      </p>
    </main>
  );
}

import { render, type ComponentChild } from 'preact';
import { t, type MessageKey } from '../utils/i18n';
import { loadLanguage, markLanguage, watchLanguage, type UiLanguage } from '../utils/language';

/**
 * Renders an extension page in the chosen language, and again in the new one when Settings
 * change it (the page keeps its state: same components, new words).
 */
export async function mountPage(page: () => ComponentChild, title: MessageKey = 'extName'): Promise<void> {
  const app = document.getElementById('app')!;
  const show = (language: UiLanguage) => {
    markLanguage(document.documentElement, language);
    document.title = t(title);
    render(page(), app);
  };
  const language = await loadLanguage();
  show(language);
  watchLanguage(language, show);
}

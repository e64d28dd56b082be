import { t, type MessageKey } from '../../utils/i18n';
import type { Language } from '../../utils/settings';
import { uiLanguages, type UiLanguage } from '../../utils/ui-languages';
import type { SettingsFieldProps } from './field-props';

/** Each language by its own name, then the reader's name for it: "Deutsch (German)". */
const languageLabels: Record<UiLanguage, MessageKey> = {
  en: 'optionsLanguageEn', fr: 'optionsLanguageFr', de: 'optionsLanguageDe', es: 'optionsLanguageEs', it: 'optionsLanguageIt',
  nl: 'optionsLanguageNl', pl: 'optionsLanguagePl', pt: 'optionsLanguagePt', ar: 'optionsLanguageAr', tr: 'optionsLanguageTr',
};
const languages: { language: Language; label: MessageKey }[] = [
  { language: 'auto', label: 'optionsLanguageAuto' },
  ...uiLanguages.map((language) => ({ language, label: languageLabels[language] })),
];

type WellbeingKey = 'markReported' | 'blurReportedMedia' | 'matchOnScreenMedia';
const wellbeing: { field: WellbeingKey; label: MessageKey; hint: MessageKey }[] = [
  { field: 'markReported', label: 'optionsMarkReported', hint: 'optionsMarkReportedHint' },
  { field: 'blurReportedMedia', label: 'optionsBlurReported', hint: 'optionsBlurReportedHint' },
  { field: 'matchOnScreenMedia', label: 'optionsMatchOnScreen', hint: 'optionsMatchOnScreenHint' },
];

/** Language and wellbeing: how Flagpost speaks, and how much of already-reported content a volunteer sees again. */
export function Preferences({ settings, errors, onChange }: SettingsFieldProps) {
  return (
    <>
      <fieldset>
        <legend>{t('optionsLanguageLegend')}</legend>
        <label for="language">{t('optionsLanguage')}</label>
        <select
          id="language" name="language" value={settings.language}
          aria-invalid={Boolean(errors.language)} aria-describedby={errors.language ? 'language-error' : undefined}
          onChange={(event) => onChange({ language: event.currentTarget.value as Language })}
        >
          {languages.map(({ language, label }) => (
            // A language's own name is read in its own language and direction (العربية inside a German page).
            <option key={language} value={language} dir="auto">{t(label)}</option>
          ))}
        </select>
        {errors.language && <p class="field-error" id="language-error">{t(errors.language)}</p>}
      </fieldset>

      <fieldset>
        <legend>{t('optionsWellbeingLegend')}</legend>
        {wellbeing.map(({ field, label, hint }) => (
          <div class="choice" key={field}>
            <input
              id={field} name={field} type="checkbox" checked={settings[field]} aria-describedby={`${field}-hint`}
              onChange={(event) => onChange({ [field]: event.currentTarget.checked })}
            />
            <div>
              <label for={field}>{t(label)}</label>
              <p class="hint" id={`${field}-hint`}>{t(hint)}</p>
            </div>
          </div>
        ))}
      </fieldset>
    </>
  );
}

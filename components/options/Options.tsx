import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { endpointOriginPattern, parseEndpointBase, testConnection, type ConnectionResult } from '../../utils/endpoint';
import { t, type MessageKey } from '../../utils/i18n';
import {
  defaultSettings, loadSettings, settingsItem, validateSettings, type ReporterMode, type Settings, type SettingsErrors,
} from '../../utils/settings';

const modes: { mode: ReporterMode; label: MessageKey }[] = [
  { mode: 'anonymous', label: 'optionsModeAnonymous' },
  { mode: 'pseudonymous', label: 'optionsModePseudonymous' },
  { mode: 'named', label: 'optionsModeNamed' },
];

export function Options() {
  const [settings, setSettings] = useState<Settings>(defaultSettings);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [saved, setSaved] = useState<'saved' | 'invalid'>();
  const [connection, setConnection] = useState<ConnectionResult | 'testing'>();

  useEffect(() => void loadSettings().then(setSettings), []);

  function update(change: Partial<Settings>): void {
    setSettings((current) => ({ ...current, ...change }));
    setSaved(undefined);
  }

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    const found = validateSettings(settings);
    setErrors(found);
    if (Object.keys(found).length) {
      setSaved('invalid');
      return;
    }
    const base = parseEndpointBase(settings.endpointBase);
    if (base.ok) {
      // Asked while the click still counts as a user gesture. Granted, the endpoint needs no CORS;
      // refused, reports still go out as CORS requests. Either way the settings are saved.
      void browser.permissions.request({ origins: [endpointOriginPattern(base.value)] }).catch(() => false);
    }
    await settingsItem.setValue({ ...settings, endpointBase: base.ok ? base.value : '' });
    setSaved('saved');
  }

  async function runConnectionTest(): Promise<void> {
    setConnection('testing');
    setConnection(await testConnection(settings.endpointBase));
  }

  const fieldError = (field: keyof Settings) =>
    errors[field] && <p class="field-error" id={`${field}-error`}>{t(errors[field]!)}</p>;
  const describedBy = (field: keyof Settings, hint?: string) =>
    [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <form onSubmit={(event) => void save(event)} noValidate>
        <fieldset>
          <legend>{t('optionsEndpointLegend')}</legend>
          <label for="endpointBase">{t('optionsEndpointUrl')}</label>
          <input
            id="endpointBase" name="endpointBase" type="url" inputMode="url" autoComplete="url"
            value={settings.endpointBase}
            aria-invalid={Boolean(errors.endpointBase)}
            aria-describedby={describedBy('endpointBase', 'endpointBase-hint')}
            onInput={(event) => update({ endpointBase: event.currentTarget.value })}
          />
          <p class="hint" id="endpointBase-hint">{t('optionsEndpointUrlHint')}</p>
          {fieldError('endpointBase')}
          <label for="token">{t('optionsToken')}</label>
          <input
            id="token" name="token" type="password" autoComplete="off"
            value={settings.token}
            onInput={(event) => update({ token: event.currentTarget.value })}
          />
          <p>
            <button type="button" onClick={() => void runConnectionTest()} disabled={connection === 'testing'}>
              {t('optionsTestConnection')}
            </button>
          </p>
          <p role="status" class={connection && connection !== 'testing' && !connection.ok ? 'field-error' : 'ok'}>
            {connection === 'testing' ? t('optionsTesting') : connection ? t(connection.message, connection.detail ?? '') : ''}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('optionsReporterLegend')}</legend>
          {modes.map(({ mode, label }) => (
            <label class="choice" key={mode}>
              <input
                type="radio" name="reporterMode" value={mode}
                checked={settings.reporterMode === mode}
                onChange={() => update({ reporterMode: mode })}
              />
              <span>{t(label)}</span>
            </label>
          ))}
          {settings.reporterMode === 'named' && (
            <>
              <label for="reporterName">{t('optionsName')}</label>
              <input
                id="reporterName" name="reporterName" type="text" autoComplete="name"
                value={settings.reporterName}
                aria-invalid={Boolean(errors.reporterName)}
                aria-describedby={describedBy('reporterName')}
                onInput={(event) => update({ reporterName: event.currentTarget.value })}
              />
              {fieldError('reporterName')}
              <label for="reporterEmail">{t('optionsEmail')}</label>
              <input
                id="reporterEmail" name="reporterEmail" type="email" autoComplete="email"
                value={settings.reporterEmail}
                aria-invalid={Boolean(errors.reporterEmail)}
                aria-describedby={describedBy('reporterEmail')}
                onInput={(event) => update({ reporterEmail: event.currentTarget.value })}
              />
              {fieldError('reporterEmail')}
            </>
          )}
        </fieldset>

        <button type="submit" class="primary">{t('optionsSave')}</button>
        <p role="status" class={saved === 'invalid' ? 'field-error' : 'ok'} data-flagpost-saved={saved ?? ''}>
          {saved === 'saved' ? t('optionsSaved') : saved === 'invalid' ? t('optionsInvalid') : ''}
        </p>
      </form>
    </main>
  );
}

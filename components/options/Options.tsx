import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { endpointOriginPattern, parseEndpointBase } from '../../utils/endpoint/base';
import { testConnection, type ConnectionResult } from '../../utils/endpoint/info';
import { t, type MessageKey } from '../../utils/i18n';
import { instancesItem } from '../../utils/instances';
import { notifyOutcomesOn } from '../../utils/notify-outcomes';
import { saveRelease, saveRequest } from '../../utils/save-permissions';
import { DeleteAllData } from './DeleteAllData';
import type { SettingsFieldProps } from './field-props';
import { Instances } from './Instances';
import { Notifications } from './Notifications';
import { Preferences } from './Preferences';
import { VideoLimits } from './VideoLimits';
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

  // Fields changed here and not saved yet: a change from elsewhere must not wipe what is being typed.
  const unsaved = useRef(new Set<keyof Settings>());

  useEffect(() => {
    // What is stored, except in the fields being edited here: typed before the first load answered (a quick
    // typist, a loaded machine), or while "Delete all local data" (or another open settings page) changed them.
    // The notice shows as on only while it is in effect: the browser may no longer hold its permission.
    const showStored = () =>
      void loadSettings().then(async (stored) => {
        const notifyOutcomes = await notifyOutcomesOn(stored);
        setSettings((current) => {
          const kept = [...unsaved.current].map((field) => [field, current[field]]);
          return { ...stored, notifyOutcomes, ...Object.fromEntries(kept) };
        });
      });
    showStored();
    return settingsItem.watch(showStored);
  }, []);

  function update(change: Partial<Settings>): void {
    for (const field of Object.keys(change) as (keyof Settings)[]) unsaved.current.add(field);
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
    const named = settings.reporterMode === 'named';
    const request = saveRequest(base.ok ? endpointOriginPattern(base.value) : undefined, named, import.meta.env.FIREFOX);
    // Asked at once, while the click still counts as a user gesture. A refused host costs nothing:
    // reports then go out as CORS requests. A refused consent to send name and email (Firefox) does.
    const asked = Object.keys(request).length
      ? browser.permissions.request(request as Parameters<typeof browser.permissions.request>[0]).catch(() => false)
      : Promise.resolve(true);
    if (request.data_collection) {
      await asked;
      const consent = { data_collection: request.data_collection } as Parameters<typeof browser.permissions.contains>[0];
      if (!(await browser.permissions.contains(consent).catch(() => false))) {
        setErrors({ reporterMode: 'errorNamedConsent' });
        setSaved('invalid');
        return;
      }
    }
    // Read as stored, not as shown: another settings page may have saved since this one loaded.
    const previousBase = (await loadSettings()).endpointBase;
    // A pasted token often carries a space or line break, which would break the header.
    unsaved.current.clear();
    await settingsItem.setValue({ ...settings, endpointBase: base.ok ? base.value : '', token: settings.token.trim() });
    setSaved('saved');
    // Each on its own, so one refusal stops no other.
    const release = saveRelease(previousBase, settings, await instancesItem.getValue(), import.meta.env.FIREFOX);
    for (const [kind, values] of Object.entries(release)) {
      await browser.permissions.remove({ [kind]: values } as Parameters<typeof browser.permissions.remove>[0]).catch(() => false);
    }
  }

  async function runConnectionTest(): Promise<void> {
    setConnection('testing');
    // With the token as typed, saved or not: the test is of what the user is about to save.
    setConnection(await testConnection(settings.endpointBase, settings.token));
  }

  const fieldProps: SettingsFieldProps = { settings, errors, onChange: update };

  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <form onSubmit={(event) => void save(event)} noValidate>
        <fieldset>
          <legend>{t('optionsEndpointLegend')}</legend>
          <TextField
            field="endpointBase" type="url" autoComplete="url" label={t('optionsEndpointUrl')}
            hint={t('optionsEndpointUrlHint')} {...fieldProps}
          />
          <TextField field="token" type="password" autoComplete="off" label={t('optionsToken')} {...fieldProps} />
          <p>
            <button type="button" onClick={() => void runConnectionTest()} disabled={connection === 'testing'}>
              {t('optionsTestConnection')}
            </button>
          </p>
          <p
            role="status" class={connection && connection !== 'testing' && !connection.ok ? 'field-error' : 'ok'}
            data-connection={connection === 'testing' ? 'testing' : connection ? `${connection.ok ? 'ok' : 'refused'}:${connection.message}` : ''}
          >
            {connection === 'testing' ? t('optionsTesting')
              : connection ? t(connection.message, connection.detail ?? '', connection.more ?? '') : ''}
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
          {errors.reporterMode && <p class="field-error" role="alert">{t(errors.reporterMode)}</p>}
          {settings.reporterMode === 'named' && (
            <>
              <TextField field="reporterName" type="text" autoComplete="name" label={t('optionsName')} {...fieldProps} />
              <TextField field="reporterEmail" type="email" autoComplete="email" label={t('optionsEmail')} {...fieldProps} />
            </>
          )}
        </fieldset>

        <Preferences {...fieldProps} />
        <Notifications settings={settings} onChange={update} />
        <VideoLimits {...fieldProps} />

        <button type="submit" class="primary">{t('optionsSave')}</button>
        <p role="status" class={saved === 'invalid' ? 'field-error' : 'ok'} data-flagpost-saved={saved ?? ''}>
          {saved === 'saved' ? t('optionsSaved') : saved === 'invalid' ? t('optionsInvalid') : ''}
        </p>
      </form>
      <Instances />
      <DeleteAllData onDeleted={() => unsaved.current.clear()} />
    </main>
  );
}

type TextKey = 'endpointBase' | 'token' | 'reporterName' | 'reporterEmail';

interface TextFieldProps extends SettingsFieldProps {
  field: TextKey;
  type: 'url' | 'text' | 'email' | 'password';
  autoComplete: string;
  label: string;
  hint?: string;
}

/** A labelled input whose problem, if any, is shown right under it and announced with it. */
function TextField({ field, type, autoComplete, label, hint, settings, errors, onChange }: TextFieldProps) {
  const error = errors[field];
  const describedBy = [hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ');
  return (
    <>
      <label for={field}>{label}</label>
      <input
        id={field} name={field} type={type} autoComplete={autoComplete}
        // Addresses, tokens and emails read left to right in any page; a name takes its own script's direction.
        dir={type === 'text' ? 'auto' : 'ltr'}
        value={settings[field]}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy || undefined}
        onInput={(event) => onChange({ [field]: event.currentTarget.value })}
      />
      {hint && <p class="hint" id={`${field}-hint`}>{hint}</p>}
      {error && <p class="field-error" id={`${field}-error`}>{t(error)}</p>}
    </>
  );
}

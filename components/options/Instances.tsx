import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../../utils/i18n';
import { instanceOrigin, instancesItem, parseInstanceHost } from '../../utils/instances';
import { originInUse } from '../../utils/save-permissions';
import { loadSettings } from '../../utils/settings';

/** Mastodon instances the report button runs on: each one granted by the user, one at a time. */
export function Instances() {
  const [instances, setInstances] = useState<string[]>([]);
  const [input, setInput] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    void instancesItem.getValue().then(setInstances);
    return instancesItem.watch((next) => setInstances(next ?? []));
  }, []);

  async function add(event: Event): Promise<void> {
    event.preventDefault();
    const host = parseInstanceHost(input);
    if (!host) return setError(t('errorInstanceInvalid'));
    // Must be asked straight from the click: the browser shows its own prompt.
    const granted = await browser.permissions.request({ origins: [instanceOrigin(host)] }).catch(() => false);
    if (!granted) return setError(t('errorInstanceDenied', host));
    setError(undefined);
    setInput('');
    // Read again after the prompt: another settings page may have added or removed one while it was up.
    await instancesItem.setValue([...new Set([...(await instancesItem.getValue()), host])]);
  }

  async function remove(host: string): Promise<void> {
    const remaining = (await instancesItem.getValue()).filter((other) => other !== host);
    await instancesItem.setValue(remaining);
    // Kept when the saved endpoint is on that host: its reports still go there.
    if (originInUse(instanceOrigin(host), (await loadSettings()).endpointBase, remaining)) return;
    await browser.permissions.remove({ origins: [instanceOrigin(host)] }).catch(() => false);
  }

  return (
    <fieldset>
      <legend>{t('optionsInstancesLegend')}</legend>
      <p class="hint" id="instance-hint">{t('optionsInstancesHint')}</p>
      <ul class="instances">
        {instances.map((host) => (
          <li key={host} data-instance={host}>
            {host}{' '}
            <button type="button" class="link" onClick={() => void remove(host)}>{t('optionsInstanceRemove', host)}</button>
          </li>
        ))}
      </ul>
      <label for="instance">{t('optionsInstanceInput')}</label>
      <input
        id="instance" type="text" inputMode="url" dir="ltr" value={input}
        aria-invalid={Boolean(error)} aria-describedby={error ? 'instance-hint instance-error' : 'instance-hint'}
        onInput={(event) => setInput(event.currentTarget.value)}
      />
      {error && <p class="field-error" id="instance-error">{error}</p>}
      <button type="button" onClick={(event) => void add(event)}>{t('optionsInstanceAdd')}</button>
    </fieldset>
  );
}

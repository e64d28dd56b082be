import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../../utils/i18n';
import { NOTIFICATIONS, storeNotifyOutcomes } from '../../utils/notify-outcomes';
import type { SettingsFieldProps } from './field-props';

/**
 * The opt-in outcome notice. `notifications` is an optional permission: asked here, at the click that turns the
 * choice on (the browser wants a user gesture), and given back when it is turned off. A refusal leaves it off.
 * The choice is stored with it, without waiting for Save (utils/notify-outcomes.ts says why).
 */
export function Notifications({ settings, onChange }: Omit<SettingsFieldProps, 'errors'>) {
  const [refused, setRefused] = useState(false);

  async function toggle(on: boolean): Promise<void> {
    setRefused(false);
    if (!on) {
      onChange({ notifyOutcomes: false });
      await storeNotifyOutcomes(false);
      await browser.permissions.remove(NOTIFICATIONS).catch(() => false);
      return;
    }
    const granted = await browser.permissions.request(NOTIFICATIONS).catch(() => false);
    setRefused(!granted);
    onChange({ notifyOutcomes: granted });
    await storeNotifyOutcomes(granted);
  }

  return (
    <fieldset>
      <legend>{t('optionsNotifyLegend')}</legend>
      <div class="choice">
        <input
          id="notifyOutcomes" name="notifyOutcomes" type="checkbox" checked={settings.notifyOutcomes}
          aria-describedby={refused ? 'notifyOutcomes-hint notifyOutcomes-refused' : 'notifyOutcomes-hint'}
          onChange={(event) => void toggle(event.currentTarget.checked)}
        />
        <div>
          <label for="notifyOutcomes">{t('optionsNotifyOutcomes')}</label>
          <p class="hint" id="notifyOutcomes-hint">{t('optionsNotifyOutcomesHint')}</p>
          {refused && <p class="field-error" id="notifyOutcomes-refused" role="alert">{t('optionsNotifyRefused')}</p>}
        </div>
      </div>
    </fieldset>
  );
}

import type { Settings, SettingsErrors } from '../../utils/settings';

/**
 * What the settings page (Options.tsx) gives each of its fields and sections: the settings as being edited,
 * their problems from the last validation, and the one way to change them (the page keeps the draft).
 */
export interface SettingsFieldProps {
  settings: Settings;
  errors: SettingsErrors;
  onChange: (change: Partial<Settings>) => void;
}

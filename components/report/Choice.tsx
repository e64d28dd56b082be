/** The report form's checkboxes, shared by the report dialog and the batch form (components/batch/). */
export interface ChoiceProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  urgent?: boolean;
  /** The key that ticks it (1…5 for the categories): shown, and announced as the control's shortcut. */
  shortcut?: string;
  /** Belongs to the choice above it (indented). */
  nested?: boolean;
}

/** A checkbox with its whole sentence as the label, so the sentence is what is clicked and announced. */
export function Choice({ label, checked, onChange, urgent, shortcut, nested }: ChoiceProps) {
  return (
    <label class={['choice', urgent && 'urgent', nested && 'nested'].filter(Boolean).join(' ')}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.currentTarget.checked)}
        {...(shortcut ? { 'aria-keyshortcuts': shortcut, 'data-flagpost-category': shortcut } : {})}
      />
      <span>{label}</span>
      {/* The key is announced by aria-keyshortcuts; shown here for the eye only. */}
      {shortcut && <kbd aria-hidden="true">{shortcut}</kbd>}
    </label>
  );
}

import { t } from '../../utils/i18n';

interface Props {
  revealed: boolean;
  onToggle: () => void;
}

/**
 * The note under blurred media and its "Show media" button, for a post's media and an account's avatar and banner
 * alike. Space, the key pressed by reflex to tick or scroll, never shows the media: Enter or a click does (issue 18).
 */
export function RevealMedia({ revealed, onToggle }: Props) {
  return (
    <p class="media-note">
      {revealed ? '' : `${t('dialogMediaHidden')} `}
      <button type="button" class="link" onClick={onToggle} onKeyDown={refuseSpace} onKeyUp={refuseSpace} aria-pressed={revealed} data-flagpost-action="reveal-media">
        {revealed ? t('dialogHideMedia') : t('dialogRevealMedia')}
      </button>
    </p>
  );
}

/** A button's Space (keydown, then the keyup that clicks) does nothing: unblurring takes a deliberate key or click. */
function refuseSpace(event: KeyboardEvent): void {
  if (event.key === ' ' || event.key === 'Spacebar') event.preventDefault();
}

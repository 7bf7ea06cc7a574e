// One field edited in place, in the dense tables of the side panel (shots, references).
/**
 * A cell that edits one field: shown as stored, committed on Enter (Shift+Enter is a new
 * line in a multi-line cell) or blur, put back on Escape. Keyed by the stored value, so an
 * undo shows at once.
 */
export function Cell(props: { value: string; multiline?: boolean; testid: string; label: string; placeholder?: string; className?: string; commit: (text: string) => void }) {
  const { value, multiline } = props;
  const keys = (e: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      e.currentTarget.blur();
    } else if (e.key === 'Escape') {
      e.currentTarget.value = value;
      e.currentTarget.blur();
    }
    e.stopPropagation();
  };
  const blur = (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const text = e.currentTarget.value;
    if (text !== value) props.commit(text);
    e.currentTarget.value = value;
  };
  const common = {
    key: value,
    className: `sl-input ${props.className ?? ''}`,
    'data-testid': props.testid,
    'aria-label': props.label,
    defaultValue: value,
    placeholder: props.placeholder,
    spellCheck: false,
    onKeyDown: keys,
    onBlur: blur,
    // Typing in a cell must not select the row or start a drag.
    onMouseDown: (e: React.MouseEvent) => e.stopPropagation(),
    onPaste: (e: React.ClipboardEvent) => e.stopPropagation(),
  };
  return multiline ? <textarea {...common} rows={2} /> : <input {...common} />;
}


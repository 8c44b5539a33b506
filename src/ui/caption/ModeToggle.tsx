/** Automatic noun phrases, or phrases separated by "." (GLIP's prompt style). */
import { memo, useId } from 'react';
import type { PhraseMode } from '../view-model.ts';

export interface ModeToggleProps {
  readonly mode: PhraseMode;
  readonly disabled?: boolean;
  onModeChange(mode: PhraseMode): void;
}

const OPTIONS: readonly { mode: PhraseMode; label: string; hint: string }[] = [
  { mode: 'auto', label: 'Noun phrases', hint: 'Find the noun phrases of the caption automatically' },
  { mode: 'dots', label: 'Split at “.”', hint: 'Each “.”-separated part is one phrase: “red circle. blue star”' },
];

export const ModeToggle = memo(function ModeToggle(p: ModeToggleProps) {
  const name = useId();
  return (
    <fieldset className="pg-mode" style={{ border: 0, margin: 0, padding: 0, display: 'flex', gap: 12, alignItems: 'center', fontSize: 14 }}>
      <legend style={{ float: 'left', marginRight: 8, color: '#555' }}>Phrases:</legend>
      {OPTIONS.map((o) => (
        <label key={o.mode} title={o.hint} style={{ cursor: 'pointer' }}>
          <input type="radio" name={name} value={o.mode} checked={p.mode === o.mode} disabled={p.disabled} onChange={() => p.onModeChange(o.mode)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
});

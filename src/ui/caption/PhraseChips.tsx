/** The phrases as chips in caption order: click to highlight its boxes, × to remove it. */
import { memo, useMemo } from 'react';
import { textColourOn } from '../colors.ts';
import type { ViewPhrase } from '../view-model.ts';
import { layoutChips } from './segments.ts';

export interface PhraseChipsProps {
  readonly text: string;
  readonly phrases: readonly ViewPhrase[];
  readonly cutAt: number | null;
  readonly selectedPhraseId: string | null;
  onSelectPhrase(id: string | null): void;
  onRemovePhrase(id: string): void;
  /** The pointer or focus is on a chip (id), or left it (null). */
  onPreviewPhrase?(id: string | null): void;
}

export const PhraseChips = memo(function PhraseChips(p: PhraseChipsProps) {
  const chips = useMemo(() => layoutChips(p.text, p.phrases, p.cutAt), [p.text, p.phrases, p.cutAt]);
  if (chips.length === 0) return <p className="pg-chips-empty" style={{ margin: 0, color: '#666' }}>No phrases yet.</p>;
  return (
    <ul className="pg-chips" aria-label="Phrases" style={{ listStyle: 'none', display: 'flex', flexWrap: 'wrap', gap: 6, margin: 0, padding: 0 }}>
      {chips.map((c) => {
        const selected = p.selectedPhraseId === c.id;
        const dimmed = p.selectedPhraseId !== null && !selected;
        const fg = textColourOn(c.colour);
        return (
          <li
            key={c.id}
            data-phrase-id={c.id}
            data-source={c.source}
            onMouseEnter={() => p.onPreviewPhrase?.(c.id)}
            onMouseLeave={() => p.onPreviewPhrase?.(null)}
            onFocus={() => p.onPreviewPhrase?.(c.id)}
            onBlur={() => p.onPreviewPhrase?.(null)}
            style={{
              display: 'inline-flex',
              alignItems: 'center',
              borderRadius: 999,
              background: c.colour,
              color: fg,
              opacity: dimmed ? 0.45 : 1,
              outline: selected ? `3px solid ${c.colour}` : undefined,
              outlineOffset: 2,
              textDecoration: c.cut ? 'line-through' : undefined,
            }}
          >
            <button
              type="button"
              aria-pressed={selected}
              title={c.cut ? 'Past the caption limit: the model does not see it' : `Show the boxes of “${c.label}”`}
              onClick={() => p.onSelectPhrase(selected ? null : c.id)}
              style={{ all: 'unset', cursor: 'pointer', padding: '2px 4px 2px 10px', font: '14px system-ui, sans-serif' }}
            >
              {c.source === 'manual' ? '✎ ' : ''}
              {c.label}
              <span style={{ marginLeft: 6, fontVariantNumeric: 'tabular-nums', opacity: 0.8 }}>{c.best === null ? '–' : c.best.toFixed(2)}</span>
            </button>
            <button
              type="button"
              aria-label={`Remove phrase ${c.label}`}
              title="Remove this phrase"
              onClick={() => p.onRemovePhrase(c.id)}
              style={{ all: 'unset', cursor: 'pointer', padding: '2px 10px 2px 4px', font: 'bold 14px system-ui, sans-serif' }}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
});

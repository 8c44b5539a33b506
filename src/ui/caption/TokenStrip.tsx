/** The caption's words as the model tokenized them: pick one to see its word–region heatmap. */
import { memo } from 'react';
import type { ViewToken } from '../view-model.ts';

export interface TokenStripProps {
  readonly text: string;
  readonly tokens: readonly ViewToken[];
  readonly selectedTokenIndex: number | null;
  onSelectToken(index: number | null): void;
}

export const TokenStrip = memo(function TokenStrip(p: TokenStripProps) {
  if (p.tokens.length === 0) return null;
  return (
    <div className="pg-tokens" role="group" aria-label="Words: show where a word matches" style={{ display: 'flex', flexWrap: 'wrap', gap: 3, alignItems: 'center' }}>
      <span style={{ color: '#555', fontSize: 13, marginRight: 4 }}>Where does a word match?</span>
      {p.tokens.map((t) => {
        const selected = p.selectedTokenIndex === t.index;
        return (
          <button
            key={t.index}
            type="button"
            data-token-index={t.index}
            aria-pressed={selected}
            onClick={() => p.onSelectToken(selected ? null : t.index)}
            title={`Heatmap of “${t.text}” over the image`}
            style={{
              font: '13px ui-monospace, monospace',
              padding: '1px 5px',
              borderRadius: 3,
              border: `1px solid ${selected ? '#21918C' : '#bbb'}`,
              background: selected ? '#21918C' : '#f4f4f4',
              color: selected ? '#fff' : '#222',
              cursor: 'pointer',
            }}
          >
            {p.text.slice(t.span[0], t.span[1]) || t.text}
          </button>
        );
      })}
    </div>
  );
});

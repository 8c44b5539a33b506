/** The score threshold slider and the per-phrase top-k box cap. */
import { memo, useId } from 'react';
import type { DisplaySettings } from '../view-model.ts';

export interface DisplayControlsProps {
  readonly settings: DisplaySettings;
  readonly disabled?: boolean;
  /** Largest allowed top-k (the number of model regions, say). */
  readonly maxTopK?: number;
  onChange(settings: DisplaySettings): void;
}

/** Keeps a typed top-k a whole number in [1, max]; NaN (an emptied field) keeps the old value. */
export function clampTopK(value: number, previous: number, max: number): number {
  if (!Number.isFinite(value)) return previous;
  return Math.max(1, Math.min(max, Math.round(value)));
}

export const DisplayControls = memo(function DisplayControls(p: DisplayControlsProps) {
  const id = useId();
  const max = p.maxTopK ?? 100;
  const { threshold, topK } = p.settings;
  return (
    <div className="pg-controls" style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'center', fontSize: 14 }}>
      <label htmlFor={`${id}-t`}>Score threshold</label>
      <input
        id={`${id}-t`}
        type="range"
        min={0}
        max={1}
        step={0.01}
        value={threshold}
        disabled={p.disabled}
        onChange={(e) => p.onChange({ threshold: Number(e.target.value), topK })}
        style={{ width: 160 }}
      />
      <output htmlFor={`${id}-t`} style={{ fontVariantNumeric: 'tabular-nums', minWidth: '2.5em' }}>
        {threshold.toFixed(2)}
      </output>
      <label htmlFor={`${id}-k`}>Boxes per phrase (top-k)</label>
      <input
        id={`${id}-k`}
        type="number"
        min={1}
        max={max}
        step={1}
        value={topK}
        disabled={p.disabled}
        onChange={(e) => p.onChange({ threshold, topK: clampTopK(e.target.valueAsNumber, topK, max) })}
        style={{ width: '4.5em' }}
      />
    </div>
  );
});

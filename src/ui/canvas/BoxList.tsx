/**
 * The drawn boxes mirrored as a visually hidden list, so screen readers and end-to-end tests
 * read them without pixels. One item per box: data-phrase, data-phrase-id, data-source,
 * data-bbox ("x1,y1,x2,y2", original pixels), data-score, data-highlighted.
 */
import { memo, type CSSProperties } from 'react';
import type { ViewPhrase } from '../view-model.ts';
import { formatScore, selectionSummary } from './box-scene.ts';

export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

export interface BoxListProps {
  readonly phrases: readonly ViewPhrase[];
  readonly selectedPhraseId: string | null;
}

const px = (v: number) => String(Math.round(v * 100) / 100);

export const BoxList = memo(function BoxList({ phrases, selectedPhraseId }: BoxListProps) {
  const count = phrases.reduce((n, p) => n + p.boxes.length, 0);
  return (
    <>
      <p style={visuallyHidden} aria-live="polite" data-testid="selection-summary">
        {selectionSummary(phrases, selectedPhraseId)}
      </p>
      <ul style={visuallyHidden} aria-label={`${count} boxes found`} data-testid="box-list">
        {phrases.flatMap((p) =>
          p.boxes.map((b, i) => (
            <li
              key={`${p.id}#${i}`}
              data-phrase={p.text}
              data-phrase-id={p.id}
              data-source={p.source}
              data-bbox={b.bbox.map(px).join(',')}
              data-score={b.score.toFixed(4)}
              data-highlighted={String(selectedPhraseId === p.id)}
            >
              {`${p.text}, score ${formatScore(b.score)}, box from ${Math.round(b.bbox[0])},${Math.round(b.bbox[1])} to ${Math.round(b.bbox[2])},${Math.round(b.bbox[3])}`}
            </li>
          )),
        )}
      </ul>
    </>
  );
});

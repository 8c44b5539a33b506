/** Zoom buttons, the zoom level, and the "search by example" tool switch. */
import { memo } from 'react';
import type { CanvasTool } from './use-pointer-gestures.ts';

export interface CanvasToolbarProps {
  /** Current zoom relative to the fitted view (1 = fit). */
  readonly zoom: number;
  readonly tool: CanvasTool;
  readonly disabled: boolean;
  onZoomIn(): void;
  onZoomOut(): void;
  onFit(): void;
  onToolChange(tool: CanvasTool): void;
}

export const CanvasToolbar = memo(function CanvasToolbar(p: CanvasToolbarProps) {
  const searching = p.tool === 'search';
  return (
    <div className="pg-canvas-toolbar" role="toolbar" aria-label="Image view" style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
      <button type="button" onClick={p.onZoomOut} disabled={p.disabled} aria-label="Zoom out" title="Zoom out (-)">
        −
      </button>
      <output aria-label="Zoom level" style={{ minWidth: '3.5em', textAlign: 'center', fontVariantNumeric: 'tabular-nums' }}>
        {Math.round(p.zoom * 100)}%
      </output>
      <button type="button" onClick={p.onZoomIn} disabled={p.disabled} aria-label="Zoom in" title="Zoom in (+)">
        +
      </button>
      <button type="button" onClick={p.onFit} disabled={p.disabled} title="Fit the image (0)">
        Fit
      </button>
      <button
        type="button"
        aria-pressed={searching}
        disabled={p.disabled}
        onClick={() => p.onToolChange(searching ? 'select' : 'search')}
        title="Draw a box around an object to find similar ones"
      >
        {searching ? 'Drawing a box… (Esc to cancel)' : 'Search by example'}
      </button>
    </div>
  );
});

/** Draws heatmap cells as translucent rectangles over the image. */
import { memo } from 'react';
import { Layer, Rect } from 'react-konva';
import type { HeatCell } from '../view-model.ts';
import { boxToStage, type Viewport } from './viewport.ts';

export interface HeatmapLayerProps {
  readonly cells: readonly HeatCell[];
  readonly viewport: Viewport;
}

export const HeatmapLayer = memo(function HeatmapLayer({ cells, viewport }: HeatmapLayerProps) {
  return (
    <Layer listening={false}>
      {cells.map((c, i) => (
        <Rect key={i} {...boxToStage(viewport, c.bbox)} fill={c.colour} opacity={c.opacity} />
      ))}
    </Layer>
  );
});

/** Draws a built box scene: a stroked rectangle and a "phrase 0.93" label per box. */
import { memo } from 'react';
import { Label, Layer, Rect, Tag, Text } from 'react-konva';
import { LABEL_FONT_SIZE, LABEL_PADDING, type DrawnBox } from './box-scene.ts';

export interface BoxesLayerProps {
  readonly boxes: readonly DrawnBox[];
}

export const BoxesLayer = memo(function BoxesLayer({ boxes }: BoxesLayerProps) {
  return (
    <Layer listening={false}>
      {boxes.map((b) => (
        <Rect
          key={`r:${b.key}`}
          {...b.rect}
          stroke={b.colour}
          strokeWidth={b.strokeWidth}
          opacity={b.opacity}
          shadowColor="#000000"
          shadowBlur={b.highlighted || b.hovered ? 4 : 2}
          shadowOpacity={0.6}
        />
      ))}
      {boxes.map((b) => (
        <Label key={`l:${b.key}`} x={b.labelX} y={b.labelY} opacity={b.opacity}>
          <Tag fill={b.colour} cornerRadius={2} />
          <Text
            text={b.label}
            fontSize={LABEL_FONT_SIZE}
            fontFamily="system-ui, sans-serif"
            fontStyle={b.highlighted ? 'bold' : 'normal'}
            padding={LABEL_PADDING}
            fill={b.labelTextColour}
          />
        </Label>
      ))}
    </Layer>
  );
});

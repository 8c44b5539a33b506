/** Label widths measured on a canvas, as Konva will draw them (bold, so either weight fits). */
import { estimateTextWidth } from './label-placement.ts';

let context: CanvasRenderingContext2D | null | undefined;

export function measureLabelText(text: string, fontSize: number): number {
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return estimateTextWidth(text, fontSize);
  context.font = `bold ${fontSize}px system-ui, sans-serif`;
  return Math.ceil(context.measureText(text).width);
}

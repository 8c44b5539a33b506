/**
 * Word–region scores of one token as translucent cells over the image, coloured on the
 * viridis ramp (perceptually uniform and colour-blind safe).
 */
import { imageBox, type HeatCell, type HeatmapSource, type ImageBox, type Size } from '../view-model.ts';

const VIRIDIS = ['#440154', '#3B528B', '#21918C', '#5EC962', '#FDE725'];

/** The viridis colour at t in [0, 1], linearly interpolated between five stops. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  const mix = (k: number) => {
    const va = parseInt(a.slice(1 + 2 * k, 3 + 2 * k), 16);
    const vb = parseInt(b.slice(1 + 2 * k, 3 + 2 * k), 16);
    return Math.round(va + (vb - va) * f)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${mix(0)}${mix(1)}${mix(2)}`.toUpperCase();
}

export interface HeatmapOptions {
  /** Clip cells to this image. */
  readonly image: Size;
  /** Cells below this (relative) strength are left out, so the image stays visible. */
  readonly minStrength?: number;
  /** At most this many cells (the strongest); overlapping region boxes pile up otherwise. */
  readonly maxCells?: number;
  /** Colour by score / max score (default), so a token with low absolute scores still shows where it looks. */
  readonly relative?: boolean;
}

/** Cells in paint order (weakest first, so the strongest is on top). */
export function buildHeatCells(src: HeatmapSource, opts: HeatmapOptions): HeatCell[] {
  const { image, minStrength = 0.15, maxCells = 300, relative = true } = opts;
  const boxes = src.kind === 'regions' ? src.boxes : gridBoxes(src.rows, src.cols, src.area);
  const n = Math.min(boxes.length, src.scores.length);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, src.scores[i]);
  const denominator = relative && max > 0 ? max : 1;
  const cells: HeatCell[] = [];
  for (let i = 0; i < n; i++) {
    const score = src.scores[i];
    const strength = Math.min(1, Math.max(0, score / denominator));
    if (!(strength >= minStrength)) continue;
    const clipped = clip(boxes[i], image);
    if (clipped === null) continue;
    cells.push({ bbox: clipped, score, colour: viridis(strength), opacity: 0.05 + 0.6 * strength });
  }
  cells.sort((a, b) => a.score - b.score);
  return cells.slice(Math.max(0, cells.length - maxCells));
}

/** Row-major cell boxes of a rows x cols grid laid over `area`. */
export function gridBoxes(rows: number, cols: number, area: ImageBox): ImageBox[] {
  const [x1, y1, x2, y2] = area;
  const cw = (x2 - x1) / cols;
  const ch = (y2 - y1) / rows;
  const boxes: ImageBox[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) boxes.push(imageBox(x1 + c * cw, y1 + r * ch, x1 + (c + 1) * cw, y1 + (r + 1) * ch));
  }
  return boxes;
}

function clip(b: ImageBox, image: Size): ImageBox | null {
  const x1 = Math.max(0, b[0]);
  const y1 = Math.max(0, b[1]);
  const x2 = Math.min(image.width, b[2]);
  const y2 = Math.min(image.height, b[3]);
  return x2 > x1 && y2 > y1 ? imageBox(x1, y1, x2, y2) : null;
}

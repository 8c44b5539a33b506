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
  /** Cells below this strength (0..1, after min-max scaling) are left out, so the image stays visible. */
  readonly minStrength?: number;
  /** At most this many cells (the strongest). */
  readonly maxCells?: number;
  /** More regions than this are shown as a grid of their centres instead of as overlapping boxes. */
  readonly maxRegionRects?: number;
}

/**
 * Cells in paint order (weakest first, so the strongest is on top). Colour and opacity follow
 * the score scaled min-max over the token's regions, so a token whose absolute scores are all
 * low still shows where it looks. Many regions (a detector's dense predictions) would pile up
 * as translucent boxes, so each region's score is put at its box centre on a grid instead.
 */
export function buildHeatCells(src: HeatmapSource, opts: HeatmapOptions): HeatCell[] {
  const { image, minStrength = 0.25, maxCells = 2500, maxRegionRects = 64 } = opts;
  const grid = src.kind === 'regions' && src.boxes.length > maxRegionRects ? splatCentres(src.boxes, src.scores, image) : src;
  const boxes = grid.kind === 'regions' ? grid.boxes : gridBoxes(grid.rows, grid.cols, grid.area);
  const n = Math.min(boxes.length, grid.scores.length);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = grid.scores[i];
    if (Number.isFinite(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
  }
  const range = max - min;
  const cells: HeatCell[] = [];
  for (let i = 0; i < n; i++) {
    const score = grid.scores[i];
    if (!Number.isFinite(score)) continue;
    const strength = range > 1e-9 ? (score - min) / range : 1;
    if (strength < minStrength) continue;
    const clipped = clip(boxes[i], image);
    if (clipped === null) continue;
    cells.push({ bbox: clipped, score, colour: viridis(strength), opacity: 0.05 + 0.6 * strength });
  }
  cells.sort((a, b) => a.score - b.score);
  return cells.slice(Math.max(0, cells.length - maxCells));
}

/**
 * Regions as a grid over the image: each cell holds the best score of the regions whose box
 * centre falls in it (NaN where none does). About one cell per region, at most 48 x 48.
 */
export function splatCentres(boxes: readonly ImageBox[], scores: ArrayLike<number>, image: Size): HeatmapSource & { kind: 'grid' } {
  const side = Math.max(4, Math.min(48, Math.round(Math.sqrt(boxes.length))));
  const cells = new Float32Array(side * side).fill(NaN);
  const n = Math.min(boxes.length, scores.length);
  for (let i = 0; i < n; i++) {
    const [x1, y1, x2, y2] = boxes[i];
    const c = Math.min(side - 1, Math.max(0, Math.floor(((x1 + x2) / 2 / image.width) * side)));
    const r = Math.min(side - 1, Math.max(0, Math.floor(((y1 + y2) / 2 / image.height) * side)));
    const k = r * side + c;
    if (!(cells[k] >= scores[i])) cells[k] = scores[i];
  }
  return { kind: 'grid', rows: side, cols: side, scores: cells, area: imageBox(0, 0, image.width, image.height) };
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

import { describe, expect, it } from 'vitest';
import { buildBoxScene, LABEL_HEIGHT, selectionSummary } from '../../src/ui/canvas/box-scene.ts';
import { buildHeatCells, gridBoxes, splatCentres, viridis } from '../../src/ui/canvas/heatmap.ts';
import { hitTest } from '../../src/ui/canvas/hit-test.ts';
import { navigatePhrases } from '../../src/ui/canvas/keyboard.ts';
import { placeLabels } from '../../src/ui/canvas/label-placement.ts';
import { imageBox, imagePoint, type ViewPhrase } from '../../src/ui/view-model.ts';

const phrase = (id: string, colour: string, boxes: [number, number, number, number, number][]): ViewPhrase => ({
  id,
  text: id,
  span: null,
  colour,
  source: 'auto',
  boxes: boxes.map(([x1, y1, x2, y2, score], region) => ({ bbox: imageBox(x1, y1, x2, y2), score, region })),
});

const table = phrase('table', '#E69F00', [[0, 0, 400, 300, 0.6]]);
const cup = phrase('cup', '#56B4E9', [[100, 100, 150, 160, 0.9], [300, 20, 340, 60, 0.5]]);

describe('hit-testing a click', () => {
  it('picks the smallest box containing the point', () => {
    expect(hitTest([table, cup], imagePoint(120, 130))).toEqual({ phraseId: 'cup', boxIndex: 0 });
    expect(hitTest([cup, table], imagePoint(310, 30))).toEqual({ phraseId: 'cup', boxIndex: 1 });
    expect(hitTest([table, cup], imagePoint(200, 200))).toEqual({ phraseId: 'table', boxIndex: 0 });
  });
  it('misses outside every box, and the slop lets a thin edge be hit', () => {
    expect(hitTest([cup], imagePoint(151, 130))).toBeNull();
    expect(hitTest([cup], imagePoint(151, 130), 2)).toEqual({ phraseId: 'cup', boxIndex: 0 });
  });
  it('breaks an area tie by the higher score', () => {
    const a = phrase('a', '#000000', [[0, 0, 10, 10, 0.3]]);
    const b = phrase('b', '#000000', [[0, 0, 10, 10, 0.8]]);
    expect(hitTest([a, b], imagePoint(5, 5))?.phraseId).toBe('b');
  });
});

describe('box scene', () => {
  const vp = { scale: 0.5, x: 10, y: 10 };
  it('labels boxes "phrase score", draws small boxes over large ones', () => {
    const scene = buildBoxScene([cup, table], vp, { selectedPhraseId: null, hovered: null, stage: { width: 1000, height: 1000 } });
    expect(scene.map((b) => b.label)).toEqual(['table 0.60', 'cup 0.90', 'cup 0.50']);
    expect(scene.every((b) => b.opacity === 1)).toBe(true);
    expect(scene[1].rect).toEqual({ x: 60, y: 60, width: 25, height: 30 });
  });
  it('highlights the selected phrase and dims the others, hovered on top', () => {
    const scene = buildBoxScene([cup, table], vp, { selectedPhraseId: 'cup', hovered: { phraseId: 'table', boxIndex: 0 }, stage: { width: 1000, height: 1000 } });
    const byKey = Object.fromEntries(scene.map((b) => [b.key, b]));
    expect(byKey['cup#0'].highlighted && byKey['cup#0'].opacity === 1).toBe(true);
    expect(byKey['table#0'].hovered).toBe(true);
    expect(scene.at(-1)?.key).toBe('table#0');
    const dimmed = buildBoxScene([cup, table], vp, { selectedPhraseId: 'cup', hovered: null, stage: { width: 1000, height: 1000 } });
    expect(dimmed.find((b) => b.phraseId === 'table')?.opacity).toBeLessThan(0.5);
  });
  it('keeps every label in place while the pointer hovers boxes', () => {
    const base = { selectedPhraseId: null, stage: { width: 1000, height: 1000 } };
    const spots = (hovered: { phraseId: string; boxIndex: number } | null) =>
      Object.fromEntries(buildBoxScene([cup, table], vp, { ...base, hovered }).map((b) => [b.key, [b.labelX, b.labelY]]));
    expect(spots({ phraseId: 'table', boxIndex: 0 })).toEqual(spots(null));
    expect(spots({ phraseId: 'cup', boxIndex: 1 })).toEqual(spots(null));
  });
  it('summarises the selected phrase for screen readers', () => {
    expect(selectionSummary([cup, table], 'cup')).toBe('cup: 2 boxes, best 0.90');
    expect(selectionSummary([phrase('none', '#000000', [])], 'none')).toBe('none: no box above the threshold');
    expect(selectionSummary([cup], null)).toBe('');
  });
  it('puts the label above the box, or inside when the box touches the top', () => {
    const edge = phrase('edge', '#000000', [[10, 5, 50, 50, 0.5]]);
    const scene = buildBoxScene([cup, edge], { scale: 1, x: 0, y: 0 }, { selectedPhraseId: null, hovered: null, stage: { width: 1000, height: 1000 } });
    expect(scene.find((b) => b.key === 'cup#0')!.labelY).toBe(100 - LABEL_HEIGHT);
    expect(scene.find((b) => b.key === 'edge#0')!.labelY).toBe(5);
  });
});

describe('label placement', () => {
  const stage = { width: 300, height: 200 };
  const rect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height }) as never;
  it('moves a label that would cover an earlier one inside or below its box', () => {
    // two boxes with nearly the same top-left: the second label may not sit on the first
    const spots = placeLabels(
      [
        { box: rect(50, 60, 100, 80), width: 90, height: 19 },
        { box: rect(55, 70, 80, 60), width: 90, height: 19 },
      ],
      stage,
    );
    expect(spots[0]).toEqual({ x: 50, y: 41 });
    expect(spots[1]).toEqual({ x: 55, y: 70 }); // inside its own box's top
  });
  it('keeps labels on the stage when the box runs off it', () => {
    const [spot] = placeLabels([{ box: rect(250, -40, 100, 100), width: 90, height: 19 }], stage);
    expect(spot).toEqual({ x: 210, y: 0 });
  });
});

describe('heatmap cells', () => {
  it('lays a grid over an area row-major', () => {
    const g = gridBoxes(2, 3, imageBox(0, 0, 300, 100));
    expect(g).toHaveLength(6);
    expect([...g[4]]).toEqual([100, 50, 200, 100]);
  });
  it('scales scores min-max, drops weak cells, clips to the image, strongest on top', () => {
    const cells = buildHeatCells(
      { kind: 'grid', rows: 1, cols: 4, scores: [0.02, 0.2, 0.1, 0.01], area: imageBox(-50, 0, 350, 100) },
      { image: { width: 300, height: 100 } },
    );
    expect(cells.map((c) => c.score)).toEqual([0.1, 0.2]);
    expect(cells[1].colour).toBe(viridis(1));
    expect(cells[0].colour).toBe(viridis((0.1 - 0.01) / (0.2 - 0.01)));
    expect([...cells[1].bbox]).toEqual([50, 0, 150, 100]);
    expect(cells[1].opacity).toBeGreaterThan(cells[0].opacity);
  });
  it('keeps only the strongest cells when capped', () => {
    const scores = Float32Array.from({ length: 100 }, (_, i) => i / 100);
    const cells = buildHeatCells({ kind: 'grid', rows: 10, cols: 10, scores, area: imageBox(0, 0, 10, 10) }, { image: { width: 10, height: 10 }, maxCells: 5 });
    expect(cells.map((c) => c.score)).toEqual([0.95, 0.96, 0.97, 0.98, 0.99].map((v) => Math.fround(v)));
  });
  it('draws a few regions as their boxes', () => {
    const boxes = [imageBox(0, 0, 50, 50), imageBox(10, 10, 90, 90)];
    const cells = buildHeatCells({ kind: 'regions', boxes, scores: [0.3, 0.9] }, { image: { width: 100, height: 100 }, minStrength: 0 });
    expect(cells.map((c) => [...c.bbox])).toEqual([[0, 0, 50, 50], [10, 10, 90, 90]]);
  });
  it('puts many regions on a grid at their box centres, keeping the best score per cell', () => {
    // 100 regions -> a 10 x 10 grid over a 200 x 100 image; a big box lands on region 55's cell
    const boxes = Array.from({ length: 100 }, (_, i) => imageBox((i % 10) * 20, Math.floor(i / 10) * 10, (i % 10) * 20 + 20, Math.floor(i / 10) * 10 + 10));
    const scores = Float32Array.from({ length: 100 }, (_, i) => i / 100);
    boxes[0] = imageBox(0, 0, 200, 100); // centre (100, 50) -> row 5, col 5
    scores[0] = 0.995;
    const grid = splatCentres(boxes, scores, { width: 200, height: 100 });
    expect([grid.rows, grid.cols]).toEqual([10, 10]);
    expect(grid.scores[55]).toBeCloseTo(0.995);
    expect(Number.isNaN(grid.scores[0])).toBe(true); // region 0 moved away from cell 0
    const cells = buildHeatCells({ kind: 'regions', boxes, scores }, { image: { width: 200, height: 100 }, minStrength: 0 });
    expect(cells).toHaveLength(99);
    expect([...cells.at(-1)!.bbox]).toEqual([100, 50, 120, 60]);
  });
  it('viridis runs from purple to yellow', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#FDE725');
    expect(viridis(0.5)).toBe('#21918C');
  });
});

describe('keyboard navigation', () => {
  const ids = ['a', 'b', 'c'];
  it('arrows cycle through phrases, Escape clears', () => {
    expect(navigatePhrases(ids, null, 'ArrowRight')).toEqual({ phraseId: 'a', handled: true });
    expect(navigatePhrases(ids, 'c', 'ArrowDown').phraseId).toBe('a');
    expect(navigatePhrases(ids, 'a', 'ArrowLeft').phraseId).toBe('c');
    expect(navigatePhrases(ids, 'b', 'Escape')).toEqual({ phraseId: null, handled: true });
  });
  it('Tab walks forward and lets focus leave at the end (no keyboard trap)', () => {
    expect(navigatePhrases(ids, 'a', 'Tab').phraseId).toBe('b');
    expect(navigatePhrases(ids, 'c', 'Tab').handled).toBe(false);
    expect(navigatePhrases(ids, 'b', 'Tab', true).phraseId).toBe('a');
    expect(navigatePhrases(ids, null, 'Tab', true).handled).toBe(false);
    expect(navigatePhrases([], null, 'ArrowRight').handled).toBe(false);
  });
});

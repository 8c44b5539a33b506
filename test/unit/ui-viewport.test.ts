import { describe, expect, it } from 'vitest';
import {
  boxFromCorners,
  boxToStage,
  exportRegion,
  fitViewport,
  imageToStage,
  keepInView,
  MAX_ZOOM,
  panBy,
  stageToImage,
  wheelFactor,
  zoomAt,
} from '../../src/ui/canvas/viewport.ts';
import { imageBox, imagePoint, stagePoint } from '../../src/ui/view-model.ts';

describe('image <-> stage mapping', () => {
  it('fits a large landscape image to the stage width and centres it vertically', () => {
    const vp = fitViewport({ width: 4000, height: 2000 }, { width: 816, height: 616 }, 8);
    expect(vp.scale).toBeCloseTo(0.2);
    expect(vp.x).toBeCloseTo(8);
    expect(vp.y).toBeCloseTo((616 - 400) / 2);
  });

  it('fits a portrait image to the stage height', () => {
    const vp = fitViewport({ width: 300, height: 900 }, { width: 800, height: 300 }, 0);
    expect(vp.scale).toBeCloseTo(1 / 3);
    expect(vp.x).toBeCloseTo(350);
    expect(vp.y).toBe(0);
  });

  it('maps image corners to the fitted rectangle and back exactly', () => {
    const vp = fitViewport({ width: 640, height: 480 }, { width: 1000, height: 500 }, 10);
    const tl = imageToStage(vp, imagePoint(0, 0));
    const br = imageToStage(vp, imagePoint(640, 480));
    expect(br.y - tl.y).toBeCloseTo(480);
    expect((br.x + tl.x) / 2).toBeCloseTo(500);
    for (const [x, y] of [[0, 0], [123.5, 77.25], [640, 480]]) {
      const back = stageToImage(vp, imageToStage(vp, imagePoint(x, y)));
      expect(back.x).toBeCloseTo(x, 9);
      expect(back.y).toBeCloseTo(y, 9);
    }
  });

  it('maps a box to a stage rectangle with the scaled size', () => {
    const vp = { scale: 0.5, x: 10, y: 20 };
    expect(boxToStage(vp, imageBox(100, 50, 300, 250))).toEqual({ x: 60, y: 45, width: 100, height: 100 });
  });

  it('zooming about a point keeps the image point under it', () => {
    const vp = fitViewport({ width: 640, height: 480 }, { width: 800, height: 600 });
    const anchor = stagePoint(333, 222);
    const before = stageToImage(vp, anchor);
    const zoomed = zoomAt(vp, anchor, 3, vp.scale);
    expect(zoomed.scale).toBeCloseTo(vp.scale * 3);
    const after = stageToImage(zoomed, anchor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('clamps the zoom to the limits', () => {
    const vp = { scale: 1, x: 0, y: 0 };
    expect(zoomAt(vp, stagePoint(0, 0), 1e6, 1).scale).toBe(MAX_ZOOM);
    expect(zoomAt(vp, stagePoint(0, 0), 1e-6, 1).scale).toBe(0.5);
  });

  it('pans by stage pixels and wheel notches zoom in and out symmetrically', () => {
    expect(panBy({ scale: 2, x: 1, y: 2 }, 5, -3)).toEqual({ scale: 2, x: 6, y: -1 });
    expect(wheelFactor(-100)).toBeCloseTo(1.2);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1);
  });

  it('keeps part of the image on the stage however far it is panned', () => {
    const image = { width: 1000, height: 500 };
    const stage = { width: 400, height: 300 };
    const away = keepInView({ scale: 1, x: -5000, y: 900 }, image, stage, 48);
    expect(away).toEqual({ scale: 1, x: 48 - 1000, y: 300 - 48 });
    const fine = { scale: 1, x: -100, y: 10 };
    expect(keepInView(fine, image, stage)).toBe(fine);
  });

  it('normalises a drawn box in any direction and clips it to the image', () => {
    const box = boxFromCorners(imagePoint(500, -20), imagePoint(120, 300), { width: 400, height: 250 });
    expect([...box]).toEqual([120, 0, 400, 250]);
  });

  it('exports the image area at its original resolution', () => {
    const vp = { scale: 0.25, x: 8, y: 30 };
    const r = exportRegion(vp, { width: 4000, height: 3000 });
    expect(r).toEqual({ x: 8, y: 30, width: 1000, height: 750, pixelRatio: 4 });
    expect(r.width * r.pixelRatio).toBe(4000);
    // a huge image is capped so the canvas stays drawable
    expect(exportRegion({ scale: 0.01, x: 0, y: 0 }, { width: 50000, height: 100 }).pixelRatio * 500).toBeCloseTo(16384);
  });
});

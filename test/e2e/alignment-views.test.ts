import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './harness/browser.ts';
import { readBoxes, setCaption, waitForModel, waitForResult } from './harness/app.ts';
import { iou, testScenes } from './harness/data.ts';
import { startE2e, type E2eEnv } from './harness/setup.ts';

/**
 * Seeing the alignment on the bundled model: a word's heatmap peaks on the object it names, and a
 * box drawn around an object ("search by example") finds that object. Test scene 000004.png:
 * "a pink heart, a brown circle to the left of a green hexagon" (the heart is absent).
 */
let env: E2eEnv;
let page: Page;
const scene = testScenes().find((s) => s.name === '000004.png')!;
const gtOf = (words: string) => scene.phrases.find((p) => scene.caption.slice(...p.span) === words)!.boxes[0];

beforeAll(async () => {
  env = await startE2e();
  page = (await openPage(env.browser, env.appUrl({ backend: 'wasm', 'no-sw': '1' }))).page;
  await waitForModel(page, 120_000);
  await page.getByTestId('image-file').setInputFiles(scene.file);
  await setCaption(page, scene.caption);
  await waitForResult(page, scene.caption, scene.name);
});

afterAll(async () => {
  await env?.close();
});

/** Original image pixels -> page coordinates, from the canvas's own view transform. */
async function toPage(x: number, y: number): Promise<[number, number]> {
  const canvas = page.getByTestId('grounding-canvas');
  const host = (await canvas.boundingBox())!;
  const [vx, vy, scale] = (await canvas.getAttribute('data-view'))!.split(',').map(Number);
  return [host.x + vx + x * scale, host.y + vy + y * scale];
}

describe('seeing the alignment', () => {
  it("a word's heatmap peaks on the object it names", async () => {
    const word = page.locator('.pg-tokens button', { hasText: /^circle$/ });
    await word.click();
    await page.waitForSelector('[data-testid="grounding-canvas"][data-heatmap-peak]');
    const [px, py] = (await page.getByTestId('grounding-canvas').getAttribute('data-heatmap-peak'))!.split(',').map(Number);
    const [x1, y1, x2, y2] = gtOf('a brown circle');
    expect(px).toBeGreaterThanOrEqual(x1);
    expect(px).toBeLessThanOrEqual(x2);
    expect(py).toBeGreaterThanOrEqual(y1);
    expect(py).toBeLessThanOrEqual(y2);
    await word.click(); // off again
    await page.waitForSelector('[data-testid="grounding-canvas"]:not([data-heatmap-peak])');
  });

  it('a box drawn around an object finds that object', async () => {
    const target = gtOf('a green hexagon');
    await page.getByRole('button', { name: 'Search by example' }).click();
    const [sx, sy] = await toPage(target[0], target[1]);
    const [ex, ey] = await toPage(target[2], target[3]);
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    await page.mouse.move(ex, ey, { steps: 8 });
    await page.mouse.up();
    await page.waitForSelector('[data-testid="box-list"] li[data-source="example"]');
    const found = (await readBoxes(page)).filter((b) => b.source === 'example');
    expect(Math.max(...found.map((b) => iou(b.bbox, target)))).toBeGreaterThanOrEqual(0.5);
  });
});

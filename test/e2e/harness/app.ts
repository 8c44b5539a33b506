import type { Page } from 'playwright-core';

/** Reads the app through its DOM: the accessible box list and data-* attributes, never pixels. */

export interface ShownBox {
  phrase: string;
  phraseId: string;
  source: string;
  bbox: [number, number, number, number];
  score: number;
  highlighted: boolean;
}

export const captionBox = (page: Page) => page.locator('textarea[aria-label="Caption"]');

/** Waits for the model; a failed load fails at once with the page's error line. */
export async function waitForModel(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForSelector('[data-testid="model-panel"]:is([data-status="ready"], [data-status="failed"])', { timeout });
  if ((await page.getByTestId('model-panel').getAttribute('data-status')) === 'failed') {
    throw new Error(`the model failed to load: ${await page.getByTestId('error').textContent()}`);
  }
}

/** Waits until the shown result belongs to this caption (and image, when given). */
export async function waitForResult(page: Page, caption: string, image?: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ([c, i]) => {
      const el = document.querySelector('[data-testid="result-state"]');
      return !!el && el.getAttribute('data-caption') === c && (i === null || el.getAttribute('data-image') === i);
    },
    [caption, image ?? null] as const,
    { timeout, polling: 'raf' },
  );
}

export async function readBoxes(page: Page): Promise<ShownBox[]> {
  return page.$$eval('[data-testid="box-list"] li', (items) =>
    items.map((li) => {
      const d = (li as HTMLElement).dataset;
      return {
        phrase: d.phrase ?? '',
        phraseId: d.phraseId ?? '',
        source: d.source ?? '',
        bbox: (d.bbox ?? '').split(',').map(Number) as [number, number, number, number],
        score: Number(d.score),
        highlighted: d.highlighted === 'true',
      };
    }),
  );
}

export async function setCaption(page: Page, caption: string): Promise<void> {
  await captionBox(page).fill(caption);
}

export async function errorText(page: Page, timeout = 30_000): Promise<string> {
  const el = page.locator('[data-testid="error"]');
  await el.waitFor({ timeout });
  return (await el.locator('.error-text').textContent()) ?? '';
}

export async function dismissError(page: Page): Promise<void> {
  await page.locator('[data-testid="error"] button').click();
}

export async function counters(page: Page): Promise<{ imageEncodes: number; textEncodes: number }> {
  const el = page.locator('[data-testid="timings"]');
  return {
    imageEncodes: Number(await el.getAttribute('data-image-encodes')),
    textEncodes: Number(await el.getAttribute('data-text-encodes')),
  };
}

/** Sets the score threshold and top-k, and waits until the shown result was made with them. */
export async function setThresholds(page: Page, threshold: number, topK: number): Promise<void> {
  await page.getByLabel('Score threshold').fill(String(threshold));
  await page.getByLabel('Boxes per phrase (top-k)').fill(String(topK));
  await page.waitForFunction(
    ([t, k]) => {
      const el = document.querySelector('[data-testid="result-state"]');
      return Number(el?.getAttribute('data-threshold')) === t && Number(el?.getAttribute('data-top-k')) === k;
    },
    [threshold, topK] as const,
    { timeout: 60_000, polling: 'raf' },
  );
}

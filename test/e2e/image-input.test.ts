import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './harness/browser.ts';
import { repoRoot } from './harness/build.ts';
import { waitForModel, waitForResult } from './harness/app.ts';
import { RANDOM_BUNDLE, startE2e, type E2eEnv } from './harness/setup.ts';

/** The other ways in: drag and drop, paste, and EXIF orientation (random bundle: fast). */
let env: E2eEnv;
let page: Page;

const shownSize = (p: Page) => p.getByTestId('result-state').getAttribute('data-image-size');
const caption = () => page.locator('textarea[aria-label="Caption"]').inputValue();

/** Hands the page a file as a drop on the image area or a clipboard paste, as a browser would. */
async function deliver(how: 'drop' | 'paste', bytes: Buffer, name: string, type: string) {
  await page.evaluate(
    ({ how, data, name, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type }));
      if (how === 'drop') {
        const target = document.querySelector('[data-testid="image-drop"]')!;
        target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
        target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
      } else {
        document.body.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }));
      }
    },
    { how, data: bytes.toString('base64'), name, type },
  );
}

beforeAll(async () => {
  env = await startE2e();
  page = (await openPage(env.browser, env.appUrl({ backend: 'wasm', model: RANDOM_BUNDLE, 'no-sw': '1' }))).page;
  await waitForModel(page, 120_000);
  await waitForResult(page, await caption());
});

afterAll(async () => {
  await env?.close();
});

describe('image input', () => {
  it('takes a dropped file', async () => {
    const png = readFileSync(join(repoRoot, 'public/samples/000007.png'));
    await deliver('drop', png, 'dropped.png', 'image/png');
    await waitForResult(page, await caption(), 'dropped.png');
    const { width, height } = await sharp(png).metadata();
    expect(await shownSize(page)).toBe(`${width}x${height}`);
  });

  it('takes a pasted image', async () => {
    const png = readFileSync(join(repoRoot, 'public/samples/000010.png'));
    await deliver('paste', png, 'pasted.png', 'image/png');
    await waitForResult(page, await caption(), 'pasted.png');
  });

  it('applies EXIF orientation: a 300x200 JPEG tagged "rotate 90" is 200x300', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#4477aa' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await deliver('drop', jpeg, 'rotated.jpg', 'image/jpeg');
    await waitForResult(page, await caption(), 'rotated.jpg');
    expect(await shownSize(page)).toBe('200x300');
  });
});

import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch } from './browser.ts';
import { buildApp, repoRoot } from './build.ts';
import { serveStatic, type StaticServer } from './server.ts';

export interface E2eEnv {
  server: StaticServer;
  browser: Browser;
  /** The app's URL with query options, e.g. appUrl({ backend: 'wasm', model: RANDOM_BUNDLE }). */
  appUrl(params?: Record<string, string>): string;
  close(): Promise<void>;
}

/** Served at this path by the test server: the tiny random-weight bundle (fast, boxes meaningless). */
export const RANDOM_BUNDLE = '/fixtures/random-bundle/';

/** Builds the app (once), serves it with test fixtures mounted, launches Chromium. */
export async function startE2e(opts: { webgpu?: boolean } = {}): Promise<E2eEnv> {
  const dist = await buildApp();
  const server = await serveStatic(dist);
  server.mount('/fixtures/', join(repoRoot, 'test/fixtures'));
  const browser = await launch(opts);
  return {
    server,
    browser,
    appUrl: (params = {}) => `${server.url}?${new URLSearchParams(params)}`,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'vite';

export const repoRoot = join(import.meta.dirname, '../../..');
const outDir = join(repoRoot, 'test-results/e2e-dist');
const stampFile = join(outDir, '.build-stamp');

/** Every input of the build, by path, size and mtime: a cheap fingerprint. */
function fingerprint(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        h.update(`${relative(repoRoot, p)}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  for (const d of ['src', 'public', 'models/default']) walk(join(repoRoot, d));
  for (const f of ['index.html', 'vite.config.ts', 'package-lock.json']) {
    const s = statSync(join(repoRoot, f));
    h.update(`${f}:${s.size}:${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/**
 * Builds the app once with vite's JS API into test-results/e2e-dist; later test files (and
 * later runs with unchanged sources) reuse it.
 */
export async function buildApp(): Promise<string> {
  const stamp = fingerprint();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return outDir;
  // vitest sets NODE_ENV=test, which would give a development flavoured build (React's dev
  // build, import.meta.env.PROD false, no service worker): build what users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: repoRoot,
      mode: 'production',
      configFile: join(repoRoot, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(stampFile, stamp);
  return outDir;
}

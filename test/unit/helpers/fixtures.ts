import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths of the shared test fixtures (relative to the repo root, resolved absolutely). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const fixture = (...p: string[]) => join(repoRoot, 'test', 'fixtures', ...p);
export const randomBundleDir = fixture('random-bundle');
export const tokenizerJson = () => readFileSync(fixture('tokenizer', 'tokenizer.json'), 'utf8');

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'pg-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies the random-weight bundle into `dir`, then applies edits: a manifest transform (the
 * `files` size table is dropped so swapped files are not caught by their size first) and file
 * replacements.
 */
export function copyBundle(
  dir: string,
  edit: { manifest?: (m: Record<string, any>) => unknown; files?: Record<string, Uint8Array | string | null> } = {},
): string {
  const out = join(dir, 'bundle');
  cpSync(randomBundleDir, out, { recursive: true });
  if (edit.manifest) {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    delete m.files;
    const next = edit.manifest(m) ?? m;
    writeFileSync(join(out, 'manifest.json'), typeof next === 'string' ? next : JSON.stringify(next, null, 2));
  }
  for (const [name, content] of Object.entries(edit.files ?? {})) {
    if (content === null) rmSync(join(out, name));
    else writeFileSync(join(out, name), content);
  }
  return out;
}

export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Largest |ours - reference| over two equally long tensors (Infinity when the lengths differ). */
export function maxAbsDiff(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i] - ref[i]));
  return worst;
}

import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { bundleError } from '../../core/errors.ts';
import { missingFile, type BundleSource } from '../../core/bundle-source.ts';

/** A bundle in a folder on disk (the CLI, tests, the benchmark). */
export function folderSource(dir: string): BundleSource {
  const root = resolve(dir);
  const path = (file: string) => join(root, file);
  const read = async (file: string) => {
    try {
      return await readFile(path(file));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw missingFile(file);
      throw bundleError(`cannot read ${path(file)} (${code ?? (e as Error).message})`);
    }
  };
  return {
    name: root,
    has: async (file) => (await stat(path(file)).catch(() => undefined))?.isFile() ?? false,
    readText: async (file) => (await read(file)).toString('utf8'),
    async readBytes(file, onProgress) {
      const buf = await read(file);
      onProgress?.(buf.byteLength, buf.byteLength);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
  };
}

/** Checks that `dir` is a folder with a manifest.json, with a one-line message if not. */
export async function checkBundleFolder(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => undefined);
  if (!s?.isDirectory()) throw bundleError(`model folder ${dir} does not exist: pass --model DIR with a bundle folder`);
  const manifest = await stat(join(dir, 'manifest.json')).catch(() => undefined);
  if (!manifest?.isFile()) throw bundleError(`model folder ${dir} has no manifest.json: pass --model DIR with a bundle folder`);
}

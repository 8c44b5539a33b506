import type { BundleSource } from '../core/index.ts';

/**
 * Remembers what a bundle source read, so retrying a load on another backend (WebGPU failed,
 * now WASM) does not download the encoders again. Failures are not remembered.
 */
export function memoSource(source: BundleSource): BundleSource {
  const texts = new Map<string, Promise<string>>();
  const bytes = new Map<string, Promise<Uint8Array>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>) => {
    let p = cache.get(key);
    if (!p) {
      p = read();
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return p;
  };
  return {
    name: source.name,
    has: (file) => source.has(file),
    readText: (file) => once(texts, file, () => source.readText(file)),
    readBytes: (file, onProgress) => once(bytes, file, () => source.readBytes(file, onProgress)),
  };
}

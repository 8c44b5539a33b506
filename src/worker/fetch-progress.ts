import { readStream } from '../core/read-stream.ts';

/** Bytes of one file so far; `total` 0 when the server sends no length. */
export type OnBytes = (file: string, loaded: number, total: number) => void;

/**
 * Downloads a file with byte progress (for onnxruntime's wasm: the largest download of a first
 * visit). Failure is one line naming the file.
 */
export async function fetchWithProgress(url: string, label: string, onBytes: OnBytes): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`could not download ${label} (${(e as Error).message}): check the connection and reload`);
  }
  if (!res.ok || !res.body) throw new Error(`could not download ${label} (HTTP ${res.status}): reload the page`);
  const total = Number(res.headers.get('content-length')) || 0;
  return readStream(res.body, (loaded) => onBytes(label, loaded, Math.max(total, loaded)));
}

import * as ort from 'onnxruntime-web/webgpu';
// The wasm binary as a hashed asset of our own origin, never a CDN (the JS glue is in the ORT bundle).
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { InferenceBackend } from '../core/index.ts';
import { ortWebBackend } from '../runtime/web/ort-web.ts';
import type { BackendChoice, BackendInfo } from './protocol.ts';

/** WASM threads: SharedArrayBuffer needs a cross-origin isolated page (COOP/COEP headers). */
const threads = () => (self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1);

async function backendFor(webgpu: boolean) {
  ort.env.logLevel = 'error'; // node-placement notes are not the user's concern
  return ortWebBackend({ wasmPaths: { wasm: new URL(ortWasmUrl, self.location.href).href }, webgpu, numThreads: threads() });
}

/**
 * Loads on WebGPU when it is available (or asked for), else on WASM. A session WebGPU cannot
 * create falls back inside ortWebBackend; a later WebGPU failure (the load's probe run) retries
 * the whole load on WASM. Either way the returned info says why, so the UI can tell the user.
 */
export async function chooseBackend<T>(
  choice: BackendChoice,
  load: (backend: InferenceBackend) => Promise<T>,
): Promise<{ model: T; backend: BackendInfo }> {
  const first = await backendFor(choice !== 'wasm');
  const note = (reason: string | undefined) => (choice === 'wasm' ? undefined : reason && `WebGPU not used: ${reason}`);
  try {
    const model = await load(first);
    return { model, backend: { name: first.provider, threads: threads(), fallbackReason: note(first.fallbackReason) } };
  } catch (e) {
    if (first.provider !== 'webgpu') throw e;
    // If WASM fails too, its error is the one to show: then the bundle itself is at fault.
    const model = await load(await backendFor(false));
    const why = (e as Error).message.split('\n')[0];
    return { model, backend: { name: 'wasm', threads: threads(), fallbackReason: `WebGPU failed (${why}): running on WASM` } };
  }
}

// The WebGPU-capable build's wasm, as a hashed asset of our own origin (never a CDN).
import gpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { InferenceBackend } from '../core/index.ts';
import { wasmOnlyBackend } from './wasm-backend.ts';
import { fetchWithProgress, type OnBytes } from './fetch-progress.ts';
import type { BackendChoice, BackendInfo } from './protocol.ts';

/** WASM threads: SharedArrayBuffer needs a cross-origin isolated page (COOP/COEP headers). */
const threads = () => (self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1);

async function webgpuMissing(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    return (await gpu.requestAdapter()) ? null : 'no WebGPU adapter is available';
  } catch (e) {
    return `the WebGPU adapter request failed (${(e as Error).message})`;
  }
}

/** The core's WebGPU backend (its sessions fall back to WASM one by one if WebGPU cannot run them). */
async function gpuBackend(onBytes: OnBytes) {
  const [{ ortWebBackend }, ort] = await Promise.all([import('../runtime/web/ort-web.ts'), import('onnxruntime-web/webgpu')]);
  ort.env.logLevel = 'error'; // node-placement notes are not the user's concern
  const url = new URL(gpuWasmUrl, self.location.href).href;
  ort.env.wasm.wasmBinary ??= await fetchWithProgress(url, 'onnxruntime (webgpu)', onBytes); // counted by the progress bar
  return ortWebBackend({ wasmPaths: { wasm: url }, webgpu: true, numThreads: threads() });
}

/**
 * Loads on WebGPU when it is available (or asked for), else on WASM. A session WebGPU cannot
 * create falls back inside ortWebBackend; a later WebGPU failure (the load's probe run) retries
 * the whole load on WASM. Either way the returned info says why, so the UI can tell the user.
 */
export async function chooseBackend<T>(
  choice: BackendChoice,
  load: (backend: InferenceBackend) => Promise<T>,
  onBytes: OnBytes,
): Promise<{ model: T; backend: BackendInfo }> {
  const onWasm = async (fallbackReason?: string) => ({
    model: await load(await wasmOnlyBackend(threads(), onBytes)),
    backend: { name: 'wasm' as const, threads: threads(), fallbackReason },
  });
  if (choice === 'wasm') return onWasm();
  const missing = await webgpuMissing();
  if (missing) return onWasm(`WebGPU not used: ${missing}`);
  const gpu = await gpuBackend(onBytes);
  try {
    const model = await load(gpu);
    const reason = gpu.fallbackReason && `WebGPU not used for everything: ${gpu.fallbackReason}`;
    return { model, backend: { name: gpu.provider, threads: threads(), fallbackReason: reason } };
  } catch (e) {
    // If WASM fails too, its error is the one to show: then the bundle itself is at fault.
    return onWasm(`WebGPU failed (${(e as Error).message.split('\n')[0]}): running on WASM`);
  }
}

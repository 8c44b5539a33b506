import * as ort from 'onnxruntime-web';
// The wasm binary as a hashed asset of our own origin (the JS glue is inside the ORT bundle).
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import type { InferenceBackend } from '../core/index.ts';
import { wrapSession } from '../runtime/ort-adapter.ts';
import type { BackendChoice, BackendInfo } from './protocol.ts';

type Provider = 'webgpu' | 'wasm';

/** onnxruntime-web's wasm comes from our own origin, never a CDN. */
function configureOrt(): number {
  ort.env.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, self.location.href).href };
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP headers).
  const threads = self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
  ort.env.wasm.numThreads = threads;
  return threads;
}

function webBackend(provider: Provider): InferenceBackend {
  return {
    name: `onnxruntime-web (${provider})`,
    async createSession(bytes, label) {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
      });
      return wrapSession(ort, session, label);
    },
  };
}

async function webgpuMissing(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    return (await gpu.requestAdapter()) ? null : 'no WebGPU adapter was found';
  } catch (e) {
    return `WebGPU adapter request failed (${(e as Error).message})`;
  }
}

/**
 * Loads on WebGPU when it is available (or asked for), else on WASM. If WebGPU fails, the load
 * is retried on WASM, and the returned info says why, so the UI can tell the user.
 */
export async function chooseBackend<T>(
  choice: BackendChoice,
  load: (backend: InferenceBackend) => Promise<T>,
): Promise<{ model: T; backend: BackendInfo }> {
  const threads = configureOrt();
  const onWasm = async (fallbackReason?: string) => ({
    model: await load(webBackend('wasm')),
    backend: { name: 'wasm' as const, threads, fallbackReason },
  });
  if (choice === 'wasm') return onWasm();
  const missing = await webgpuMissing();
  if (missing) return onWasm(choice === 'webgpu' ? `WebGPU was asked for, but ${missing}: running on WASM` : undefined);
  try {
    return { model: await load(webBackend('webgpu')), backend: { name: 'webgpu', threads } };
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    // If WASM fails too, its error is the one to show: then the bundle itself is at fault.
    return onWasm(`WebGPU failed (${why}): running on WASM instead`);
  }
}

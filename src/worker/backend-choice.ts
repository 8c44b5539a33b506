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
  ort.env.logLevel = 'error'; // node-placement notes are not the user's concern
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
        logSeverityLevel: 3, // errors only
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
 * On WebGPU, the image encoder runs on the GPU and the text encoder on WASM: the text encoder
 * is int8-quantized (MatMulInteger/DynamicQuantizeLinear have no WebGPU kernels, so it would
 * bounce between CPU and GPU), and onnxruntime-web 1.30 computed wrong outputs for it on
 * WebGPU in our tests (token_bias ~5.8e4 instead of ~-0.2, Chromium's SwiftShader adapter).
 */
function gpuImageBackend(textFile: string | undefined): InferenceBackend {
  const gpu = webBackend('webgpu');
  const cpu = webBackend('wasm');
  return {
    name: 'onnxruntime-web (webgpu image encoder, wasm text encoder)',
    createSession: (bytes, label) => (label === textFile ? cpu : gpu).createSession(bytes, label),
  };
}

/**
 * Loads on WebGPU when it is available (or asked for), else on WASM. If WebGPU fails, the load
 * is retried on WASM, and the returned info says why, so the UI can tell the user.
 * `textFile` names the text encoder's file (from the manifest), which always runs on WASM.
 */
export async function chooseBackend<T>(
  choice: BackendChoice,
  textFile: string | undefined,
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
    return { model: await load(gpuImageBackend(textFile)), backend: { name: 'webgpu', threads } };
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    // If WASM fails too, its error is the one to show: then the bundle itself is at fault.
    return onWasm(`WebGPU failed (${why}): running on WASM instead`);
  }
}

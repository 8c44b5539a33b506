import type { InferenceBackend } from '../core/index.ts';
import { wrapSession } from '../runtime/ort-adapter.ts';
// The plain SIMD-threaded build: about half the size of the WebGPU-capable (asyncify) one.
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { fetchWithProgress, type OnBytes } from './fetch-progress.ts';

/**
 * A WASM-only backend on onnxruntime-web's wasm build. When WebGPU is not wanted or not there,
 * this skips the WebGPU-capable build: its 26 MB wasm took 1.6 s to start on our 2-core VM,
 * this one's 14 MB took 0.75 s (see docs/benchmarks/browser.md). Imported dynamically, so a
 * page only downloads the build it runs.
 */
export async function wasmOnlyBackend(numThreads: number, onBytes: OnBytes): Promise<InferenceBackend> {
  const ort = await import('onnxruntime-web/wasm');
  // Fetched by us (not by ORT) so the progress bar counts it; ORT compiles these bytes.
  ort.env.wasm.wasmBinary ??= await fetchWithProgress(new URL(wasmUrl, self.location.href).href, 'onnxruntime (wasm)', onBytes);
  ort.env.wasm.numThreads = numThreads;
  ort.env.logLevel = 'error';
  return {
    name: `onnxruntime-web (wasm, ${numThreads} thread${numThreads === 1 ? '' : 's'})`,
    async createSession(bytes, label) {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3, // errors only
      });
      return wrapSession(ort, session, label);
    },
  };
}

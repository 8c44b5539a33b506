import * as ort from 'onnxruntime-web/webgpu';
import type { EncoderSession, InferenceBackend } from '../../core/tensor.ts';
import { wrapSession } from '../ort-adapter.ts';

export interface OrtWebOptions {
  /**
   * Where ORT's .wasm/.mjs files are served from — our own origin (e.g. '/ort/'), never a CDN.
   * This build ('onnxruntime-web/webgpu') loads ort-wasm-simd-threaded.asyncify.{wasm,mjs} from
   * node_modules/onnxruntime-web/dist (checked in Chromium, WebGPU on SwiftShader and WASM).
   */
  readonly wasmPaths: string | { readonly wasm?: string; readonly mjs?: string };
  /** Try WebGPU first (default true); false forces WASM. */
  readonly webgpu?: boolean;
  /** WASM threads; default: up to 4 when cross-origin isolated (SharedArrayBuffer), else 1. */
  readonly numThreads?: number;
}

export type WebProvider = 'webgpu' | 'wasm';

export interface OrtWebBackend extends InferenceBackend {
  /** The provider of the last session created, and why WebGPU was not used (if it was not). */
  readonly provider: WebProvider;
  readonly fallbackReason?: string;
}

/** Whether this context can use WebGPU, with the reason when not. Detected once per backend. */
async function detectWebGpu(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } })?.gpu;
  if (!gpu) return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    return (await gpu.requestAdapter()) ? { ok: true } : { ok: false, reason: 'no WebGPU adapter is available' };
  } catch (e) {
    return { ok: false, reason: `WebGPU adapter request failed (${(e as Error).message})` };
  }
}

function defaultThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return isolated ? Math.max(1, Math.min(4, cores)) : 1;
}

/**
 * onnxruntime-web: each session is created on WebGPU when available, else on WASM; if WebGPU
 * session creation fails (an op it lacks), that session falls back to WASM and `fallbackReason`
 * says why. `name` reports what actually runs, e.g. "onnxruntime-web (wasm, 4 threads)".
 */
export async function ortWebBackend(options: OrtWebOptions): Promise<OrtWebBackend> {
  ort.env.wasm.wasmPaths = options.wasmPaths as typeof ort.env.wasm.wasmPaths;
  ort.env.wasm.numThreads = options.numThreads ?? defaultThreads();
  ort.env.wasm.proxy = false;
  const gpu = options.webgpu === false ? { ok: false as const, reason: 'WASM was requested' } : await detectWebGpu();
  const used = new Set<WebProvider>();
  let fallbackReason = gpu.ok ? undefined : gpu.reason;
  let last: WebProvider = gpu.ok ? 'webgpu' : 'wasm';

  async function create(bytes: Uint8Array, label: string, provider: WebProvider): Promise<EncoderSession> {
    const session = await ort.InferenceSession.create(bytes, { executionProviders: [provider], graphOptimizationLevel: 'all' });
    used.add(provider);
    last = provider;
    return wrapSession(ort, session, label);
  }

  return {
    get name() {
      const threads = `${ort.env.wasm.numThreads} thread${ort.env.wasm.numThreads === 1 ? '' : 's'}`;
      const providers = [...used].map((p) => (p === 'wasm' ? `wasm, ${threads}` : p)).join(' + ') || last;
      return `onnxruntime-web (${providers})`;
    },
    get provider() {
      return last;
    },
    get fallbackReason() {
      return fallbackReason;
    },
    async createSession(bytes, label) {
      if (gpu.ok) {
        try {
          return await create(bytes, label, 'webgpu');
        } catch (e) {
          fallbackReason = `${label} could not run on WebGPU (${(e as Error).message.split('\n')[0]}); using WASM`;
          console.warn(`PhraseGround: ${fallbackReason}`);
        }
      }
      return create(bytes, label, 'wasm');
    },
  };
}

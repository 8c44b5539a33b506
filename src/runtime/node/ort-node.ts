import * as ort from 'onnxruntime-node';
import type { InferenceBackend } from '../../core/tensor.ts';
import { wrapSession } from '../ort-adapter.ts';

/** onnxruntime-node on the CPU. `threads` defaults to ORT's own choice (all cores). */
export function ortNodeBackend(options: { threads?: number } = {}): InferenceBackend {
  return {
    name: 'onnxruntime-node (cpu)',
    async createSession(bytes, label) {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
      });
      return wrapSession(ort, session, label);
    },
  };
}

import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-common';
import type { DeclaredDim, EncoderSession, Tensor } from '../core/tensor.ts';
import { serialQueue } from './serial.ts';

/**
 * The part of the onnxruntime-node and onnxruntime-web adapters that is the same: wrapping an
 * ORT InferenceSession as a core EncoderSession (plain tensors in and out, runs serialised).
 */
type OrtModule = { Tensor: new (type: 'float32' | 'int64', data: Float32Array | BigInt64Array, dims: readonly number[]) => OrtTensor };

export function wrapSession(ort: OrtModule, session: InferenceSession, label: string): EncoderSession {
  const enqueue = serialQueue();
  const outputShapes: Record<string, readonly DeclaredDim[] | undefined> = {};
  for (const m of session.outputMetadata ?? []) {
    if (m.isTensor && m.shape.length) outputShapes[m.name] = m.shape;
  }
  return {
    label,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    outputShapes,
    run: (feeds) =>
      enqueue(async () => {
        const ortFeeds: Record<string, OrtTensor> = {};
        for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
        const out = await session.run(ortFeeds);
        const result: Record<string, Tensor> = {};
        for (const [name, t] of Object.entries(out)) result[name] = fromOrt(t);
        return result;
      }),
    release: () => enqueue(() => session.release()),
  };
}

function fromOrt(t: OrtTensor): Tensor {
  const dims = [...t.dims];
  if (t.type === 'float32') return { type: 'float32', data: t.data as Float32Array, dims };
  if (t.type === 'int64') return { type: 'int64', data: t.data as BigInt64Array, dims };
  // Other dtypes (float16 etc.) are not part of the bundle contract.
  throw new TypeError(`unsupported output dtype ${t.type}`);
}

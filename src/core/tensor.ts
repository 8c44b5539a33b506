import { bundleError } from './errors.ts';

/**
 * The tensor and session contract between the core and a runtime adapter (onnxruntime-node,
 * onnxruntime-web). Plain data only, so the core never imports a runtime.
 */
export type TensorType = 'float32' | 'int64';

export type Tensor =
  | { readonly type: 'float32'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: 'int64'; readonly data: BigInt64Array; readonly dims: readonly number[] };

export type FloatTensor = Extract<Tensor, { type: 'float32' }>;

/** A dimension as the ONNX graph declares it: a number, or a symbolic name such as "batch". */
export type DeclaredDim = number | string;

export interface EncoderSession {
  /** File name the session came from, used in error messages ("image_encoder.onnx"). */
  readonly label: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Declared output shapes when the graph states them (absent when the runtime cannot tell). */
  readonly outputShapes: Readonly<Record<string, readonly DeclaredDim[] | undefined>>;
  /** Runs one inference; adapters serialise calls (concurrent runs fail on WASM/WebGPU). */
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

export interface InferenceBackend {
  /** What actually runs the graphs, e.g. "onnxruntime-node (cpu)" or "onnxruntime-web (webgpu)". */
  readonly name: string;
  createSession(bytes: Uint8Array, label: string): Promise<EncoderSession>;
}

export const floatTensor = (data: Float32Array, dims: readonly number[]): FloatTensor => ({
  type: 'float32',
  data,
  dims,
});

export const int64Tensor = (values: readonly number[], dims: readonly number[]): Tensor => ({
  type: 'int64',
  data: BigInt64Array.from(values, (v) => BigInt(v)),
  dims,
});

/** The output `name` as float32, or a bundle error naming the file and what it returned. */
export function expectFloat(
  outputs: Record<string, Tensor>,
  name: string,
  label: string,
): FloatTensor {
  const t = outputs[name];
  if (!t) throw bundleError(`${label} returned no output '${name}'`);
  if (t.type !== 'float32') throw bundleError(`${label} output '${name}' is ${t.type}, expected float32`);
  return t;
}

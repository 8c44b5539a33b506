import type { BackendChoice } from '../../worker/protocol.ts';

/**
 * Options read once from the page URL:
 *   ?backend=webgpu|wasm   force one backend (default: WebGPU when available, else WASM)
 *   ?model=URL             load this bundle instead of the bundled default
 *   ?sample=N              start on sample N of the gallery (default 0)
 */
export interface UrlOptions {
  backend: BackendChoice;
  modelKind: 'bundled' | 'url';
  modelUrl: string;
  modelLabel: string;
  bundledUrl: string;
  sample: number;
}

export function readUrlOptions(search: string = location.search): UrlOptions {
  const q = new URLSearchParams(search);
  const b = q.get('backend');
  const backend: BackendChoice = b === 'webgpu' || b === 'wasm' ? b : 'auto';
  const model = q.get('model');
  const bundled = new URL(`${import.meta.env.BASE_URL}models/default/`, location.href).href;
  return {
    backend,
    modelKind: model ? 'url' : 'bundled',
    modelUrl: model ? new URL(model, location.href).href : bundled,
    modelLabel: model ? model : 'bundled model',
    bundledUrl: bundled,
    sample: Math.max(0, Number(q.get('sample') ?? 0) || 0),
  };
}

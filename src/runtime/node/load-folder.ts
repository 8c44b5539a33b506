import { loadBundle, type LoadProgress } from '../../core/bundle.ts';
import type { Model } from '../../core/model.ts';
import { checkBundleFolder, folderSource } from './folder-source.ts';
import { ortNodeBackend } from './ort-node.ts';

/** Loads a bundle folder on onnxruntime-node (CPU): what the CLI, eval, tests and bench use. */
export async function loadModelFromFolder(
  dir: string,
  options: { threads?: number; onProgress?: (p: LoadProgress) => void } = {},
): Promise<Model> {
  await checkBundleFolder(dir);
  return loadBundle(folderSource(dir), ortNodeBackend({ threads: options.threads }), options.onProgress);
}

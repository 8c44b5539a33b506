/**
 * Runs a bundle over a modulated-detection set: every GT phrase span and negative span is
 * grounded as an explicit phrase, so predictions line up with the GT by span.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inputError } from '../../core/errors.ts';
import type { GroundingGtImage, GroundingPrediction } from '../../core/eval/grounding.ts';
import { toResultJson, type ResultJson } from '../../core/result.ts';
import { decodeImageFile } from '../../runtime/node/decode-image.ts';
import { loadModelFromFolder } from '../../runtime/node/load-folder.ts';
import { progressReporter } from '../output.ts';

export interface ModelPredictions {
  predictions: Map<number | string, GroundingPrediction>;
  /** One result JSON per image (boxes ranked, no score threshold), for predictions.jsonl. */
  results: ResultJson[];
  /** The bundle's box threshold: negatives count boxes at or above it. */
  threshold: number;
  modelName: string;
}

function imagePath(dir: string, fileName: string): string {
  const candidates = [join(dir, fileName), join(dir, basename(fileName))];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw inputError(`image ${fileName} is not in ${dir}: pass --images with the split's image folder`);
  return found;
}

export async function predictWithModel(gt: readonly GroundingGtImage[], imagesDir: string, modelDir: string, maxK: number): Promise<ModelPredictions> {
  const paths = gt.map((im) => imagePath(imagesDir, im.fileName)); // fail before loading the model
  const model = await loadModelFromFolder(modelDir);
  const progress = progressReporter(gt.length, 'eval');
  const predictions = new Map<number | string, GroundingPrediction>();
  const results: ResultJson[] = [];
  try {
    for (let i = 0; i < gt.length; i++) {
      const im = gt[i];
      const rgb = await decodeImageFile(paths[i]);
      const image = await model.encodeImage(rgb);
      const spans = [...im.phrases.map((p) => p.span), ...im.negativeSpans].map((s) => [s[0], s[1]] as [number, number]);
      const text = await model.encodeText(im.caption, { mode: 'spans', spans });
      // Rank boxes without a score threshold (Recall@k needs k boxes); NMS and top-k still apply.
      const result = model.ground(image, text, { threshold: 0, topK: maxK });
      predictions.set(im.id, {
        phrases: result.phrases.map((p) => ({ span: [p.span[0], p.span[1]], boxes: p.boxes.map((b) => ({ bbox: [b.bbox[0], b.bbox[1], b.bbox[2], b.bbox[3]], score: b.score })) })),
      });
      results.push(toResultJson({ model, imageName: basename(paths[i]), image, text, result }));
      progress.tick(i + 1, im.fileName);
    }
  } finally {
    await model.dispose();
  }
  return { predictions, results, threshold: model.scoring.threshold, modelName: model.manifest.name };
}

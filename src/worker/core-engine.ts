import {
  filesSource,
  loadBundle,
  pixelBox,
  regionForBox,
  urlSource,
  type BundleSource,
  type ImageFeatures,
  type LoadProgress,
  type Model,
  type TextFeatures,
} from '../core/index.ts';
import { decodeImageBlob } from '../runtime/web/decode-image.ts';
import { toResultJson } from '../core/result.ts';
import { chooseBackend } from './backend-choice.ts';
import { memoSource } from './memo-source.ts';
import type { Engine, EncodedImage, EncodedText, GroundedOut, LoadedModel } from './engine.ts';
import type { BackendInfo, BoxOut, BundleSpec, Heatmap, ModelInfo, PhraseMode, Progress, Span, Thresholds } from './protocol.ts';

/** The Engine over `src/core` and onnxruntime-web: the only worker file that knows the core's API. */
export function coreEngine(): Engine {
  return {
    async load(spec, choice, onProgress) {
      const fetched = new Set<string>();
      const source = memoSource(sourceFor(spec, fetched));
      const progress = byteProgress(onProgress);
      // WebGPU first (unless told otherwise); a failure there falls back to WASM, and says why.
      const { model, backend } = await chooseBackend(
        choice,
        (b) => loadBundle(source, b, progress),
        (file, loaded, total) => progress({ stage: 'download', file, loaded, total }),
      );
      const info: ModelInfo = {
        id: model.manifest.id,
        name: model.manifest.name,
        license: model.manifest.license,
        description: model.manifest.description,
        source: spec.kind === 'files' ? `${spec.files.length} local files` : spec.url,
        backend,
        defaults: {
          threshold: model.scoring.threshold,
          nmsIou: model.scoring.nms_iou,
          topK: model.scoring.top_k ?? 10,
        },
        maxTokens: model.manifest.text_encoder.max_tokens,
        fetched: [...fetched, ...workerResources()],
      };
      return new CoreModel(model, info);
    },
  };
}

function sourceFor(spec: BundleSpec, fetched: Set<string>): BundleSource {
  if (spec.kind === 'files') return filesSource(spec.files);
  return urlSource(spec.url, (url, init) => {
    fetched.add(url);
    return fetch(url, init);
  });
}

/** Per-file byte progress -> one running total over the files seen so far. */
function byteProgress(onProgress: (p: Progress) => void): (p: LoadProgress) => void {
  const files = new Map<string, { loaded: number; total: number }>();
  return (p) => {
    if (p.stage === 'session') return onProgress({ status: 'initiate', file: p.file });
    if (p.stage !== 'download') return;
    files.set(p.file, { loaded: p.loaded, total: p.total ?? p.loaded });
    let loaded = 0;
    let total = 0;
    for (const f of files.values()) (loaded += f.loaded), (total += f.total);
    onProgress({ status: 'download', file: p.file, loaded, total });
  };
}

/** What this worker fetched (onnxruntime's wasm among them), for the offline cache. */
function workerResources(): string[] {
  return performance.getEntriesByType('resource').map((e) => e.name);
}

interface CoreImage extends EncodedImage {
  features: ImageFeatures;
}
interface CoreText extends EncodedText {
  features: TextFeatures;
}

class CoreModel implements LoadedModel {
  constructor(
    private readonly model: Model,
    readonly info: ModelInfo,
  ) {}

  async encodeImage(blob: Blob, name: string): Promise<CoreImage> {
    const rgb = await decodeImageBlob(blob, name);
    const features = await this.model.encodeImage(rgb);
    return { info: { name, width: features.width, height: features.height }, features };
  }

  async encodeText(caption: string, mode: PhraseMode, spans: readonly Span[] | undefined): Promise<CoreText> {
    const request = spans ? { mode: 'spans' as const, spans } : { mode };
    return { caption, features: await this.model.encodeText(caption, request) };
  }

  ground(image: EncodedImage, text: EncodedText, t: Thresholds): GroundedOut {
    const { features: img } = image as CoreImage;
    const { features: txt } = text as CoreText;
    const result = this.model.ground(img, txt, t);
    const cut = txt.tokenized.cutSpans[0];
    return {
      phrases: result.phrases.map((p) => ({
        text: p.text,
        span: [p.span[0], p.span[1]],
        tokens: [...p.tokens],
        truncated: p.truncated,
        boxes: p.boxes.map(toBoxOut),
      })),
      heatmap: this.heatmap(img, txt),
      result: toResultJson({ model: this.model, imageName: image.info.name, image: img, text: txt, result }),
      maxTokens: this.info.maxTokens,
      cutAt: cut ? cut[0] : null,
    };
  }

  search(image: EncodedImage, box: [number, number, number, number], t: Thresholds) {
    const { features } = image as CoreImage;
    const region = regionForBox(features, pixelBox(...box));
    return { region, boxes: this.model.similar(features, region, t).map(toBoxOut) };
  }

  release(): Promise<void> {
    return this.model.dispose();
  }

  /** Word–region scores of every caption token (token-granularity bundles only). */
  private heatmap(img: ImageFeatures, txt: TextFeatures): Heatmap | undefined {
    if (txt.granularity !== 'token') return undefined;
    const tok = txt.tokenized;
    const rows = tok.spans.flatMap((s, i) => (s ? [i] : []));
    const scores = new Float32Array(rows.length * img.regions);
    rows.forEach((row, k) => scores.set(this.model.heatmap(img, txt, row), k * img.regions));
    return {
      tokens: rows.map((i) => ({ index: i, text: tok.tokens[i], span: [tok.spans[i]![0], tok.spans[i]![1]] })),
      regionBoxes: img.pixelBoxes,
      scores,
    };
  }
}

const toBoxOut = (d: { bbox: readonly number[]; score: number; region: number }): BoxOut => ({
  bbox: [d.bbox[0], d.bbox[1], d.bbox[2], d.bbox[3]],
  score: d.score,
  region: d.region,
});

export type { BackendInfo };

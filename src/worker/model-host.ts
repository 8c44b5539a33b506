import { JobQueue, type CancelToken, type Outcome } from './job-queue.ts';
import type { Engine, EncodedImage, EncodedText, LoadedModel } from './engine.ts';
import type { Answers, Counters, PhraseMode, Reply, Request, Span, Thresholds } from './protocol.ts';
import { toUserMessage } from './user-message.ts';

/**
 * The worker's state and its request handling, independent of `self`/`postMessage` so it can be
 * driven from a test. It owns the model, the current image's features (encoded once per image)
 * and the last caption's text features (re-used when only thresholds change).
 */
export class ModelHost {
  private model: LoadedModel | null = null;
  private image: EncodedImage | null = null;
  private text: { key: string; value: EncodedText } | null = null;
  private readonly counters: Counters = { imageEncodes: 0, textEncodes: 0, grounds: 0 };
  private readonly queue: JobQueue;

  constructor(
    private readonly engine: Engine,
    private readonly post: (reply: Reply) => void,
  ) {
    this.queue = new JobQueue((id, outcome) => this.settle(id, outcome));
  }

  handle(req: Request): void {
    switch (req.type) {
      case 'cancel':
        return this.queue.cancel(req.id);
      case 'load-model':
        return this.queue.push({
          id: req.id,
          lane: 'model',
          run: async (): Promise<Answers['load-model']> => {
            const progress = (p: Parameters<Parameters<Engine['load']>[2]>[0]) =>
              this.post({ type: 'progress', id: req.id, progress: p });
            const next = await this.engine.load(req.bundle, req.backend, progress);
            // Only now drop the old model: a failed load keeps the previous one working.
            await this.model?.release();
            this.model = next;
            this.image = null;
            this.text = null;
            progress({ status: 'ready' });
            return next.info;
          },
        });
      case 'encode-image':
        return this.queue.push({
          id: req.id,
          lane: 'image',
          run: async (): Promise<Answers['encode-image']> => {
            const model = this.requireModel();
            const t0 = performance.now();
            const encoded = await model.encodeImage(req.image, req.name);
            this.counters.imageEncodes++;
            this.image = encoded;
            return { ...encoded.info, timings: { imageEncodeMs: performance.now() - t0 }, counters: { ...this.counters } };
          },
        });
      case 'ground':
        return this.queue.push({
          id: req.id,
          lane: 'text',
          run: (token) => this.ground(req.caption, req.phraseMode, req.spans, req.thresholds, token),
        });
      case 'search':
        return this.queue.push({
          id: req.id,
          lane: 'search',
          run: async (): Promise<Answers['search']> => {
            const model = this.requireModel();
            const image = this.requireImage();
            const t0 = performance.now();
            const { region, boxes } = model.search(image, req.box, req.thresholds);
            return { box: req.box, region, boxes, timings: { alignMs: performance.now() - t0 } };
          },
        });
    }
  }

  private async ground(
    caption: string,
    phraseMode: PhraseMode,
    spans: readonly Span[] | undefined,
    thresholds: Thresholds,
    token: CancelToken,
  ): Promise<Answers['ground']> {
    const model = this.requireModel();
    const image = this.requireImage();
    const key = JSON.stringify([caption, phraseMode, spans ?? null]);
    let textEncodeMs: number | undefined;
    if (this.text?.key !== key) {
      const t0 = performance.now();
      const value = await model.encodeText(caption, phraseMode, spans);
      textEncodeMs = performance.now() - t0;
      this.counters.textEncodes++;
      this.text = { key, value };
    }
    token.throwIfCancelled(); // a newer caption arrived while we encoded: skip the alignment
    const t1 = performance.now();
    const out = model.ground(image, this.text.value, thresholds);
    this.counters.grounds++;
    return {
      caption,
      image: image.info,
      ...out,
      timings: { textEncodeMs, alignMs: performance.now() - t1 },
      counters: { ...this.counters },
    };
  }

  private requireModel(): LoadedModel {
    if (!this.model) throw new Error('no model is loaded yet: load a bundle first');
    return this.model;
  }

  private requireImage(): EncodedImage {
    if (!this.image) throw new Error('no image yet: choose an image first');
    return this.image;
  }

  private settle(id: number, outcome: Outcome): void {
    if (outcome.kind === 'done') this.post({ type: 'done', id, value: outcome.value as Answers['ground'] });
    else if (outcome.kind === 'cancelled') this.post({ type: 'cancelled', id });
    else this.post({ type: 'failed', id, ...toUserMessage(outcome.error) });
  }
}

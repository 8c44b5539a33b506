import { describe, expect, it } from 'vitest';
import { ModelHost } from '../../src/worker/model-host.ts';
import type { Engine, LoadedModel } from '../../src/worker/engine.ts';
import type { Reply } from '../../src/worker/protocol.ts';
import { bundleError } from '../../src/core/errors.ts';

/**
 * The host's bookkeeping with a stand-in engine (the real one runs in Chromium, test/e2e):
 * one image encode per image, text re-encoded only when the caption changes, stale captions
 * dropped, errors as one line.
 */
function setup() {
  const calls = { image: 0, text: [] as string[] };
  const model: LoadedModel = {
    info: { id: 'm', name: 'm', license: '', description: '', source: '', backend: { name: 'wasm', threads: 1 }, defaults: { threshold: 0.5, topK: 1, nmsIou: 0.5 }, maxTokens: 8, fetched: [] },
    async encodeImage(_b, name) {
      calls.image++;
      return { info: { name, width: 4, height: 3 } };
    },
    async encodeText(caption) {
      calls.text.push(caption);
      await new Promise((r) => setTimeout(r, 5));
      return { caption };
    },
    ground: () => ({ phrases: [], result: null, maxTokens: 8, cutAt: null }),
    search: () => ({ region: 0, boxes: [] }),
    release: async () => {},
  };
  const engine: Engine = {
    load: async (bundle) => {
      if (bundle.kind === 'url' && bundle.url.includes('broken')) throw bundleError('bundle is missing tokenizer.json\n  at somewhere');
      return model;
    },
  };
  const replies: Reply[] = [];
  const host = new ModelHost(engine, (r) => replies.push(r));
  const settled = (id: number) =>
    new Promise<Reply>((resolve) => {
      const t = setInterval(() => {
        const r = replies.find((x) => x.id === id && x.type !== 'progress');
        if (r) (clearInterval(t), resolve(r));
      }, 1);
    });
  return { host, calls, settled };
}

const thresholds = { threshold: 0.5, topK: 1, nmsIou: 0.5 };

describe('ModelHost', () => {
  it('encodes the image once and the text once per caption; a newer caption cancels the older', async () => {
    const { host, calls, settled } = setup();
    host.handle({ type: 'load-model', id: 1, bundle: { kind: 'bundled', url: 'u' }, backend: 'wasm' });
    host.handle({ type: 'encode-image', id: 2, image: new Blob(['x']), name: 'a.png' });
    host.handle({ type: 'ground', id: 3, caption: 'a', phraseMode: 'auto', thresholds });
    host.handle({ type: 'ground', id: 4, caption: 'ab', phraseMode: 'auto', thresholds });
    expect((await settled(3)).type).toBe('cancelled');
    const done = await settled(4);
    expect(done.type).toBe('done');
    host.handle({ type: 'ground', id: 5, caption: 'ab', phraseMode: 'auto', thresholds: { ...thresholds, threshold: 0.1 } });
    const again = await settled(5);
    expect(calls.image).toBe(1);
    expect(calls.text).toEqual(['ab']); // 'a' was dropped before it ran; the threshold change re-used 'ab'
    expect(again.type === 'done' && (again.value as { counters: { textEncodes: number } }).counters).toEqual({ imageEncodes: 1, textEncodes: 1, grounds: 2 });
  });

  it('reports a failed load as one line with its kind, and grounding before an image as an error', async () => {
    const { host, settled } = setup();
    host.handle({ type: 'load-model', id: 1, bundle: { kind: 'url', url: 'http://broken/' }, backend: 'wasm' });
    expect(await settled(1)).toEqual({ type: 'failed', id: 1, message: 'bundle is missing tokenizer.json', kind: 'bundle' });
    host.handle({ type: 'load-model', id: 2, bundle: { kind: 'bundled', url: 'u' }, backend: 'wasm' });
    host.handle({ type: 'ground', id: 3, caption: 'a', phraseMode: 'auto', thresholds });
    expect(await settled(3)).toMatchObject({ type: 'failed', message: 'no image yet: choose an image first' });
  });
});

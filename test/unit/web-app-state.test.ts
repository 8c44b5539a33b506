import { describe, expect, it } from 'vitest';
import { initialState, reduce, type AppState, type ShownImage } from '../../src/ui/state/app-state.ts';
import { toViewPhrases } from '../../src/ui/state/to-view.ts';
import type { GroundOut, ModelInfo } from '../../src/worker/protocol.ts';

const info = (id: string): ModelInfo => ({
  id,
  name: id,
  license: 'MIT',
  description: '',
  source: 'test',
  backend: { name: 'wasm', threads: 1 },
  defaults: { threshold: 0.4, topK: 2, nmsIou: 0.5 },
  maxTokens: 64,
  fetched: [],
});
const image = (key: string) => ({ key, name: `${key}.png`, width: 10, height: 10 }) as unknown as ShownImage;
const ground = (caption: string): GroundOut => ({
  caption,
  image: { name: 'a.png', width: 10, height: 10 },
  maxTokens: 64,
  cutAt: null,
  phrases: [{ text: 'a red circle', span: [0, 12], tokens: [1, 2, 3], truncated: 'none', boxes: [{ bbox: [1, 2, 3, 4], score: 0.9, region: 7 }] }],
  result: null,
  timings: { textEncodeMs: 3, alignMs: undefined },
  counters: { imageEncodes: 1, textEncodes: 1, grounds: 1 },
});

function ready(): AppState {
  let s = reduce(initialState('a red circle'), { type: 'model-ready', info: info('m1') });
  s = reduce(s, { type: 'image-chosen', image: image('a') });
  s = reduce(s, { type: 'image-encoded', key: 'a', timings: { imageEncodeMs: 5 }, counters: { imageEncodes: 1, textEncodes: 0, grounds: 0 } });
  return reduce(s, { type: 'grounded', out: ground('a red circle') });
}

describe('app state', () => {
  it('takes the model defaults as thresholds', () => {
    expect(ready().thresholds).toEqual({ threshold: 0.4, topK: 2, nmsIou: 0.5 });
  });

  it('a failed model load keeps the previous model and says why', () => {
    let s = reduce(ready(), { type: 'model-loading', source: 'http://x/' });
    s = reduce(s, { type: 'model-failed', message: 'bundle is missing tokenizer.json' });
    expect(s.model).toEqual({ status: 'ready', info: info('m1') });
    expect(s.error).toEqual({ source: 'model', message: 'bundle is missing tokenizer.json' });
    expect(s.grounding?.caption).toBe('a red circle');
  });

  it('an image the worker cannot encode is replaced by the previous one, result kept', () => {
    let s = reduce(ready(), { type: 'image-chosen', image: image('b') });
    s = reduce(s, { type: 'image-failed', key: 'b', message: 'b.png is corrupt' });
    expect(s.image?.key).toBe('a');
    expect(s.encodedImage).toBe('a');
    expect(s.grounding?.caption).toBe('a red circle');
    expect(s.error?.message).toBe('b.png is corrupt');
  });

  it('a stale image failure changes nothing', () => {
    const s0 = reduce(ready(), { type: 'image-chosen', image: image('c') });
    expect(reduce(s0, { type: 'image-failed', key: 'b', message: 'old' })).toBe(s0);
  });

  it('a new result clears a caption error but keeps undefined timings out', () => {
    let s = reduce(ready(), { type: 'error', source: 'caption', message: 'the caption is empty' });
    s = reduce(s, { type: 'grounded', out: ground('x') });
    expect(s.error).toBeNull();
    expect(s.timings).toEqual({ imageEncodeMs: 5, textEncodeMs: 3 });
  });

  it('a caption edit drops explicit spans and an imported result', () => {
    let s = reduce(ready(), { type: 'spans', spans: [[0, 5]] });
    s = reduce(s, { type: 'imported', result: {} as never, fileName: 'r.json' });
    s = reduce(s, { type: 'caption', caption: 'two stars' });
    expect(s.spans).toBeUndefined();
    expect(s.imported).toBeNull();
  });
});

describe('toViewPhrases', () => {
  it('keeps a phrase colour across results and adds image-guided search as its own phrase', () => {
    const first = toViewPhrases(ground('a red circle'), null, [], false);
    const search = { box: [0, 0, 5, 5] as [number, number, number, number], region: 3, boxes: [{ bbox: [0, 0, 4, 4] as [number, number, number, number], score: 0.8, region: 3 }], timings: {} };
    const second = toViewPhrases(ground('a red circle'), search, first.colours, true);
    expect(second.phrases[0].colour).toBe(first.phrases[0].colour);
    expect(second.phrases[0].source).toBe('manual');
    expect(second.phrases[1]).toMatchObject({ id: 'example-1', span: null, source: 'example' });
    expect(second.phrases[1].colour).not.toBe(second.phrases[0].colour);
    expect([...second.phrases[0].boxes[0].bbox]).toEqual([1, 2, 3, 4]);
  });
});

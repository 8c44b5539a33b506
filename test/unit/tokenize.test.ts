import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptionTokenizer } from '../../src/core/tokenize.ts';
import { fixture, tokenizerJson } from './helpers/fixtures.ts';

/** Reference ids and UTF-16 spans from Python `tokenizers` (test/fixtures/tokenizer/make_offsets.py). */
const reference = JSON.parse(readFileSync(fixture('tokenizer', 'offsets.json'), 'utf8')) as {
  cases: { caption: string; ids: number[]; tokens: string[]; special: number[]; spans: [number, number][] }[];
};
const tok = CaptionTokenizer.fromJson(tokenizerJson());

describe('tokenizer ids and character spans match Python tokenizers', () => {
  it('covers about 40 tricky captions', () => expect(reference.cases.length).toBeGreaterThanOrEqual(40));

  for (const c of reference.cases) {
    it(JSON.stringify(c.caption.length > 60 ? `${c.caption.slice(0, 57)}...` : c.caption), () => {
      const t = tok.tokenize(c.caption, 10_000);
      expect(t.ids).toEqual(c.ids);
      expect(t.tokens).toEqual(c.tokens);
      const expected = c.spans.map((s, k) => (c.special[k] ? null : s));
      expect(t.spans).toEqual(expected);
    });
  }
});

describe('truncation and empty captions', () => {
  it('keeps max_tokens ids (specials included) and reports what was cut', () => {
    const t = tok.tokenize('a red circle next to a blue star', 6);
    expect(t.tokens).toEqual(['[CLS]', 'a', 'red', 'circle', 'next', '[SEP]']);
    // 'to' [18,20), 'a' [21,22), 'blue' [23,27), 'star' [28,32)
    expect(t.cutSpans).toEqual([
      [18, 20],
      [21, 22],
      [23, 27],
      [28, 32],
    ]);
  });

  it('refuses an empty or whitespace-only caption with an input error', () => {
    for (const caption of ['', '   ', '\t\n ']) {
      expect(() => tok.tokenize(caption, 64)).toThrow('the caption is empty: type what to find, e.g. "a red circle"');
    }
  });

  it('refuses tokenizers it cannot give spans for', () => {
    const bpe = JSON.stringify({ model: { type: 'BPE' }, normalizer: null, pre_tokenizer: { type: 'ByteLevel' } });
    expect(() => CaptionTokenizer.fromJson(bpe)).toThrow('tokenizer.json: only BERT WordPiece tokenizers are supported');
  });
});

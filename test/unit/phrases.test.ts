import { describe, expect, it } from 'vitest';
import { attachTokens, autoPhraseSpans, dotPhraseSpans, phraseSpans } from '../../src/core/phrases.ts';
import { CaptionTokenizer } from '../../src/core/tokenize.ts';
import { tokenizerJson } from './helpers/fixtures.ts';

const texts = (caption: string) => autoPhraseSpans(caption).map(([s, e]) => caption.slice(s, e));

describe('automatic noun phrases', () => {
  it.each([
    ['a small red circle above two blue stars and a green hexagon', ['a small red circle', 'two blue stars', 'a green hexagon']],
    ['the big purple triangle left of a tiny orange square', ['the big purple triangle', 'a tiny orange square']],
    ['3 yellow ellipses next to the star', ['3 yellow ellipses', 'the star']],
    ['the red circle on the left and the top blue square', ['the red circle on the left', 'the top blue square']],
    ['a large grey square to the right of 5 small stars', ['a large grey square', '5 small stars']],
    ['There is a green square, and a large purple heart.', ['a green square', 'a large purple heart']],
    ['a tiny orange disc below the leftmost purple pentagon', ['a tiny orange disc', 'the leftmost purple pentagon']],
  ])('%s', (caption, expected) => {
    expect(texts(caption)).toEqual(expected);
  });

  it('finds no noun phrase in a caption without nouns; the auto mode then uses the whole caption', () => {
    expect(texts('above and below')).toEqual([]);
    expect(phraseSpans('  red ', 'auto')).toEqual([[2, 5]]);
  });
});

describe('dot prompts and explicit spans', () => {
  it('splits on dots and trims', () => {
    const c = ' red circle . blue star.. ';
    expect(dotPhraseSpans(c).map(([s, e]) => c.slice(s, e))).toEqual(['red circle', 'blue star']);
  });

  it('checks caller spans against the caption', () => {
    expect(phraseSpans('red circle', 'spans', [[0, 3]])).toEqual([[0, 3]]);
    expect(() => phraseSpans('red circle', 'spans', [[4, 40]])).toThrow(
      'phrase span [4, 40] is outside the caption (length 10); use 0 <= start < end <= length',
    );
  });
});

describe('phrase tokens', () => {
  const tok = CaptionTokenizer.fromJson(tokenizerJson());

  it('maps a phrase to the tokens overlapping its span, including word pieces', () => {
    const caption = 'a crimson hexagon';
    const [p] = attachTokens(tok.tokenize(caption, 64), [[2, 17]]);
    expect(p.text).toBe('crimson hexagon');
    expect(p.tokens.length).toBeGreaterThanOrEqual(2);
    expect(p.tokens).not.toContain(0); // never [CLS]
    expect(p.truncated).toBe('none');
  });

  it('reports phrases cut by truncation, fully or partly, instead of failing', () => {
    const caption = 'a red circle next to a blue star';
    const phrases = attachTokens(tok.tokenize(caption, 7), autoPhraseSpans(caption));
    expect(phrases.map((p) => [p.text, p.tokens, p.truncated])).toEqual([
      ['a red circle', [1, 2, 3], 'none'],
      ['a blue star', [], 'fully'],
    ]);
    const partly = attachTokens(tok.tokenize(caption, 4), [[0, 12]]);
    expect(partly[0]).toMatchObject({ tokens: [1, 2], truncated: 'partly' });
  });

  it('a span of only whitespace has no tokens and is not truncated', () => {
    const [p] = attachTokens(tok.tokenize('red   circle', 64), [[3, 6]]);
    expect(p).toMatchObject({ tokens: [], truncated: 'none' });
  });
});

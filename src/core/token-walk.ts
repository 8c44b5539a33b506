import type { CharSpan } from './tokenize.ts';

/** A pre-tokenized word: its characters as the tokenizer sees them and each one's caption span. */
export interface SpanWord {
  readonly chars: readonly string[];
  /** [start, end) in the caption of characters a..b-1 of the word. */
  span(a: number, b: number): CharSpan;
}

export interface TokenPieces {
  /** The characters a token spells at `pos` of its word (prefix/suffix markers stripped), or null
   *  for a token that spells nothing (e.g. [UNK]): it gets the fallback span. */
  piece(token: string, pos: number): string | null;
  /** When a token does not match the word: cover the whole word (WordPiece) or the rest of it (BPE). */
  readonly fallback: 'word' | 'rest';
}

/**
 * Character spans of a tokenizer's content tokens, by walking them over the words they were cut
 * from: each token consumes the characters it spells. A mismatch (a normalisation we do not
 * mirror) falls back to the word, and tokens past the last word repeat the last span.
 */
export function walkTokens(words: readonly SpanWord[], tokens: readonly string[], p: TokenPieces): CharSpan[] {
  const out: CharSpan[] = [];
  let w = 0;
  let pos = 0; // characters of words[w] already consumed
  for (const t of tokens) {
    while (w < words.length && pos >= words[w].chars.length) {
      w++;
      pos = 0;
    }
    const word = words[w];
    if (!word) {
      out.push(out.length ? out[out.length - 1] : [0, 0]);
      continue;
    }
    const piece = p.piece(t, pos);
    const n = piece === null ? 0 : [...piece].length;
    if (n > 0 && word.chars.slice(pos, pos + n).join('') === piece) {
      out.push(word.span(pos, pos + n));
      pos += n;
    } else {
      out.push(word.span(p.fallback === 'word' ? 0 : pos, word.chars.length));
      pos = word.chars.length;
    }
  }
  return out;
}

import { walkTokens } from './token-walk.ts';
import type { CharSpan } from './tokenize.ts';

/**
 * CLIP's byte-level BPE (OWL-ViT, OWLv2) re-done with alignment, for character spans (tokenizers.js
 * gives ids but no offsets): normaliser NFC + whitespace collapse + lowercase, CLIP's split regex,
 * then ByteLevel (each UTF-8 byte is one printable character). A BPE token is a run of those
 * characters, the last of a word ending in '</w>'; walking the tokens over the words gives each
 * token the [start, end) of the original caption its bytes came from.
 */

const SPLIT = /'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/gu;
const END_OF_WORD = '</w>';
/** A base character and its combining marks (or a run of marks with no base). */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu;

/** GPT-2 / CLIP bytes_to_unicode: printable bytes stand for themselves, the rest map to 256 + n. */
const BYTE_CHARS: readonly string[] = (() => {
  const chars: string[] = new Array(256);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    chars[b] = String.fromCodePoint(printable ? b : 256 + n++);
  }
  return chars;
})();

/** A word after pre-tokenisation: one byte-level character per UTF-8 byte, each with its original span. */
interface ByteWord {
  readonly chars: readonly string[];
  readonly spans: readonly CharSpan[];
}

/** Whether a tokenizer.json is CLIP-style byte-level BPE (the only BPE this module aligns). */
export function isClipBpe(json: Record<string, unknown>): boolean {
  const model = (json.model ?? {}) as { type?: string; end_of_word_suffix?: string | null };
  const pre = JSON.stringify(json.pre_tokenizer ?? null);
  return model.type === 'BPE' && model.end_of_word_suffix === END_OF_WORD && pre.includes('"ByteLevel"');
}

/** Normalised, pre-tokenised words of `caption`, each byte-level character carrying its source span. */
export function clipWords(caption: string): ByteWord[] {
  // Normalise per code point (lowercase may expand), remembering the source; a base character with
  // combining marks that NFC composes ('e' + U+0301 -> 'é') is normalised as one and, as in the Rust
  // tokenizers' alignments, spans its base character only.
  let text = '';
  const src: CharSpan[] = []; // per UTF-16 unit of `text`
  const emit = (norm: string, span: CharSpan) => {
    text += norm;
    for (let k = 0; k < norm.length; k++) src.push(span);
  };
  let i = 0;
  for (const [cluster] of caption.matchAll(CLUSTER)) {
    const composed = cluster.normalize('NFC');
    if (composed !== cluster && composed.length < cluster.length) {
      emit(composed.toLowerCase(), [i, i + String.fromCodePoint(cluster.codePointAt(0)!).length]);
      i += cluster.length;
      continue;
    }
    for (const ch of cluster) {
      emit(/\s/u.test(ch) ? ' ' : ch.normalize('NFC').toLowerCase(), [i, i + ch.length]);
      i += ch.length;
    }
  }
  const encoder = new TextEncoder();
  const words: ByteWord[] = [];
  for (const m of text.matchAll(SPLIT)) {
    const chars: string[] = [];
    const spans: CharSpan[] = [];
    let at = m.index!;
    for (const ch of m[0]) {
      const span: CharSpan = [src[at][0], src[at + ch.length - 1][1]];
      for (const b of encoder.encode(ch)) {
        chars.push(BYTE_CHARS[b]);
        spans.push(span);
      }
      at += ch.length;
    }
    words.push({ chars, spans });
  }
  return words;
}

/** Character span of each content token (no special tokens), by walking the tokens over the words. */
export function clipAlignSpans(caption: string, tokens: readonly string[]): CharSpan[] {
  const words = clipWords(caption).map((w) => ({ chars: w.chars, span: (a: number, b: number): CharSpan => [w.spans[a][0], w.spans[b - 1][1]] }));
  // Unknown token or a normalisation we do not mirror (e.g. NFC across code points): the rest of the word.
  return walkTokens(words, tokens, { piece: (t) => (t.endsWith(END_OF_WORD) ? t.slice(0, -END_OF_WORD.length) : t), fallback: 'rest' });
}

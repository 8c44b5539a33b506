/**
 * The BERT normalizer + pre-tokenizer of Hugging Face `tokenizers` (BertNormalizer,
 * BertPreTokenizer), re-done with alignment: every normalised character remembers the
 * [start, end) of the ORIGINAL caption it came from (UTF-16 code units). That is what lets us
 * give each token a character span, which tokenizers.js does not return.
 */
export interface BertNormalizerOptions {
  cleanText: boolean;
  handleChineseChars: boolean;
  stripAccents: boolean;
  lowercase: boolean;
}

/** A pre-tokenized word: its normalised characters (code points) and their original spans. */
export interface Word {
  readonly chars: readonly string[];
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

const CONTROL = /^[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]$/u;
const WHITESPACE = /^\p{White_Space}$/u;
const MARK_NONSPACING = /^\p{Mn}$/u;
const UNICODE_PUNCT = /^\p{P}$/u;
const ASCII_PUNCT = /^[!-/:-@[-`{-~]$/;

const isWhitespace = (c: string) => c === '\t' || c === '\n' || c === '\r' || WHITESPACE.test(c);
const isControl = (c: string) => c !== '\t' && c !== '\n' && c !== '\r' && CONTROL.test(c);
const isPunct = (c: string) => ASCII_PUNCT.test(c) || UNICODE_PUNCT.test(c);

/** The code-point ranges BERT pads with spaces ("CJK Unified Ideographs" and extensions). */
function isChinese(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

interface Aligned {
  chars: string[];
  starts: number[];
  ends: number[];
}

/** Normalises `text` in the same order as the Rust BertNormalizer, keeping alignments. */
export function bertNormalize(text: string, o: BertNormalizerOptions): Aligned {
  const out: Aligned = { chars: [], starts: [], ends: [] };
  const push = (c: string, s: number, e: number) => {
    out.chars.push(c);
    out.starts.push(s);
    out.ends.push(e);
  };
  let i = 0;
  for (const ch of text) {
    const s = i;
    const e = i + ch.length;
    i = e;
    const cp = ch.codePointAt(0)!;
    // 1) clean_text: drop NUL, U+FFFD and control characters; any whitespace becomes ' '.
    if (o.cleanText && (cp === 0 || cp === 0xfffd || isControl(ch))) continue;
    const c1 = o.cleanText && isWhitespace(ch) ? ' ' : ch;
    // 2) handle_chinese_chars: surround CJK ideographs with spaces.
    const isCjk = o.handleChineseChars && isChinese(cp);
    if (isCjk) push(' ', s, e);
    // 3) strip_accents: NFD, then drop non-spacing marks. 4) lowercase (may expand).
    const pieces = o.stripAccents ? [...c1.normalize('NFD')].filter((p) => !MARK_NONSPACING.test(p)) : [c1];
    for (const p of pieces) for (const q of o.lowercase ? p.toLowerCase() : p) push(q, s, e);
    if (isCjk) push(' ', s, e);
  }
  return out;
}

/** BertPreTokenizer: split on whitespace (dropped) and isolate each punctuation character. */
export function bertPreTokenize(n: Aligned): Word[] {
  const words: Word[] = [];
  let cur: Aligned = { chars: [], starts: [], ends: [] };
  const flush = () => {
    if (cur.chars.length) words.push(cur);
    cur = { chars: [], starts: [], ends: [] };
  };
  for (let k = 0; k < n.chars.length; k++) {
    const c = n.chars[k];
    if (isWhitespace(c)) {
      flush();
    } else if (isPunct(c)) {
      flush();
      words.push({ chars: [c], starts: [n.starts[k]], ends: [n.ends[k]] });
    } else {
      cur.chars.push(c);
      cur.starts.push(n.starts[k]);
      cur.ends.push(n.ends[k]);
    }
  }
  flush();
  return words;
}

/** Reads the normalizer options from a tokenizer.json's "normalizer" entry (BertNormalizer only). */
export function bertOptionsFrom(normalizer: unknown): BertNormalizerOptions | undefined {
  const n = normalizer as Record<string, unknown> | null;
  if (!n || n.type !== 'BertNormalizer') return undefined;
  const lowercase = n.lowercase !== false;
  return {
    cleanText: n.clean_text !== false,
    handleChineseChars: n.handle_chinese_chars !== false,
    stripAccents: typeof n.strip_accents === 'boolean' ? n.strip_accents : lowercase,
    lowercase,
  };
}

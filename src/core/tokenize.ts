import { Tokenizer } from '@huggingface/tokenizers';
import { bertNormalize, bertOptionsFrom, bertPreTokenize, type BertNormalizerOptions } from './bert-words.ts';
import { clipAlignSpans, isClipBpe } from './clip-words.ts';
import { bundleError, inputError } from './errors.ts';
import { walkTokens } from './token-walk.ts';

/** [start, end) in UTF-16 code units of the original caption. */
export type CharSpan = readonly [number, number];

export interface TokenizedCaption {
  readonly text: string;
  /** Token ids including special tokens ([CLS] ... [SEP]), after truncation. */
  readonly ids: readonly number[];
  readonly tokens: readonly string[];
  /** Per token: its span in `text`, or null for special tokens. */
  readonly spans: readonly (CharSpan | null)[];
  /** Spans of the caption's tokens that truncation to max_tokens dropped (empty if none). */
  readonly cutSpans: readonly CharSpan[];
}

/** Character spans of the content tokens of `caption` (the library's tokens, in order). */
type AlignSpans = (caption: string, tokens: readonly string[]) => CharSpan[];

/**
 * tokenizers.js gives ids but no offsets; we recompute the normalisation and pre-tokenisation
 * with alignments and walk the library's tokens over those words: BERT WordPiece (bert-words.ts;
 * [UNK] always covers its whole word) or CLIP byte-level BPE (clip-words.ts, OWL-ViT / OWLv2).
 */
export class CaptionTokenizer {
  private readonly prefix: number[];
  private readonly suffix: number[];

  private constructor(
    private readonly tok: Tokenizer,
    private readonly alignSpans: AlignSpans,
  ) {
    // Learn the special-token template (e.g. [CLS] x [SEP]) from one probe word.
    const withSpecial = tok.encode('a').ids;
    const plain = tok.encode('a', { add_special_tokens: false }).ids;
    const at = withSpecial.findIndex((_, i) => plain.every((id, k) => withSpecial[i + k] === id));
    this.prefix = withSpecial.slice(0, Math.max(0, at));
    this.suffix = withSpecial.slice(Math.max(0, at) + plain.length);
  }

  /** Builds a tokenizer from tokenizer.json text (+ optional tokenizer_config.json text). */
  static fromJson(tokenizerJson: string, configJson?: string, file = 'tokenizer.json'): CaptionTokenizer {
    let json: Record<string, unknown>;
    let config: Record<string, unknown> = {};
    try {
      json = JSON.parse(tokenizerJson);
      if (configJson) config = JSON.parse(configJson);
    } catch (e) {
      throw bundleError(`${file} is not valid JSON (${(e as Error).message}): re-export the bundle`);
    }
    const model = (json.model ?? {}) as Record<string, unknown>;
    const bert = bertOptionsFrom(json.normalizer);
    let align: AlignSpans;
    if (bert && model.type === 'WordPiece' && (json.pre_tokenizer as { type?: string } | null)?.type === 'BertPreTokenizer') {
      align = bertAligner(bert, String(model.unk_token ?? '[UNK]'), String(model.continuing_subword_prefix ?? '##'));
    } else if (isClipBpe(json)) {
      align = clipAlignSpans;
    } else {
      throw bundleError(
        `${file}: only BERT WordPiece tokenizers are supported, or CLIP's byte-level BPE ('</w>' word ends), since character spans need one of them; this one is ${describeTokenizer(json)}`,
      );
    }
    let tok: Tokenizer;
    try {
      tok = new Tokenizer(json, config);
    } catch (e) {
      throw bundleError(`${file} could not be loaded (${(e as Error).message}): re-export the bundle`);
    }
    return new CaptionTokenizer(tok, align);
  }

  get specialIds(): { prefix: readonly number[]; suffix: readonly number[] } {
    return { prefix: this.prefix, suffix: this.suffix };
  }

  /** Tokenizes `caption`, keeping at most `maxTokens` ids (special tokens included). */
  tokenize(caption: string, maxTokens: number): TokenizedCaption {
    if (caption.trim() === '') throw inputError('the caption is empty: type what to find, e.g. "a red circle"');
    const enc = this.tok.encode(caption, { add_special_tokens: false });
    const spans = this.alignSpans(caption, enc.tokens);
    const room = Math.max(0, maxTokens - this.prefix.length - this.suffix.length);
    const keep = Math.min(room, enc.ids.length);
    const pre = this.prefix.map(() => null);
    const suf = this.suffix.map(() => null);
    return {
      text: caption,
      ids: [...this.prefix, ...enc.ids.slice(0, keep), ...this.suffix],
      tokens: [...this.prefix.map((id) => this.idToToken(id)), ...enc.tokens.slice(0, keep), ...this.suffix.map((id) => this.idToToken(id))],
      spans: [...pre, ...spans.slice(0, keep), ...suf],
      cutSpans: spans.slice(keep),
    };
  }

  private idToToken(id: number): string {
    return this.tok.id_to_token(id) ?? String(id);
  }
}

/** 'BPE (normalizer Sequence, pre-tokenizer ByteLevel)': the parts that decide whether spans are possible. */
function describeTokenizer(json: Record<string, unknown>): string {
  const type = (v: unknown) => (v && typeof v === 'object' && 'type' in v ? String((v as { type: unknown }).type) : 'none');
  return `${type(json.model) === 'none' ? 'an unknown model type' : type(json.model)} (normalizer ${type(json.normalizer)}, pre-tokenizer ${type(json.pre_tokenizer)})`;
}

/** Character span of each WordPiece token, by walking the tokens over the aligned BERT words. */
function bertAligner(bert: BertNormalizerOptions, unkToken: string, continuation: string): AlignSpans {
  return (caption, tokens) => {
    const words = bertPreTokenize(bertNormalize(caption, bert)).map((w) => ({
      chars: w.chars,
      span: (a: number, b: number): CharSpan => [w.starts[a], w.ends[b - 1]],
    }));
    // [UNK], or our normalisation disagreeing with the library's: the whole word.
    return walkTokens(words, tokens, {
      piece: (t, pos) => (t === unkToken ? null : pos > 0 && t.startsWith(continuation) ? t.slice(continuation.length) : t),
      fallback: 'word',
    });
  };
}

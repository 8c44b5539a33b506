import nlp from 'compromise';
import { inputError } from './errors.ts';
import type { CharSpan, TokenizedCaption } from './tokenize.ts';

/**
 * Phrases: the parts of a caption that each get their own boxes. Three sources:
 * - 'auto': noun phrases, GLIP-style chunks DT? (ADJ|NUM|NOUN)* NOUN over compromise's tags,
 *   with colour/size words forced to modifiers and relation words ("above", "next to") as breaks;
 * - 'dots': "red circle . blue star" (each '.'-separated part, trimmed);
 * - 'spans': explicit character spans from the caller.
 */
export type PhraseMode = 'auto' | 'dots' | 'spans';
export type Truncation = 'none' | 'partly' | 'fully';

export interface Phrase {
  readonly text: string;
  readonly span: CharSpan;
  /** Indices into the tokenized caption's ids of the tokens overlapping the span. */
  readonly tokens: readonly number[];
  /** Whether truncation to max_tokens cut this phrase's tokens. */
  readonly truncated: Truncation;
}

const MODIFIERS = new Set(
  ('red orange yellow green blue purple violet pink brown black white gray grey cyan magenta teal ' +
    'navy gold silver small large big tiny huge little medium giant mini leftmost rightmost topmost ' +
    'bottommost uppermost lowermost middle central').split(' '),
);
/** Position words modify a noun ("the top square") but are never a phrase's noun ("the right"). */
const POSITIONS = new Set('left right top bottom center centre side front back corner edge'.split(' '));
/** Relation words break a chunk, whatever compromise calls them. */
const RELATIONS = new Set(
  ('above below under over beside behind near next between inside outside across beneath ' +
    'around along against toward towards of to from with and or in on at by there here').split(' '),
);
const POSITION_SUFFIX = /^\s+(?:on|at|in) the (?:far )?(?:left|right|top|bottom|middle|center|centre)\b/i;

type Role = 'det' | 'mod' | 'noun' | 'break';

function roleOf(word: string, tags: readonly string[]): Role {
  const w = word.toLowerCase();
  if (MODIFIERS.has(w) || POSITIONS.has(w)) return 'mod';
  if (RELATIONS.has(w)) return 'break';
  if (tags.includes('Determiner')) return 'det';
  if (tags.includes('Pronoun')) return 'break';
  if (tags.includes('Noun') && !tags.includes('Value')) return 'noun';
  if (tags.includes('Adjective') || tags.includes('Value') || tags.includes('Ordinal')) return 'mod';
  return 'break';
}

interface Term {
  role: Role;
  start: number;
  end: number;
}

/** Noun-phrase spans of `caption`, in order. */
export function autoPhraseSpans(caption: string): CharSpan[] {
  const terms: Term[] = [];
  type JsonTerm = { text: string; tags: string[]; offset: { start: number; length: number } };
  for (const sentence of nlp(caption).json({ offset: true, terms: { offset: true } }) as { terms: JsonTerm[] }[]) {
    for (const t of sentence.terms) {
      terms.push({ role: roleOf(t.text, t.tags), start: t.offset.start, end: t.offset.start + t.offset.length });
    }
  }
  const spans: CharSpan[] = [];
  let i = 0;
  while (i < terms.length) {
    // A run: an optional determiner, then modifiers and nouns; it ends at its last noun.
    let j = i;
    if (terms[j].role === 'det') j++;
    let lastNoun = -1;
    while (j < terms.length && (terms[j].role === 'mod' || terms[j].role === 'noun')) {
      if (terms[j].role === 'noun') lastNoun = j;
      j++;
    }
    if (lastNoun >= 0) {
      let end = terms[lastNoun].end;
      const suffix = POSITION_SUFFIX.exec(caption.slice(end));
      if (suffix) end += suffix[0].length;
      spans.push([terms[i].start, end]);
      while (i < terms.length && terms[i].start < end) i++;
    } else {
      i = Math.max(i + 1, j);
    }
  }
  return spans;
}

/** "red circle . blue star" -> the trimmed spans of each '.'-separated part. */
export function dotPhraseSpans(caption: string): CharSpan[] {
  const spans: CharSpan[] = [];
  let start = 0;
  for (let k = 0; k <= caption.length; k++) {
    if (k === caption.length || caption[k] === '.') {
      const part = caption.slice(start, k);
      const lead = part.length - part.trimStart().length;
      const body = part.trim();
      if (body) spans.push([start + lead, start + lead + body.length]);
      start = k + 1;
    }
  }
  return spans;
}

/** Checks caller-supplied spans against the caption. */
export function checkSpans(caption: string, spans: readonly CharSpan[]): CharSpan[] {
  return spans.map(([s, e]) => {
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > caption.length || s >= e) {
      throw inputError(`phrase span [${s}, ${e}] is outside the caption (length ${caption.length}); use 0 <= start < end <= length`);
    }
    return [s, e] as const;
  });
}

/**
 * The phrase spans for a mode. 'auto' falls back to the whole (trimmed) caption when it finds no
 * noun phrase, so a one-word prompt such as "red" still gets boxes.
 */
export function phraseSpans(caption: string, mode: PhraseMode, spans?: readonly CharSpan[]): CharSpan[] {
  if (mode === 'auto') {
    const found = autoPhraseSpans(caption);
    if (found.length || caption.trim() === '') return found;
    const start = caption.length - caption.trimStart().length;
    return [[start, start + caption.trim().length]];
  }
  if (mode === 'dots') return dotPhraseSpans(caption);
  return checkSpans(caption, spans ?? []);
}

const overlaps = (a: CharSpan, b: CharSpan) => a[0] < b[1] && b[0] < a[1];

/** Attaches to each span the tokens that overlap it, and whether truncation cut any of them. */
export function attachTokens(tokenized: TokenizedCaption, spans: readonly CharSpan[]): Phrase[] {
  return spans.map((span) => {
    const tokens: number[] = [];
    tokenized.spans.forEach((s, k) => {
      if (s && overlaps(s, span)) tokens.push(k);
    });
    const cut = tokenized.cutSpans.some((s) => overlaps(s, span));
    const truncated: Truncation = !cut ? 'none' : tokens.length ? 'partly' : 'fully';
    return { text: tokenized.text.slice(span[0], span[1]), span, tokens, truncated };
  });
}

/**
 * Span <-> chip layout: the caption cut into runs that the editor's backdrop colours
 * (a run is covered by the same phrases throughout), and the chip list in caption order.
 */
import type { Span, ViewPhrase } from '../view-model.ts';

export interface CaptionSegment {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Phrases covering this run, innermost (shortest) first. */
  readonly phraseIds: readonly string[];
  /** Colour of the innermost phrase, or null for plain text. */
  readonly colour: string | null;
  /** Beyond the tokenizer's limit: the model never sees it. */
  readonly cut: boolean;
}

type SpanPhrase = Pick<ViewPhrase, 'id' | 'span' | 'colour'>;

const clampSpan = (span: Span, length: number): Span => [
  Math.max(0, Math.min(length, span[0])),
  Math.max(0, Math.min(length, span[1])),
];

/** Consecutive runs covering the whole text, split at every phrase boundary and at `cutAt`. */
export function segmentCaption(text: string, phrases: readonly SpanPhrase[], cutAt: number | null): CaptionSegment[] {
  const spans = phrases
    .filter((p): p is SpanPhrase & { span: Span } => p.span !== null)
    .map((p) => ({ ...p, span: clampSpan(p.span, text.length) }))
    .filter((p) => p.span[1] > p.span[0]);
  const cuts = new Set<number>([0, text.length]);
  for (const p of spans) cuts.add(p.span[0]).add(p.span[1]);
  if (cutAt !== null && cutAt > 0 && cutAt < text.length) cuts.add(cutAt);
  const points = [...cuts].sort((a, b) => a - b);
  const segments: CaptionSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const covering = spans
      .filter((p) => p.span[0] <= start && end <= p.span[1])
      .sort((a, b) => a.span[1] - a.span[0] - (b.span[1] - b.span[0]));
    segments.push({
      start,
      end,
      text: text.slice(start, end),
      phraseIds: covering.map((p) => p.id),
      colour: covering[0]?.colour ?? null,
      cut: cutAt !== null && start >= cutAt,
    });
  }
  return segments;
}

export interface PhraseChip {
  readonly id: string;
  /** What the chip reads: the caption's text under the span (or the phrase text for examples). */
  readonly label: string;
  readonly colour: string;
  readonly source: ViewPhrase['source'];
  /** Best box score, or null when the phrase found nothing above the threshold. */
  readonly best: number | null;
  /** Part or all of the phrase is past the tokenizer's limit. */
  readonly cut: boolean;
}

/** Chips in caption order (by span start), image-guided examples last in their given order. */
export function layoutChips(text: string, phrases: readonly ViewPhrase[], cutAt: number | null): PhraseChip[] {
  const order = (p: ViewPhrase) => (p.span === null ? Infinity : p.span[0]);
  return phrases
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p) - order(b.p) || a.i - b.i)
    .map(({ p }) => ({
      id: p.id,
      label: p.span === null ? p.text : text.slice(...clampSpan(p.span, text.length)) || p.text,
      colour: p.colour,
      source: p.source,
      best: p.boxes.length === 0 ? null : Math.max(...p.boxes.map((b) => b.score)),
      cut: p.span !== null && cutAt !== null && p.span[1] > cutAt,
    }));
}

/**
 * Importing a result JSON: parse and validate it (the core's schema), then turn it into what
 * the components show. Every failure is one line for the person; nothing is thrown past here.
 */
import { isPhraseGroundError } from '../../core/errors.ts';
import { parseResult, type ResultJson } from '../../core/result.ts';
import { assignColours, paletteColour, type ColourSlot } from '../colors.ts';
import { imageBox, type CaptionView, type Size, type ViewPhrase, type ViewToken } from '../view-model.ts';

export type ImportOutcome = { readonly ok: true; readonly result: ResultJson } | { readonly ok: false; readonly message: string };

/** Larger files are refused before parsing: a result of one image is kilobytes. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export function importResultText(text: string, fileName: string): ImportOutcome {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, message: `${fileName} is larger than 20 MB; choose a result JSON exported by PhraseGround` };
  try {
    return { ok: true, result: parseResult(text, fileName) };
  } catch (e) {
    const why = isPhraseGroundError(e) ? e.message : `${fileName} could not be read (${(e as Error).message})`;
    // one line, however the parser quoted the broken text
    return { ok: false, message: `${why.replace(/\s+/g, ' ').trim()}. Choose a result JSON exported by PhraseGround.` };
  }
}

/** The same id scheme as the app shell: a phrase is its span. */
export const phraseIdOf = (span: readonly [number, number]) => `p${span[0]}-${span[1]}`;

/** The result's phrases as view phrases, coloured (stably, given the previous colours). */
export function resultToViewPhrases(result: ResultJson, previous: readonly ColourSlot[] = []): { phrases: ViewPhrase[]; colours: ColourSlot[] } {
  const keys = result.phrases.map((p) => ({ id: phraseIdOf(p.span), text: p.text, span: p.span }));
  const colours = assignColours(previous, keys);
  const phrases = result.phrases.map(
    (p, i): ViewPhrase => ({
      id: keys[i].id,
      text: p.text,
      span: [p.span[0], p.span[1]],
      colour: paletteColour(colours[i].slot),
      source: result.phrase_mode === 'spans' ? 'manual' : 'auto',
      boxes: p.boxes.map((b) => ({ bbox: imageBox(b.bbox[0], b.bbox[1], b.bbox[2], b.bbox[3]), score: b.score, region: b.region })),
    }),
  );
  return { phrases, colours };
}

/** The result's word tokens (special tokens have no span and are left out). */
export function resultTokens(result: ResultJson): ViewToken[] {
  return (result.tokens ?? []).flatMap((t, index) => (t.span ? [{ index, text: t.token, span: [t.span[0], t.span[1]] as const }] : []));
}

/**
 * One line when the shown image is not the one the result was made on (its size differs), so
 * the boxes would land in the wrong places; null when it matches.
 */
export function imageMismatch(result: ResultJson, shown: (Size & { name: string }) | null): string | null {
  const r = result.image;
  if (shown === null) return `this result is for ${r.name} (${r.width}x${r.height}); open that image to see the boxes on it`;
  if (shown.width === r.width && shown.height === r.height) return null;
  return `this result is for ${r.name} (${r.width}x${r.height}), but the image shown is ${shown.name} (${shown.width}x${shown.height}); open ${r.name} to see the boxes in place`;
}

/**
 * The caption editor's view of an imported result. Where truncation cut a phrase, the cut is
 * placed after the last token the model saw (the result lists only those tokens).
 */
export function resultCaptionView(result: ResultJson, phrases: readonly ViewPhrase[]): CaptionView {
  const tokens = resultTokens(result);
  const truncated = result.phrases.some((p) => p.truncated !== 'none');
  const lastEnd = tokens.length > 0 ? tokens[tokens.length - 1].span[1] : 0;
  return {
    text: result.caption,
    mode: result.phrase_mode === 'dots' ? 'dots' : 'auto',
    phrases: phrases.filter((p) => p.span !== null),
    tokens,
    cutAt: truncated && lastEnd < result.caption.length ? lastEnd : null,
    maxTokens: result.tokens?.length ?? 0,
  };
}

/**
 * What the boxes layer draws, as plain data: one entry per box with its stage rectangle,
 * colours, label and emphasis. The Konva component only maps these to shapes.
 */
import { textColourOn } from '../colors.ts';
import type { BoxRef, Size, StageRect, ViewPhrase } from '../view-model.ts';
import { estimateTextWidth, placeLabels } from './label-placement.ts';
import { boxToStage, type Viewport } from './viewport.ts';

export const LABEL_FONT_SIZE = 13;
export const LABEL_PADDING = 3;
export const LABEL_HEIGHT = LABEL_FONT_SIZE + 2 * LABEL_PADDING;

export interface DrawnBox {
  readonly key: string;
  readonly phraseId: string;
  readonly boxIndex: number;
  readonly rect: StageRect;
  readonly colour: string;
  /** "red circle 0.93" */
  readonly label: string;
  readonly labelTextColour: string;
  /** Top-left of the label: above the box, inside its top, or below it (see label-placement.ts). */
  readonly labelX: number;
  readonly labelY: number;
  readonly opacity: number;
  readonly strokeWidth: number;
  readonly highlighted: boolean;
  readonly hovered: boolean;
}

export interface SceneState {
  readonly selectedPhraseId: string | null;
  readonly hovered: BoxRef | null;
  /** The stage, to keep labels on it. */
  readonly stage: Size;
  /** Measures label text (a canvas in the browser); defaults to an estimate. */
  readonly measure?: (text: string, fontSize: number) => number;
}

export const formatScore = (score: number) => score.toFixed(2);

/** Whether a phrase is emphasised: the selected one, or every phrase when none is selected. */
export function isEmphasised(phraseId: string, selectedPhraseId: string | null): boolean {
  return selectedPhraseId === null || selectedPhraseId === phraseId;
}

/** What a screen reader hears when the selection changes: "blue square: 2 boxes, best 0.88". */
export function selectionSummary(phrases: readonly ViewPhrase[], selectedPhraseId: string | null): string {
  const p = phrases.find((q) => q.id === selectedPhraseId);
  if (!p) return '';
  const n = p.boxes.length;
  if (n === 0) return `${p.text}: no box above the threshold`;
  return `${p.text}: ${n} ${n === 1 ? 'box' : 'boxes'}, best ${formatScore(Math.max(...p.boxes.map((b) => b.score)))}`;
}

/**
 * The drawable boxes in paint order: dimmed before emphasised, larger before smaller
 * (so a small box inside a large one stays on top, as hit-testing expects), hovered last.
 * Labels are placed for the highlighted phrase first, then the emphasised ones, then by score.
 */
export function buildBoxScene(phrases: readonly ViewPhrase[], vp: Viewport, state: SceneState): DrawnBox[] {
  const measure = state.measure ?? estimateTextWidth;
  const boxes: Omit<DrawnBox, 'labelX' | 'labelY'>[] = [];
  const scores: number[] = [];
  for (const phrase of phrases) {
    const emphasised = isEmphasised(phrase.id, state.selectedPhraseId);
    const highlighted = state.selectedPhraseId === phrase.id;
    phrase.boxes.forEach((box, boxIndex) => {
      const hovered = state.hovered?.phraseId === phrase.id && state.hovered.boxIndex === boxIndex;
      scores.push(box.score);
      boxes.push({
        key: `${phrase.id}#${boxIndex}`,
        phraseId: phrase.id,
        boxIndex,
        rect: boxToStage(vp, box.bbox),
        colour: phrase.colour,
        label: `${phrase.text} ${formatScore(box.score)}`,
        labelTextColour: textColourOn(phrase.colour),
        opacity: hovered || emphasised ? 1 : 0.2,
        strokeWidth: hovered ? 4 : highlighted ? 3 : 2,
        highlighted,
        hovered,
      });
    });
  }
  // Hover does not count: labels must not jump about as the pointer moves.
  const priority = (i: number) => (boxes[i].highlighted ? 2 : 0) + (isEmphasised(boxes[i].phraseId, state.selectedPhraseId) ? 1 : 0) + scores[i];
  const order = boxes.map((_, i) => i).sort((a, b) => priority(b) - priority(a));
  const spots = placeLabels(
    order.map((i) => ({ box: boxes[i].rect, width: measure(boxes[i].label, LABEL_FONT_SIZE) + 2 * LABEL_PADDING, height: LABEL_HEIGHT })),
    state.stage,
  );
  const drawn: DrawnBox[] = boxes.map((b) => ({ ...b, labelX: 0, labelY: 0 }));
  order.forEach((i, k) => (drawn[i] = { ...boxes[i], labelX: spots[k].x, labelY: spots[k].y }));
  const rank = (b: DrawnBox) => (b.hovered ? 2 : b.opacity === 1 ? 1 : 0);
  return drawn.sort((a, b) => rank(a) - rank(b) || b.rect.width * b.rect.height - a.rect.width * a.rect.height);
}

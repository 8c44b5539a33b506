/**
 * What the boxes layer draws, as plain data: one entry per box with its stage rectangle,
 * colours, label and emphasis. The Konva component only maps these to shapes.
 */
import { textColourOn } from '../colors.ts';
import type { BoxRef, StageRect, ViewPhrase } from '../view-model.ts';
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
  /** Top-left of the label: above the box, or inside it when the box touches the stage top. */
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
  /** A token heatmap is shown: boxes step back so the heatmap reads. */
  readonly heatmapShown: boolean;
}

export const formatScore = (score: number) => score.toFixed(2);

/** Whether a phrase is emphasised: the selected one, or every phrase when none is selected. */
export function isEmphasised(phraseId: string, selectedPhraseId: string | null): boolean {
  return selectedPhraseId === null || selectedPhraseId === phraseId;
}

/**
 * The drawable boxes in paint order: dimmed before emphasised, larger before smaller
 * (so a small box inside a large one stays on top, as hit-testing expects), hovered last.
 */
export function buildBoxScene(phrases: readonly ViewPhrase[], vp: Viewport, state: SceneState): DrawnBox[] {
  const boxes: DrawnBox[] = [];
  for (const phrase of phrases) {
    const emphasised = isEmphasised(phrase.id, state.selectedPhraseId);
    const highlighted = state.selectedPhraseId === phrase.id;
    phrase.boxes.forEach((box, boxIndex) => {
      const rect = boxToStage(vp, box.bbox);
      const hovered = state.hovered?.phraseId === phrase.id && state.hovered.boxIndex === boxIndex;
      const labelAbove = rect.y - LABEL_HEIGHT >= 0;
      boxes.push({
        key: `${phrase.id}#${boxIndex}`,
        phraseId: phrase.id,
        boxIndex,
        rect,
        colour: phrase.colour,
        label: `${phrase.text} ${formatScore(box.score)}`,
        labelTextColour: textColourOn(phrase.colour),
        labelX: rect.x,
        labelY: labelAbove ? rect.y - LABEL_HEIGHT : rect.y,
        opacity: hovered ? 1 : !emphasised ? 0.2 : state.heatmapShown && !highlighted ? 0.5 : 1,
        strokeWidth: hovered ? 4 : highlighted ? 3 : 2,
        highlighted,
        hovered,
      });
    });
  }
  const rank = (b: DrawnBox) => (b.hovered ? 2 : b.opacity === 1 ? 1 : 0);
  return boxes.sort((a, b) => rank(a) - rank(b) || b.rect.width * b.rect.height - a.rect.width * a.rect.height);
}

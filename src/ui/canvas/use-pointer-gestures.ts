/**
 * Pointer gestures on the canvas, told apart by how far the pointer moved while pressed:
 * a click (selects), a drag (pans, or draws a search box in "search" mode), or a hover.
 */
import { useRef, useState, type PointerEvent } from 'react';
import { stagePoint, type StagePoint } from '../view-model.ts';

/** Movement (stage pixels) below which a press-and-release is a click, not a drag. */
export const CLICK_SLOP = 4;

export type CanvasTool = 'select' | 'search';

export interface GestureHandlers {
  onClick(p: StagePoint): void;
  onHover(p: StagePoint | null): void;
  onPan(dx: number, dy: number): void;
  /** A search box is being drawn from `start` to `current`; null when drawing ends or is cancelled. */
  onDraft(draft: { start: StagePoint; current: StagePoint } | null): void;
  onDrawn(start: StagePoint, end: StagePoint): void;
}

type Press = { start: StagePoint; last: StagePoint; dragging: boolean; pointerId: number };

export function usePointerGestures(tool: CanvasTool, h: GestureHandlers) {
  const press = useRef<Press | null>(null);
  const [panning, setPanning] = useState(false);
  const at = (e: PointerEvent<HTMLElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return stagePoint(e.clientX - r.left, e.clientY - r.top);
  };
  return {
    panning,
    onPointerDown(e: PointerEvent<HTMLElement>) {
      if (e.button !== 0) return;
      const p = at(e);
      e.currentTarget.setPointerCapture?.(e.pointerId);
      press.current = { start: p, last: p, dragging: false, pointerId: e.pointerId };
    },
    onPointerMove(e: PointerEvent<HTMLElement>) {
      const p = at(e);
      const pr = press.current;
      if (pr === null) return h.onHover(p);
      if (!pr.dragging && Math.hypot(p.x - pr.start.x, p.y - pr.start.y) >= CLICK_SLOP) {
        pr.dragging = true;
        if (tool === 'select') setPanning(true);
      }
      if (!pr.dragging) return;
      if (tool === 'search') h.onDraft({ start: pr.start, current: p });
      else h.onPan(p.x - pr.last.x, p.y - pr.last.y);
      pr.last = p;
    },
    onPointerUp(e: PointerEvent<HTMLElement>) {
      const pr = press.current;
      press.current = null;
      setPanning(false);
      if (pr === null) return;
      const p = at(e);
      if (!pr.dragging) h.onClick(p);
      else if (tool === 'search') {
        h.onDraft(null);
        h.onDrawn(pr.start, p);
      }
    },
    onPointerCancel() {
      press.current = null;
      setPanning(false);
      h.onDraft(null);
    },
    onPointerLeave() {
      if (press.current === null) h.onHover(null);
    },
  };
}

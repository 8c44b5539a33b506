/** The canvas's zoom/pan state: refitted when the image or the stage size changes. */
import { useCallback, useMemo, useState } from 'react';
import { stagePoint, type Size, type StagePoint } from '../view-model.ts';
import { fitViewport, keepInView, panBy, zoomAt, type Viewport } from './viewport.ts';

export interface ViewportControls {
  readonly viewport: Viewport;
  /** The fitted scale; zoom is viewport.scale / fitScale. */
  readonly fitScale: number;
  zoomBy(factor: number, anchor?: StagePoint): void;
  pan(dx: number, dy: number): void;
  fit(): void;
}

/** `imageKey` changes when another image is shown (its decoded source), which refits. */
export function useViewport(image: Size | null, stage: Size, imageKey: unknown): ViewportControls {
  const iw = image?.width ?? 0;
  const ih = image?.height ?? 0;
  const fitted = useMemo(
    () => (iw > 0 && ih > 0 ? fitViewport({ width: iw, height: ih }, stage) : { scale: 1, x: 0, y: 0 }),
    // by value, so a shell that rebuilds its objects each render does not reset the zoom
    [iw, ih, stage.width, stage.height, imageKey], // eslint-disable-line react-hooks/exhaustive-deps
  );
  // The user's zoom/pan, remembered against the fit it was made on: a new fit discards it.
  const [own, setOwn] = useState<{ base: Viewport; vp: Viewport } | null>(null);
  const viewport = own !== null && own.base === fitted ? own.vp : fitted;
  const update = useCallback(
    (change: (vp: Viewport) => Viewport) =>
      setOwn((prev) => {
        const current = prev !== null && prev.base === fitted ? prev.vp : fitted;
        const image = { width: iw, height: ih };
        return { base: fitted, vp: keepInView(change(current), image, stage) };
      }),
    [fitted, iw, ih, stage],
  );
  const centre = stagePoint(stage.width / 2, stage.height / 2);
  return {
    viewport,
    fitScale: fitted.scale,
    zoomBy: (factor, anchor = centre) => update((vp) => zoomAt(vp, anchor, factor, fitted.scale)),
    pan: (dx, dy) => update((vp) => panBy(vp, dx, dy)),
    fit: () => setOwn(null),
  };
}

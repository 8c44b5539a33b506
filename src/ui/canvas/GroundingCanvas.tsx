/**
 * The image with its phrase boxes (react-konva): click a box to select its phrase, click
 * empty space to clear, arrows/Tab/Escape walk the phrases, wheel or buttons zoom, drag pans,
 * "Search by example" draws a box and emits it in original image pixels. A token heatmap, when
 * given, is drawn between the image and the boxes. The boxes are mirrored in a hidden DOM list.
 */
import type Konva from 'konva';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { Image as KonvaImage, Layer, Rect, Stage } from 'react-konva';
import type { BoxRef, HeatCell, HeatmapSource, ImageBox, StagePoint, ViewImage, ViewPhrase } from '../view-model.ts';
import { stagePoint } from '../view-model.ts';
import { BoxList } from './BoxList.tsx';
import { BoxesLayer } from './BoxesLayer.tsx';
import { buildBoxScene } from './box-scene.ts';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { buildHeatCells } from './heatmap.ts';
import { HeatmapLayer } from './HeatmapLayer.tsx';
import { hitTest } from './hit-test.ts';
import { measureLabelText } from './measure-text.ts';
import { navigatePhrases } from './keyboard.ts';
import { usePointerGestures, type CanvasTool } from './use-pointer-gestures.ts';
import { useElementSize } from './use-element-size.ts';
import { useViewport } from './use-viewport.ts';
import { boxFromCorners, boxToStage, exportRegion, stageToImage, wheelFactor } from './viewport.ts';

/** What the shell can ask of the canvas (pass `ref`). */
export interface CanvasHandle {
  /** The annotated image as a PNG data URL at the original resolution; null when no image is shown. */
  toPngDataUrl(): string | null;
}

export interface GroundingCanvasProps {
  readonly image: ViewImage | null;
  /** Text phrases and image-guided ("example #n") phrases alike, each with its colour and boxes. */
  readonly phrases: readonly ViewPhrase[];
  readonly selectedPhraseId: string | null;
  onSelectPhrase(id: string | null): void;
  /** A phrase pointed at elsewhere (its chip is hovered): emphasised while nothing is selected. */
  readonly previewPhraseId?: string | null;
  /** Scores of the selected caption token over the regions, or null for no heatmap. */
  readonly heatmap: HeatmapSource | null;
  /** A box drawn in "search by example" mode, in original image pixels. */
  onSearchBox(bbox: ImageBox): void;
  /** Drawn boxes smaller than this (original pixels, either side) are ignored as slips. */
  readonly minSearchBoxSize?: number;
  /** Height of the drawing area in CSS pixels; the width follows the container. */
  readonly height?: number;
  readonly ref?: Ref<CanvasHandle>;
}

const HIT_SLOP_PX = 3;

export function GroundingCanvas(props: GroundingCanvasProps) {
  const { image, phrases, selectedPhraseId, onSelectPhrase, heatmap, onSearchBox } = props;
  const host = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const size = useElementSize(host, { width: 640, height: props.height ?? 480 });
  const view = useViewport(image, size, image?.source);
  const vp = view.viewport;
  const [tool, setTool] = useState<CanvasTool>('select');
  const [hovered, setHovered] = useState<BoxRef | null>(null);
  const [draft, setDraft] = useState<{ start: StagePoint; current: StagePoint } | null>(null);

  const heatCells = useMemo(
    () => (image && heatmap ? buildHeatCells(heatmap, { image }) : null),
    [heatmap, image?.width, image?.height], // eslint-disable-line react-hooks/exhaustive-deps
  );
  // A hovered chip's preview wins over the selection while the pointer is on it.
  const shownPhraseId = props.previewPhraseId ?? selectedPhraseId ?? null;
  const scene = useMemo(
    () => buildBoxScene(phrases, vp, { selectedPhraseId: shownPhraseId, hovered, stage: size, measure: measureLabelText }),
    [phrases, vp, shownPhraseId, hovered, size],
  );

  const hitAt = (p: StagePoint) => (image ? hitTest(phrases, stageToImage(vp, p), HIT_SLOP_PX / vp.scale) : null);
  const gestures = usePointerGestures(tool, {
    onClick: (p) => {
      if (tool === 'search') return;
      const hit = hitAt(p);
      onSelectPhrase(hit === null || hit.phraseId === selectedPhraseId ? null : hit.phraseId);
    },
    onHover: (p) => {
      const hit = p === null || tool === 'search' ? null : hitAt(p);
      setHovered((h) => (h?.phraseId === hit?.phraseId && h?.boxIndex === hit?.boxIndex ? h : hit));
    },
    onPan: view.pan,
    onDraft: setDraft,
    onDrawn: (a, b) => {
      setTool('select');
      if (!image) return;
      const box = boxFromCorners(stageToImage(vp, a), stageToImage(vp, b), image);
      const min = props.minSearchBoxSize ?? 4;
      if (box[2] - box[0] >= min && box[3] - box[1] >= min) onSearchBox(box);
    },
  });

  // Wheel zoom needs a non-passive listener to keep the page from scrolling; it reads the
  // latest zoom function through a ref so it is attached once per image.
  const zoomBy = view.zoomBy;
  const zoomRef = useRef(zoomBy);
  zoomRef.current = zoomBy;
  const hasImage = image !== null;
  useEffect(() => {
    const el = host.current;
    if (!el || !hasImage) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomRef.current(wheelFactor(e.deltaY), stagePoint(e.clientX - r.left, e.clientY - r.top));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [hasImage]);

  useImperativeHandle(
    props.ref,
    () => ({
      toPngDataUrl: () => (stageRef.current && image ? stageRef.current.toDataURL(exportRegion(vp, image)) : null),
    }),
    [vp, image],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && (tool === 'search' || draft)) {
      setTool('select');
      setDraft(null);
      return e.preventDefault();
    }
    const zoomKeys: Record<string, () => void> = { '+': () => zoomBy(1.25), '=': () => zoomBy(1.25), '-': () => zoomBy(0.8), '0': view.fit };
    if (zoomKeys[e.key] && !e.ctrlKey && !e.metaKey) {
      zoomKeys[e.key]();
      return e.preventDefault();
    }
    const ids = phrases.filter((p) => p.boxes.length > 0).map((p) => p.id);
    const nav = navigatePhrases(ids, selectedPhraseId, e.key, e.shiftKey);
    if (nav.handled) {
      e.preventDefault();
      onSelectPhrase(nav.phraseId);
    }
  };

  const draftRect = draft && image ? boxToStage(vp, boxFromCorners(stageToImage(vp, draft.start), stageToImage(vp, draft.current), image)) : null;
  const cursor = !image ? 'default' : tool === 'search' ? 'crosshair' : gestures.panning ? 'grabbing' : hovered ? 'pointer' : 'grab';

  return (
    <div className="pg-canvas" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      <CanvasToolbar
        zoom={vp.scale / view.fitScale}
        tool={tool}
        disabled={!image}
        onZoomIn={() => zoomBy(1.25)}
        onZoomOut={() => zoomBy(0.8)}
        onFit={view.fit}
        onToolChange={setTool}
      />
      <div
        ref={host}
        tabIndex={0}
        role="application"
        aria-label="Image with boxes. Arrow keys or Tab: next phrase; Escape: clear; + and -: zoom; drag: pan."
        data-testid="grounding-canvas"
        data-tool={tool}
        data-view={`${vp.x},${vp.y},${vp.scale}`}
        data-heatmap-peak={peakOf(heatCells)}
        onKeyDown={onKeyDown}
        onPointerDown={gestures.onPointerDown}
        onPointerMove={gestures.onPointerMove}
        onPointerUp={gestures.onPointerUp}
        onPointerCancel={gestures.onPointerCancel}
        onPointerLeave={gestures.onPointerLeave}
        style={{ position: 'relative', height: props.height ?? 480, overflow: 'hidden', cursor, touchAction: 'none', background: '#1e1e1e', borderRadius: 4 }}
      >
        <Stage ref={stageRef} width={size.width} height={size.height}>
          <Layer listening={false}>
            {image?.source ? (
              <KonvaImage image={image.source} x={vp.x} y={vp.y} width={image.width * vp.scale} height={image.height * vp.scale} />
            ) : image ? (
              // an imported result without its image: show where the image would be
              <Rect x={vp.x} y={vp.y} width={image.width * vp.scale} height={image.height * vp.scale} fill="#3a3a3a" />
            ) : null}
          </Layer>
          {heatCells ? <HeatmapLayer cells={heatCells} viewport={vp} /> : null}
          <BoxesLayer boxes={scene} />
          <Layer listening={false}>
            {draftRect ? <Rect {...draftRect} stroke="#FFFFFF" strokeWidth={2} dash={[6, 4]} shadowColor="#000000" shadowBlur={2} /> : null}
          </Layer>
        </Stage>
      </div>
      <BoxList phrases={phrases} selectedPhraseId={shownPhraseId} />
    </div>
  );
}

/** Centre of the strongest heat cell (painted last), in original pixels: read by tests and tools. */
function peakOf(cells: readonly HeatCell[] | null): string | undefined {
  const top = cells?.at(-1);
  return top ? `${(top.bbox[0] + top.bbox[2]) / 2},${(top.bbox[1] + top.bbox[3]) / 2}` : undefined;
}

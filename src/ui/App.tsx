import { useCallback, useMemo, useRef, useState } from 'react';
import { useController } from './state/use-controller.ts';
import { useSamples } from './state/use-samples.ts';
import { heatmapFor, toCaptionView, toViewPhrases } from './state/to-view.ts';
import { readUrlOptions } from './state/url-options.ts';
import { ModelPanel } from './model/ModelPanel.tsx';
import { ImageInput } from './image/ImageInput.tsx';
import { SampleGallery } from './image/SampleGallery.tsx';
import { ErrorBanner } from './errors/ErrorBanner.tsx';
import { ErrorBoundary } from './errors/ErrorBoundary.tsx';
import { CaptionEditor } from './caption/CaptionEditor.tsx';
import { GroundingCanvas, type CanvasHandle } from './canvas/GroundingCanvas.tsx';
import { DisplayControls } from './controls/DisplayControls.tsx';
import { ExportPanel } from './export/ExportPanel.tsx';
import { imageMismatch, resultTokens, resultToViewPhrases } from './export/import-result.ts';
import type { ResultJson } from '../core/result.ts';
import type { ColourSlot } from './colors.ts';
import type { DisplaySettings, ImageBox, Span, ViewImage } from './view-model.ts';

/** The app shell: model panel, image input, caption, canvas; all state lives in the controller. */
export function App() {
  const c = useController('');
  const { state } = c;
  const options = useMemo(() => readUrlOptions(), []);
  const reportImageError = useCallback((m: string) => c.reportError('image', m), [c.reportError]);
  const { samples, pick } = useSamples(options.sample, c.setCaption, c.chooseImage, reportImageError);
  const [selectedPhrase, setSelectedPhrase] = useState<string | null>(null);
  // A hovered or focused chip previews its boxes without changing the selection.
  const [previewPhrase, setPreviewPhrase] = useState<string | null>(null);
  const [selectedToken, setSelectedToken] = useState<number | null>(null);
  const colours = useRef<ColourSlot[]>([]);
  const canvasRef = useRef<CanvasHandle>(null);

  const imported = state.imported?.result ?? null;
  const phrases = useMemo(() => {
    const v = imported
      ? resultToViewPhrases(imported, colours.current)
      : toViewPhrases(state.grounding, state.search, colours.current, state.spans !== undefined);
    colours.current = v.colours;
    return v.phrases;
  }, [imported, state.grounding, state.search, state.spans]);
  const caption = useMemo(
    () =>
      imported
        ? { ...toCaptionView(imported.caption, state.phraseMode, null, []), phrases, tokens: resultTokens(imported) }
        : toCaptionView(state.caption, state.phraseMode, state.grounding, phrases),
    [imported, state.caption, state.phraseMode, state.grounding, phrases],
  );
  const onImport = useCallback(
    (result: ResultJson, fileName: string) => {
      c.showImported(result, fileName);
      const mismatch = imageMismatch(result, state.image);
      if (mismatch) c.reportError('import', mismatch);
    },
    [c.showImported, c.reportError, state.image],
  );
  const heatmap = useMemo(() => heatmapFor(state.grounding, selectedToken), [state.grounding, selectedToken]);
  const image = state.image;
  const viewImage: ViewImage | null = useMemo(
    () => (image ? { source: image.bitmap, width: image.width, height: image.height, name: image.name } : null),
    [image],
  );

  // Adding or removing one phrase switches to explicit spans: the current phrases, edited.
  const textSpans = () => caption.phrases.filter((p) => p.span !== null).map((p) => p.span as Span);
  const onAddPhrase = (span: Span) => c.setSpans([...textSpans(), span].sort((a, b) => a[0] - b[0]));
  const onRemovePhrase = (id: string) =>
    id === 'example-1' ? c.search(null) : c.setSpans(caption.phrases.filter((p) => p.id !== id).map((p) => p.span as Span));
  const settings: DisplaySettings = { threshold: state.thresholds.threshold, topK: state.thresholds.topK };
  const result = state.grounding;

  return (
    <div className="app">
      <header className="app-header">
        <h1>PhraseGround</h1>
        <span className="muted">open-vocabulary grounding, in your browser</span>
      </header>
      <ErrorBanner error={state.error} onDismiss={c.clearError} />
      <main className="layout">
        <section className="panel stage-panel" aria-label="Image">
          <ErrorBoundary area="The image view">
            <ImageInput onImage={c.chooseImage}>
              <GroundingCanvas
                ref={canvasRef}
                image={viewImage}
                phrases={phrases}
                selectedPhraseId={selectedPhrase}
                previewPhraseId={previewPhrase}
                onSelectPhrase={setSelectedPhrase}
                heatmap={heatmap}
                onSearchBox={(b: ImageBox) => c.search([b[0], b[1], b[2], b[3]])}
                height={520}
              />
            </ImageInput>
            <DisplayControls settings={settings} onChange={(s) => c.setThresholds(s)} />
            <ExportPanel
              result={(result?.result as ResultJson | undefined) ?? null}
              getPng={() => canvasRef.current?.toPngDataUrl() ?? null}
              onImport={onImport}
              onError={(m) => c.reportError('import', m)}
            />
            <SampleGallery samples={samples} onPick={pick} />
          </ErrorBoundary>
          <div
            hidden
            data-testid="result-state"
            data-caption={result?.caption ?? ''}
            data-image={result?.image.name ?? ''}
            data-image-size={result ? `${result.image.width}x${result.image.height}` : ''}
            data-grounds={state.counters.grounds}
            data-threshold={(result?.result as ResultJson | undefined)?.thresholds.box_threshold}
            data-top-k={(result?.result as ResultJson | undefined)?.thresholds.top_k}
          />
        </section>
        <aside className="side">
          <section className="panel">
            <ErrorBoundary area="The caption editor">
              <CaptionEditor
                caption={caption}
                selectedPhraseId={selectedPhrase}
                selectedTokenIndex={selectedToken}
                onTextChange={c.setCaption}
                onModeChange={c.setPhraseMode}
                onAddPhrase={onAddPhrase}
                onRemovePhrase={onRemovePhrase}
                onSelectPhrase={setSelectedPhrase}
                onPreviewPhrase={setPreviewPhrase}
                onSelectToken={setSelectedToken}
              />
            </ErrorBoundary>
          </section>
          <ModelPanel state={state} bundledUrl={options.bundledUrl} onLoad={c.loadBundle} />
        </aside>
      </main>
    </div>
  );
}

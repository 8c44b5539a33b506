import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { initialState, reduce, type AppState, type ErrorSource } from './app-state.ts';
import { HostError, Superseded, startModelHost, type ModelHostClient } from './model-host-client.ts';
import { readUrlOptions } from './url-options.ts';
import { prepareImage } from '../image/prepare-image.ts';
import { rememberForOffline } from './offline.ts';
import type { ResultJson } from '../../core/result.ts';
import type { BundleSpec, PhraseMode, PixelBoxXyxy, Span, Thresholds } from '../../worker/protocol.ts';

export interface Controller {
  state: AppState;
  loadBundle(bundle: BundleSpec, label: string): void;
  chooseImage(blob: Blob, name: string): Promise<void>;
  setCaption(caption: string): void;
  setPhraseMode(mode: PhraseMode): void;
  setSpans(spans: Span[] | undefined): void;
  setThresholds(t: Partial<Thresholds>): void;
  search(box: PixelBoxXyxy | null): void;
  reportError(source: ErrorSource, message: string): void;
  showImported(result: ResultJson, fileName: string): void;
  clearError(): void;
}

let imageCounter = 0;

/** Wires the app state to the model-host worker: every effect here is one arrow of the data flow. */
export function useController(initialCaption: string): Controller {
  const [state, dispatch] = useReducer(reduce, initialCaption, initialState);
  const options = useMemo(readUrlOptions, []);
  const hostRef = useRef<ModelHostClient | null>(null);
  const host = () => (hostRef.current ??= startModelHost());

  const fail = useCallback((source: ErrorSource, e: unknown) => {
    if (e instanceof Superseded) return; // newer input replaced this request: nothing to show
    const message = e instanceof HostError || e instanceof Error ? e.message : String(e);
    dispatch({ type: 'error', source, message });
  }, []);

  const loadBundle = useCallback(
    (bundle: BundleSpec, label: string) => {
      dispatch({ type: 'model-loading', source: label });
      const { promise } = host().call({ type: 'load-model', bundle, backend: options.backend }, (p) => {
        if (p.status === 'download') dispatch({ type: 'model-progress', file: p.file, loaded: p.loaded, total: p.total });
      });
      promise.then(
        (info) => {
          dispatch({ type: 'model-ready', info });
          if (bundle.kind !== 'files') void rememberForOffline(info.fetched); // same-origin URLs only
        },
        (e) => {
          if (!(e instanceof Superseded)) dispatch({ type: 'model-failed', message: (e as Error).message });
        },
      );
    },
    [options.backend],
  );

  // 1) The bundled model (or ?model=URL) loads on the first screen, without a click.
  useEffect(() => {
    loadBundle({ kind: options.modelKind, url: options.modelUrl }, options.modelLabel);
  }, [loadBundle, options]);

  const ready = state.model.status === 'ready';
  const modelId = state.model.status === 'ready' ? state.model.info.id + state.model.info.source : null;

  // 2) The image is encoded once per (image, model): never per caption edit.
  const image = state.image;
  useEffect(() => {
    if (!ready || !image || state.encodedImage === image.key) return;
    const { promise } = host().call({ type: 'encode-image', image: image.blob, name: image.name });
    promise.then(
      (r) => dispatch({ type: 'image-encoded', key: image.key, timings: r.timings, counters: r.counters }),
      (e) => {
        if (!(e instanceof Superseded)) dispatch({ type: 'image-failed', key: image.key, message: (e as Error).message });
      },
    );
  }, [ready, modelId, image, state.encodedImage, fail]);

  // 3) Caption, phrases or thresholds changed: ground again (the worker drops superseded work).
  const { caption, phraseMode, spans, thresholds } = state;
  const encoded = ready && image !== null && state.encodedImage === image.key;
  useEffect(() => {
    if (!encoded) return;
    performance.mark('pg:ground-request'); // User Timing marks: the browser benchmark reads them
    const { promise } = host().call({ type: 'ground', caption, phraseMode, spans, thresholds });
    promise.then(
      (out) => {
        performance.mark('pg:ground-result');
        dispatch({ type: 'grounded', out });
      },
      (e) => fail('caption', e),
    );
  }, [encoded, caption, phraseMode, spans, thresholds, fail]);

  const chooseImage = useCallback(
    async (blob: Blob, name: string) => {
      try {
        const shown = await prepareImage(blob, name);
        dispatch({ type: 'image-chosen', image: { ...shown, key: `${++imageCounter}:${name}`, blob } });
      } catch (e) {
        fail('image', e);
      }
    },
    [fail],
  );

  const search = useCallback(
    (box: PixelBoxXyxy | null) => {
      if (!box) return dispatch({ type: 'searched', out: null });
      const { promise } = host().call({ type: 'search', box, thresholds: state.thresholds });
      promise.then((out) => dispatch({ type: 'searched', out }), (e) => fail('search', e));
    },
    [state.thresholds, fail],
  );

  return {
    state,
    loadBundle,
    chooseImage,
    search,
    setCaption: useCallback((caption: string) => dispatch({ type: 'caption', caption }), []),
    setPhraseMode: useCallback((mode: PhraseMode) => dispatch({ type: 'phrase-mode', mode }), []),
    setSpans: useCallback((spans: Span[] | undefined) => dispatch({ type: 'spans', spans }), []),
    setThresholds: useCallback((t: Partial<Thresholds>) => dispatch({ type: 'thresholds', thresholds: t }), []),
    reportError: useCallback((source: ErrorSource, message: string) => dispatch({ type: 'error', source, message }), []),
    clearError: useCallback(() => dispatch({ type: 'clear-error' }), []),
    showImported: useCallback((result: ResultJson, fileName: string) => dispatch({ type: 'imported', result, fileName }), []),
  };
}

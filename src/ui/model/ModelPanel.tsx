import { useState, type DragEvent } from 'react';
import type { AppState } from '../state/app-state.ts';
import type { BundleSpec } from '../../worker/protocol.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { ModelCard } from './ModelCard.tsx';
import { droppedFiles } from './dropped-files.ts';

interface Props {
  state: AppState;
  bundledUrl: string;
  onLoad: (bundle: BundleSpec, label: string) => void;
}

/** Which model runs, on what, how fast; and the three ways to load another bundle. */
export function ModelPanel({ state, bundledUrl, onLoad }: Props) {
  const [url, setUrl] = useState('');
  const [dragging, setDragging] = useState(false);
  const m = state.model;
  const loading = m.status === 'loading';

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = await droppedFiles(e.dataTransfer);
    if (files.length) onLoad({ kind: 'files', files }, `${files.length} dropped files`);
  };

  return (
    <section
      className={`panel model-panel${dragging ? ' dragging' : ''}`}
      aria-label="Model"
      data-testid="model-panel"
      data-status={m.status}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h2>Model</h2>
      {loading && <ProgressBar loaded={m.loaded} total={m.total} label={`Loading ${m.source}`} />}
      <ModelCard state={state} />
      <details className="load-bundle">
        <summary>Load another model</summary>
        <button type="button" disabled={loading} onClick={() => onLoad({ kind: 'bundled', url: bundledUrl }, 'bundled model')}>
          Bundled model
        </button>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim()) onLoad({ kind: 'url', url: new URL(url.trim(), location.href).href }, url.trim());
          }}
        >
          <input
            type="url"
            placeholder="https://…/bundle/ (folder with manifest.json)"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-label="Bundle URL"
            data-testid="bundle-url"
          />
          <button type="submit" disabled={loading}>
            Load URL
          </button>
        </form>
        <label className="file-button">
          Bundle files…
          <input
            type="file"
            multiple
            data-testid="bundle-files"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length) onLoad({ kind: 'files', files }, `${files.length} local files`);
            }}
          />
        </label>
        <p className="muted small">or drop a bundle folder on this panel</p>
      </details>
    </section>
  );
}

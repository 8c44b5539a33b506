import { modelInfo, type AppState } from '../state/app-state.ts';

const threads = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
const ms = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(1)} ms`);

/** Model card summary, backend and timings; data-* attributes let tests read them. */
export function ModelCard({ state }: { state: AppState }) {
  const info = modelInfo(state);
  if (!info) return null;
  const { backend } = info;
  const { timings, counters } = state;
  return (
    <div className="model-card" data-testid="model-card" data-model-id={info.id}>
      <p>
        <strong>{info.name}</strong> <span className="muted">· {info.license}</span>
      </p>
      <p className="muted small">{info.description}</p>
      <p
        data-testid="backend"
        data-backend={backend.name}
        data-threads={backend.threads}
        title={backend.fallbackReason}
      >
        Runs on <strong>{backend.name === 'webgpu' ? 'WebGPU' : 'WASM'}</strong>
        {backend.name === 'wasm' && ` (${threads(backend.threads)})`}
      </p>
      {backend.fallbackReason && (
        <p className="notice small" data-testid="backend-fallback">
          {backend.fallbackReason}
        </p>
      )}
      <dl
        className="timings small"
        data-testid="timings"
        data-image-encodes={counters.imageEncodes}
        data-text-encodes={counters.textEncodes}
        data-text-encode-ms={timings.textEncodeMs}
        data-align-ms={timings.alignMs}
      >
        <dt>image encode</dt>
        <dd>{ms(timings.imageEncodeMs)}</dd>
        <dt>text encode</dt>
        <dd>{ms(timings.textEncodeMs)}</dd>
        <dt>alignment</dt>
        <dd>{ms(timings.alignMs)}</dd>
        <dt>images encoded</dt>
        <dd>{counters.imageEncodes}</dd>
      </dl>
    </div>
  );
}

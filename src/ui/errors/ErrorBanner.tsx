import type { AppError } from '../state/app-state.ts';

/** The one-line, inline error: the page and the previous result stay as they were. */
export function ErrorBanner({ error, onDismiss }: { error: AppError | null; onDismiss: () => void }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error" data-source={error.source}>
      <span className="error-text">{error.message}</span>
      <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss the error">
        ×
      </button>
    </div>
  );
}

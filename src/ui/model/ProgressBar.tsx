/** Download progress in bytes; indeterminate while the total is unknown. */
export function ProgressBar({ loaded, total, label }: { loaded: number; total: number; label: string }) {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const text = total > 0 ? `${label}: ${mb(loaded)} / ${mb(total)} MB` : `${label}…`;
  return (
    <div className="progress" data-testid="model-progress">
      <progress max={total > 0 ? total : undefined} value={total > 0 ? loaded : undefined} aria-label={label} />
      <span className="muted">{text}</span>
    </div>
  );
}

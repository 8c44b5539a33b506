import type { Sample } from './samples.ts';
import { samplesUrl } from './samples.ts';

/** Thumbnails of the sample scenes; choosing one sets both the image and its caption. */
export function SampleGallery({ samples, onPick }: { samples: Sample[]; onPick: (s: Sample) => void }) {
  if (samples.length === 0) return null;
  return (
    <div className="samples" role="list" aria-label="Sample images">
      {samples.map((s) => (
        <button
          type="button"
          role="listitem"
          key={s.file}
          className="sample"
          title={s.caption}
          data-testid="sample"
          onClick={() => onPick(s)}
        >
          <img src={samplesUrl(s.file)} alt={s.caption} loading="lazy" />
        </button>
      ))}
    </div>
  );
}

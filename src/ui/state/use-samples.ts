import { useCallback, useEffect, useState } from 'react';
import { fetchSample, loadSamples, type Sample } from '../image/samples.ts';

/**
 * The sample gallery, and the first screen: sample `initial` and its caption are chosen on
 * load, so boxes appear without a click.
 */
export function useSamples(
  initial: number,
  setCaption: (c: string) => void,
  chooseImage: (blob: Blob, name: string) => Promise<void>,
  reportError: (message: string) => void,
): { samples: Sample[]; pick: (s: Sample) => void } {
  const [samples, setSamples] = useState<Sample[]>([]);
  const pick = useCallback(
    (s: Sample) => {
      setCaption(s.caption);
      fetchSample(s).then((blob) => chooseImage(blob, s.file), (e: Error) => reportError(e.message));
    },
    [setCaption, chooseImage, reportError],
  );
  useEffect(() => {
    let live = true;
    loadSamples().then((list) => {
      if (!live) return;
      setSamples(list);
      const first = list[Math.min(initial, list.length - 1)];
      if (first) pick(first);
    });
    return () => {
      live = false;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, on the first screen
  return { samples, pick };
}

/** The sample gallery: a few test scenes with their captions, served from public/samples/. */
export interface Sample {
  file: string; // file name under samples/
  caption: string;
}

export const samplesUrl = (file = '') => `${import.meta.env.BASE_URL}samples/${file}`;

export async function loadSamples(): Promise<Sample[]> {
  const res = await fetch(samplesUrl('samples.json'));
  if (!res.ok) return [];
  return (await res.json()) as Sample[];
}

export async function fetchSample(sample: Sample): Promise<Blob> {
  const res = await fetch(samplesUrl(sample.file));
  if (!res.ok) throw new Error(`sample ${sample.file} is missing (HTTP ${res.status})`);
  return res.blob();
}

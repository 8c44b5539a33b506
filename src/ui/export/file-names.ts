/** Export file names derived from the image's name: "cat.jpg" -> "cat.phraseground.json". */
export type ExportKind = 'result' | 'coco' | 'png';

const SUFFIX: Record<ExportKind, string> = {
  result: '.phraseground.json',
  coco: '.coco-results.json',
  png: '.annotated.png',
};

export function exportFileName(imageName: string, kind: ExportKind): string {
  const base = imageName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'image';
  return base + SUFFIX[kind];
}

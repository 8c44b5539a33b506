import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './build.ts';

/** Whether the trained default bundle has landed (the accuracy checks need it). */
export const hasDefaultModel = existsSync(join(repoRoot, 'models/default/manifest.json'));

export interface GtScene {
  file: string; // absolute path
  name: string;
  caption: string;
  /** Ground-truth boxes (xyxy, original pixels) per phrase span. */
  phrases: Array<{ span: [number, number]; boxes: Array<[number, number, number, number]> }>;
}

/** Scenes of models/data/test (MDETR-style annotations), positive phrases only. */
export function testScenes(): GtScene[] {
  const dir = join(repoRoot, 'models/data/test');
  const ann = JSON.parse(readFileSync(join(dir, 'annotations.json'), 'utf8')) as {
    images: Array<{ id: number; file_name: string; caption: string }>;
    annotations: Array<{ image_id: number; bbox: [number, number, number, number]; tokens_positive: [number, number][] }>;
  };
  return ann.images.map((im) => {
    const byspan = new Map<string, GtScene['phrases'][number]>();
    for (const a of ann.annotations.filter((x) => x.image_id === im.id)) {
      const span = a.tokens_positive[0];
      const key = span.join(',');
      if (!byspan.has(key)) byspan.set(key, { span, boxes: [] });
      const [x, y, w, h] = a.bbox;
      byspan.get(key)!.boxes.push([x, y, x + w, y + h]);
    }
    return { file: join(dir, im.file_name), name: im.file_name.split('/').pop()!, caption: im.caption, phrases: [...byspan.values()] };
  });
}

export function iou(a: readonly number[], b: readonly number[]): number {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** The CLI's result JSON for the same inputs (a real process on real files). */
export async function cliGround(args: {
  image: string;
  caption: string;
  model?: string;
  threshold: number;
  topK: number;
}): Promise<{ phrases: Array<{ span: [number, number]; boxes: Array<{ bbox: number[]; score: number }> }> }> {
  const argv = ['src/cli/bin.mjs', 'ground', '--image', args.image, '--caption', args.caption];
  if (args.model) argv.push('--model', args.model);
  argv.push('--threshold', String(args.threshold), '--top-k', String(args.topK));
  const { stdout } = await promisify(execFile)(process.execPath, argv, { cwd: repoRoot, timeout: 60_000 });
  return JSON.parse(stdout);
}

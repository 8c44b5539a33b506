import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../core/errors.ts';
import type { SelectOptions } from '../core/postprocess.ts';
import { defaultModelDir } from './paths.ts';

export interface GroundArgs {
  readonly model: string;
  readonly phrases: 'auto' | 'dots';
  readonly select: Partial<SelectOptions>;
  readonly out?: string;
  readonly single?: { readonly image: string; readonly caption: string };
  readonly batch?: { readonly images: string; readonly captions: string };
}

/** Parses `ground` options; every mistake is a usage error saying what to pass instead. */
export function parseGroundArgs(argv: readonly string[]): GroundArgs {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        image: { type: 'string' },
        caption: { type: 'string' },
        images: { type: 'string' },
        captions: { type: 'string' },
        model: { type: 'string' },
        phrases: { type: 'string' },
        threshold: { type: 'string' },
        'nms-iou': { type: 'string' },
        'top-k': { type: 'string' },
        out: { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw usageError(`${(e as Error).message.split('\n')[0]} (phraseground --help lists the options)`);
  }
  const phrases = values.phrases ?? 'auto';
  if (phrases !== 'auto' && phrases !== 'dots') throw usageError(`--phrases must be auto or dots, not '${phrases}'`);
  const unit = (name: string) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (raw.trim() === '' || !(v >= 0 && v <= 1)) throw usageError(`--${name} must be a number from 0 to 1, not '${raw}'`);
    return v;
  };
  const topKRaw = values['top-k'];
  const topK = topKRaw === undefined ? undefined : Number(topKRaw);
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) throw usageError(`--top-k must be a whole number >= 1, not '${topKRaw}'`);
  const single = values.image !== undefined || values.caption !== undefined;
  const batch = values.images !== undefined || values.captions !== undefined;
  if (single && batch) throw usageError('use either --image/--caption or --images/--captions, not both');
  if (!single && !batch) throw usageError('ground needs --image FILE --caption TEXT (or --images DIR --captions FILE.jsonl)');
  if (single && (values.image === undefined || values.caption === undefined)) throw usageError('ground needs both --image FILE and --caption TEXT');
  if (batch && (values.images === undefined || values.captions === undefined)) throw usageError('batch mode needs both --images DIR and --captions FILE.jsonl');
  return {
    model: resolve(values.model ?? defaultModelDir),
    phrases,
    select: { threshold: unit('threshold'), nmsIou: unit('nms-iou'), topK },
    out: values.out,
    single: single ? { image: values.image!, caption: values.caption! } : undefined,
    batch: batch ? { images: values.images!, captions: values.captions! } : undefined,
  };
}

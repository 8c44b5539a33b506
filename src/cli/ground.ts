import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { inputError, usageError } from '../core/errors.ts';
import type { ImageFeatures } from '../core/features.ts';
import type { Model } from '../core/model.ts';
import type { SelectOptions } from '../core/postprocess.ts';
import { prettyJson } from '../core/pretty-json.ts';
import { toResultJson, type ResultJson } from '../core/result.ts';
import { decodeImageFile } from '../runtime/node/decode-image.ts';
import { loadModelFromFolder } from '../runtime/node/load-folder.ts';
import { progressReporter, reportError } from './output.ts';
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

export async function runGround(argv: readonly string[]): Promise<number> {
  const args = parseGroundArgs(argv);
  const model = await loadModelFromFolder(args.model);
  try {
    if (args.single) {
      const json = await groundOne(model, args, args.single.image, args.single.caption);
      await emit(args.out, `${prettyJson(json)}\n`);
      return 0;
    }
    return await groundBatch(model, args);
  } finally {
    await model.dispose();
  }
}

async function groundOne(model: Model, args: GroundArgs, imagePath: string, caption: string, cache?: Map<string, ImageFeatures>) {
  // Check the caption before the (slower) image encode, so a bad caption fails fast.
  if (caption.trim() === '') throw inputError('the caption is empty: type what to find, e.g. "a red circle"');
  const cached = cache?.get(imagePath);
  const image = cached ?? (await model.encodeImage(await decodeImageFile(imagePath)));
  cache?.set(imagePath, image);
  const text = await model.encodeText(caption, { mode: args.phrases });
  const result = model.ground(image, text, args.select);
  return toResultJson({ model, imageName: basename(imagePath), image, text, result, imageEncodedNow: !cached });
}

interface BatchLine {
  readonly line: number;
  readonly image: string;
  readonly caption: string;
}

/** Reads captions.jsonl: {"image": "a.png", "caption": "..."} per non-empty line. */
export async function readCaptionsFile(path: string): Promise<BatchLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw inputError(`cannot read captions file ${path}`);
  }
  const out: BatchLine[] = [];
  text.split('\n').forEach((raw, k) => {
    if (raw.trim() === '') return;
    let v: { image?: unknown; caption?: unknown };
    try {
      v = JSON.parse(raw);
    } catch {
      throw inputError(`${basename(path)}:${k + 1} is not valid JSON: each line must be {"image": "a.png", "caption": "..."}`);
    }
    if (typeof v?.image !== 'string' || typeof v?.caption !== 'string') {
      throw inputError(`${basename(path)}:${k + 1} needs string fields "image" and "caption"`);
    }
    out.push({ line: k + 1, image: v.image, caption: v.caption });
  });
  if (out.length === 0) throw inputError(`${path} has no captions: add lines like {"image": "a.png", "caption": "a red circle"}`);
  return out;
}

/**
 * Batch mode: one JSON line per caption line; each image is encoded once even when several
 * captions name it. A bad line is reported on stderr and skipped; the exit code is then 3.
 */
async function groundBatch(model: Model, args: GroundArgs): Promise<number> {
  const { images, captions } = args.batch!;
  if (!(await stat(images).catch(() => undefined))?.isDirectory()) throw inputError(`--images ${images} is not a folder`);
  const lines = await readCaptionsFile(captions);
  const known = new Set(await readdir(images));
  const progress = progressReporter(lines.length, 'ground');
  const cache = new Map<string, ImageFeatures>();
  const results: ResultJson[] = [];
  let failed = 0;
  for (const [k, l] of lines.entries()) {
    try {
      if (!known.has(l.image)) throw inputError(`image ${l.image} is not in ${images}`);
      results.push(await groundOne(model, args, resolve(images, l.image), l.caption, cache));
    } catch (e) {
      failed++;
      process.stderr.write(`${basename(captions)}:${l.line}: `);
      reportError(e);
    }
    progress.tick(k + 1, l.image);
  }
  await emit(args.out, results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return failed ? 3 : 0;
}

async function emit(out: string | undefined, text: string) {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    await writeFile(out, text);
  } catch (e) {
    throw inputError(`cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

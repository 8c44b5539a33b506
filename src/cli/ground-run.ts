import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { inputError } from '../core/errors.ts';
import type { ImageFeatures, TextFeatures } from '../core/features.ts';
import type { Model } from '../core/model.ts';
import { prettyJson } from '../core/pretty-json.ts';
import { toResultJson, type ResultJson } from '../core/result.ts';
import { decodeImageFile } from '../runtime/node/decode-image.ts';
import { loadModelFromFolder } from '../runtime/node/load-folder.ts';
import type { GroundArgs } from './ground-args.ts';
import { progressReporter, reportError } from './output.ts';

/** Runs `ground` on parsed arguments (heavy modules load only here, after the arguments are checked). */
export async function runGroundWith(args: GroundArgs): Promise<number> {
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
  warnIfTruncated(text, model.manifest.text_encoder.max_tokens);
  const result = model.ground(image, text, args.select);
  return toResultJson({ model, imageName: basename(imagePath), image, text, result, imageEncodedNow: !cached });
}

/** A caption longer than the text encoder reads still grounds; say which phrases lost words. */
function warnIfTruncated(text: TextFeatures, maxTokens: number) {
  if (text.tokenized.cutSpans.length === 0) return;
  const cut = text.phrases.filter((p) => p.truncated !== 'none').map((p) => `"${p.text}" (${p.truncated})`);
  process.stderr.write(
    `phraseground: warning: the caption is longer than the model's ${maxTokens} tokens; ` +
      `${text.tokenized.cutSpans.length} tokens were dropped${cut.length ? `, cutting ${cut.join(', ')}` : ''}\n`,
  );
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

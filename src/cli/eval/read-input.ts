/** Reading the files `phraseground eval` is given, with one-line errors that say what to fix. */
import { readFileSync, statSync } from 'node:fs';
import { inputError } from '../../core/errors.ts';

export function readText(path: string, what: string): string {
  try {
    if (statSync(path).isDirectory()) throw inputError(`${what} ${path} is a folder; pass a JSON file`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputError(`${what} ${path} does not exist`);
    if (code) throw inputError(`cannot read ${what} ${path} (${code})`);
    throw e;
  }
}

/** Parses JSON; NaN/Infinity (which Python's json writes) get their own hint. */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (text.trim() === '') throw inputError(`${label} is empty: expected JSON`);
    if (/(?<![\w"])(NaN|-?Infinity)(?![\w"])/.test(text)) {
      throw inputError(`${label} contains NaN or Infinity, which JSON does not allow: fix the values that produced them`);
    }
    throw inputError(`${label} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

export const readJson = (path: string, what: string): unknown => parseJsonText(readText(path, what), path);

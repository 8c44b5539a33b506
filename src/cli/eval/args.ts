/** Option parsing for `phraseground eval …`: strict, and every mistake is a usage error. */
import { parseArgs } from 'node:util';
import { usageError } from '../../core/errors.ts';

export type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

export function parseOptions(argv: readonly string[], options: OptionSpec, command: string): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw usageError(`${(e as Error).message.split('\n')[0]} (phraseground eval ${command} --help lists the options)`);
  }
}

export function requireString(values: Record<string, string | boolean | undefined>, name: string, command: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw usageError(`eval ${command} needs --${name} FILE`);
  return v;
}

/** A number option within [lo, hi]. */
export function numberOption(raw: string | boolean | undefined, name: string, lo: number, hi: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !(v >= lo && v <= hi)) {
    throw usageError(`--${name} must be a number from ${lo} to ${hi}, not '${raw}'`);
  }
  return v;
}

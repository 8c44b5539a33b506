import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { repoRoot } from './build.ts';

/** Bad inputs for the end-to-end tests, made on the fly in a temp folder. */
export const scratch = () => mkdtempSync(join(tmpdir(), 'pg-e2e-'));

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid, all-black 1-bit PNG of width x height (20000 x 20000 is ~50 KB on disk). */
export function hugePng(dir: string, width = 20000, height = 20000): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const row = Math.ceil(width / 8) + 1; // filter byte + packed pixels
  const raw = Buffer.alloc(row * height); // zeros: filter 0, black
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const file = join(dir, `huge-${width}x${height}.png`);
  writeFileSync(file, png);
  return file;
}

/** A PNG whose header is fine and whose pixel data is garbage. */
export function corruptPng(dir: string, from: string): string {
  const bytes = readFileSync(from);
  const bad = Buffer.concat([bytes.subarray(0, 40), Buffer.alloc(200, 0x5a)]);
  const file = join(dir, 'corrupt.png');
  writeFileSync(file, bad);
  return file;
}

export function textFile(dir: string): string {
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'this is not an image\n');
  return file;
}

const randomBundle = join(repoRoot, 'test/fixtures/random-bundle');

/** The random bundle's files except `missing`. */
export function bundleFilesWithout(missing: string): string[] {
  return readdirSync(randomBundle)
    .filter((f) => f !== missing)
    .map((f) => join(randomBundle, f));
}

/** A copy of the random bundle whose manifest says format_version `version`. */
export function bundleWithVersion(dir: string, version: number): string {
  const out = join(dir, `bundle-v${version}`);
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(randomBundle)) copyFileSync(join(randomBundle, f), join(out, f));
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  manifest.format_version = version;
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
  return out;
}


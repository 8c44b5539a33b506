import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest, validateManifest } from '../../src/core/manifest.ts';
import { randomBundleDir } from './helpers/fixtures.ts';

const valid = () => JSON.parse(readFileSync(join(randomBundleDir, 'manifest.json'), 'utf8'));
const messageOf = (value: unknown) => {
  try {
    validateManifest(value);
  } catch (e) {
    return `${(e as { kind: string }).kind}: ${(e as Error).message}`;
  }
  return 'valid';
};

describe('manifest validation', () => {
  it('accepts the exported random bundle manifest and types it', () => {
    const m = parseManifest(JSON.stringify(valid()));
    expect(m.image_encoder.fit).toBe('letterbox');
    expect(m.text_encoder.max_tokens).toBe(64);
  });

  it.each([
    ['a mean with 2 items', (m: any) => (m.image_encoder.mean = [0.5, 0.5]), 'manifest.json: image_encoder.mean must have 3 items'],
    ['a missing section', (m: any) => delete m.scoring, "manifest.json is missing 'scoring'"],
    ['a wrong type', (m: any) => (m.text_encoder.max_tokens = '64'), 'manifest.json: text_encoder.max_tokens must be an integer'],
    ['an unknown fit', (m: any) => (m.image_encoder.fit = 'crop'), 'manifest.json: image_encoder.fit must be one of "stretch", "letterbox", "pad_square"'],
    ['an unknown field', (m: any) => (m.scoring.temperature = 1), "manifest.json: scoring has an unknown field 'temperature'"],
    ['a zero std', (m: any) => (m.image_encoder.std = [0.25, 0, 0.25]), 'manifest.json: image_encoder.std.1 must be > 0'],
    ['another format', (m: any) => (m.format = 'tfjs'), 'manifest.json is not a PhraseGround bundle manifest (format is "tfjs")'],
  ])('refuses %s with one line', (_name, edit, message) => {
    const m = valid();
    edit(m);
    expect(messageOf(m)).toBe(`bundle: ${message}`);
  });

  it('refuses a newer format version with the update hint', () => {
    const m = { ...valid(), format_version: 7 };
    expect(messageOf(m)).toBe(
      'bundle: manifest.json has format_version 7; this app reads version 1 — update PhraseGround or re-export the bundle',
    );
  });

  it('refuses text that is not JSON, or JSON that is not an object', () => {
    expect(() => parseManifest('{')).toThrow(/^manifest\.json is not valid JSON \(.+\): re-export the bundle$/);
    expect(messageOf([1])).toBe('bundle: manifest.json must be a JSON object');
  });
});

import Ajv2020 from 'ajv/dist/2020.js';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBundle, fixture, randomBundleDir, repoRoot, tempDir } from './helpers/fixtures.ts';

/** The CLI as a real process on real files: exit codes and one-line messages. */
const bin = join(repoRoot, 'src', 'cli', 'bin.mjs');
const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(repoRoot, 'src/core/schemas/result.schema.json'), 'utf8')));
const png = fixture('parity', 'random-bundle', 'wide.png');
const tmp = tempDir('pg-cli-');
const file = (name: string) => join(tmp.dir, name);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: tmp.dir, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const ground = (...args: string[]) => cli(['ground', '--model', randomBundleDir, ...args]);

/** Asserts a failure: the exit code and exactly one stderr line (no stack trace). */
function expectFailure(r: { code: number; stderr: string }, code: number, message: string | RegExp) {
  expect(r.code).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  if (typeof message === 'string') expect(lines[0]).toBe(`phraseground: ${message}`);
  else expect(lines[0]).toMatch(message);
}

beforeAll(async () => {
  copyFileSync(png, file('wide.png'));
  copyFileSync(fixture('parity', 'random-bundle', 'tall.png'), file('tall.png'));
  const good = readFileSync(png);
  writeFileSync(file('truncated.png'), good.subarray(0, good.length >> 1));
  writeFileSync(file('text.png'), 'this is a text file, not a picture\n');
  await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ff0000' } }).png().toFile(file('one.png'));
  // A real 20000x20000 PNG (solid colour streams through libvips in a few seconds, ~12 MB).
  await sharp({ create: { width: 20000, height: 20000, channels: 3, background: '#336699' }, limitInputPixels: false })
    .png({ compressionLevel: 1 })
    .toFile(file('huge.png'));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('phraseground (help and usage)', () => {
  it('--help lists the commands and options', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['ground', 'eval', 'bench', '--image', '--caption', '--model', '--phrases', '--threshold', '--top-k', '--out', '--captions']) {
      expect(r.stdout).toContain(word);
    }
  });

  it('usage mistakes exit 2 with one line', async () => {
    expectFailure(await cli([]), 2, /^$|^/); // no command prints help to stdout, exit 2
    expectFailure(await cli(['frobnicate']), 2, "unknown command 'frobnicate': use ground, eval or bench (phraseground --help)");
    expectFailure(await ground('--image', 'wide.png'), 2, 'ground needs both --image FILE and --caption TEXT');
    expectFailure(await ground('--image', 'wide.png', '--caption', 'x', '--threshold', '2'), 2, "--threshold must be a number from 0 to 1, not '2'");
    expectFailure(await ground('--image', 'wide.png', '--caption', 'x', '--top-k', '0'), 2, "--top-k must be a whole number >= 1, not '0'");
    expectFailure(await ground('--image', 'wide.png', '--caption', 'x', '--phrases', 'nouns'), 2, "--phrases must be auto or dots, not 'nouns'");
    expectFailure(await ground('--bogus'), 2, /^phraseground: Unknown option '--bogus'.*phraseground --help/);
  });

  it('bench prints the Markdown table naming the bundle and the machine', async () => {
    const r = await cli(['bench', '--model', randomBundleDir, '--runs', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Bundle: `random-tiny`');
    expect(r.stdout).toMatch(/Machine: .+, \d+ cores, Node v\d+/);
    expect(r.stdout).toContain('| alignment + post-processing (synthetic R=1024, D=64, 18 phrase tokens of 20) |');
    expectFailure(await cli(['bench', '--runs', 'many']), 2, '--runs must be a whole number >= 1');
  });

  it('eval is dispatched to src/cli/eval/main.ts, or reported as unavailable', async () => {
    const r = await cli(['eval', '--help']);
    if (existsSync(join(repoRoot, 'src/cli/eval/main.ts'))) expect(r.stderr).not.toContain('eval is not available');
    else expectFailure(r, 2, 'eval is not available in this checkout');
  });
});

describe('phraseground ground', () => {
  it('prints a valid result JSON for one image and caption', async () => {
    const r = await ground('--image', 'wide.png', '--caption', 'a small red circle next to two blue stars', '--threshold', '0.05', '--top-k', '2');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.phrases.map((p: { text: string }) => p.text)).toEqual(['a small red circle', 'two blue stars']);
    expect(json.phrases[0].boxes.length).toBeGreaterThan(0);
    expect(json.phrases[0].boxes.length).toBeLessThanOrEqual(2);
    expect(json.thresholds).toEqual({ box_threshold: 0.05, nms_iou: 0.5, top_k: 2 });
    expect(json.image).toEqual({ name: 'wide.png', width: 320, height: 240 });
  });

  it('dot phrases and --out', async () => {
    const r = await ground('--image', 'wide.png', '--caption', 'red circle . blue star', '--phrases', 'dots', '--out', 'out.json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const json = JSON.parse(readFileSync(file('out.json'), 'utf8'));
    expect(json.phrase_mode).toBe('dots');
    expect(json.phrases.map((p: { span: number[] }) => p.span)).toEqual([
      [0, 10],
      [13, 22],
    ]);
  });

  it('a 1x1 image works', async () => {
    const r = await ground('--image', 'one.png', '--caption', 'a red square');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).image).toEqual({ name: 'one.png', width: 1, height: 1 });
  });

  it('a caption over the token limit grounds what fits and warns which phrases were cut', async () => {
    const caption = Array.from({ length: 20 }, (_, i) => `a red circle number ${i}`).join(' and ');
    const r = await ground('--image', 'wide.png', '--caption', caption);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^phraseground: warning: the caption is longer than the model's 64 tokens; \d+ tokens were dropped, cutting .*\(fully\)/);
    const json = JSON.parse(r.stdout);
    expect(json.tokens).toHaveLength(64);
    expect(json.phrases.some((p: { truncated: string }) => p.truncated === 'fully')).toBe(true);
  });

  it.each([
    ['an empty caption', ['--image', 'wide.png', '--caption', ''], 'the caption is empty: type what to find, e.g. "a red circle"'],
    ['a whitespace caption', ['--image', 'wide.png', '--caption', ' \t '], 'the caption is empty: type what to find, e.g. "a red circle"'],
    ['a missing image', ['--image', 'nope.png', '--caption', 'x'], /^phraseground: image .*nope\.png does not exist$/],
    ['a truncated PNG', ['--image', 'truncated.png', '--caption', 'x'], /^phraseground: truncated\.png is corrupt or truncated \(.+\): re-save or re-download it$/],
    ['a text file named .png', ['--image', 'text.png', '--caption', 'x'], 'text.png is not an image this app can read (PNG, JPEG, WebP, GIF, TIFF, AVIF)'],
    ['a 20000x20000 image', ['--image', 'huge.png', '--caption', 'x'], 'huge.png is 20000x20000 (400 MP); images over 100 MP are refused — downscale it first'],
  ])('%s exits 3 with one line', async (_name, args, message) => {
    expectFailure(await ground(...(args as string[])), 3, message as string | RegExp);
  });
});

describe('phraseground ground with a broken bundle', () => {
  let n = 0;
  const withBundle = async (edit: Parameters<typeof copyBundle>[1], caption = 'x') =>
    cli(['ground', '--model', copyBundle(join(tmp.dir, `b${n++}`), edit), '--image', 'wide.png', '--caption', caption]);

  it.each([
    ['a manifest missing fields', { manifest: (m: Record<string, any>) => void delete m.text_encoder.max_tokens }, "manifest.json: text_encoder is missing 'max_tokens'"],
    [
      'a manifest of another version',
      { manifest: (m: Record<string, any>) => void (m.format_version = 2) },
      'manifest.json has format_version 2; this app reads version 1 — update PhraseGround or re-export the bundle',
    ],
    [
      'a truncated ONNX',
      { manifest: () => undefined, files: { 'image_encoder.onnx': readFileSync(join(randomBundleDir, 'image_encoder.onnx')).subarray(0, 4096) } },
      /^phraseground: image_encoder\.onnx is not a valid ONNX model \(.+\): re-download or re-export the bundle$/,
    ],
    [
      'mismatched embedding sizes',
      {
        manifest: (m: Record<string, any>) => void (m.image_encoder.outputs = { region_embeds: 'region_embeds', boxes: 'boxes' }),
        files: { 'image_encoder.onnx': readFileSync(fixture('mismatch', 'image_encoder_d16.onnx')) },
      },
      'embedding sizes differ: image_encoder.onnx gives D=16, text_encoder.onnx gives D=32; the encoders must come from the same bundle',
    ],
    ['a missing tokenizer', { files: { 'tokenizer.json': null } }, 'bundle is missing tokenizer.json'],
  ])('%s exits 3 with one line', async (_name, edit, message) => {
    expectFailure(await withBundle(edit as Parameters<typeof copyBundle>[1]), 3, message as string | RegExp);
  });

  it('a model folder that does not exist, or is not a bundle', async () => {
    expectFailure(await cli(['ground', '--model', 'no-such-dir', '--image', 'wide.png', '--caption', 'x']), 3, /^phraseground: model folder .*no-such-dir does not exist: pass --model DIR with a bundle folder$/);
    expectFailure(await cli(['ground', '--model', tmp.dir, '--image', 'wide.png', '--caption', 'x']), 3, `model folder ${tmp.dir} has no manifest.json: pass --model DIR with a bundle folder`);
  });
});

describe('phraseground ground --images --captions (batch)', () => {
  it('writes one JSON line per caption, encoding each image once, progress as plain lines', async () => {
    writeFileSync(
      file('captions.jsonl'),
      ['{"image": "wide.png", "caption": "a red circle"}', '', '{"image": "tall.png", "caption": "a green square"}', '{"image": "wide.png", "caption": "two blue stars"}'].join('\n'),
    );
    const r = await cli(['ground', '--model', randomBundleDir, '--images', tmp.dir, '--captions', 'captions.jsonl', '--out', 'out.jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual(['ground 1/3 wide.png', 'ground 2/3 tall.png', 'ground 3/3 wide.png']);
    const lines = readFileSync(file('out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.image.name, l.caption])).toEqual([
      ['wide.png', 'a red circle'],
      ['tall.png', 'a green square'],
      ['wide.png', 'two blue stars'],
    ]);
    lines.forEach((l) => expect(validate(l)).toBe(true));
    expect(lines[2].timings_ms.image_encode).toBe(0); // cached: the image was not encoded again
  });

  it('reports bad lines, keeps the good ones, exits 3', async () => {
    writeFileSync(file('bad.jsonl'), '{"image": "wide.png", "caption": "a red circle"}\n{"image": "missing.png", "caption": "x"}\n');
    const r = await cli(['ground', '--model', randomBundleDir, '--images', tmp.dir, '--captions', 'bad.jsonl']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`bad.jsonl:2: phraseground: image missing.png is not in ${tmp.dir}`);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('a captions file that is not JSON Lines exits 3 naming the line', async () => {
    writeFileSync(file('broken.jsonl'), '{"image": "wide.png", "caption": "a"}\nnot json\n');
    expectFailure(
      await cli(['ground', '--model', randomBundleDir, '--images', tmp.dir, '--captions', 'broken.jsonl']),
      3,
      'broken.jsonl:2 is not valid JSON: each line must be {"image": "a.png", "caption": "..."}',
    );
  });
});

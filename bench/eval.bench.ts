/**
 * COCO bbox evaluation speed: our TypeScript (Node) vs pycocotools (Python), side by side on the
 * same generated data (written once to a temp dir), each timed end to end: read + parse the two
 * JSON files, evaluate, accumulate, summarize. Also checks both give the same 12 numbers.
 *
 *   npx tsx bench/eval.bench.ts [--images 5000] [--dets 100] [--categories 80] [--runs 3] [--data-dir DIR]
 * --data-dir keeps the generated gt.json / results.json there (default: a temp dir, removed).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCocoDetections, parseCocoGroundTruth } from '../src/core/eval/coco-data.ts';
import { evaluateCoco } from '../src/core/eval/coco.ts';
import { cocoStats, cocoSummaryLines } from '../src/core/eval/coco-summary.ts';
import { mulberry32 } from '../test/fixtures/eval/coco-cases.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const nImages = arg('images', 5000);
const nDets = arg('dets', 100);
const nCats = arg('categories', 80);
const runs = arg('runs', 3);
const nodeOnly = process.argv.includes('--node-only'); // for profiling

/** COCO-val-like data: ~7 GT per image, 100 scored detections per image (2/3 near a GT box). */
function generate(seed = 7) {
  const rng = mulberry32(seed);
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const images = Array.from({ length: nImages }, (_, i) => ({ id: i + 1, width: 640, height: 480 }));
  const categories = Array.from({ length: nCats }, (_, i) => ({ id: i + 1, name: `cat${i + 1}` }));
  const annotations: object[] = [];
  const results: object[] = [];
  for (const { id } of images) {
    const gts: { box: number[]; cat: number }[] = [];
    const nGt = 1 + Math.floor(rng() * 14);
    for (let g = 0; g < nGt; g++) {
      const w = r2(4 + rng() * 300), h = r2(4 + rng() * 300);
      const box = [r2(rng() * (640 - w)), r2(rng() * (480 - h)), w, h];
      const cat = 1 + Math.floor(rng() * nCats);
      annotations.push({ id: annotations.length + 1, image_id: id, category_id: cat, bbox: box, area: r2(w * h * 0.8), iscrowd: rng() < 0.01 ? 1 : 0 });
      gts.push({ box, cat });
    }
    for (let d = 0; d < nDets; d++) {
      const near = rng() < 0.67 ? gts[Math.floor(rng() * gts.length)] : undefined;
      const [x, y, w, h] = near ? near.box : [rng() * 600, rng() * 440, 5 + rng() * 200, 5 + rng() * 200];
      const j = () => 1 + (rng() - 0.5) * 0.3;
      const bbox = [r2(x * j()), r2(y * j()), r2(w * j()), r2(h * j())];
      const cat = near && rng() < 0.8 ? near.cat : 1 + Math.floor(rng() * nCats);
      results.push({ image_id: id, category_id: cat, bbox, score: Math.round(rng() * 1e4) / 1e4 });
    }
  }
  return { gt: { images, annotations, categories }, results };
}

function runNode(gtFile: string, dtFile: string) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const gt = parseCocoGroundTruth(JSON.parse(readFileSync(gtFile, 'utf8')));
  const dt = parseCocoDetections(JSON.parse(readFileSync(dtFile, 'utf8')), gt);
  const acc = evaluateCoco(gt, dt);
  const stats = cocoStats(acc);
  cocoSummaryLines(acc, stats);
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, stats };
}

function runPython(gtFile: string, dtFile: string) {
  const t0 = performance.now();
  const out = execFileSync('.venv/bin/python', ['bench/eval_pycoco.py', gtFile, dtFile], { maxBuffer: 1 << 24 }).toString();
  const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; cpuSeconds: number; stats: number[] };
  return { ...r, wallSeconds: (performance.now() - t0) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const keepIdx = process.argv.indexOf('--data-dir');
const dir = keepIdx > 0 ? process.argv[keepIdx + 1] : mkdtempSync(join(tmpdir(), 'pg-evalbench-'));
try {
  mkdirSync(dir, { recursive: true });
  const data = generate();
  const gtFile = join(dir, 'gt.json');
  const dtFile = join(dir, 'results.json');
  writeFileSync(gtFile, JSON.stringify(data.gt));
  writeFileSync(dtFile, JSON.stringify(data.results));
  console.error(`data: ${nImages} images, ${data.gt.annotations.length} GT boxes, ${data.results.length} detections, ${nCats} categories`);
  const node: number[] = [];
  const py: number[] = [];
  const nodeCpu: number[] = [];
  const pyCpu: number[] = [];
  const pyWall: number[] = [];
  let maxDiff = 0;
  for (let r = 0; r < runs; r++) {
    const n = runNode(gtFile, dtFile);
    const p = nodeOnly ? { ...n, wallSeconds: n.seconds } : runPython(gtFile, dtFile);
    // The 2-core CI VM is shared: CPU seconds are steadier than wall seconds under load.
    node.push(n.seconds);
    py.push(p.seconds);
    nodeCpu.push(n.cpuSeconds);
    pyCpu.push(p.cpuSeconds);
    pyWall.push(p.wallSeconds);
    maxDiff = Math.max(maxDiff, ...n.stats.map((v, i) => Math.abs(v - p.stats[i])));
    console.error(`run ${r + 1}: node ${n.seconds.toFixed(2)} s (cpu ${n.cpuSeconds.toFixed(2)}), pycocotools ${p.seconds.toFixed(2)} s (cpu ${p.cpuSeconds.toFixed(2)}, process ${p.wallSeconds.toFixed(2)} s)`);
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpu}, ${cpus().length} cores, Node ${process.version}; median of ${runs} runs`);
  console.log(`Data: ${nImages} images x ${nDets} detections, ${nCats} categories, ${data.gt.annotations.length} GT boxes`);
  console.log('');
  console.log('| implementation | wall s (load + evaluate + accumulate + summarize) | CPU s |');
  console.log('| --- | --- | --- |');
  console.log(`| PhraseGround TypeScript (Node) | ${median(node).toFixed(2)} | ${median(nodeCpu).toFixed(2)} |`);
  console.log(`| pycocotools (Python, in-process) | ${median(py).toFixed(2)} | ${median(pyCpu).toFixed(2)} |`);
  console.log(`| pycocotools, whole process incl. interpreter start | ${median(pyWall).toFixed(2)} | |`);
  console.log('');
  console.log(`Speed-up, pycocotools / Node: ${(median(py) / median(node)).toFixed(1)}x wall, ${(median(pyCpu) / median(nodeCpu)).toFixed(1)}x CPU`);
  console.log(`Largest difference between the two sets of 12 stats: ${maxDiff.toExponential(1)}`);
} finally {
  if (keepIdx < 0) rmSync(dir, { recursive: true, force: true });
}

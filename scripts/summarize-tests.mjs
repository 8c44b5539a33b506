// Prints one closing line, "tests: N passed, N failed, N skipped", over every runner's report
// in the given folder (vitest JSON, pytest JUnit XML), so CI reads one total.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0, failed = 0, skipped = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.json') && !name.endsWith('.xml')) continue; // screenshots, build folders
  const text = readFileSync(join(dir, name), 'utf8');
  if (name.endsWith('.json')) {
    const r = JSON.parse(text);
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } else if (name.endsWith('.xml')) {
    const suite = /<testsuite\b([^>]*)>/.exec(text)?.[1] ?? '';
    const attr = (k) => Number(new RegExp(`\\b${k}="(\\d+)"`).exec(suite)?.[1] ?? 0);
    const f = attr('failures') + attr('errors');
    const s = attr('skipped');
    passed += attr('tests') - f - s;
    failed += f;
    skipped += s;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

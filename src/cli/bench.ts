/** `phraseground bench`: the same measurement as `npm run bench` (bench/core.bench.ts). */
export async function runBench(argv: readonly string[]): Promise<number> {
  const { benchMain } = await import('../../bench/core-bench-lib.ts');
  return benchMain(argv);
}

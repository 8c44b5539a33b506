import { describe, expect, it } from 'vitest';
import { serialQueue } from '../../src/runtime/serial.ts';

describe('serialQueue (one run at a time per session)', () => {
  it('starts a job only after the previous one settled, in call order, even after a failure', async () => {
    const enqueue = serialQueue();
    const log: string[] = [];
    const job = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          fail ? reject(new Error(name)) : resolve(name);
        }, ms);
      });
    const results = await Promise.allSettled([enqueue(job('a', 30)), enqueue(job('b', 1, true)), enqueue(job('c', 1))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

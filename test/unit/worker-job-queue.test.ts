import { describe, expect, it } from 'vitest';
import { JobQueue, type CancelToken, type Outcome } from '../../src/worker/job-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function harness() {
  const settled: Array<[number, Outcome['kind']]> = [];
  let active = 0;
  let maxActive = 0;
  const queue = new JobQueue((id, o) => settled.push([id, o.kind]));
  const job = (id: number, lane: string, gate?: Promise<void>) => ({
    id,
    lane,
    run: async (t: CancelToken) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await gate;
      active--;
      t.throwIfCancelled();
      return id;
    },
  });
  return { settled, queue, job, maxActive: () => maxActive };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('JobQueue', () => {
  it('runs jobs one at a time, in order', async () => {
    const h = harness();
    const g = deferred();
    h.queue.push(h.job(1, 'image', g.promise));
    h.queue.push(h.job(2, 'text'));
    await flush();
    expect(h.settled).toEqual([]);
    g.resolve();
    await flush();
    await flush();
    expect(h.settled).toEqual([
      [1, 'done'],
      [2, 'done'],
    ]);
    expect(h.maxActive()).toBe(1);
  });

  it('a new job in a lane cancels the queued and the running one of that lane', async () => {
    const h = harness();
    const g = deferred();
    h.queue.push(h.job(1, 'text', g.promise)); // running
    h.queue.push(h.job(2, 'text')); // queued, superseded by 3
    h.queue.push(h.job(3, 'text'));
    expect(h.settled).toEqual([[2, 'cancelled']]);
    g.resolve();
    await flush();
    await flush();
    expect(h.settled).toEqual([
      [2, 'cancelled'],
      [1, 'cancelled'],
      [3, 'done'],
    ]);
  });

  it('other lanes are not superseded, and cancel(id) drops one job', async () => {
    const h = harness();
    const g = deferred();
    h.queue.push(h.job(1, 'image', g.promise));
    h.queue.push(h.job(2, 'text'));
    h.queue.push(h.job(3, 'search'));
    h.queue.cancel(3);
    g.resolve();
    await flush();
    await flush();
    expect(h.settled).toEqual([
      [3, 'cancelled'],
      [1, 'done'],
      [2, 'done'],
    ]);
    expect(h.queue.idle).toBe(true);
  });

  it('reports failures without stopping the queue', async () => {
    const settled: Array<[number, string]> = [];
    const q = new JobQueue((id, o) => settled.push([id, o.kind]));
    q.push({ id: 1, lane: 'a', run: async () => Promise.reject(new Error('boom')) });
    q.push({ id: 2, lane: 'b', run: async () => 2 });
    await flush();
    await flush();
    expect(settled).toEqual([
      [1, 'failed'],
      [2, 'done'],
    ]);
  });
});

/**
 * Runs jobs one at a time (concurrent ORT runs fail on WASM and WebGPU) and drops stale work:
 * a new job in the same lane supersedes the queued one and marks the running one cancelled, so a
 * caption edit cancels the previous text encode instead of queueing behind it.
 */

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Checked by a job between its steps; an ORT run itself cannot be interrupted. */
export interface CancelToken {
  readonly cancelled: boolean;
  throwIfCancelled(): void;
}

export interface Job<T = unknown> {
  id: number;
  lane: string;
  run: (token: CancelToken) => Promise<T>;
}

export type Outcome =
  | { kind: 'done'; value: unknown }
  | { kind: 'failed'; error: unknown }
  | { kind: 'cancelled' };

class Token implements CancelToken {
  cancelled = false;
  throwIfCancelled(): void {
    if (this.cancelled) throw new Cancelled();
  }
}

export class JobQueue {
  private queued: Job[] = [];
  private running: { job: Job; token: Token } | null = null;

  constructor(private readonly settle: (id: number, outcome: Outcome) => void) {}

  push(job: Job): void {
    this.supersede(job.lane);
    this.queued.push(job);
    void this.pump();
  }

  /** Cancels one job by id, queued or running. */
  cancel(id: number): void {
    if (this.running?.job.id === id) this.running.token.cancelled = true;
    const hit = this.queued.find((j) => j.id === id);
    if (hit) {
      this.queued = this.queued.filter((j) => j !== hit);
      this.settle(id, { kind: 'cancelled' });
    }
  }

  get idle(): boolean {
    return this.running === null && this.queued.length === 0;
  }

  private supersede(lane: string): void {
    if (this.running?.job.lane === lane) this.running.token.cancelled = true;
    for (const j of this.queued.filter((q) => q.lane === lane)) this.settle(j.id, { kind: 'cancelled' });
    this.queued = this.queued.filter((q) => q.lane !== lane);
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const job = this.queued.shift();
    if (!job) return;
    const token = new Token();
    this.running = { job, token };
    let outcome: Outcome;
    try {
      const value = await job.run(token);
      outcome = token.cancelled ? { kind: 'cancelled' } : { kind: 'done', value };
    } catch (error) {
      outcome = token.cancelled || error instanceof Cancelled ? { kind: 'cancelled' } : { kind: 'failed', error };
    }
    this.running = null;
    this.settle(job.id, outcome);
    void this.pump();
  }
}

import type { Answers, Progress, Reply, Request } from '../../worker/protocol.ts';

/** Distributes `Omit` over a union, so each request keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type CallRequest = WithoutId<Exclude<Request, { type: 'cancel' }>>;

/** Thrown when the worker reports a failure: `message` is the one line to show. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

/** The request was superseded by newer input or cancelled: not an error, just ignore it. */
export class Superseded extends Error {
  constructor() {
    super('superseded');
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress?: (p: Progress) => void;
}

/** Promise-based calls into the model-host worker; one promise per request. */
export class ModelHostClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (e: MessageEvent<Reply>) => this.receive(e.data));
    worker.addEventListener('error', (e) => this.failAll(`the model worker crashed: ${e.message || 'unknown error'}`));
  }

  call<R extends CallRequest>(
    request: R,
    onProgress?: (p: Progress) => void,
  ): { id: number; promise: Promise<Answers[R['type']]> } {
    const id = this.nextId++;
    const promise = new Promise<Answers[R['type']]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
    });
    this.worker.postMessage({ ...request, id } as Request);
    return { id, promise };
  }

  cancel(id: number): void {
    this.worker.postMessage({ type: 'cancel', id } satisfies Request);
  }

  private receive(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') return p.onProgress?.(reply.progress);
    this.pending.delete(reply.id);
    if (reply.type === 'done') p.resolve(reply.value);
    else if (reply.type === 'cancelled') p.reject(new Superseded());
    else p.reject(new HostError(reply.message, reply.kind));
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new HostError(message, 'runtime'));
    this.pending.clear();
  }
}

export function startModelHost(): ModelHostClient {
  const worker = new Worker(new URL('../../worker/model-host.worker.ts', import.meta.url), { type: 'module' });
  return new ModelHostClient(worker);
}

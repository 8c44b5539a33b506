/**
 * Runs async jobs one at a time, in call order: onnxruntime-web (WASM and WebGPU) fails on
 * concurrent runs of one session, so every adapter funnels runs through one of these.
 */
export function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function enqueue<T>(job: () => Promise<T>): Promise<T> {
    const result = tail.then(job, job);
    tail = result.catch(() => undefined);
    return result;
  };
}

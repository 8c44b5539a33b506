/**
 * Reads a fetch body to the end, reporting the bytes so far after every chunk: the one streaming
 * loop behind the byte progress bars (bundle files, onnxruntime's wasm).
 */
export async function readStream(body: ReadableStream<Uint8Array>, onBytes: (loaded: number) => void): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onBytes(loaded);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

import { bundleError, isPhraseGroundError, PhraseGroundError } from './errors.ts';
import { parseManifest, type Manifest } from './manifest.ts';
import { firstLine, runTextEncoder } from './encoder-run.ts';
import { Model } from './model.ts';
import type { BundleSource } from './bundle-source.ts';
import type { EncoderSession, InferenceBackend } from './tensor.ts';
import { CaptionTokenizer } from './tokenize.ts';

/** Loading progress, serialisable across postMessage. */
export type LoadProgress =
  | { readonly stage: 'download'; readonly file: string; readonly loaded: number; readonly total?: number }
  | { readonly stage: 'session'; readonly file: string }
  | { readonly stage: 'ready'; readonly backend: string };

/**
 * Reads and checks a bundle: the manifest (schema + version), the tokenizer, both encoders
 * (valid ONNX, the input/output names the manifest promises, the same embedding size D).
 * Every failure is one bundle-error line naming the file and what to do.
 */
export async function loadBundle(
  source: BundleSource,
  backend: InferenceBackend,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<Model> {
  const manifest = parseManifest(await source.readText('manifest.json'));
  const ie = manifest.image_encoder;
  const te = manifest.text_encoder;
  const tokenizerText = await source.readText(te.tokenizer);
  const configText = te.tokenizer_config && (await source.has(te.tokenizer_config)) ? await source.readText(te.tokenizer_config) : undefined;
  const tokenizer = CaptionTokenizer.fromJson(tokenizerText, configText, te.tokenizer);

  const download = async (file: string) => {
    const expected = manifest.files?.[file];
    const bytes = await source.readBytes(file, (loaded, total) => onProgress({ stage: 'download', file, loaded, total: total ?? expected?.bytes }));
    if (expected && bytes.byteLength !== expected.bytes) {
      throw invalidOnnx(file, `${bytes.byteLength} bytes, manifest.json says ${expected.bytes}`);
    }
    if (expected?.sha256) {
      const actual = await sha256Hex(bytes);
      if (actual !== undefined && actual !== expected.sha256) throw invalidOnnx(file, 'its sha256 differs from manifest.json');
    }
    return bytes;
  };
  const imageBytes = await download(ie.file);
  const textBytes = await download(te.file);

  const image = await createSession(backend, imageBytes, ie.file, onProgress);
  const text = await createSession(backend, textBytes, te.file, onProgress);
  try {
    checkNames(image, ie.file, [ie.input], Object.values(ie.outputs));
    checkNames(text, te.file, Object.values(te.inputs), Object.values(te.outputs));
    const dim = await agreedDim(manifest, image, text, tokenizer);
    onProgress({ stage: 'ready', backend: backend.name });
    return new Model(manifest, backend.name, image, text, tokenizer, dim);
  } catch (e) {
    await Promise.all([image.release(), text.release()]).catch(() => {});
    throw e;
  }
}

/** Hex SHA-256 with WebCrypto, or undefined where it is unavailable (insecure browser contexts). */
async function sha256Hex(bytes: Uint8Array): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const invalidOnnx = (file: string, why: string) =>
  bundleError(`${file} is not a valid ONNX model (${why}): re-download or re-export the bundle`);

async function createSession(
  backend: InferenceBackend,
  bytes: Uint8Array,
  file: string,
  onProgress: (p: LoadProgress) => void,
): Promise<EncoderSession> {
  onProgress({ stage: 'session', file });
  if (bytes.byteLength === 0) throw invalidOnnx(file, 'the file is empty');
  try {
    return await backend.createSession(bytes, file);
  } catch (e) {
    if (isPhraseGroundError(e)) throw e;
    // The runtime itself failing to start (e.g. its .wasm files not served) is not the model's fault.
    if (/no available backend/i.test(firstLine(e))) {
      throw new PhraseGroundError('runtime', `${backend.name} could not start (${firstLine(e)}): check that its .wasm/.mjs files are served`);
    }
    throw invalidOnnx(file, firstLine(e));
  }
}

function checkNames(s: EncoderSession, file: string, inputs: readonly string[], outputs: readonly string[]) {
  for (const name of inputs) {
    if (!s.inputNames.includes(name)) throw bundleError(`${file} has no input '${name}' (it has: ${s.inputNames.join(', ')})`);
  }
  for (const name of outputs) {
    if (!s.outputNames.includes(name)) throw bundleError(`${file} has no output '${name}' (it has: ${s.outputNames.join(', ')})`);
  }
}

/**
 * The embedding size D: the text encoder's, from a one-word probe run; the image encoder's
 * declared last dim must agree when the graph states it (otherwise encodeImage checks it).
 */
async function agreedDim(m: Manifest, image: EncoderSession, text: EncoderSession, tokenizer: CaptionTokenizer): Promise<number> {
  const te = m.text_encoder;
  let textDim: number;
  try {
    const ids = tokenizer.tokenize(te.query_template?.replace('{}', 'a') ?? 'a', te.max_tokens).ids;
    textDim = (await runTextEncoder(text, te, [ids], false)).dim;
  } catch (e) {
    if (isPhraseGroundError(e) && e.kind === 'bundle') throw e;
    throw bundleError(`${te.file} failed on a one-word probe (${firstLine(e)}): re-export the bundle`);
  }
  const declared = image.outputShapes[m.image_encoder.outputs.region_embeds];
  const imageDim = declared?.[declared.length - 1];
  if (typeof imageDim === 'number' && imageDim !== textDim) {
    throw bundleError(
      `embedding sizes differ: ${m.image_encoder.file} gives D=${imageDim}, ${te.file} gives D=${textDim}; the encoders must come from the same bundle`,
    );
  }
  return textDim;
}

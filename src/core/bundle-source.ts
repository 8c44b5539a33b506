import { bundleError } from './errors.ts';
import { readStream } from './read-stream.ts';

/** Bytes arrived for one file; `total` is unknown when the server sends no length. */
export type ByteProgress = (loaded: number, total: number | undefined) => void;

/**
 * Where a bundle's files come from: a URL, files dropped into the page, or (in Node) a folder
 * (src/runtime/node/folder-source.ts). A missing file is a bundle error "bundle is missing X".
 */
export interface BundleSource {
  /** Shown to the user: the URL, the folder, or "dropped files". */
  readonly name: string;
  readText(file: string): Promise<string>;
  readBytes(file: string, onProgress?: ByteProgress): Promise<Uint8Array>;
  /** Whether the file exists (for optional files such as tokenizer_config.json). */
  has(file: string): Promise<boolean>;
}

export const missingFile = (file: string) => bundleError(`bundle is missing ${file}`);

type FetchFn = (url: string, init?: { method?: string }) => Promise<Response>;

/** A bundle served over HTTP(S) at `baseUrl` (a folder URL; a trailing '/' is added). */
export function urlSource(baseUrl: string, fetchFn: FetchFn = (u, i) => fetch(u, i)): BundleSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const urlOf = (file: string) => new URL(file, base).toString();
  async function get(file: string, method = 'GET'): Promise<Response | undefined> {
    let res: Response;
    try {
      res = await fetchFn(urlOf(file), { method });
    } catch (e) {
      throw bundleError(`could not download ${file} from ${base} (${(e as Error).message}): check the URL and the connection`);
    }
    if (res.status === 404 || res.status === 410) return undefined;
    if (!res.ok) throw bundleError(`could not download ${file} from ${base} (HTTP ${res.status})`);
    return res;
  }
  return {
    name: base,
    async has(file) {
      return (await get(file, 'HEAD')) !== undefined;
    },
    async readText(file) {
      const res = await get(file);
      if (!res) throw missingFile(file);
      return res.text();
    },
    async readBytes(file, onProgress) {
      const res = await get(file);
      if (!res) throw missingFile(file);
      const length = Number(res.headers.get('content-length'));
      const total = Number.isFinite(length) && length > 0 ? length : undefined;
      if (!res.body) return new Uint8Array(await res.arrayBuffer());
      // Stream so the UI can show byte progress of large encoders.
      return readStream(res.body, (loaded) => onProgress?.(loaded, total));
    },
  };
}

/** A bundle dropped into the page: File objects (matched by name) or a name -> Blob map. */
export function filesSource(files: readonly File[] | ReadonlyMap<string, Blob> | Readonly<Record<string, Blob>>): BundleSource {
  const byName = new Map<string, Blob>();
  if (Array.isArray(files)) for (const f of files as readonly File[]) byName.set(f.name, f);
  else if (files instanceof Map) for (const [k, v] of files) byName.set(baseName(k), v);
  else for (const [k, v] of Object.entries(files as Record<string, Blob>)) byName.set(baseName(k), v);
  const find = (file: string) => {
    const blob = byName.get(file);
    if (!blob) throw missingFile(file);
    return blob;
  };
  return {
    name: 'dropped files',
    has: async (file) => byName.has(file),
    readText: (file) => find(file).text(),
    async readBytes(file, onProgress) {
      const blob = find(file);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      onProgress?.(bytes.byteLength, bytes.byteLength);
      return bytes;
    },
  };
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

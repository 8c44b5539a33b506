import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createReadStream, existsSync, mkdirSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** Multi-threaded WASM needs SharedArrayBuffer, which needs a cross-origin isolated page. */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Files we serve from our own origin without copying them into git or `public/`. */
interface Mount {
  url: string; // URL prefix, ends with '/'
  dir: string; // absolute folder on disk
  include: (file: string) => boolean; // relative path filter
}

// onnxruntime-web's wasm needs no mount: src/worker/backend-choice.ts imports it with `?url`,
// so Vite emits it as a hashed asset of our own origin.
const mounts: Mount[] = [
  // The bundled default model, at a stable URL.
  { url: '/models/default/', dir: join(root, 'models/default'), include: (f) => !f.startsWith('training') },
];

const mimeTypes: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.onnx': 'application/octet-stream',
};

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

function mountMiddleware(): Connect.NextHandleFunction {
  return (req, res, next) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const mount = mounts.find((m) => path.startsWith(m.url));
    if (!mount) return next();
    const rel = path.slice(mount.url.length);
    const file = resolve(mount.dir, rel);
    if (!file.startsWith(mount.dir + sep) || !mount.include(rel) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      return res.end('not found');
    }
    const ext = file.slice(file.lastIndexOf('.'));
    res.setHeader('Content-Type', mimeTypes[ext] ?? 'application/octet-stream');
    res.setHeader('Content-Length', statSync(file).size);
    for (const [k, v] of Object.entries(isolationHeaders)) res.setHeader(k, v);
    createReadStream(file).pipe(res);
  };
}

/** Serves the mounts in `vite` and `vite preview`, and copies them into the build output. */
function mountedFiles(): Plugin {
  let outDir = 'dist';
  return {
    name: 'phraseground-mounts',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(mountMiddleware());
    },
    configurePreviewServer(server) {
      server.middlewares.use(mountMiddleware());
    },
    writeBundle() {
      for (const m of mounts) {
        for (const rel of listFiles(m.dir).filter(m.include)) {
          const to = join(outDir, m.url, rel);
          mkdirSync(dirname(to), { recursive: true });
          copyFileSync(join(m.dir, rel), to);
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), mountedFiles()],
  server: { headers: isolationHeaders, host: '127.0.0.1' },
  preview: { headers: isolationHeaders, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
};

export interface StaticServer {
  url: string; // http://127.0.0.1:PORT/
  /** Serves `dir` under `/prefix/` from now on (e.g. a test-made bundle). */
  mount(prefix: string, dir: string): void;
  close(): Promise<void>;
}

/**
 * A tiny static server on 127.0.0.1 (free port) with the COOP/COEP headers the app needs; the
 * root serves `dir`, mounts serve other folders (fixture bundles). GET and HEAD only.
 */
export async function serveStatic(dir: string): Promise<StaticServer> {
  const mounts: Array<[string, string]> = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const m = mounts.find(([prefix]) => path.startsWith(prefix));
    const base = m ? m[1] : dir;
    const rel = m ? path.slice(m[0].length) : path.slice(1);
    let file = resolve(base, rel || 'index.html');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (!(file === base || file.startsWith(base + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      return res.end('not found');
    }
    res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', statSync(file).size);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    mount: (prefix, d) => mounts.unshift([prefix.endsWith('/') ? prefix : `${prefix}/`, resolve(d)]),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/*
 * PhraseGround's offline cache. Same-origin GET requests only; nothing else is touched.
 *  - immutable files (hashed build assets, onnxruntime wasm, the bundled model): cache first;
 *  - everything else (index.html, samples): network first, the cache when offline.
 * Cached responses keep their COOP/COEP headers, so the page stays cross-origin isolated offline.
 */
const CACHE = 'phraseground-v1'; // src/ui/state/offline.ts fills the same cache after the first visit
const IMMUTABLE = /\/(assets|ort|models\/default)\//;
// The bundled model keeps its URLs across releases; its manifest (which lists every file's sha256)
// is asked for first and always from the network when there is one, so a new model is noticed.
const MODEL_MANIFEST = /\/models\/default\/manifest\.json$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || req.headers.has('range')) return;
  if (req.method === 'HEAD') return event.respondWith(head(req)); // "does the bundle have this file?"
  if (req.method !== 'GET') return;
  if (MODEL_MANIFEST.test(url.pathname)) return event.respondWith(modelManifest(event));
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(event) : networkFirst(event));
});

// The copy is stored in the background, so the page reads (and reports progress on) the
// download as it arrives rather than after the cache has swallowed it.
function store(event, cache, res) {
  if (res.ok && res.status === 200) event.waitUntil(cache.put(event.request, res.clone()));
  return res;
}

async function head(req) {
  try {
    return await fetch(req);
  } catch (e) {
    const hit = await (await caches.open(CACHE)).match(req.url, { ignoreSearch: true });
    if (!hit) throw e;
    return new Response(null, { status: hit.status, headers: hit.headers });
  }
}

async function cacheFirst(event) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(event.request, { ignoreSearch: true });
  if (hit) return hit;
  return store(event, cache, await fetch(event.request));
}

async function networkFirst(event) {
  const req = event.request;
  const cache = await caches.open(CACHE);
  try {
    return store(event, cache, await fetch(req));
  } catch (e) {
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    throw e;
  }
}


// A manifest that differs from the cached one means a new model: its cached files are dropped
// before the page asks for them (they would fail the manifest's sha256 check), then refetched.
async function modelManifest(event) {
  const req = event.request;
  const cache = await caches.open(CACHE);
  let res;
  try {
    res = await fetch(req);
  } catch (e) {
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    throw e;
  }
  if (!res.ok || res.status !== 200) return res;
  const old = await cache.match(req, { ignoreSearch: true });
  if (old && (await old.text()) !== (await res.clone().text())) {
    const dir = new URL('./', req.url).href;
    for (const key of await cache.keys()) if (key.url.startsWith(dir)) await cache.delete(key);
  }
  await cache.put(req, res.clone());
  return res;
}

/*
 * PhraseGround's offline cache. Same-origin GET requests only; nothing else is touched.
 *  - immutable files (hashed build assets, onnxruntime wasm, the bundled model): cache first;
 *  - everything else (index.html, samples): network first, the cache when offline.
 * Cached responses keep their COOP/COEP headers, so the page stays cross-origin isolated offline.
 */
const CACHE = 'phraseground-v1';
const IMMUTABLE = /\/(assets|ort|models\/default)\//;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || req.headers.has('range')) return;
  event.respondWith(IMMUTABLE.test(url.pathname) ? cacheFirst(event) : networkFirst(event));
});

// The copy is stored in the background, so the page reads (and reports progress on) the
// download as it arrives rather than after the cache has swallowed it.
function store(event, cache, res) {
  if (res.ok && res.status === 200) event.waitUntil(cache.put(event.request, res.clone()));
  return res;
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

// The first visit's page and worker fetched their files before this worker controlled them:
// the page sends their URLs once the model is loaded, and we store the ones we lack.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache-urls') return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const href of event.data.urls) {
        const url = new URL(href, self.location.href);
        if (url.origin !== self.location.origin || (await cache.match(url.href))) continue;
        try {
          const res = await fetch(url.href);
          if (res.ok) await cache.put(url.href, res);
        } catch {
          // offline already, or the file went away: the next visit tries again
        }
      }
    })(),
  );
});

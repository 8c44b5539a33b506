/**
 * Registers the service worker (public/sw.js) that caches the app, onnxruntime's wasm and the
 * bundled model, so a second visit works offline. Production builds only: in `vite` dev mode a
 * cache would serve stale modules. `?no-sw` turns it off.
 */
const enabled = () =>
  import.meta.env.PROD && 'serviceWorker' in navigator && !new URLSearchParams(location.search).has('no-sw');

export function registerOfflineCache(): void {
  if (!enabled()) return;
  navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((e: unknown) => {
    // Offline support is a bonus: the app works without it.
    console.warn('offline cache unavailable:', e);
  });
}

/** The service worker's cache (public/sw.js uses the same name). */
const CACHE = 'phraseground-v1';

/**
 * Stores what this visit loaded before the service worker took control: the page's own
 * resources plus `extra` (the worker's model and wasm files). Same-origin URLs only. Done from
 * the page with the Cache API, so it does not race the service worker's activation.
 */
export async function rememberForOffline(extra: readonly string[]): Promise<void> {
  if (!enabled() || !('caches' in self)) return;
  const own = performance.getEntriesByType('resource').map((e) => e.name);
  const urls = [location.href, ...own, ...extra].filter((u) => new URL(u).origin === location.origin);
  const cache = await caches.open(CACHE);
  for (const url of new Set(urls)) {
    if (await cache.match(url)) continue;
    try {
      const res = await fetch(url);
      if (res.ok && res.status === 200) await cache.put(url, res);
    } catch {
      // offline already, or the file went away: the next visit tries again
    }
  }
}

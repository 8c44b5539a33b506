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

/**
 * Asks the service worker to store what this visit loaded before it took control: the page's
 * own resources plus `extra` (the worker's model and wasm files). Same-origin URLs only.
 */
export async function rememberForOffline(extra: readonly string[]): Promise<void> {
  if (!enabled()) return;
  const reg = await navigator.serviceWorker.ready;
  const own = performance.getEntriesByType('resource').map((e) => e.name);
  const urls = [location.href, ...own, ...extra].filter((u) => new URL(u).origin === location.origin);
  reg.active?.postMessage({ type: 'cache-urls', urls: [...new Set(urls)] });
}

// Service worker: keeps the app shell so the app starts offline (then shows the cached notices
// and 'offline' until the socket is back). Network first, so a new deploy is picked up at once
// when online; the cache is only the fallback. /ws, /media and anything not GET are never
// cached or even touched: they go straight to the network.
const CACHE = 'gridcast-shell-v1';
const SHELL = [
  '/', '/index.html', '/app.css', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png',
  '/js/app.js', '/js/emitter.js', '/js/conn.js', '/js/store.js', '/js/proto.js', '/js/schema.js', '/js/dom.js',
  '/js/names.js', '/js/roles.js', '/js/tabs.js', '/js/screens/index.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function cacheable(request) {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  return !(url.pathname === '/ws' || url.pathname.startsWith('/media') || url.pathname.startsWith('/metrics'));
}

self.addEventListener('fetch', (event) => {
  if (!cacheable(event.request)) return;
  event.respondWith(fetch(event.request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return response;
    })
    .catch(() => caches.match(event.request).then((hit) => hit || caches.match('/index.html'))));
});

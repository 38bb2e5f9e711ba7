// GIL Lab's one service worker (scope: the app's folder, e.g. /gil-lab/). It owns two jobs,
// which must share one worker because a scope has only one:
//
// 1. Offline: it precaches every file of this build (the list is written in at build time by
//    tools/sw-build.mjs with Workbox's injectManifest: the real hashed file names and a revision
//    for each), in a cache named after the app, its scope and the build, and deletes only its
//    own older caches (hosts such as USER.github.io share one origin between projects). The
//    page itself (index.html) is network-first, so a deploy is seen at once, falling back to the
//    precached copy offline or after NETWORK_MS; every other file of the build is cache-first.
//    A new build waits until the page says so (the "new version is ready" banner of
//    www/offline.js): an open page never mixes files of two builds.
//
// 2. Isolation on hosts that cannot send headers (the coi-serviceworker technique): to the
//    responses it serves (the app's page and its build's files only, never a page loaded
//    inside a frame), it adds
//    Cross-Origin-Opener-Policy, Cross-Origin-Embedder-Policy and Cross-Origin-Resource-Policy,
//    so a top-level page it serves is cross-origin isolated and real threads can start. Decided
//    per request, from the request alone: nothing to lose when the browser stops the worker.
//    Requests for anything else (other origins, other pages of the same site) are not touched.

const APP = 'gil-lab';
// [{url, revision}], relative to this file's folder: written in by tools/sw-build.mjs.
const PRECACHE = self.__WB_MANIFEST;
// How long the page's own request may take before the precached copy is served instead (ms).
const NETWORK_MS = 4000;

const SCOPE = self.registration.scope;
// One name per build: a hash of the file list and revisions.
const BUILD = fnv1a(JSON.stringify(PRECACHE));
const PREFIX = `${APP} precache ${SCOPE} `;
const CACHE = PREFIX + BUILD;
const INDEX = SCOPE; // the page, precached as the folder's address (see tools/sw-build.mjs)
const PRECACHED = new Set(PRECACHE.map((e) => new URL(e.url, SCOPE).href));

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

self.addEventListener('install', (event) => {
  // `cache: 'reload'`: past the HTTP cache, so a host's caching cannot mix two builds.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        PRECACHE.map(async ({ url }) => {
          const href = new URL(url, SCOPE).href;
          const response = await fetch(new Request(href, { cache: 'reload' }));
          if (!response.ok) throw new Error(`precache: ${href} answered ${response.status}`);
          // A redirected response cannot answer a navigation: keep its body and headers only.
          const kept = response.redirected
            ? new Response(await response.blob(), { status: response.status, headers: response.headers })
            : response;
          await cache.put(href, kept);
        }),
      ),
    ),
  );
  // The first build installs straight away; a later one waits for the page's "reload".
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

// Only the app's own page and the files of its build are answered; every other request (other
// pages of a site GIL Lab shares, at its root for instance) goes to the network untouched.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = request.mode === 'navigate' ? '' : url.search;
  url.hash = '';
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (url.href !== INDEX && url.href !== INDEX + 'index.html') return;
    // A page loaded in a frame stays as it is: its parent decides whether it can be isolated.
    const framed = request.destination === 'iframe' || request.destination === 'frame';
    event.respondWith(page(request).then((r) => (framed ? r : withIsolation(r))));
  } else if (PRECACHED.has(url.href)) {
    event.respondWith(file(request, url.href).then(withIsolation));
  }
});

// The page: from the network when it answers in time (a redirect or an error page included:
// the host knows best), else the precached copy (no network, a timeout, a server error).
async function page(request) {
  const cached = () => caches.open(CACHE).then((c) => c.match(INDEX));
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('slow')), NETWORK_MS)),
    ]);
    if (response.status < 500) return response;
    return (await cached()) || response;
  } catch (error) {
    const copy = await cached();
    if (copy) return copy;
    throw error;
  }
}

// A file of this build, from the cache (the network if it is missing there).
async function file(request, href) {
  const hit = await caches.open(CACHE).then((c) => c.match(href));
  return hit || fetch(request);
}

function withIsolation(response) {
  // Opaque and error responses cannot (and need not) be changed.
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') {
    return response;
  }
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

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
//    same-origin responses it serves, except a page loaded inside a frame, it adds
//    Cross-Origin-Opener-Policy, Cross-Origin-Embedder-Policy and Cross-Origin-Resource-Policy,
//    so a top-level page it serves is cross-origin isolated and real threads can start. Decided
//    per request, from the request alone: nothing to lose when the browser stops the worker.
//    Responses from other origins (opaque or not) pass through untouched.

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
          await cache.put(href, response);
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

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !request.url.startsWith(SCOPE)) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request, url));
});

async function respond(request, url) {
  // A page loaded in a frame stays as it is: its parent decides whether it can be isolated.
  const isolate = request.destination !== 'iframe' && request.destination !== 'frame';
  const response = request.mode === 'navigate' ? await page(request) : await file(request, url);
  return isolate ? withIsolation(response) : response;
}

// The page: from the network when it answers in time, else the precached index.html.
async function page(request) {
  const cached = () => caches.open(CACHE).then((c) => c.match(INDEX));
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('slow')), NETWORK_MS)),
    ]);
    if (response.ok) return response;
    return (await cached()) || response;
  } catch (error) {
    const copy = await cached();
    if (copy) return copy;
    throw error;
  }
}

// A file of this build from the cache; anything else from the network.
async function file(request, url) {
  url.hash = '';
  if (PRECACHED.has(url.href)) {
    const hit = await caches.open(CACHE).then((c) => c.match(url.href));
    if (hit) return hit;
  }
  return fetch(request);
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

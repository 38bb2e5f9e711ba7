// The page's side of the service worker (www/sw.js): registers it, reloads the page once so the
// worker's headers make it cross-origin isolated, and offers a new build when one is ready.
// Everything here is optional: where service workers are missing or refused (Firefox private
// windows, sandboxed frames, plain http on another host) the app simply runs online, as is.
//
// The one reload is guarded without storage (storage can throw in partitioned or sandboxed
// frames): it happens only when this page did not come through the worker (so the worker's
// headers were never tried on it), only in a top-level page (a frame's parent decides its
// isolation), and never from a page whose URL carries the marker of that reload.

const MARK = 'isolating';

function isTopLevel() {
  try {
    return window.top === window;
  } catch {
    return false;
  }
}

function banner() {
  const box = document.createElement('div');
  box.className = 'update-ready';
  box.setAttribute('role', 'status');
  box.dataset.testid = 'update-ready';
  const text = document.createElement('span');
  text.textContent = 'A new version of GIL Lab is ready.';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload to update';
  button.dataset.testid = 'update-reload';
  box.append(text, ' ', button);
  return { box, button };
}

// A waiting build: ask first, then switch and reload into it (never a silent mix of two builds).
function offerUpdate(worker) {
  if (document.querySelector('[data-testid="update-ready"]')) return;
  const { box, button } = banner();
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Updating…';
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), {
      once: true,
    });
    worker.postMessage({ type: 'skip-waiting' });
  });
  document.body.append(box);
}

function watchForUpdates(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
    });
  });
  // A classroom tab stays open for hours: look for a new build when it comes back into view.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => {});
  });
}

async function isolateOnce(registration) {
  const url = new URL(location.href);
  const marked = url.searchParams.has(MARK);
  if (marked) {
    url.searchParams.delete(MARK);
    history.replaceState(history.state, '', url.href);
  }
  if (self.crossOriginIsolated || marked || !isTopLevel()) return;
  if (navigator.serviceWorker.controller) return; // the worker served this page: no help there
  await navigator.serviceWorker.ready;
  if (!registration.active) return;
  const next = new URL(location.href); // the app may have changed the hash meanwhile
  next.searchParams.set(MARK, '1');
  location.replace(next.href);
}

async function start() {
  let registration;
  try {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    registration = await navigator.serviceWorker.register('./sw.js', {
      scope: './',
      updateViaCache: 'none',
    });
  } catch {
    return; // no service worker here: the app runs online, without it
  }
  watchForUpdates(registration);
  await isolateOnce(registration);
}

start().catch(() => {});

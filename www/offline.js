// The page's side of the service worker (www/sw.js): registers it, reloads the page once so the
// worker's headers make it cross-origin isolated, and offers a new build when one is ready.
// Everything here is optional: where service workers are missing or refused (Firefox private
// windows, sandboxed frames, plain http on another host) the app simply runs online, as is.
//
// The one reload is guarded without storage (storage can throw in partitioned or sandboxed
// frames): it happens only when this page did not come through the worker (so the worker's
// headers were never tried on it), only in a top-level page (a frame's parent decides its
// isolation), never from a page whose URL carries the marker of that reload, and not once the
// user has started clicking or typing.

const MARK = 'isolating';

// Decided before anything can change them: whether the worker served this page, and the marker
// (taken off the address at once, so a link copied now does not carry it).
const served = Boolean(navigator.serviceWorker && navigator.serviceWorker.controller);
const marked = removeMark();
// A user who has started doing something is not interrupted by the isolating reload (the next
// visit comes through the worker, isolated).
let touched = false;
for (const type of ['pointerdown', 'keydown']) {
  addEventListener(type, () => { touched = true; }, { capture: true, once: true });
}

function removeMark() {
  try {
    const url = new URL(location.href);
    if (!url.searchParams.has(MARK)) return false;
    url.searchParams.delete(MARK);
    history.replaceState(history.state, '', url.href);
    return true;
  } catch {
    return false;
  }
}

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
// Accepted in another tab, the new build takes this tab too: it reloads (see watchForUpdates).
function offerUpdate(registration) {
  if (document.querySelector('[data-testid="update-ready"]')) return;
  const { box, button } = banner();
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Updating…';
    const waiting = registration.waiting;
    if (waiting) waiting.postMessage({ type: 'skip-waiting' });
    else location.reload(); // already active (another tab accepted it): just reload
  });
  document.body.append(box);
}

function watchForUpdates(registration) {
  // A page that came through a worker and gets another one is on the old build: reload once.
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (served && !reloading) {
      reloading = true;
      location.reload();
    }
  });
  if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(registration);
    });
  });
  // A classroom tab stays open for hours: look for a new build when it comes back into view.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => {});
  });
}

async function isolateOnce(registration) {
  if (self.crossOriginIsolated || marked || served || !isTopLevel()) return;
  await navigator.serviceWorker.ready;
  if (!registration.active || touched) return;
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

// Trunk initializer for GIL Lab (see Trunk's "initializer" docs): shows loading progress, and
// if the WebAssembly module cannot start at all, replaces the loading text with a plain
// explanation instead of leaving the page blank.

const message = () => document.getElementById('boot-message');

function showBootError(detail) {
  const boot = document.getElementById('boot');
  if (!boot) return;
  boot.setAttribute('role', 'alert');
  boot.dataset.testid = 'boot-error';
  const el = message();
  if (el) {
    el.className = 'boot-error';
    el.textContent =
      'GIL Lab could not start. Either its files did not download (check the connection and ' +
      'reload), or this browser lacks WebAssembly with shared memory (use a current Chrome, ' +
      'Edge, Firefox or Safari). Detail: ' + detail;
  }
}

// A module that never finishes starting (e.g. a blocked download) must not look like a blank page.
const STALL_MS = 30000;

export default function initializer() {
  let stall;
  return {
    onStart: () => {
      stall = setTimeout(() => {
        if (!document.querySelector('[data-testid="app-root"]')) {
          showBootError(`the app did not start within ${STALL_MS / 1000} s.`);
        }
      }, STALL_MS);
    },
    onProgress: ({ current, total }) => {
      const el = message();
      if (el && total > 0) {
        el.textContent = `Loading the simulator… ${Math.round((100 * current) / total)} %`;
      }
    },
    onComplete: () => {},
    onSuccess: () => clearTimeout(stall),
    onFailure: (error) => {
      clearTimeout(stall);
      showBootError(String(error && error.message ? error.message : error));
    },
  };
}

// A WebAssembly trap that is not a Rust panic (e.g. running out of memory) bypasses the panic
// hook: show the same fatal banner from here, so the page never just stops responding silently.
window.addEventListener('error', (event) => {
  if (!(event.error instanceof WebAssembly.RuntimeError)) return;
  if (document.getElementById('fatal-error')) return; // the panic hook already said it
  const banner = document.createElement('div');
  banner.id = 'fatal-error';
  banner.className = 'fatal';
  banner.setAttribute('role', 'alert');
  banner.dataset.testid = 'fatal-error';
  const strong = document.createElement('strong');
  strong.textContent = 'GIL Lab hit an internal error and stopped.';
  const p = document.createElement('p');
  p.textContent = 'Reload the page to start again. If it happens again, please report the detail below.';
  const code = document.createElement('code');
  code.textContent = `WebAssembly trap: ${event.error.message} (possibly out of memory)`;
  banner.append(strong, p, code);
  document.body.prepend(banner);
});

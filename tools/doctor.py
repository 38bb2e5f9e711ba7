#!/usr/bin/env python3
"""GIL Lab's machine check: the pinned versions, read from the files that own them, and
whether this machine has every tool the build and the tests need.

It owns no pin of its own. The pins live where their tools read them:
  rust-toolchain.toml  the nightly, its components and its targets (rustup reads it)
  Cargo.toml           wasm-bindgen, exact `=` pin (cargo reads it)
  Trunk.toml           trunk-version, and [tools] wasm_bindgen / wasm_opt (Trunk reads them)
  package-lock.json    the npm packages, binaryen's wasm-opt among them (npm reads it)
  fuzz/Cargo.toml      the cargo-fuzz version, beside the fuzz targets it builds
  dev                  the geckodriver version (GECKODRIVER_VERSION=, which ./dev setup installs)
and this script checks that the copies Trunk needs agree with the others.

  doctor.py pins            shell assignments of the pins, for `eval` in ./dev
  doctor.py check [GROUP]   silent when all is well; else one line per missing piece, naming it
                            and the command that installs it, and exit 1
  doctor.py table [GROUP]   every check as a table (./dev doctor), exit 1 if any fails
GROUP is `rust` (the toolchain, its components and targets) or `all` (the default).

Uses only the standard library of Python 3.11 (tomllib).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Pins:
    toolchain: str
    profile: str
    components: tuple[str, ...]
    targets: tuple[str, ...]
    wasm_bindgen: str
    trunk: str
    wasm_opt: str  # binaryen's major version, e.g. "132"
    cargo_fuzz: str
    geckodriver: str
    npm: dict[str, str]  # top-level devDependencies -> exact version from package-lock.json


class PinError(Exception):
    """A pin that is missing, malformed, or disagrees with its copy."""


def read_pins() -> Pins:
    tc = tomllib.loads((ROOT / "rust-toolchain.toml").read_text())["toolchain"]
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    trunk = tomllib.loads((ROOT / "Trunk.toml").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    fuzz = tomllib.loads((ROOT / "fuzz/Cargo.toml").read_text())
    cargo_fuzz = fuzz["package"]["metadata"]["gil-lab"]["cargo-fuzz-version"]
    m = re.search(r"^GECKODRIVER_VERSION=([0-9.]+)$", (ROOT / "dev").read_text(), re.MULTILINE)
    if not m:
        raise PinError("dev: no `GECKODRIVER_VERSION=X.Y.Z` line")
    geckodriver = m.group(1)

    wb = cargo["dependencies"].get("wasm-bindgen", "")
    wb = wb if isinstance(wb, str) else wb.get("version", "")
    if not wb.startswith("="):
        raise PinError(f"Cargo.toml: wasm-bindgen must be an exact `=` pin, found {wb!r}")
    wb = wb[1:]
    tools = trunk.get("tools", {})
    if tools.get("wasm_bindgen") != wb:
        raise PinError(
            f"Trunk.toml [tools] wasm_bindgen = {tools.get('wasm_bindgen')!r} "
            f"but Cargo.toml pins wasm-bindgen ={wb}: make them equal"
        )
    tv = trunk.get("trunk-version", "")
    if not tv.startswith("="):
        raise PinError(f"Trunk.toml: trunk-version must be an exact `=` pin, found {tv!r}")
    m = re.fullmatch(r"version_(\d+)", tools.get("wasm_opt", ""))
    if not m:
        raise PinError("Trunk.toml [tools] wasm_opt must look like version_NNN")
    wasm_opt = m.group(1)

    packages = lock.get("packages", {})
    top = packages.get("", {}).get("devDependencies", {})
    npm = {}
    for name in top:
        entry = packages.get(f"node_modules/{name}")
        if not entry:
            raise PinError(f"package-lock.json has no entry for {name}: run `npm install`")
        npm[name] = entry["version"]
    if npm.get("binaryen", "").split(".")[0] != wasm_opt:
        raise PinError(
            f"package-lock.json has binaryen {npm.get('binaryen')} "
            f"but Trunk.toml [tools] wasm_opt = version_{wasm_opt}: make them agree"
        )
    return Pins(
        toolchain=tc["channel"],
        profile=tc.get("profile", "minimal"),
        components=tuple(tc.get("components", [])),
        targets=tuple(tc.get("targets", [])),
        wasm_bindgen=wb,
        trunk=tv[1:],
        wasm_opt=wasm_opt,
        cargo_fuzz=cargo_fuzz,
        geckodriver=geckodriver,
        npm=npm,
    )


def rustup_install_command(p: Pins) -> str:
    """The one command that installs the toolchain exactly as rust-toolchain.toml asks.

    Names every component and target explicitly: with RUSTUP_TOOLCHAIN set, a bare
    `rustup toolchain install` ignores rust-toolchain.toml (see shared/TOOLCHAIN.md)."""
    parts = ["rustup", "toolchain", "install", p.toolchain, "--profile", p.profile]
    for c in p.components:
        parts += ["--component", c]
    for t in p.targets:
        parts += ["--target", t]
    return " ".join(parts)


def run(*cmd: str) -> str | None:
    """stdout of a command, or None if it is missing or fails."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


@dataclass
class Check:
    group: str
    what: str
    want: str
    found: str
    ok: bool
    fix: str


def rust_checks(p: Pins) -> list[Check]:
    checks: list[Check] = []
    tc = p.toolchain
    install = rustup_install_command(p)
    rustup = run("rustup", "--version")
    checks.append(
        Check("rust", "rustup", "any", rustup.split("(")[0].strip() if rustup else "missing",
              rustup is not None, "install rustup from your distribution or rustup.rs")
    )
    rustc = run("rustup", "run", tc, "rustc", "--version")
    checks.append(
        Check("rust", "toolchain", tc, rustc or "not installed", rustc is not None, install)
    )
    if rustc is None:
        for c in p.components:
            checks.append(Check("rust", f"component {c}", tc, "toolchain absent", False, install))
        for t in p.targets:
            checks.append(Check("rust", f"target {t}", tc, "toolchain absent", False, install))
        return checks
    sysroot = Path(run("rustup", "run", tc, "rustc", "--print", "sysroot") or "/nonexistent")
    host = (run("rustup", "run", tc, "rustc", "-vV") or "").split("host: ")[-1].split()[0:1]
    host = host[0] if host else ""
    installed = set((run("rustup", "component", "list", "--toolchain", tc, "--installed") or "").split())
    for c in p.components:
        have = c in installed or f"{c}-{host}" in installed
        found = "installed" if have else "missing"
        if c == "rust-src":
            # What broke before: the component list said nothing, the build needs this file.
            lib = sysroot / "lib/rustlib/src/rust/library/Cargo.toml"
            have = have and lib.is_file()
            found = "installed" if have else f"missing ({lib.relative_to(sysroot)} absent)"
        checks.append(
            Check("rust", f"component {c}", tc, found, have,
                  f"rustup component add --toolchain {tc} {c}")
        )
    targets = set((run("rustup", "target", "list", "--toolchain", tc, "--installed") or "").split())
    for t in p.targets:
        lib = sysroot / "lib/rustlib" / t / "lib"
        have = t in targets and lib.is_dir() and any(lib.glob("libcore-*.rlib"))
        checks.append(
            Check("rust", f"target {t}", tc, "installed" if have else "missing", have,
                  f"rustup target add --toolchain {tc} {t}")
        )
    return checks


def version_of(cmd: str, *args: str) -> str | None:
    out = run(cmd, *args)
    if out is None:
        return None
    m = re.search(r"\d+(\.\d+)*", out)
    return m.group(0) if m else out


def tool_checks(p: Pins) -> list[Check]:
    checks: list[Check] = []
    for tool in ("wasm-bindgen", "wasm-bindgen-test-runner"):
        v = version_of(tool, "--version")
        checks.append(
            Check("tools", tool, p.wasm_bindgen, v or "missing", v == p.wasm_bindgen,
                  f"cargo install --force wasm-bindgen-cli --version {p.wasm_bindgen}")
        )
    v = version_of("cargo-fuzz", "--version")
    checks.append(
        Check("tools", "cargo-fuzz", p.cargo_fuzz, v or "missing", v == p.cargo_fuzz,
              f"cargo install --force --locked cargo-fuzz --version {p.cargo_fuzz}")
    )
    v = version_of("trunk", "--version")
    checks.append(
        Check("tools", "trunk", p.trunk, v or "missing", v == p.trunk,
              f"cargo install --force --locked trunk --version {p.trunk}")
    )
    apt = "apt-get install -y chromium chromium-driver"
    chromium = version_of("chromium", "--version")
    driver = version_of("chromedriver", "--version")
    checks.append(Check("tools", "chromium", "any", chromium or "missing", chromium is not None, apt))
    same = chromium is not None and driver is not None and driver.split(".")[0] == chromium.split(".")[0]
    checks.append(
        Check("tools", "chromedriver", f"major of chromium ({chromium.split('.')[0] if chromium else '?'})",
              driver or "missing", same, apt)
    )
    checks += engine_checks(p)
    for tool in ("node", "npm"):
        v = version_of(tool, "--version")
        checks.append(Check("tools", tool, "any", v or "missing", v is not None,
                            "apt-get install -y nodejs npm"))
    wasm_opt = version_of(str(ROOT / "node_modules/.bin/wasm-opt"), "--version")
    checks.append(
        Check("npm", "wasm-opt (binaryen)", p.wasm_opt, wasm_opt or "missing",
              wasm_opt is not None and wasm_opt.split(".")[0] == p.wasm_opt, "npm ci")
    )
    for name, want in sorted(p.npm.items()):
        manifest = ROOT / "node_modules" / name / "package.json"
        have = json.loads(manifest.read_text())["version"] if manifest.is_file() else None
        checks.append(Check("npm", name, want, have or "missing", have == want, "npm ci"))
    return checks


# Where Debian's libwebkit2gtk-4.1-0 puts its MiniBrowser (tests/engines/webkitgtk.mjs uses it too).
MINIBROWSER = Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")


def deb_version(package: str) -> str | None:
    """The installed version of a Debian package, or None."""
    out = run("dpkg-query", "-W", "-f=${Status} ${Version}", package)
    if not out or not out.startswith("install ok installed "):
        return None
    return out.split()[-1]


def engine_checks(p: Pins) -> list[Check]:
    """Firefox ESR with geckodriver, and WebKitGTK under Xvfb: tests/engines/."""
    checks: list[Check] = []
    firefox = version_of("firefox-esr", "--version")
    checks.append(Check("tools", "firefox-esr", "any", firefox or "missing", firefox is not None,
                        "apt-get install -y firefox-esr"))
    gecko = version_of("geckodriver", "--version")
    checks.append(
        Check("tools", "geckodriver", p.geckodriver, gecko or "missing", gecko == p.geckodriver,
              f"cargo install --force --locked geckodriver --version {p.geckodriver}")
    )
    driver = deb_version("webkit2gtk-driver") if shutil.which("WebKitWebDriver") else None
    checks.append(Check("tools", "WebKitWebDriver", "any", driver or "missing", driver is not None,
                        "apt-get install -y webkit2gtk-driver"))
    mini = deb_version("libwebkit2gtk-4.1-0") if os.access(MINIBROWSER, os.X_OK) else None
    checks.append(Check("tools", "MiniBrowser (WebKitGTK)", "any", mini or f"missing ({MINIBROWSER})",
                        mini is not None, "apt-get install -y libwebkit2gtk-4.1-0"))
    # xvfb-run needs xauth, which xvfb only recommends.
    xvfb = deb_version("xvfb") if shutil.which("xvfb-run") and shutil.which("xauth") else None
    checks.append(Check("tools", "xvfb-run (and xauth)", "any", xvfb or "missing", xvfb is not None,
                        "apt-get install -y xvfb xauth"))
    return checks


def all_checks(group: str) -> list[Check]:
    p = read_pins()
    checks = rust_checks(p)
    if group == "all":
        checks += tool_checks(p)
    return checks


def main(argv: list[str]) -> int:
    verb = argv[1] if len(argv) > 1 else "table"
    group = argv[2] if len(argv) > 2 else "all"
    if group not in ("rust", "all"):
        print(f"doctor.py: unknown group {group!r} (rust or all)", file=sys.stderr)
        return 2
    try:
        if verb == "pins":
            p = read_pins()
            words = [p.toolchain, p.profile, *p.components, *p.targets, p.wasm_bindgen, p.trunk,
                     p.cargo_fuzz, p.geckodriver]
            bad = [w for w in words if not re.fullmatch(r"[A-Za-z0-9._-]+", w)]
            if bad:  # the output is eval'd by ./dev: only plain words may pass
                raise PinError(f"unexpected characters in pin {bad[0]!r}")
            print(f"TOOLCHAIN={p.toolchain}")
            print(f"PROFILE={p.profile}")
            print(f"COMPONENTS=({' '.join(p.components)})")
            print(f"TARGETS=({' '.join(p.targets)})")
            print(f"WASM_BINDGEN_VERSION={p.wasm_bindgen}")
            print(f"TRUNK_VERSION={p.trunk}")
            print(f"CARGO_FUZZ_VERSION={p.cargo_fuzz}")
            return 0
        checks = all_checks(group)
    except (PinError, OSError, KeyError, tomllib.TOMLDecodeError, json.JSONDecodeError) as e:
        print(f"setup: pins: {e}", file=sys.stderr)
        return 1
    failed = [c for c in checks if not c.ok]
    if verb == "check":
        for c in failed:
            print(f"setup: missing {c.what} (want {c.want}, found {c.found}); install it with: {c.fix}",
                  file=sys.stderr)
        return 1 if failed else 0
    if verb == "table":
        head = ("", "what", "want", "found", "to install")
        rows = [("ok" if c.ok else "MISSING", c.what, c.want, c.found, "" if c.ok else c.fix) for c in checks]
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
        for r in [head, *rows]:
            print("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
        print(f"\n{len(checks) - len(failed)} of {len(checks)} checks passed"
              + ("" if not failed else f"; run ./dev setup, or the commands above"))
        return 1 if failed else 0
    print(f"doctor.py: unknown verb {verb!r} (pins, check, table)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

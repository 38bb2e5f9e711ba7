#!/usr/bin/env bash
# The setup path on a cold toolchain, run by `./dev test` (and so by CI).
#
# In an empty RUSTUP_HOME in a temporary folder, so the machine's own toolchains are untouched:
#   1. toolchain absent:                the check must fail; `./dev setup rust` installs it; the check passes
#   2. present without rust-src and the wasm32 target (removed by hand): the check must fail and
#      name both; `./dev setup rust` adds them; the check passes
#   3. complete: `./dev setup rust` changes nothing
# After each install, the std sources must be usable the way the wasm build uses them
# (`cargo fetch` of the sysroot's library/Cargo.toml: the step that failed on a fresh machine).
# Costs one download of the pinned nightly (about 20 to 60 s).
set -euo pipefail
cd "$(dirname "$0")/../.."

eval "$(python3 tools/doctor.py pins)"
home=$(mktemp -d "${TMPDIR:-/tmp}/gil-lab-rustup.XXXXXX")
trap 'rm -rf "$home"' EXIT
export RUSTUP_HOME="$home"
unset RUSTUP_TOOLCHAIN # a person's or CI's own setting must not leak in: ./dev sets its own

passed=0
failed=0
ok() { printf '  ok    %s\n' "$1"; passed=$((passed + 1)); }
bad() { printf '  FAIL  %s\n' "$1"; failed=$((failed + 1)); }
expect_check() { # expect_check pass|fail LABEL [text the failure must name...]
  local want=$1 label=$2 out
  shift 2
  if out=$(python3 tools/doctor.py check rust 2>&1); then
    [[ $want == pass ]] && ok "$label" || bad "$label: the check passed but should have failed"
  else
    if [[ $want == pass ]]; then
      bad "$label: $out"
      return
    fi
    local missing=()
    for needle in "$@"; do [[ $out == *"$needle"* ]] || missing+=("$needle"); done
    if ((${#missing[@]})); then bad "$label: the failure does not name ${missing[*]}: $out"; else ok "$label"; fi
  fi
}
std_usable() {
  local sysroot
  sysroot=$(rustup run "$TOOLCHAIN" rustc --print sysroot)
  if rustup run "$TOOLCHAIN" cargo fetch --quiet --manifest-path "$sysroot/lib/rustlib/src/rust/library/Cargo.toml"; then
    ok "$1: std sources fetch for build-std"
  else
    bad "$1: cargo fetch of the std sources failed"
  fi
}
timed_setup() {
  local t0=$SECONDS
  if ./dev setup rust >"$home/setup.log" 2>&1; then
    ok "$1: ./dev setup rust ($((SECONDS - t0)) s)"
  else
    bad "$1: ./dev setup rust failed: $(tail -3 "$home/setup.log")"
  fi
}

echo "cold toolchain in RUSTUP_HOME=$home"
expect_check fail "1. absent: check fails" "toolchain" "$TOOLCHAIN"
timed_setup "1. absent"
expect_check pass "1. absent: check passes after setup"
std_usable "1. absent"

rustup component remove --toolchain "$TOOLCHAIN" rust-src >/dev/null 2>&1
rustup target remove --toolchain "$TOOLCHAIN" wasm32-unknown-unknown >/dev/null 2>&1
expect_check fail "2. without rust-src and wasm32: check fails" "rust-src" "wasm32-unknown-unknown"
timed_setup "2. without rust-src and wasm32"
expect_check pass "2. without rust-src and wasm32: check passes after setup"
std_usable "2. without rust-src and wasm32"

timed_setup "3. complete"
if grep -q "installing component\|downloading component" "$home/setup.log"; then
  bad "3. complete: setup downloaded something: $(grep -m1 'component' "$home/setup.log")"
else
  ok "3. complete: setup installed nothing"
fi

echo "cold toolchain: $passed passed, $failed failed"
((failed == 0))

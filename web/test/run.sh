#!/usr/bin/env bash
# Tests of the offline page: the wasm crate's unit tests, then (node --test) the page's
# checker against the CLI in Node and the page itself in headless Chromium opened from
# file://. Installs what is missing first: Debian's chromium and CJK fonts (apt-get,
# as root or through sudo) and playwright-core (npm, pinned in package-lock.json; it
# drives /usr/bin/chromium and downloads no browser). Screenshot: web/test/output/.
set -euo pipefail
TEST="$(cd "$(dirname "$0")" && pwd)"
WEB="$(dirname "$TEST")"
ROOT="$(dirname "$WEB")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (apt-get)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ! -d "$TEST/node_modules/playwright-core" ]; then
  echo "== npm ci (playwright-core)"
  (cd "$TEST" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== cargo test (web/wasm, native)"
cargo test --quiet --manifest-path "$WEB/wasm/Cargo.toml"
echo "== cargo build (the CLI the page is compared with)"
(cd "$ROOT" && cargo build --quiet --bin fazhi-lint)
# Exactly as the README says: from the repository root, `web/build.sh`.
(cd "$ROOT" && web/build.sh)

echo "== node --test (web/test)"
cd "$TEST"
node --test --test-concurrency=1 wasm.test.mjs browser.test.mjs
echo "== screenshot: $TEST/output/screenshot.png"

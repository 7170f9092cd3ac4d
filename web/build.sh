#!/usr/bin/env bash
# Build the offline checker page into web/dist/: the library compiled to WebAssembly
# (web/wasm, release, size-optimised), its wasm-bindgen glue, and the static page.
#
# The .wasm is embedded as base64 in fazhi_lint_web_wasm.js because Chromium refuses
# to fetch() a .wasm from file://; the page therefore works opened straight from disk.
# Deploy by copying web/dist/ as it is.
#
# Needs: the wasm32-unknown-unknown Rust target; wasm-bindgen-cli at exactly the
# version in web/wasm/Cargo.lock (installed with cargo when missing); wasm-opt
# (binaryen) is used when present.
set -euo pipefail
WEB="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$WEB")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="$WEB/dist"
PKG="$CARGO_TARGET_DIR/web-pkg"

WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$WEB/wasm/Cargo.lock")"
if [ -z "$WB_VERSION" ]; then
  echo "build.sh: cannot find the wasm-bindgen version in web/wasm/Cargo.lock" >&2
  exit 1
fi
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WB_VERSION" ]; then
  echo "== installing wasm-bindgen-cli $WB_VERSION (once; takes a few minutes)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "== adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

mkdir -p "$CARGO_TARGET_DIR"
# The lock file must match the library's dependencies (--locked below); say how to fix it
# rather than failing deep inside cargo.
if ! cargo metadata --manifest-path "$WEB/wasm/Cargo.toml" --locked --format-version 1 >/dev/null 2>"$CARGO_TARGET_DIR/web-lock-check.txt"; then
  cat "$CARGO_TARGET_DIR/web-lock-check.txt" >&2
  echo "build.sh: web/wasm/Cargo.lock does not match the dependencies; regenerate it with" >&2
  echo "  (cd web/wasm && cargo update -p fazhi-lint) and commit it" >&2
  exit 1
fi

echo "== cargo build (wasm32-unknown-unknown, release)"
cargo build --manifest-path "$WEB/wasm/Cargo.toml" --release --locked --target wasm32-unknown-unknown
WASM="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/fazhi_lint_web.wasm"

echo "== wasm-bindgen $WB_VERSION"
rm -rf "$PKG"
# no-modules: a classic script defining `wasm_bindgen`; ES modules do not load from file://.
wasm-bindgen --target no-modules --no-typescript --out-dir "$PKG" "$WASM"

# Binaryen before 116 (Debian 12 ships 108) mistranslates the externref table that
# wasm-bindgen emits, so older versions are skipped.
WASM_OPT_VERSION="$(wasm-opt --version 2>/dev/null | awk '{print $3}' || true)"
if [ -n "$WASM_OPT_VERSION" ] && [ "$WASM_OPT_VERSION" -ge 116 ] 2>/dev/null; then
  echo "== wasm-opt $WASM_OPT_VERSION -Oz"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$PKG/fazhi_lint_web_bg.opt.wasm" "$PKG/fazhi_lint_web_bg.wasm"
  mv "$PKG/fazhi_lint_web_bg.opt.wasm" "$PKG/fazhi_lint_web_bg.wasm"
else
  echo "== wasm-opt >= 116 not found (${WASM_OPT_VERSION:-none}): skipping the optional size pass"
fi

echo "== assembling $DIST"
rm -rf "$DIST"
mkdir -p "$DIST"
cp "$WEB/index.html" "$WEB/app.js" "$WEB/style.css" "$DIST/"
cp "$PKG/fazhi_lint_web.js" "$DIST/fazhi_lint_web.js"
{
  printf '// fazhi-lint checker (WebAssembly, %s bytes), base64-encoded so the page loads from file://.\n' \
    "$(wc -c < "$PKG/fazhi_lint_web_bg.wasm" | tr -d ' ')"
  printf 'var FAZHI_WASM_BASE64 = "'
  base64 -w0 "$PKG/fazhi_lint_web_bg.wasm"
  printf '";\n'
} > "$DIST/fazhi_lint_web_wasm.js"

echo "== done: $DIST"
( cd "$DIST" && wc -c ./* | sort -n )

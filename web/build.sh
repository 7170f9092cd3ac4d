#!/usr/bin/env bash
# Build the offline checker page into web/dist/: the library compiled to WebAssembly
# (web/wasm, release, size-optimised), its wasm-bindgen glue, and the static page.
#
# The .wasm is embedded as base64 in fazhi_lint_web_wasm.js because Chromium refuses
# to fetch() a .wasm from file://; the page therefore works opened straight from disk.
# Deploy by copying web/dist/ as it is, or only web/dist/fazhi-lint.html: the same page in
# one self-contained file (everything inlined, allowed by hash in its CSP).
#
# Needs: the wasm32-unknown-unknown Rust target; wasm-bindgen-cli at exactly the
# version in web/wasm/Cargo.lock (installed with cargo when missing); python3 (for the
# single file); wasm-opt (binaryen) is used when present.
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

# One self-contained file beside the folder: fazhi-lint.html opens by double-click, from a
# shared drive or an e-mail attachment, offline and from file://, with nothing next to it.
# The stylesheet, the glue, the base64 wasm and app.js are inlined; the page's
# Content-Security-Policy allows exactly those inline blocks by their SHA-256 hashes (and
# WebAssembly compilation), nothing else: no network, no other script.
echo "== single file: $DIST/fazhi-lint.html"
python3 - "$DIST" <<'PY'
import base64, hashlib, re, sys
from pathlib import Path

dist = Path(sys.argv[1])
page = (dist / "index.html").read_text(encoding="utf-8")
style = (dist / "style.css").read_text(encoding="utf-8")
scripts = [(dist / n).read_text(encoding="utf-8") for n in ("fazhi_lint_web.js", "fazhi_lint_web_wasm.js", "app.js")]
for text in [style] + scripts:
    if re.search(r"</(script|style)", text, re.I):
        sys.exit("build.sh: an inlined file contains a closing </script> or </style> tag")

def sha(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

csp = (
    "default-src 'none'; script-src " + " ".join(sha(s) for s in scripts) + " 'wasm-unsafe-eval'; "
    "style-src " + sha(style) + "; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)
head, n = re.subn(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">',
                  lambda m: '<meta http-equiv="Content-Security-Policy" content="' + csp + '">', page)
assert n == 1, "index.html: no Content-Security-Policy meta element"
head, n = re.subn(r'<link rel="stylesheet" href="style.css">', lambda m: "<style>" + style + "</style>", head)
assert n == 1, "index.html: no stylesheet link"
tags = "".join("<script>" + s + "</script>\n" for s in scripts)
head, n = re.subn(r'<script src="fazhi_lint_web.js"></script>\s*<script src="fazhi_lint_web_wasm.js"></script>\s*<script src="app.js"></script>\n?',
                  lambda m: tags, head)
assert n == 1, "index.html: the three script elements are not where expected"
head = head.replace("<!-- Offline checker page: every file it loads is in this folder, and the policy below\n     forbids any network connection (connect-src 'none'). -->",
                    "<!-- Offline checker page in one file: everything is inlined, and the policy below\n     allows only these inline blocks (by hash) and forbids any network connection. -->")
(dist / "fazhi-lint.html").write_text(head, encoding="utf-8")
PY

echo "== done: $DIST"
( cd "$DIST" && wc -c ./* | sort -n )

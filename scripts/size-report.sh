#!/usr/bin/env bash
# Names what is large in the release wasm: wasm-bindgen + wasm-opt -Oz as the build does,
# but keeping the name section, then twiggy (cargo install twiggy). For size work only.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
wasm-bindgen target/wasm32-unknown-unknown/release/marketplace_metering_wasm.wasm --out-dir "$out" --target bundler
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$out/marketplace_metering_wasm_bg.wasm" -o "$out/named.wasm"
twiggy top -n "${1:-40}" "$out/named.wasm" | cut -c1-160

#!/usr/bin/env bash
# Builds the two packages the experiment compares, from the same commit: by default ea5c7b8,
# the product product.patch is written against (later commits moved the code it patches):
#   walker  the product as it is (src/model/walk.rs behind JSON.stringify);
#   serde   the same crate with the serde boundary (this folder's src/ and product.patch).
# Each is a copy of the crate under target/serde-experiment/<variant>, built exactly as
# `make build` builds the product (wasm-pack --release: the crate's release profile and its
# wasm-opt flags) and assembled by the product's scripts/assemble-pkg.mjs into <variant>/pkg.
# The <variant>-hooks copies also export `__benchOutput` (the output conversion alone): the
# timings use them, the byte figures the copies without it.
#
#   bash experiments/serde-boundary/build.sh [REV]     (VARIANTS="walker serde" for fewer)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/experiments/serde-boundary
REV=${1:-ea5c7b84333777fad22b825e3c7ff76a28d1172d}
OUT=$ROOT/target/serde-experiment
export PATH=$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH
CACHE=${MMW_CACHE:-$HOME/.cache/marketplace-metering-wasm}
TOOLCHAIN=$(cat "$CACHE/wasm-toolchain" 2>/dev/null || echo stable)
# One target directory for every copy: the dependencies compile once.
export CARGO_TARGET_DIR=$OUT/cargo
mkdir -p "$OUT"
git -C "$ROOT" rev-parse "$REV" >"$OUT/commit"

# copy VARIANT: the crate at REV; the serde variants add this folder's src/ and product.patch;
# the -hooks variants append the output benchmark's export (hooks-*.rs) to src/wasm/client.rs.
copy() {
  local dir=$OUT/$1
  rm -rf "$dir"
  mkdir -p "$dir/pkg"
  git -C "$ROOT" archive "$REV" Cargo.toml Cargo.lock src js scripts benches README.md | tar -x -C "$dir"
  case $1 in
    serde*)
      (cd "$dir" && patch -p1 --quiet <"$HERE/product.patch")
      mkdir -p "$dir/src/serde_model"
      cp "$HERE"/src/*.rs "$dir/src/serde_model/"
      ;;
  esac
  case $1 in
    walker*-hooks) cat "$HERE/hooks-walker.rs" >>"$dir/src/wasm/client.rs" ;;
    serde*-hooks) cat "$HERE/hooks-serde.rs" >>"$dir/src/wasm/client.rs" ;;
  esac
}

# The cargo features of each variant: walker-std is the product linking std (what std alone
# costs); serde-lax is the serde boundary without its unknown-member pass (serde alone).
features() {
  case $1 in
    walker-std*) echo "--features std" ;;
    serde-lax*) echo "--no-default-features --features std" ;;
  esac
}

build() {
  local dir=$OUT/$1 t0
  t0=$(date +%s)
  # shellcheck disable=SC2046 # the features are separate words
  (cd "$dir" && RUSTUP_TOOLCHAIN=$TOOLCHAIN wasm-pack build --release --target bundler --no-pack \
    --out-dir "$dir/wasm-pack" --out-name marketplace_metering_wasm . -- $(features "$1") >"$dir/build.log" 2>&1) ||
    { cat "$dir/build.log"; exit 1; }
  # The linker's module, names and all, for js/attribute.mjs (where the bytes go).
  cp "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/marketplace_metering_wasm.wasm" "$dir/cargo.wasm"
  (cd "$dir" && node scripts/assemble-pkg.mjs wasm-pack pkg "$dir/package.tgz" >/dev/null)
  echo "build: $1 in $(($(date +%s) - t0)) s ($(stat -c %s "$dir/pkg/marketplace_metering_wasm_bg.wasm") bytes of wasm)"
}

variants=(${VARIANTS:-walker walker-std serde serde-lax walker-hooks serde-hooks serde-lax-hooks})
for v in "${variants[@]}"; do copy "$v"; build "$v"; done

# One entry point for building, testing, the demo and the benchmark. Every target starts with
# `bootstrap`, which installs what is missing (cached, idempotent), so a fresh clone needs
# nothing else. Run `make help` for the list.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export MMW_CACHE ?= $(HOME)/.cache/marketplace-metering-wasm
# wasm-opt (npm binaryen), Deno, workerd and tsc come from node_modules; wasm-pack and
# wasm-bindgen from cargo install.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
WASM_TOOLCHAIN = $(shell cat $(MMW_CACHE)/wasm-toolchain 2>/dev/null || echo stable)
WASM := RUSTUP_TOOLCHAIN=$(WASM_TOOLCHAIN)
CHROMEDRIVER ?= /usr/bin/chromedriver
PKG_TGZ := target/npm/marketplace-metering-wasm.tgz

.PHONY: help bootstrap build test test-native lint test-wasm-node test-wasm-chrome test-js \
        test-js-node test-js-deno test-js-workerd demo test-demo bench soak fuzz clean

help:
	@echo "make demo   - registration and metering in a real Worker against the local emulator"
	@echo "make test   - every test tier (native, lints, wasm in Node and Chromium, the package in Node, Deno, workerd)"
	@echo "make build  - the npm package in pkg/ (and $(PKG_TGZ))"
	@echo "make bench  - the benchmark against the AWS SDK and aws4fetch"

bootstrap:
	@bash scripts/bootstrap >/dev/null

build: bootstrap
	@mkdir -p target  # the log redirect below needs it before wasm-pack creates it
	$(WASM) wasm-pack build --release --target bundler --no-pack --out-dir target/wasm-pack \
	  --out-name marketplace_metering_wasm . >/dev/null 2>target/wasm-pack.log || { cat target/wasm-pack.log; exit 1; }
	node scripts/assemble-pkg.mjs target/wasm-pack pkg $(PKG_TGZ)

test: bootstrap test-native lint test-wasm-node test-wasm-chrome test-js test-demo
	@echo "make test: every tier passed"

test-native: bootstrap
	cargo test --quiet

lint: bootstrap
	cargo fmt --all -- --check
	cargo clippy --quiet --all-targets -- -D warnings
	$(WASM) cargo clippy --quiet --all-targets --target wasm32-unknown-unknown -- -D warnings

# tests/wasm.rs is the one wasm suite; the other test targets are native. With no
# `wasm_bindgen_test_configure!` the runner picks the engine from the environment: Node by
# default, the browser with WASM_BINDGEN_USE_BROWSER (wasm-pack's --chrome only sets
# WASM_BINDGEN_TEST_ONLY_WEB, which on its own makes the runner skip the suite). The runner
# passes Chromium headless/no-sandbox itself, so no webdriver.json is needed.
test-wasm-node: bootstrap
	@mkdir -p target  # for the log, before cargo makes it
	$(WASM) wasm-pack test --node --mode no-install -- --test wasm 2>&1 | tee target/test-wasm-node.log | grep -E '^test result|FAILED|panicked' || true
	@grep -q '^test result: ok' target/test-wasm-node.log && ! grep -q 'FAILED' target/test-wasm-node.log

test-wasm-chrome: bootstrap
	@mkdir -p target
	$(WASM) WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) --mode no-install -- --test wasm 2>&1 \
	  | tee target/test-wasm-chrome.log | grep -E '^test result|FAILED|panicked' || true
	@grep -q '^test result: ok' target/test-wasm-chrome.log && ! grep -q 'FAILED' target/test-wasm-chrome.log

# The JS tier installs the packed tarball into tests/js/ the way a user would, then runs the
# same package in Node, Deno and workerd.
test-js: build
	cd tests/js && npm install --no-package-lock --no-audit --no-fund --loglevel=error
	$(MAKE) --no-print-directory test-js-node test-js-deno test-js-workerd

test-js-node:
	cd tests/js && node --test --test-reporter=spec 'node/*.test.mjs' 2>&1 | tail -n 12

test-js-deno:
	cd tests/js && deno test --allow-all --quiet deno/ 2>&1 | tail -n 6

test-js-workerd:
	cd tests/js && node --test --test-reporter=spec 'workerd/*.test.mjs' 2>&1 | tail -n 12

# The example Worker in workerd, the Node and Deno examples, all against the local emulator; a
# transcript that checks every outcome (exit 1 on any unexpected one). test-demo: summary line only.
demo: build
	node scripts/demo.mjs

test-demo: build
	node scripts/demo.mjs --quiet

# Ours against @smithy/signature-v4, aws4fetch and the AWS SDK client (signing in Node and
# Deno, call overhead, size, cold start in Node/Deno/workerd) and the native Rust floor;
# prints the table and writes target/bench/results.json. See bench/run.mjs. About a minute
# after the build on 2 cores (the first run also compiles the native bench twice).
bench: build
	node bench/run.mjs

clean:
	cargo clean
	rm -rf tests/js/node_modules js/examples/node_modules target/npm
	find pkg -mindepth 1 ! -name .gitignore -delete

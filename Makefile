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
# Recursive (=), so it is read when a recipe runs: after `bootstrap` has written the file.
WASM = RUSTUP_TOOLCHAIN=$(WASM_TOOLCHAIN)
CHROMEDRIVER ?= /usr/bin/chromedriver
PKG_TGZ := target/npm/marketplace-metering-wasm.tgz

.PHONY: help bootstrap build test test-native lint test-wasm-node test-wasm-chrome test-js install-test-pkg \
        test-js-types test-js-node test-js-deno test-js-workerd test-js-browser test-js-bun test-js-edge test-readme \
        demo test-demo bench soak fuzz clean generate check-generated test-codegen serde-experiment

help:
	@echo "make demo   - registration and metering in a real Worker against the local emulator"
	@echo "make test   - every test tier (native, lints, wasm in Node and Chromium, the package in Node, Deno, workerd, Chromium, Bun, Vercel's Edge Runtime)"
	@echo "make build  - the npm package in pkg/ (and $(PKG_TGZ))"
	@echo "make scale  - the usage meter (Durable Objects) with 10,000 events over 100 customers"
	@echo "make bench  - the benchmark against the AWS SDK and aws4fetch"
	@echo "make generate - the files the service model defines, from ../shared/aws-model (codegen/)"

bootstrap:
	@bash scripts/bootstrap >/dev/null

build: bootstrap
	@mkdir -p target  # the log redirect below needs it before wasm-pack creates it
	$(WASM) wasm-pack build --release --target bundler --no-pack --out-dir target/wasm-pack \
	  --out-name marketplace_metering_wasm . >/dev/null 2>target/wasm-pack.log || { cat target/wasm-pack.log; exit 1; }
	node scripts/assemble-pkg.mjs target/wasm-pack pkg $(PKG_TGZ)

test: bootstrap check-generated test-codegen test-native lint test-wasm-node test-wasm-chrome test-js test-usage-meter test-readme test-demo test-soak
	@echo "make test: every tier passed"

# --- The generated files (codegen/README.md): the only reader of ../shared/aws-model ---
generate:
	node codegen/generate.mjs

# A fresh run into a temporary directory must equal the checked-in files; a difference is
# printed and fails (run `make generate` and commit).
check-generated:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	node codegen/generate.mjs --out "$$tmp" >/dev/null; \
	stale=0; for f in $$(cd "$$tmp" && find . -type f | sort); do \
	  diff -u --label "$${f#./} (checked in)" --label "$${f#./} (fresh)" "$$f" "$$tmp/$$f" || stale=1; \
	done; \
	if [ $$stale = 1 ]; then echo "check-generated: the files above differ from a fresh run of make generate"; exit 1; fi; \
	echo "check-generated: every generated file is what the model gives"

# The generator's own tests: the pattern compiler against RegExp, and a model with one more
# member on UsageRecord regenerated into a temporary directory.
test-codegen:
	@mkdir -p target  # for the log
	node --test codegen/test/ >target/test-codegen.log 2>&1 || { cat target/test-codegen.log; exit 1; }
	@grep -E '^# (tests|pass|fail) ' target/test-codegen.log

test-native: bootstrap
	cargo test --quiet
	@# 300 generated metering requests signed by our signer and re-signed by @smithy/signature-v4.
	cargo run --quiet --example sign_fixture | node tests/js/crosscheck_sigv4.mjs

lint: bootstrap
	cargo fmt --all -- --check
	cargo clippy --quiet --all-targets -- -D warnings
	@# wasm32 twice: the package as built (no_std), and every target with the test suite's std.
	$(WASM) cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
	$(WASM) cargo clippy --quiet --all-targets --features std --target wasm32-unknown-unknown -- -D warnings

# tests/wasm.rs is the one wasm suite; the other test targets are native. With no
# `wasm_bindgen_test_configure!` the runner picks the engine from the environment: Node by
# default, the browser with WASM_BINDGEN_USE_BROWSER (wasm-pack's --chrome only sets
# WASM_BINDGEN_TEST_ONLY_WEB, which on its own makes the runner skip the suite). The runner
# passes Chromium headless/no-sandbox itself, so no webdriver.json is needed.
test-wasm-node: bootstrap
	@mkdir -p target  # for the log, before cargo makes it
	$(WASM) wasm-pack test --node --mode no-install -- --test wasm --features std 2>&1 | tee target/test-wasm-node.log | grep -E '^test result|FAILED|panicked' || true
	@grep -q '^test result: ok' target/test-wasm-node.log && ! grep -q 'FAILED' target/test-wasm-node.log

test-wasm-chrome: bootstrap
	@mkdir -p target
	$(WASM) WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) --mode no-install -- --test wasm --features std 2>&1 \
	  | tee target/test-wasm-chrome.log | grep -E '^test result|FAILED|panicked' || true
	@grep -q '^test result: ok' target/test-wasm-chrome.log && ! grep -q 'FAILED' target/test-wasm-chrome.log

# The JS tier installs the packed tarball into tests/js/ the way a user would (removed first:
# npm keeps an installed file: tarball of the same version), then type-checks against it and
# runs the same package in Node, Deno, workerd, Chromium, Bun and the Edge Runtime. Each
# runner's summary is printed; a failure prints the runner's whole log and fails make.
JS_LOG = ../../target/test-js
test-js: install-test-pkg
	$(MAKE) --no-print-directory test-js-types test-js-node test-js-deno test-js-workerd test-js-browser test-js-bun test-js-edge

install-test-pkg: build
	rm -rf tests/js/node_modules/marketplace-metering-wasm
	cd tests/js && npm install --no-package-lock --no-audit --no-fund --loglevel=error

# usage.ts against the package's declarations alone; using.ts (`using` blocks) with lib
# esnext.disposable, which TypeScript needs for any `using`.
test-js-types:
	cd tests/js && tsc -p types/tsconfig.json --strict --noEmit && tsc -p types/tsconfig.using.json --strict --noEmit \
	  && echo "tsc --strict: types/usage.ts, types/workers.ts and types/using.ts compile; every @ts-expect-error line is an error"

test-js-node:
	cd tests/js && node --test --test-reporter=spec node/*.test.mjs >$(JS_LOG)-node.log 2>&1 \
	  || { cat $(JS_LOG)-node.log; exit 1; }
	@grep -E '^ℹ (tests|pass|fail) ' target/test-js-node.log

test-js-deno:
	cd tests/js && deno test --allow-all --no-lock deno/ >$(JS_LOG)-deno.log 2>&1 \
	  || { cat $(JS_LOG)-deno.log; exit 1; }
	@sed 's/\x1b\[[0-9;]*m//g' target/test-js-deno.log | grep -E '^(ok|FAILED) \|'

# The installed package in headless Chromium through <script type="module"> (web.js).
test-js-browser:
	cd tests/js && node --test --test-reporter=spec browser/*.test.mjs >$(JS_LOG)-browser.log 2>&1 \
	  || { cat $(JS_LOG)-browser.log; exit 1; }
	@grep -E '^ℹ (tests|pass|fail) ' target/test-js-browser.log

test-js-workerd:
	cd tests/js && node --test --test-reporter=spec workerd/*.test.mjs >$(JS_LOG)-workerd.log 2>&1 \
	  || { cat $(JS_LOG)-workerd.log; exit 1; }
	@grep -E '^ℹ (tests|pass|fail) ' target/test-js-workerd.log

# README.md's code blocks: every JS/TS block carries a marker, and each runnable one runs in its
# runtime (workerd via Miniflare, Deno, Node, Bun, edge-runtime, bash) against a fresh emulator with the checks kept in
# tests/js/readme/readme-snippets.test.mjs. See tests/js/readme/snippets.mjs for the markers.
test-readme: install-test-pkg
	cd tests/js && node --test --test-reporter=spec readme/*.test.mjs >$(JS_LOG)-readme.log 2>&1 \
	  || { cat $(JS_LOG)-readme.log; exit 1; }
	@printf 'README snippets: '; grep -E '^ℹ (tests|pass|fail) ' target/test-js-readme.log | tr '\n' ' ' | sed 's/ℹ //g'; echo

# --- Bun and Vercel's Edge Runtime ---
# The installed package in Bun by its name (the `bun` condition: node.js), under bun:test.
test-js-bun:
	cd tests/js && bun test ./bun/ >$(JS_LOG)-bun.log 2>&1 \
	  || { cat $(JS_LOG)-bun.log; exit 1; }
	@grep -E '^ [0-9]+ (pass|fail)$$|^Ran ' target/test-js-bun.log

# The installed package bundled as Next.js and Vercel bundle an edge function (`edge-light`,
# `.wasm?module` as a runtime-supplied module) and run in edge-runtime with wasm compilation from
# bytes forbidden, as deployed (js/vercel/edge-function.mjs).
test-js-edge:
	cd tests/js && node --test --test-reporter=spec edge/*.test.mjs >$(JS_LOG)-edge.log 2>&1 \
	  || { cat $(JS_LOG)-edge.log; exit 1; }
	@grep -E '^ℹ (tests|pass|fail) ' target/test-js-edge.log
# --- end of Bun and the Edge Runtime ---

# The example Worker in workerd, the Node and Deno examples, all against the local emulator; a
# transcript that checks every outcome (exit 1 on any unexpected one). test-demo: summary line only.
demo: build
	node scripts/demo.mjs

test-demo: build
	node scripts/demo.mjs --quiet

# Ours against @smithy/signature-v4, aws4fetch and the AWS SDK client (signing in Node, Deno,
# Bun and the Edge Runtime; the call in memory and over HTTP; the Worker bundle as wrangler
# uploads it; cold start in Node/Deno/Bun/workerd/Edge) and the native Rust floor; prints the
# table with issue #12's targets marked MET or MISSED, writes target/bench/results.json and
# target/bench/size-report.txt. See js/bench/run.mjs. Two and a half to three minutes after the
# build on 2 cores busy with other builds (the first run also compiles the native bench twice).
bench: build
	node js/bench/run.mjs

# The serde-boundary experiment (issue #11, experiments/serde-boundary/README.md): the product and
# a serde + serde-wasm-bindgen boundary built in copies of the crate at the commit its patch was
# written against (ea5c7b8, before the size work; another as build.sh's argument), then bytes, µs and
# field paths. Not part of build or test; a few minutes on 2 cores.
serde-experiment: bootstrap
	bash experiments/serde-boundary/build.sh
	node experiments/serde-boundary/js/measure.mjs

clean:
	cargo clean
	rm -rf tests/js/node_modules js/examples/node_modules target/npm
	find pkg -mindepth 1 ! -name .gitignore -delete

# --- Reliability: fault soak, hostile inputs, fuzzing (scripts/soak.mjs, tests/js/node/hostile.test.mjs, fuzz/) ---
.PHONY: test-soak test-hostile

# 10,000 usage records and 250 MeterUsage calls through the built package against the emulator
# injecting throttling, 500s, resets and truncation (also after commit), skew and unprocessed
# records; fails unless the ledger bills every record exactly once and matches the client's results.
soak: build
	node scripts/soak.mjs --records 10000

# The same soak, small enough for `make test`, with after-commit faults raised to 5% each so the
# double-billing case certainly occurs.
test-soak: build
	node scripts/soak.mjs --records 600 --after-commit 0.05 --require-after-commit --quiet

# Thousands of seeded hostile inputs and server answers; also run by test-js-node's glob.
test-hostile: build
	node --test --test-reporter=spec tests/js/node/hostile.test.mjs 2>&1 | tail -n 14

# cargo-fuzz (nightly) on the readers of untrusted bytes and on event order, FUZZ_SECONDS each; not part of `make test`.
# Each target starts from its own corpus (fuzz/corpus/<target>, kept between runs) and the checked-in
# seeds (fuzz/seeds/<target>: the golden cases as each target reads its bytes), which it does not write to.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := call_operation records_plan handle_response call_events
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@mkdir -p target
	@for t in $(FUZZ_TARGETS); do \
	  (cd fuzz && mkdir -p corpus/$$t && cargo +nightly fuzz run $$t corpus/$$t seeds/$$t -O -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1) \
	    > target/fuzz-$$t.log 2>&1 || { tail -n 40 target/fuzz-$$t.log; echo "fuzz: $$t failed (fuzz/artifacts/$$t)"; exit 1; }; \
	  echo "fuzz: $$t: $$(grep -m1 -o 'Done [0-9]* runs in [0-9]* second(s)' target/fuzz-$$t.log)"; \
	done

# --- Metering at scale: the usage meter (the package's `workers` subpath) in workerd ---------------
.PHONY: test-usage-meter scale

# The UsageMeter Durable Object in workerd (Miniflare: on-disk storage, alarms) against the
# emulator: a reset at each crash point, workerd restarts (also mid-send), late events, heartbeats,
# CustomerNotSubscribed, a record AWS refuses for good, an outage past AWS's 24 hours
# (tests/js/usage-meter/meter.test.mjs); then a short run of tests/js/usage-meter/run.mjs: 1,500
# events over 20 customers and 4 hours with faults, random resets at every crash point and two
# restarts. About a minute.
test-usage-meter: install-test-pkg
	cd tests/js && node --test --test-reporter=spec usage-meter/*.test.mjs >$(JS_LOG)-usage-meter.log 2>&1 \
	  || { cat $(JS_LOG)-usage-meter.log; exit 1; }
	@grep -E '^ℹ (tests|pass|fail) ' target/test-js-usage-meter.log
	cd tests/js && node usage-meter/run.mjs --events 1500 --customers 20 --quiet

# The same run with 10,000 events over 100 customers (a few minutes); its last line is
# `usage-meter: E events, R records billed, lost L, twice T`.
scale: install-test-pkg
	cd tests/js && node usage-meter/run.mjs --events 10000 --customers 100

# ekyc-bridge — see README.md. Every target installs what it needs first (scripts/setup.sh, idempotent).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
WASM_PACK := wasm-pack build --release --no-pack --out-name ekyc_bridge

.PHONY: setup test package size demo bench clean fuzz fuzz-smoke sandbox

setup:
	@./scripts/setup.sh

## make test: every tier (fmt, clippy, native, wasm in Node and Chromium, package, JS, page); ends with `N passed, N failed`.
test: setup
	@./scripts/test.sh

## make package: dist/ekyc-bridge/ and dist/ekyc-bridge-$(VERSION).tgz
package: setup
	rm -rf target/pkg-web target/pkg-node target/pkg-browser
	$(WASM_PACK) --target web --out-dir target/pkg-web
	$(WASM_PACK) --target nodejs --out-dir target/pkg-node
	@# The lean browser build (no provider clients, no wasm decoders): the `ekyc-bridge/browser` entry. opt-level 3
	@# like the others: its JPEG encoder is a hot loop (at "z" it took twice as long for 30 kB less; README *Size*).
	$(WASM_PACK) --target web --out-dir target/pkg-browser -- --no-default-features
	node scripts/package.mjs

## make size: raw and gzip bytes of every .wasm and .js the package ships.
size: package
	@node scripts/size.mjs dist/ekyc-bridge

## make demo: builds the package (quietly: target/demo-logs/package.log), then runs the provider sandbox, the edge
## worker in workerd and the demo page (scripts/demo.mjs) and prints one URL, http://127.0.0.1:8080/.
## Ports: PORT (8080), WORKER_PORT (8787), SANDBOX_PORT (8790). Ctrl-C stops all three.
demo:
	@echo "make demo: building the package first (the first run also installs the toolchain and takes minutes)"
	@mkdir -p target/demo-logs
	@$(MAKE) --no-print-directory package > target/demo-logs/package.log 2>&1 || { tail -40 target/demo-logs/package.log; echo "make demo: the package build failed (target/demo-logs/package.log)"; exit 1; }
	@node scripts/demo.mjs

## make sandbox: builds the provider sandbox (sandbox/, a debug build) → target/debug/ekyc-sandbox. Run it with
## `target/debug/ekyc-sandbox --port 8790`; routes, credentials and scenarios in sandbox/README.md.
sandbox:
	cargo build -p ekyc-sandbox

## make bench: prepareImage's engines against browser-image-compression and @jsquash in headless Chromium
## (generated photos, two targets); prints the table, writes target/bench/latest.md. README "Benchmark".
bench: package
	@python3 -c 'import PIL' 2>/dev/null || python3 -m pip install --user pillow
	node scripts/bench/run.mjs

## make fuzz: every cargo-fuzz target for FUZZ_SECONDS each (default 600), one after another; logs in
## target/fuzz-logs/, crashes in fuzz/artifacts/. make fuzz-smoke: all targets, ~1 min after one build. SECURITY.md.
FUZZ_SECONDS ?= 600
fuzz: setup
	nice -n 10 ./fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke: setup
	./fuzz/run.sh --smoke

clean:
	rm -rf dist target/pkg-web target/pkg-node target/pkg-browser target/test-logs

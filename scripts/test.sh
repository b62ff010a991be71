#!/usr/bin/env bash
# Every test tier, in order; each tier runs even when an earlier one failed (unless it needs its output).
# Ends with one line `N passed, N failed` summing all tiers; exits non-zero when anything failed.
# A tier that is a single check (fmt, clippy, the package build) counts as one test.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
logs=target/test-logs; mkdir -p "$logs"
passed=0; failed=0; failed_tiers=()

# run <tier> <kind> <command…>: kind is `cargo` (sum "test result:" lines), `tap` (node --test), or `check`.
run() {
  local tier=$1 kind=$2; shift 2
  local log="$logs/$tier.log" p=0 f=0 rc
  printf '\n=== tier %s: %s\n' "$tier" "$*"
  "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}
  case $kind in
    cargo)
      p=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
      f=$(grep -Eo '; [0-9]+ failed' "$log" | awk '{s+=$2} END {print s+0}') ;;
    tap)
      p=$(grep -E '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
      f=$(grep -E '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ;;
    check) if [ "$rc" -eq 0 ]; then p=1; else f=1; fi ;;
  esac
  # A command that failed without reporting a failing test (a build error, a crash) is one failure.
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ]; then f=$((f + 1)); echo "tier $tier ran no test"; fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -eq 0 ] || failed_tiers+=("$tier")
  printf '=== tier %s: %d passed, %d failed\n' "$tier" "$p" "$f"
  return "$rc"
}

run fmt check cargo fmt --check
run clippy check cargo clippy --all-targets -- -D warnings
run clippy-wasm check cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
run native cargo cargo test
run sandbox cargo cargo test -p ekyc-sandbox
run fuzz-smoke check ./fuzz/run.sh --smoke
run wasm-node cargo cargo test --target wasm32-unknown-unknown --test node
run wasm-browser cargo cargo test --target wasm32-unknown-unknown --test browser
# The wasm simd128 paths of the JPEG encoder and the Lanczos3 resize against their references, run in wasm.
run wasm-simd cargo cargo test --target wasm32-unknown-unknown --lib
if run package check make --no-print-directory package; then
  run js tap node scripts/install-package.mjs --then node --test --test-reporter=tap tests/js/
  # The packed tarball in a user's project: Vite, webpack, esbuild and wrangler builds run in Chromium and workerd;
  # strict TypeScript under bundler/node16/nodenext, ESM and CJS; server-side rendering in Node.
  run bundlers tap node --test --test-reporter=tap tests/bundlers/
  run page tap node --test --test-reporter=tap tests/page/
  run e2e tap node --test --test-reporter=tap tests/e2e/
  # The logs the e2e tier just wrote (sandbox, worker, static server, browser console) hold no sandbox secret.
  EKYC_REQUIRE_E2E_LOGS=1 run e2e-logs tap node --test --test-reporter=tap \
    --test-name-pattern="no sandbox secret in any log" tests/js/security.test.mjs
else
  failed=$((failed + 5)); failed_tiers+=(js bundlers page e2e e2e-logs); echo "=== tiers js, bundlers, page, e2e, e2e-logs skipped: the package did not build"
fi

echo
[ ${#failed_tiers[@]} -eq 0 ] || echo "failed tiers: ${failed_tiers[*]} (logs in $logs/)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Runs the cargo-fuzz targets one after another (the machines have 2 cores: one for fuzzing, one for the rest).
#   fuzz/run.sh SECONDS [target...]   each target for SECONDS (make fuzz: FUZZ_SECONDS, default 600)
#   fuzz/run.sh --smoke               every target for a few seconds after one build (make fuzz-smoke, ~1 min)
# The committed seeds (fuzz/corpus/<t>) are read; new inputs go to target/fuzz-corpus/<t> (not committed;
# target/fuzz-corpus-smoke/<t>, fresh each time, for --smoke).
# Logs: target/fuzz-logs/<t>.log (--smoke: target/fuzz-logs/smoke/); crashes: fuzz/artifacts/<t>/.
# Exits non-zero when a target fails.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# The smoke run keeps its logs and corpus apart, so a `make test` during a long `make fuzz` spoils neither.
logs=target/fuzz-logs
corpus=target/fuzz-corpus
if [ "${1:-}" = "--smoke" ]; then
  shift
  seconds=${FUZZ_SMOKE_SECONDS:-6}
  logs=target/fuzz-logs/smoke
  corpus=target/fuzz-corpus-smoke
  rm -rf "$corpus"
else
  seconds="${1:-600}"
  shift || true
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
mkdir -p "$logs"
# One build of every target (debug assertions and overflow checks on, as cargo-fuzz does by default).
if ! cargo +nightly fuzz build >"$logs/build.log" 2>&1; then
  tail -30 "$logs/build.log"
  echo "fuzz: build failed ($logs/build.log)"
  exit 1
fi
bin="fuzz/target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release"
failed=0
for t in "${targets[@]}"; do
  mkdir -p "$corpus/$t"
  dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=("-dict=fuzz/dict/$t.dict")
  log="$logs/$t.log"
  mkdir -p "fuzz/artifacts/$t"
  # The binary itself, not `cargo fuzz run`: that would rebuild when src/ changes mid-run.
  # -detect_leaks=0: natively jpeg-decoder decodes on worker threads whose thread-locals LeakSanitizer reports
  # at random (not reproducible on the input; wasm has no threads); safe Rust cannot leak by accident anyway.
  if "$bin/$t" "$corpus/$t" "fuzz/corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 -detect_leaks=0 -print_final_stats=1 "${dict[@]}" \
      >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -1)
    echo "fuzz: $t ok — ${seconds}s, ${runs:-?} runs, ${rate:-?} exec/s, ${cov:-cov: ?}"
  else
    failed=1
    echo "fuzz: $t FAILED — see $log and fuzz/artifacts/$t/"
    grep -m5 -E 'panicked|ERROR: |SUMMARY' "$log" || tail -20 "$log"
  fi
done
exit $failed

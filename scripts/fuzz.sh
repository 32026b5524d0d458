#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs one (or all) for SECONDS each:
#   scripts/fuzz.sh [TARGET] [SECONDS]
# New inputs found are merged (minimised) into tests/fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-all}"
seconds="${2:-60}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" >/dev/null
run_one() {
  local t="$1" corpus="tests/fuzz/corpus/$1" work
  work="$(mktemp -d)"
  mkdir -p "$corpus"
  local dict=()
  [ -f "tests/fuzz/dict/$t.dict" ] && dict=(-dict="tests/fuzz/dict/$t.dict")
  echo "fuzz: $t for ${seconds}s"
  # A small quarantine keeps ASan's freed-memory reserve from counting against the RSS limit.
  ASAN_OPTIONS=quarantine_size_mb=16:detect_leaks=1 "build-fuzz/bin/fuzz_$t" "$work" "$corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=512 \
    -print_final_stats=1 2>&1 | tail -n 12
  "build-fuzz/bin/fuzz_$t" -merge=1 "$corpus" "$work" >/dev/null 2>&1 || true
  rm -rf "$work"
}
if [ "$target" = all ]; then
  for exe in build-fuzz/bin/fuzz_*; do run_one "${exe##*/fuzz_}"; done
else
  run_one "$target"
fi

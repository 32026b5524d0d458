#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test three ways:
#   1. Release (the shipped build): every test;
#   2. AddressSanitizer + UndefinedBehaviorSanitizer, no recovery: every test;
#   3. ThreadSanitizer: the pipeline and source tests (the code that runs threads).
# Set DV_TEST_QUICK=1 to run only the first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs="$(nproc)"
start=$(date +%s)

step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "release build"
scripts/build.sh release
step "release tests"
ctest --preset release -j "$jobs" --timeout 900

if [ "${DV_TEST_QUICK:-0}" = 1 ]; then
  step "done (quick: sanitizer runs skipped)"
  exit 0
fi

step "address + undefined sanitizer build"
scripts/build.sh asan
step "address + undefined sanitizer tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$jobs" --timeout 1800 -LE bench

step "thread sanitizer build (pipeline tests)"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target dv_analyzer_tests
step "thread sanitizer tests"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --preset tsan -j "$jobs" --timeout 900 -R '^(Pipeline\.|AnySetting/|ZeroSectors\.|OpenSourceTest\.)'
step "all test runs passed"

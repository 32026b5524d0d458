#!/usr/bin/env bash
# The README's first command: set up, build, make the sample images, analyze one, show the reports.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
samples/make-samples.sh
out="samples/out/reports"
mkdir -p "$out"
sample="samples/out/level2.iso"
echo
echo "== discverify analyze $sample"
status=0
build/bin/discverify analyze "$sample" --report-dir "$out" --progress never || status=$?
echo
echo "exit status: $status (0 clean, 1 findings, 2 could not complete)"
echo "reports:"
for f in "$out"/$(basename "$sample").discverify.*; do echo "  $f"; done

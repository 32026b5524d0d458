#!/usr/bin/env bash
# Makes the sample images under samples/out/ with real writers (xorriso, genisoimage) and our own code.
set -euo pipefail
cd "$(dirname "$0")"
out="out"
mkdir -p "$out"
tree="$out/tree"
rm -rf "$tree"
mkdir -p "$tree/DOCS" "$tree/DATA/SUB"
printf 'discverify sample\n' > "$tree/README.TXT"
for i in 1 2 3 4 5; do head -c $((i * 40000)) /dev/zero | tr '\0' "$i" > "$tree/DATA/FILE$i.BIN"; done
printf 'nested\n' > "$tree/DATA/SUB/NESTED.TXT"
printf 'manual\n' > "$tree/DOCS/MANUAL.TXT"
# Fixed timestamps so every run makes byte-identical images (the golden tests depend on it).
find "$tree" -exec touch -h -d @1700000000 {} +
SOURCE_DATE_EPOCH=1700000000 xorriso -as mkisofs -quiet -iso-level 2 -V SAMPLE_L2 -o "$out/level2.iso" "$tree" 2>/dev/null
echo "samples: made $(ls "$out"/*.iso | wc -l) images in samples/$out"

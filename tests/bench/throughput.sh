#!/usr/bin/env bash
# Throughput benchmark: discverify against its peers on one cached image, in one run, alternating.
#   tests/bench/throughput.sh [ROUNDS] [SIZE_MIB]
# Makes a ~2 GiB ISO of incompressible data (a few thousand files), brings it into the page cache,
# and prints the median wall time of each tool, the ratio to discverify, and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-5}"
size_mib="${2:-2048}"
bin="build/bin/discverify"
[ -x "$bin" ] || { echo "bench: build first (scripts/build.sh)" >&2; exit 2; }

peers=(rhash dc3dd hashdeep xorriso openssl)
missing=()
for p in "${peers[@]}"; do command -v "$p" >/dev/null || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing peers: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rhash dc3dd hashdeep xorriso >/dev/null
fi

work="${BENCH_DIR:-build/bench}"
mkdir -p "$work"
iso="$work/bench-${size_mib}.iso"
if [ ! -s "$iso" ]; then
  echo "bench: making a ${size_mib} MiB ISO of incompressible data"
  tree="$work/tree"
  rm -rf "$tree"
  mkdir -p "$tree"
  python3 - "$tree" "$size_mib" <<'PY'
import os, sys
root, total = sys.argv[1], int(sys.argv[2]) << 20
count = 3000
per = total // count
for i in range(count):
    d = os.path.join(root, f"D{i // 100:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"F{i:05d}.BIN"), "wb") as f:
        f.write(os.urandom(per - (i % 7) * 1000))
PY
  xorriso -as mkisofs -quiet -iso-level 3 -o "$iso" "$tree" 2>/dev/null
  rm -rf "$tree"
fi
cat "$iso" > /dev/null; cat "$iso" > /dev/null   # bring it into the page cache

echo "bench: image $(du -h "$iso" | cut -f1), $(nproc) cores"
echo "bench: parallel check (openssl speed -multi 2 -evp md5 vs one process, MB/s of 1 MiB blocks):"
one=$(openssl speed -evp md5 -bytes 1048576 -seconds 2 2>/dev/null | awk '/^md5/ {print $2}')
two=$(openssl speed -multi 2 -evp md5 -bytes 1048576 -seconds 2 2>/dev/null | awk '/^md5/ {print $2}')
echo "  one: ${one}  two: ${two}  (two should be about twice one before a parallel figure is quoted)"
echo

python3 tests/bench/bench.py "$rounds" discverify-hash \
  "discverify-hash=$bin hash --progress never $iso" \
  "openssl-md5=openssl dgst -md5 $iso" \
  "rhash-md5-sha1-sha256=rhash --md5 --sha1 --sha256 $iso" \
  "dc3dd-md5-sha1-sha256=dc3dd if=$iso hash=md5 hash=sha1 hash=sha256 of=/dev/null nwspc=on 2>/dev/null" \
  "hashdeep-md5-sha1-sha256=hashdeep -c md5,sha1,sha256 $iso" \
  "cat=cat $iso"
echo
echo "bench: discverify analyze (default profile: 3 digests, 64 MiB pieces, per-file SHA-256, all rules)"
python3 tests/bench/bench.py "$rounds" discverify-analyze \
  "discverify-analyze=$bin analyze --progress never --xml /dev/null $iso" \
  "openssl-md5=openssl dgst -md5 $iso"

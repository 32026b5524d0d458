#!/usr/bin/env bash
# Throughput benchmark: discverify against its peers on one cached image, in one run, alternating.
#   tests/bench/throughput.sh [ROUNDS] [SIZE_MIB]
#   BENCH_SECTIONS=ls tests/bench/throughput.sh 11      # only some sections: hash,analyze,cd,ls
# Makes a ~2 GiB ISO of incompressible data (a few thousand files), brings it into the page cache,
# and prints the median wall time of each tool, the ratio to discverify, and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-5}"
size_mib="${2:-2048}"
bin="build/bin/discverify"
sections="${BENCH_SECTIONS:-hash,analyze,cd,ls}"
want() { [[ ",$sections," == *",$1,"* ]]; }
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
if (want hash || want analyze) && [ ! -s "$iso" ]; then
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
if want hash || want analyze; then
cat "$iso" > /dev/null; cat "$iso" > /dev/null   # bring it into the page cache
echo "bench: image $(du -h "$iso" | cut -f1), $(nproc) cores"
echo "bench: parallel check (openssl speed -multi 2 -evp md5 vs one process, MB/s of 1 MiB blocks):"
one=$(openssl speed -evp md5 -bytes 1048576 -seconds 2 2>/dev/null | awk '/^md5/ {print $2}')
two=$(openssl speed -multi 2 -evp md5 -bytes 1048576 -seconds 2 2>/dev/null | awk '/^md5/ {print $2}')
echo "  one: ${one}  two: ${two}  (two should be about twice one before a parallel figure is quoted)"
echo

fi
if want hash; then
python3 tests/bench/bench.py "$rounds" discverify-hash \
  "discverify-hash=$bin hash --progress never $iso" \
  "openssl-md5=openssl dgst -md5 $iso" \
  "rhash-md5-sha1-sha256=rhash --md5 --sha1 --sha256 $iso" \
  "dc3dd-md5-sha1-sha256=dc3dd if=$iso hash=md5 hash=sha1 hash=sha256 of=/dev/null nwspc=on 2>/dev/null" \
  "hashdeep-md5-sha1-sha256=hashdeep -c md5,sha1,sha256 $iso" \
  "cat=cat $iso"
echo
fi
if want analyze; then
echo "bench: discverify analyze (default profile: 3 digests, 64 MiB pieces, per-file SHA-256, all rules)"
python3 tests/bench/bench.py "$rounds" discverify-analyze \
  "discverify-analyze=$bin analyze --progress never --xml /dev/null $iso" \
  "openssl-md5=openssl dgst -md5 $iso"
fi

# A raw MODE1/2352 image of a ~700 MB ISO, encoded with our own sector encoder: analyze with EDC/ECC
# checks against the same analysis of the equivalent .iso.
encoder="build/bin/dv-cdencode"
if want cd && [ -x "$encoder" ]; then
  cd_iso="$work/cd-700.iso"
  cd_bin="$work/cd-700.bin"
  if [ ! -s "$cd_bin" ]; then
    tree="$work/cdtree"
    rm -rf "$tree"; mkdir -p "$tree"
    python3 - "$tree" <<'PY'
import os, sys
for i in range(700):
    with open(os.path.join(sys.argv[1], f"F{i:04d}.BIN"), "wb") as f:
        f.write(os.urandom(1000000))
PY
    xorriso -as mkisofs -quiet -o "$cd_iso" "$tree" 2>/dev/null
    rm -rf "$tree"
    "$encoder" mode1 "$cd_iso" "$cd_bin"
    printf 'FILE "cd-700.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' > "$work/cd-700.cue"
  fi
  cat "$cd_iso" "$cd_bin" > /dev/null
  echo
  echo "bench: raw MODE1/2352 ($(du -hL "$cd_bin" | cut -f1)) with EDC/ECC checks vs the equivalent .iso"
  python3 tests/bench/bench.py "$rounds" discverify-analyze-iso \
    "discverify-analyze-iso=$bin analyze --progress never --xml /dev/null $cd_iso" \
    "discverify-analyze-cue=$bin analyze --progress never --xml /dev/null $work/cd-700.cue"
  # The same with SHA-256 only in every scope: the .bin as stored, the track's content (--track-hash,
  # SHA-256 by default) and the files, against the .iso's image, pieces and files.
  echo
  echo "bench: the same with --hash sha256 (one algorithm in every scope)"
  python3 tests/bench/bench.py "$rounds" discverify-analyze-iso-sha256 \
    "discverify-analyze-iso-sha256=$bin analyze --progress never --hash sha256 --xml /dev/null $cd_iso" \
    "discverify-analyze-cue-sha256=$bin analyze --progress never --hash sha256 --xml /dev/null $work/cd-700.cue"
fi

# Listing a 10,000-file image: discverify ls against isoinfo -l and iso-info -l.
# `discverify ls` reads only the metadata (descriptors, path tables, directories, Rock Ridge):
# single-threaded, like isoinfo and iso-info.
if want ls && $bin ls --help >/dev/null 2>&1; then
  ls_iso="$work/files-10k.iso"
  if [ ! -s "$ls_iso" ]; then
    tree="$work/lstree"
    rm -rf "$tree"; mkdir -p "$tree"
    python3 - "$tree" <<'PY'
import os, sys
for i in range(10000):
    d = os.path.join(sys.argv[1], f"D{i // 500:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"F{i:05d}.TXT"), "w") as f:
        f.write(f"file {i}\n")
PY
    xorriso -as mkisofs -quiet -o "$ls_iso" "$tree" 2>/dev/null
    rm -rf "$tree"
  fi
  command -v iso-info >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcdio-utils >/dev/null
  cat "$ls_iso" > /dev/null
  echo
  echo "bench: listing a 10,000-file image ($(du -hL "$ls_iso" | cut -f1), Rock Ridge)"
  python3 tests/bench/bench.py "$rounds" discverify-ls \
    "discverify-ls=$bin ls $ls_iso" \
    "discverify-ls-json=$bin ls --format json $ls_iso" \
    "isoinfo-l=isoinfo -l -i $ls_iso" \
    "isoinfo-R-l=isoinfo -R -l -i $ls_iso" \
    "iso-info-l=iso-info -l $ls_iso"
fi

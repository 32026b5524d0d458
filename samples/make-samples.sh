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

# Extension samples (Joliet, Rock Ridge, El Torito, isohybrid, UDF, DVD-Video) in $out/ext, each
# with its source tree so the e2e test can compare per-file digests with the files.
ext="$out/ext"
rm -rf "$ext"
mkdir -p "$ext"
xt="$ext/tree"
mkdir -p "$xt/docs" "$xt/boot"
printf 'extension sample\n' > "$xt/readme.txt"
printf 'a name longer than the eight-dot-three form allows\n' > "$xt/docs/A Long File Name With Spaces.txt"
deep="$xt/deep"
for i in 1 2 3 4 5 6 7 8 9 10 11; do deep="$deep/level$i"; done
mkdir -p "$deep"
printf 'eleven levels down\n' > "$deep/bottom.txt"
ln -s docs "$xt/docs-link"
ln -s ../readme.txt "$xt/docs/readme-link"
head -c 4096 /dev/zero | tr '\0' 'B' > "$xt/boot/boot.img"
find "$xt" -exec touch -h -d @1700000000 {} +
mk() { SOURCE_DATE_EPOCH=1700000000 xorriso -as mkisofs -quiet "$@" 2>/dev/null; }
mk -J -V EXT_JOLIET -o "$ext/joliet.iso" "$xt"
mk -R -V EXT_RR -o "$ext/rockridge.iso" "$xt"
mk -R -J -V EXT_RR_JOLIET -o "$ext/rr-joliet.iso" "$xt"
mk -R -iso-level 4 -V EXT_LEVEL4 -o "$ext/level4.iso" "$xt"
mk -R -J -V EXT_ELTORITO -b boot/boot.img -c boot/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
  -o "$ext/eltorito.iso" "$xt"
if [ -r /usr/lib/ISOLINUX/isohdpfx.bin ] && [ -r /usr/lib/ISOLINUX/isolinux.bin ]; then
  ht="$ext/hybrid/tree"
  mkdir -p "$ext/hybrid"
  cp -r "$xt" "$ht"
  mkdir -p "$ht/isolinux"
  cp /usr/lib/ISOLINUX/isolinux.bin "$ht/isolinux/"
  find "$ht" -exec touch -h -d @1700000000 {} +
  mk -R -J -V EXT_HYBRID -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -b isolinux/isolinux.bin -c isolinux/boot.cat \
    -no-emul-boot -boot-load-size 4 -boot-info-table -o "$ext/isohybrid.iso" "$ht"
fi
if command -v genisoimage >/dev/null; then
  genisoimage -quiet -R -J -udf -V EXT_UDF -o "$ext/udf-bridge.iso" "$xt" 2>/dev/null
  dt="$ext/dvd/tree"
  python3 make-dvd-tree.py "$dt"
  find "$dt" -exec touch -h -d @1700000000 {} +
  genisoimage -quiet -dvd-video -V EXT_DVD -o "$ext/dvd-video.iso" "$dt" 2>/dev/null
  if command -v mkzftree >/dev/null; then
    # zisofs: files compressed by mkzftree, recorded with ZF entries by genisoimage -z.
    zt="$ext/zisofs/tree"
    mkdir -p "$ext/zisofs/plain"
    seq 1 30000 | sed 's/$/ a compressible line of the zisofs sample/' > "$ext/zisofs/plain/lines.txt"
    printf 'short\n' > "$ext/zisofs/plain/short.txt"
    mkzftree "$ext/zisofs/plain" "$zt"
    genisoimage -quiet -R -z -V EXT_ZISOFS -o "$ext/zisofs.iso" "$zt" 2>/dev/null
  fi
fi
if command -v implantisomd5 >/dev/null; then
  cp "$ext/rr-joliet.iso" "$ext/isomd5sum.iso"
  implantisomd5 "$ext/isomd5sum.iso" >/dev/null
fi
mk -R -J --md5 -V EXT_MD5 -o "$ext/md5tags.iso" "$xt"
echo "samples: made $(ls "$ext"/*.iso | wc -l) extension images in samples/$ext"

# Interchange levels 1, 2 and 3 (ECMA-119 10.1-10.3) from xorriso (Rock Ridge on, its default) and from
# genisoimage (ISO 9660 names only) over one tree of 33 files in $out/levels. Neither writer splits a
# file into several extents below 4 GiB - 2 KiB, so the level-3 multi-extent sample is the big one
# below (DV_BIG_SAMPLES=1).
lv="$out/levels"
chmod -R u+w "$lv" 2>/dev/null || true
rm -rf "$lv"
lt="$lv/tree"
mkdir -p "$lt/docs/notes" "$lt/data/a/b/c/d/e" "$lt/MixedCase Dir" "$lt/empty-dir"
printf 'levels sample\n' > "$lt/README.TXT"
printf 'lower case\n' > "$lt/lowercase.txt"
printf 'no extension\n' > "$lt/NOEXT"
: > "$lt/EMPTY.DAT"
printf 'a long name\n' > "$lt/docs/a-file-name-longer-than-eight-chars.text"
printf 'spaces\n' > "$lt/MixedCase Dir/Name With Spaces.md"
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do printf 'note %d\n' "$n" > "$lt/docs/notes/NOTE$n.TXT"; done
# Sizes around the 2048-byte block; the content is a fixed pseudo-random stream (same every run).
python3 - "$lt/data" <<'PY'
import hashlib, os, sys
def stream(seed, n):
    out, block = bytearray(), 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}:{block}".encode()).digest()
        block += 1
    return bytes(out[:n])
for size in (1, 2047, 2048, 2049, 4096, 65535, 65536, 1048577):
    with open(os.path.join(sys.argv[1], f"S{size}.BIN"), "wb") as f:
        f.write(stream(size, size))
for n in range(1, 5):
    with open(os.path.join(sys.argv[1], "a", f"FILE{n}.BIN"), "wb") as f:
        f.write(stream(f"a{n}", n * 3000))
PY
printf 'seven levels down\n' > "$lt/data/a/b/c/d/e/DEEP.TXT"
printf 'same\n' > "$lt/data/SAME1.TXT"
printf 'same\n' > "$lt/data/SAME2.TXT"
find "$lt" -exec touch -h -d @1700000000 {} +
for level in 1 2 3; do
  mk -iso-level "$level" -V "LEVEL$level" -o "$lv/xorriso-l$level.iso" "$lt"
  if command -v genisoimage >/dev/null; then
    SOURCE_DATE_EPOCH=1700000000 genisoimage -quiet -iso-level "$level" -V "LEVEL$level" -o "$lv/genisoimage-l$level.iso" "$lt" 2>/dev/null
  fi
done
echo "samples: made $(ls "$lv"/*.iso | wc -l) interchange-level images in samples/$lv"

# The > 4 GiB multi-extent sample (level 3): a sparse 4200 MiB file, which xorriso splits into
# sections of at most 4 GiB - 2 KiB (genisoimage 1.1.11 refuses files of 4 GiB or more). It writes 4.2 GB, so it is made only on request
# (DV_BIG_SAMPLES=1) and kept in $out/big across runs; the e2e_big_sample test checks it.
if [ "${DV_BIG_SAMPLES:-0}" = 1 ]; then
  big="$out/big"
  if [ ! -s "$big/multi-extent-4200m.iso" ]; then
    free_kib=$(df -Pk "$out" | awk 'NR == 2 {print $4}')
    if [ "$free_kib" -lt $((10 * 1024 * 1024)) ]; then
      echo "samples: big sample skipped: less than 10 GiB free in samples/$out"
    else
      rm -rf "$big"
      mkdir -p "$big/tree/big"
      truncate -s 4200M "$big/tree/big/ZEROS.BIN"
      printf 'beside the big file\n' > "$big/tree/big/SMALL.TXT"
      find "$big/tree" -exec touch -h -d @1700000000 {} +
      mk -iso-level 3 -V BIG_MULTI_EXTENT -o "$big/multi-extent-4200m.iso.part" "$big/tree"
      mv "$big/multi-extent-4200m.iso.part" "$big/multi-extent-4200m.iso"
      echo "samples: made samples/$big/multi-extent-4200m.iso ($(stat -c %s "$big/multi-extent-4200m.iso") bytes)"
    fi
  fi
fi

# CD samples: raw sectors from our own encoder (dv-cdencode, built with the project), audio from sox
# (-D: no dither, so every run makes the same samples).
encoder="${DV_CDENCODE:-}"
if [ -z "$encoder" ]; then
  for candidate in ../build/bin/dv-cdencode ../build-dev/bin/dv-cdencode; do
    if [ -x "$candidate" ]; then encoder="$candidate"; break; fi
  done
fi
if [ -z "$encoder" ] || ! command -v sox >/dev/null; then
  echo "samples: CD samples skipped (needs sox and dv-cdencode: build the project first)"
  exit 0
fi
cdo="$out/cd"
rm -rf "$cdo"
mkdir -p "$cdo"
msf() { printf '%02d:%02d:%02d' $(($1 / 4500)) $(($1 / 75 % 60)) $(($1 % 75)); }
tone() { sox -D -n -t raw -r 44100 -c 2 -b 16 -e signed-integer -L "$1" synth "$2" sine "$3" gain -12; }
silence() { head -c $(($1 * 2352)) /dev/zero > "$2"; }
data_sectors=$(( $(stat -c %s "$out/level2.iso") / 2048 ))

# 1. MODE1/2352 bin/cue of level2.iso: its track content digest equals the .iso's digest.
"$encoder" mode1 "$out/level2.iso" "$cdo/m1.bin"
printf 'FILE "m1.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' > "$cdo/m1.cue"
# The same with one byte flipped in the user data of LBA 20: EDC and ECC must catch it there.
cp "$cdo/m1.bin" "$cdo/m1-flip.bin"
python3 - "$cdo/m1-flip.bin" $((20 * 2352 + 100)) <<'PY'
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0] ^ 0x01]))
PY
printf 'FILE "m1-flip.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' > "$cdo/m1-flip.cue"
# A raw 2352 dump with no descriptor, and a 2448 one with interleaved sub-channel (Q positions).
cp "$cdo/m1.bin" "$cdo/rawdump.bin"
"$encoder" mode1sub "$out/level2.iso" "$cdo/rawsub.bin"

# 2. Audio only: three 4-second tracks, tracks 2 and 3 with a stored 1-second INDEX 00 pregap.
tone "$cdo/t1.raw" 4 440; tone "$cdo/t2.raw" 4 550; tone "$cdo/t3.raw" 4 660; silence 75 "$cdo/gap.raw"
cat "$cdo/t1.raw" "$cdo/gap.raw" "$cdo/t2.raw" "$cdo/gap.raw" "$cdo/t3.raw" > "$cdo/audio3.bin"
{
  printf 'CATALOG 0000000000000\nFILE "audio3.bin" BINARY\n'
  printf '  TRACK 01 AUDIO\n    FLAGS DCP\n    INDEX 01 00:00:00\n'
  printf '  TRACK 02 AUDIO\n    INDEX 00 %s\n    INDEX 01 %s\n' "$(msf 300)" "$(msf 375)"
  printf '  TRACK 03 AUDIO\n    INDEX 00 %s\n    INDEX 01 %s\n' "$(msf 675)" "$(msf 750)"
} > "$cdo/audio3.cue"

# 3. Mixed mode: Mode 1 data, then two audio tracks (the first after a 2-second stored pregap),
#    described as cue, cdrdao toc and CloneCD ccd over the same bytes.
silence 150 "$cdo/pregap.raw"
cat "$cdo/m1.bin" "$cdo/pregap.raw" "$cdo/t1.raw" "$cdo/t2.raw" > "$cdo/mixed.bin"
n=$data_sectors
{
  printf 'FILE "mixed.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n'
  printf '  TRACK 02 AUDIO\n    INDEX 00 %s\n    INDEX 01 %s\n' "$(msf $n)" "$(msf $((n + 150)))"
  printf '  TRACK 03 AUDIO\n    INDEX 01 %s\n' "$(msf $((n + 450)))"
} > "$cdo/mixed.cue"
{
  printf 'CD_ROM\n\nTRACK MODE1_RAW\nDATAFILE "mixed.bin" #0 %d\n\n' $((n * 2352))
  printf 'TRACK AUDIO\nDATAFILE "mixed.bin" #%d %d\nSTART 00:02:00\n\n' $((n * 2352)) $((450 * 2352))
  printf 'TRACK AUDIO\nDATAFILE "mixed.bin" #%d %d\n' $(((n + 450) * 2352)) $((300 * 2352))
} > "$cdo/mixed.toc"
cp "$cdo/mixed.bin" "$cdo/mixed.img"
entry() { # index session point control plba
  local a=$(($5 + 150))
  printf '[Entry %d]\nSession=%d\nPoint=0x%02x\nADR=0x01\nControl=0x%02x\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\nPMin=%d\nPSec=%d\nPFrame=%d\nPLBA=%d\n' \
    "$1" "$2" "$3" "$4" $((a / 4500)) $((a / 75 % 60)) $((a % 75)) "$5"
}
{
  printf '[CloneCD]\nVersion=3\n[Disc]\nTocEntries=6\nSessions=1\nDataTracksScrambled=0\nCDTextLength=0\n'
  printf '[Session 1]\nPreGapMode=1\nPreGapSubC=0\n'
  printf '[Entry 0]\nSession=1\nPoint=0xa0\nADR=0x01\nControl=0x04\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\nPMin=1\nPSec=0\nPFrame=0\nPLBA=4350\n'
  printf '[Entry 1]\nSession=1\nPoint=0xa1\nADR=0x01\nControl=0x00\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\nPMin=3\nPSec=0\nPFrame=0\nPLBA=13350\n'
  entry 2 1 $((0xa2)) 0 $((n + 750))
  entry 3 1 1 4 0
  entry 4 1 2 0 $((n + 150))
  entry 5 1 3 0 $((n + 450))
  printf '[TRACK 1]\nMODE=1\nINDEX 1=0\n[TRACK 2]\nMODE=0\nINDEX 0=%d\nINDEX 1=%d\n[TRACK 3]\nMODE=0\nINDEX 1=%d\n' $n $((n + 150)) $((n + 450))
} > "$cdo/mixed.ccd"

# 4. Enhanced CD: two audio tracks in session 1, a Mode 1 data track in session 2. Session 2 starts
#    after the lead-out and lead-in (11 250 sectors) and a 150-sector pregap: LBA 600 + 11 400.
cat "$cdo/t1.raw" "$cdo/t2.raw" > "$cdo/enh-audio.bin"
start=$((600 + 11400))
if ! SOURCE_DATE_EPOCH=1700000000 xorriso -as mkisofs -quiet -V ENHANCED -C 0,$start -o "$cdo/enh-data.iso" "$tree/DOCS" 2>/dev/null; then
  cp "$out/level2.iso" "$cdo/enh-data.iso"
fi
"$encoder" mode1 "$cdo/enh-data.iso" "$cdo/enh-data.bin" $start
{
  printf 'REM SESSION 01\nFILE "enh-audio.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 01 %s\n' "$(msf 300)"
  printf 'REM SESSION 02\nFILE "enh-data.bin" BINARY\n  TRACK 03 MODE1/2352\n    PREGAP 00:02:00\n    INDEX 01 00:00:00\n'
} > "$cdo/enhanced.cue"

# 5. A MODE2/2352 XA track: Form 1 sectors holding level2.iso, then 30 Form 2 sectors.
"$encoder" xa "$out/level2.iso" "$cdo/xa.bin" 30
printf 'FILE "xa.bin" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n' > "$cdo/xa.cue"

# 6. CloneCD with a .sub: one Mode 1 track (m1.bin), Q positions and the catalog number 0012345678905
#    in the sub-channel, and the Q CRC of LBA 30 damaged.
cp "$cdo/m1.bin" "$cdo/sub.img"
"$encoder" sub "$cdo/sub.img" "$cdo/sub.sub" 0012345678905
python3 - "$cdo/sub.sub" $((30 * 96 + 12 + 10)) <<'PY'
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0] ^ 0xFF]))
PY
{
  printf '[CloneCD]\nVersion=3\n[Disc]\nTocEntries=4\nSessions=1\nDataTracksScrambled=0\nCDTextLength=0\n'
  printf '[Session 1]\nPreGapMode=1\nPreGapSubC=0\n'
  printf '[Entry 0]\nSession=1\nPoint=0xa0\nADR=0x01\nControl=0x04\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\nPMin=1\nPSec=0\nPFrame=0\nPLBA=4350\n'
  printf '[Entry 1]\nSession=1\nPoint=0xa1\nADR=0x01\nControl=0x04\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\nPMin=1\nPSec=0\nPFrame=0\nPLBA=4350\n'
  entry 2 1 $((0xa2)) 4 $n
  entry 3 1 1 4 0
  printf '[TRACK 1]\nMODE=1\nINDEX 1=0\n'
} > "$cdo/sub.ccd"
rm -f "$cdo"/*.raw
echo "samples: made $(ls "$cdo" | wc -l) CD sample files in samples/$cdo"

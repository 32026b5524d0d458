#!/usr/bin/env python3
"""End-to-end test of the interchange-level samples of samples/make-samples.sh (levels 1, 2 and 3
from xorriso and genisoimage) and, when it was made, the > 4 GiB multi-extent sample.

For each image: `discverify analyze` exits 0 with no error findings; every file of the JSON and XML
reports has the SHA-256 of the same file extracted with `xorriso -osirrox on -extract / DIR`, and no
extracted file is missing from the reports; `discverify ls --long --format json` lists the same files
with the same digests; the interchange level inferred (ECMA119-LVL-003) is the one written (2 for a
level-3 image without a multi-extent file, 3 for the big sample).

  levels_samples_test.py --cli BIN --samples DIR            exit 0 pass, 1 fail, 77 skip
  levels_samples_test.py --cli BIN --samples DIR --big      DIR/big/multi-extent-4200m.iso only (label big)
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden"))
import reportcheck  # noqa: E402

BIG_NAME = "multi-extent-4200m.iso"
BIG_FILE = "/big/ZEROS.BIN"
BIG_SIZE = 4200 << 20
from reportcheck import check, failures  # noqa: E402


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_zeros(n):
    """sha256 of n zero bytes, computed as a stream."""
    h = hashlib.sha256()
    block = bytes(1 << 20)
    while n > 0:
        take = min(n, len(block))
        h.update(block[:take])
        n -= take
    return h.hexdigest()


def plain_name(path):
    """The name xorriso extracts a file under: ';N' dropped, then a final '.' (ISO 9660 'NAME.;1')."""
    path = re.sub(r";[0-9]+$", "", path)
    return path[:-1] if path.endswith(".") else path


def extract(image, dest):
    """The files xorriso extracts from the image: {path below dest: sha256}."""
    p = subprocess.run(["xorriso", "-osirrox", "on", "-indev", image, "-extract", "/", dest],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"{image}: xorriso -extract failed: {p.stderr.strip()[-300:]}")
    out = {}
    for base, _dirs, files in os.walk(dest):
        for name in files:
            path = os.path.join(base, name)
            if not os.path.islink(path):
                out["/" + os.path.relpath(path, dest)] = sha256_file(path)
    return out


def make_writable(root):
    """xorriso restores read-only directories; the temporary directory must be removable."""
    for base, dirs, _files in os.walk(root):
        for d in dirs:
            p = os.path.join(base, d)
            os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)


def analyze(cli, image, tmp):
    base = os.path.join(tmp, os.path.basename(image))
    started = time.monotonic()
    p = subprocess.run([cli, "analyze", "--progress", "never", "--json", base + ".json", "--xml", base + ".xml", image],
                       capture_output=True, text=True)
    elapsed = time.monotonic() - started
    check(p.returncode == 0, f"{image}: analyze exit {p.returncode}: {p.stderr.strip()[:300]}")
    with open(base + ".json") as f:
        report = json.load(f)["inputs"][0]
    errors = [x for x in report["findings"] if x["severity"] == "error"]
    check(not errors, f"{image}: error findings: {[(x['rule'], x['message']) for x in errors][:5]}")
    with open(base + ".xml", encoding="utf-8") as f:
        digests = reportcheck.fileobject_sha256(f.read())
    return report, digests, elapsed


def inferred_level(report):
    """The interchange level ECMA119-LVL-003 infers for the primary tree, or None."""
    for f in report["findings"]:
        m = re.fullmatch(r"interchange level ([123])", str(f.get("actual", "")))
        if f["rule"] == "ECMA119-LVL-003" and m:
            return int(m.group(1))
    return None


def listing(cli, image):
    p = subprocess.run([cli, "ls", "--long", "--progress", "never", "--format", "json", image],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"{image}: ls exit {p.returncode}: {p.stderr.strip()[:300]}")
    try:
        return json.loads(p.stdout)["entries"]
    except (ValueError, KeyError) as e:
        check(False, f"{image}: ls --format json is not a listing: {e}")
        return []


def check_small(cli, image, tmp):
    name = os.path.basename(image)
    report, xml, _ = analyze(cli, image, tmp)
    # The level inferred is the lowest the tree satisfies: the one written for levels 1 and 2; a
    # level-3 image without a multi-extent file satisfies level 2.
    written = int(re.search(r"-l([123])\.iso$", name).group(1))
    check(inferred_level(report) == min(written, 2), f"{name}: inferred level {inferred_level(report)} (written {written})")
    dest = os.path.join(tmp, name + ".extracted")
    extracted = extract(image, dest)
    make_writable(dest)
    files = report.get("files", [])
    check(len(files) == len(extracted), f"{name}: {len(files)} files in the report, {len(extracted)} extracted")
    seen = set()
    for f in files:
        digest = next((d["hex"] for d in f["digests"] if d["algorithm"] == "sha256"), None)
        key = plain_name(f["path"])
        seen.add(key)
        check(key in extracted, f"{name}: {f['path']}: not among the extracted files")
        check(digest == extracted.get(key), f"{name}: {f['path']}: sha256 {digest} (extracted {extracted.get(key)})")
        check(xml.get(f["path"]) == digest, f"{name}: {f['path']}: XML sha256 {xml.get(f['path'])} (JSON {digest})")
    for path in sorted(set(extracted) - seen):
        check(False, f"{name}: extracted {path} is not in the report")
    entries = [e for e in listing(cli, image) if e["type"] == "file"]
    by_path = {f["path"]: f for f in files}
    check(len(entries) == len(files), f"{name}: ls lists {len(entries)} files, the report {len(files)}")
    for e in entries:
        f = by_path.get(e["path"])
        check(f is not None, f"{name}: ls lists {e['path']}, the report does not")
        if f is not None:
            check(e["size"] == f["size"], f"{name}: {e['path']}: ls size {e['size']} (report {f['size']})")
            check(e["digests"].get("sha256") == extracted.get(plain_name(e["path"])),
                  f"{name}: {e['path']}: ls sha256 differs from the extracted file")
    return len(files)


def check_big(cli, image, tmp):
    """The > 4 GiB file: listed once, several byte runs, its size, and the sha256 of 4200 MiB of zeros."""
    name = os.path.basename(image)
    report, xml, elapsed = analyze(cli, image, tmp)
    print(f"big: analyze of {name} ({os.path.getsize(image)} bytes) took {elapsed:.1f} s")
    check(inferred_level(report) == 3, f"{name}: inferred level {inferred_level(report)} (a multi-extent file needs 3)")
    matches = [f for f in report.get("files", []) if f["path"] == BIG_FILE]
    check(len(matches) == 1, f"{name}: {BIG_FILE} appears {len(matches)} times")
    if not matches:
        return
    f = matches[0]
    check(f["size"] == BIG_SIZE, f"{name}: size {f['size']} (expected {BIG_SIZE})")
    runs = f["byte_runs"]
    check(len(runs) >= 2, f"{name}: {len(runs)} byte runs (a multi-extent file has at least 2)")
    check(sum(r["length"] for r in runs) == BIG_SIZE, f"{name}: the byte runs cover {sum(r['length'] for r in runs)} bytes")
    expected = sha256_zeros(BIG_SIZE)
    digest = next((d["hex"] for d in f["digests"] if d["algorithm"] == "sha256"), None)
    check(digest == expected, f"{name}: sha256 {digest} (expected {expected})")
    check(xml.get(BIG_FILE) == expected, f"{name}: XML sha256 {xml.get(BIG_FILE)}")
    started = time.monotonic()
    entries = [e for e in listing(cli, image) if e["path"] == BIG_FILE]
    print(f"big: ls --long took {time.monotonic() - started:.1f} s")
    check(len(entries) == 1 and entries[0]["extents"] >= 2 and "multi-extent" in entries[0]["flags"],
          f"{name}: ls does not list {BIG_FILE} once as multi-extent: {entries}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--big", action="store_true", help="check the > 4 GiB multi-extent sample only")
    args = ap.parse_args()
    if not shutil.which("xorriso"):
        print("skip: xorriso is not installed (the files are extracted with it)")
        return SKIP
    levels = os.path.join(args.samples, "levels")
    if args.big:
        big = os.path.join(args.samples, "big")
        image = os.path.join(big, BIG_NAME)
        if not os.path.isfile(image):
            print(f"skip: {image} is absent (DV_BIG_SAMPLES=1 samples/make-samples.sh makes it)")
            return SKIP
        if shutil.disk_usage(big).free < (10 << 30):
            print("skip: less than 10 GiB free for the report and the check")
            return SKIP
        with tempfile.TemporaryDirectory() as tmp:
            check_big(args.cli, image, tmp)
    else:
        images = sorted(x for x in os.listdir(levels) if x.endswith(".iso")) if os.path.isdir(levels) else []
        if not images:
            print("skip: no interchange-level samples (run samples/make-samples.sh)")
            return SKIP
        if not any(x.startswith("genisoimage") for x in images):
            print("note: genisoimage is not installed: only the xorriso images are checked")
        with tempfile.TemporaryDirectory() as tmp:
            for image in images:
                n = check_small(args.cli, os.path.join(levels, image), tmp)
                print(f"{image}: {n} files checked")
    if failures:
        print(f"{len(failures)} failures")
        return 1
    print("levels samples: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

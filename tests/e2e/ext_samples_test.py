#!/usr/bin/env python3
"""End-to-end test of the extension samples of samples/make-samples.sh (Joliet, Rock Ridge, level 4,
El Torito with a boot info table, isohybrid, UDF bridge, DVD-Video, embedded checksums): no error findings,
valid DFXML, every file of the source tree found under its best name with the digest of the file,
and the embedded checksums matching.

  ext_samples_test.py --cli BIN --samples DIR [--schema XSD]     exit 0 pass, 1 fail, 77 skip
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden"))
import reportcheck  # noqa: E402

from reportcheck import check, failures  # noqa: E402


def tree_digests(root):
    """sha256 of every regular file (symlinks left out), keyed by its path below root."""
    out = {}
    for base, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(base, name)
            if os.path.islink(path):
                continue
            with open(path, "rb") as f:
                out["/" + os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return out


def analyze(cli, path, tmp, schema):
    base = os.path.join(tmp, os.path.basename(path))
    p = subprocess.run([cli, "analyze", "--json", base + ".json", "--xml", base + ".xml", path],
                       capture_output=True, text=True)
    check(p.returncode == 0, f"{path}: exit {p.returncode}: {p.stderr.strip()[:300]}")
    if schema and os.path.isfile(schema) and shutil.which("xmllint"):
        v = subprocess.run(["xmllint", "--noout", "--schema", schema, base + ".xml"], capture_output=True, text=True)
        check(v.returncode == 0, f"{path}: DFXML does not validate: {v.stderr.strip()[:300]}")
    with open(base + ".json") as f:
        report = json.load(f)["inputs"][0]
    with open(base + ".xml") as f:
        xml = f.read()
    return report, xml


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--schema")
    args = ap.parse_args()
    ext = os.path.join(args.samples, "ext")
    if not os.path.isdir(ext):
        print("skip: no extension samples (run samples/make-samples.sh)")
        return SKIP
    schema = args.schema
    expected = tree_digests(os.path.join(ext, "tree"))
    with tempfile.TemporaryDirectory() as tmp:
        for image in sorted(os.listdir(ext)):
            if not image.endswith(".iso"):
                continue
            path = os.path.join(ext, image)
            report, xml = analyze(args.cli, path, tmp, schema)
            errors = [f for f in report["findings"] if f["severity"] == "error"]
            check(not errors, f"{image}: error findings: {[(f['rule'], f['message']) for f in errors][:5]}")
            for c in report.get("embedded_checksums", []):
                check(c["status"] == "match", f"{image}: embedded {c['kind']} is {c['status']}")
            if image in ("isomd5sum.iso", "md5tags.iso"):
                check(report.get("embedded_checksums"), f"{image}: no embedded checksum found")
            if image == "eltorito.iso":
                boot = report.get("el_torito", {}).get("boot_images", [])
                check(len(boot) == 1 and "boot_info_table" in boot[0], f"{image}: boot image with its boot info table not listed")
            if image == "isohybrid.iso":
                check(any(p["scheme"] == "mbr" for p in report.get("partitions", [])), f"{image}: MBR partitions not listed")
            if image == "udf-bridge.iso":
                check(report.get("udf", {}).get("bridge") is True, f"{image}: UDF bridge not recognised")
            if image == "dvd-video.iso":
                dvd = report.get("disc_application", {}).get("dvd_video", {})
                sets = dvd.get("title_sets", [])
                check(dvd.get("udf_files") == 6, f"{image}: VIDEO_TS of the UDF tree not read: {dvd.get('udf_files')}")
                check(len(sets) == 2 and all(s.get("ifo") and s.get("bup", {}).get("comparison") == "identical" for s in sets),
                      f"{image}: VMG and title set 1 with identical backups not listed: {sets}")
                check(all(v["sectors_checked"] == 16 and v["without_pack_start"] == 0 for s in sets for v in s.get("vobs", [])),
                      f"{image}: VOB sectors not checked")
                check(not [f for f in report["findings"] if f["rule"].startswith("DVD-") and f["severity"] != "info"],
                      f"{image}: DVD findings: {[f['message'] for f in report['findings'] if f['rule'].startswith('DVD-')]}")
                found = reportcheck.fileobject_sha256(xml)
                for name, digest in tree_digests(os.path.join(ext, "dvd", "tree")).items():
                    name += ";1"  # no Rock Ridge or Joliet: the ISO 9660 names, version kept
                    check(found.get(name) == digest, f"{image}: {name}: digest {found.get(name)} (expected {digest})")
            if image == "zisofs.iso":
                rr = report.get("rock_ridge", {})
                check(rr.get("zisofs_files") == 1 and rr.get("zisofs_blocks_checked", 0) > 10 and rr.get("zisofs_bad_blocks") == 0,
                      f"{image}: zisofs blocks not checked: {rr}")
            if image in ("rockridge.iso", "rr-joliet.iso", "joliet.iso", "eltorito.iso", "isomd5sum.iso", "md5tags.iso"):
                found = reportcheck.fileobject_sha256(xml)
                for name, digest in expected.items():
                    if image == "eltorito.iso" and name == "/boot/boot.img":
                        continue  # -boot-info-table patches the boot image inside the ISO
                    check(found.get(name) == digest, f"{image}: {name}: digest {found.get(name)} (expected {digest})")
    if failures:
        print(f"{len(failures)} failures")
        return 1
    print("ext samples: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

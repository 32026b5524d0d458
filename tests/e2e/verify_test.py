#!/usr/bin/env python3
"""End-to-end test of `discverify verify`: clean matches, a changed byte named by piece and file,
hash lists and DFXML from other tools, and a reference with nothing comparable.

  verify_test.py --cli BIN --samples DIR     exit 0 pass, 1 fail, 77 skip
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden"))
import reportcheck  # noqa: E402  (schema validation)

from reportcheck import check, failures  # noqa: E402


def run(cli, args, cwd):
    p = subprocess.run([cli] + args, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stderr


def file_extents(image):
    """(path, lba, size) of each file, as xorriso reports them."""
    out = subprocess.run(["xorriso", "-indev", image, "-find", "/", "-type", "f", "-exec", "report_lba", "--"],
                         capture_output=True, text=True).stdout
    files = []
    for m in re.finditer(r"File data lba:\s*\d+\s*,\s*(\d+)\s*,\s*\d+\s*,\s*(\d+)\s*,\s*'([^']*)'", out):
        files.append((m.group(3), int(m.group(1)), int(m.group(2))))
    return files


def fileobjects_xml(image_bytes, files):
    """DFXML fileobjects with byte runs and MD5s, the way fiwalk writes them."""
    parts = []
    for path, lba, size in files:
        data = image_bytes[lba * 2048: lba * 2048 + size]
        parts.append("<fileobject><filename>%s</filename><filesize>%d</filesize>"
                     "<byte_runs><byte_run file_offset='0' img_offset='%d' len='%d'/></byte_runs>"
                     "<hashdigest type='md5'>%s</hashdigest></fileobject>" % (
                         path.lstrip("/"), size, lba * 2048, size, hashlib.md5(data).hexdigest()))
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--samples", required=True)
    a = ap.parse_args()
    sample = os.path.join(a.samples, "level2.iso")
    if not os.path.exists(sample) or not shutil.which("xorriso"):
        print("SKIP: needs samples/out/level2.iso and xorriso")
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        image = os.path.join(tmp, "disc.iso")
        shutil.copy(sample, image)
        cli = a.cli
        status, err = run(cli, ["analyze", "disc.iso", "--piece-size", "64KiB", "--xml", "ref.xml", "--json", "ref.json",
                                "--progress", "never"], tmp)
        check(status == 0, "analyze exits 0: %s" % err)
        with open(image, "rb") as f:
            original = f.read()
        files = file_extents(image)
        check(len(files) >= 5, "xorriso lists the sample's files")

        # Our report lists the files with their byte runs; a copy names one file differently (so one
        # file is missing from the image and one is new); fiwalk-style DFXML from xorriso's extents.
        with open(os.path.join(tmp, "ref.xml")) as f:
            ref = f.read()
        check("<fileobject>" in ref and "/DATA/FILE3.BIN;1" in ref, "the report lists files with byte runs")
        with open(os.path.join(tmp, "ref-renamed.xml"), "w") as f:
            f.write(ref.replace("<filename>/DOCS/MANUAL.TXT<", "<filename>/DOCS/OLDNAME.TXT<"))
        with open(os.path.join(tmp, "fiwalk.xml"), "w") as f:
            f.write("<?xml version='1.0' encoding='UTF-8'?>\n<dfxml xmlns='http://www.forensicswiki.org/wiki/"
                    "Category:Digital_Forensics_XML' version='1.0'><source><image_filename>disc.iso</image_filename>"
                    "</source><volume offset='0'>%s</volume></dfxml>\n" % fileobjects_xml(original, files))
        with open(os.path.join(tmp, "sha256sums"), "w") as f:
            f.write("%s  disc.iso\n" % hashlib.sha256(original).hexdigest())
        with open(os.path.join(tmp, "other"), "w") as f:
            f.write("not a reference at all\n")

        # Untouched: every kind of reference matches.
        for refname in ("ref.xml", "ref.json", "fiwalk.xml", "sha256sums"):
            status, err = run(cli, ["verify", "disc.iso", "--against", refname, "--progress", "never"], tmp)
            check(status == 0, "untouched image against %s exits 0 (got %d): %s" % (refname, status, err))
        status, err = run(cli, ["verify", "disc.iso", "--against", "other", "--progress", "never"], tmp)
        check(status == 2 and "is not a discverify report" in err, "a reference with nothing comparable exits 2: %s" % err)

        # One byte changed inside /DATA/FILE3.BIN.
        name, lba, size = [f for f in files if f[0].endswith("FILE3.BIN")][0]
        pos = lba * 2048 + size // 2
        changed = bytearray(original)
        changed[pos] ^= 0xFF
        with open(image, "wb") as f:
            f.write(changed)
        piece = pos // 65536 * 65536
        status, err = run(cli, ["verify", "disc.iso", "--against", "ref.xml", "--progress", "never",
                                "--xml", "v.xml", "--json", "v.json", "--html", "v.html"], tmp)
        check(status == 1, "changed image exits 1 (got %d)" % status)
        check("bytes 0x%x-0x%x changed: inside /DATA/FILE3.BIN" % (piece, piece + 65535) in err,
              "the differing piece is named and mapped to the file: %s" % err)
        check("changed: /DATA/FILE3.BIN\n" in err + "\n", "the changed file is listed: %s" % err)
        check("FILE1.BIN" not in err and "removed:" not in err and "added:" not in err, "untouched files are not listed")
        with open(os.path.join(tmp, "v.json")) as f:
            doc = json.load(f)
        check(doc["inputs"][0]["verdict"]["status"] == "mismatch", "verdict status is mismatch")
        check(doc["verification"]["reference"] == "ref.xml", "the report names its reference")
        check(doc["inputs"][0]["comparison"]["files_changed"] == ["/DATA/FILE3.BIN"], "files_changed in JSON")
        status, err = run(cli, ["verify", "disc.iso", "--against", "ref.json", "--progress", "never"], tmp)
        check(status == 1 and "changed: /DATA/FILE3.BIN" in err, "our JSON report names the changed file: %s" % err)
        status, err = run(cli, ["verify", "disc.iso", "--against", "ref-renamed.xml", "--progress", "never"], tmp)
        check("removed: /DOCS/OLDNAME.TXT" in err and "added: /DOCS/MANUAL.TXT" in err,
              "files missing from the image and new in it are listed: %s" % err)
        check(reportcheck.validate_json(os.path.join(tmp, "v.json"), reportcheck.SCHEMA_DEFAULT) == 0, "v.json validates")
        check(reportcheck.validate_xml(os.path.join(tmp, "v.xml"), reportcheck.XSD_DEFAULT) == 0, "v.xml validates")
        with open(os.path.join(tmp, "v.xml")) as f:
            check('status="mismatch"' in f.read(), "dv:verdict status is mismatch in XML")

        status, err = run(cli, ["verify", "disc.iso", "--against", "fiwalk.xml", "--progress", "never"], tmp)
        check(status == 1 and "changed: DATA/FILE3.BIN" in err, "fiwalk DFXML names the changed file: %s" % err)
        status, err = run(cli, ["verify", "disc.iso", "--against", "sha256sums", "--progress", "never"], tmp)
        check(status == 1 and "image sha256 differs" in err, "sha256sum line detects the change: %s" % err)
    # A CD image described by a cue sheet: the data files and each track's content are compared.
    cd = os.path.join(a.samples, "cd")
    if os.path.exists(os.path.join(cd, "enhanced.cue")):
        with tempfile.TemporaryDirectory() as tmp:
            for name in os.listdir(cd):
                if name.startswith("enh"):
                    shutil.copy(os.path.join(cd, name), tmp)
            status, err = run(a.cli, ["analyze", "enhanced.cue", "--xml", "ref.xml", "--json", "ref.json",
                                      "--progress", "never"], tmp)
            for refname in ("ref.xml", "ref.json"):
                status, err = run(a.cli, ["verify", "enhanced.cue", "--against", refname, "--progress", "never"], tmp)
                # the cue's 3 digests and 1 piece, 2 data files x 3 (--hash), 3 tracks x 1 (--track-hash),
                # and the SHA-256 of the data session's one file
                check(status == 0 and "14 of 14" in err, "untouched CD against %s exits 0: %s" % (refname, err))
            # A reference whose track content digests are MD5 and SHA-1: verify computes those.
            status, err = run(a.cli, ["analyze", "enhanced.cue", "--track-hash", "md5,sha1", "--xml", "ref-md5.xml",
                                      "--progress", "never"], tmp)
            check(status in (0, 1), "analyze --track-hash md5,sha1: %s" % err)
            with open(os.path.join(tmp, "ref-md5.xml")) as f:
                ref_md5 = f.read()
            check(ref_md5.count('type="dv:track_content"') == 3 and '<hashdigest type="MD5">' in ref_md5,
                  "ref-md5.xml holds MD5 content digests")
            status, err = run(a.cli, ["verify", "enhanced.cue", "--against", "ref-md5.xml", "--progress", "never"], tmp)
            check(status == 0 and "17 of 17" in err, "verify recomputes the reference's track algorithms: %s" % err)
            with open(os.path.join(tmp, "enh-audio.bin"), "r+b") as f:
                f.seek(800000)  # inside track 2 (sectors 300-599 of 2352 bytes)
                byte = f.read(1)
                f.seek(800000)
                f.write(bytes([byte[0] ^ 1]))
            for refname in ("ref.xml", "ref.json"):
                status, err = run(a.cli, ["verify", "enhanced.cue", "--against", refname, "--progress", "never"], tmp)
                check(status == 1 and "data file enh-audio.bin changed" in err and "track 2 changed" in err
                      and "track 1 changed" not in err, "a changed audio byte names its file and track: %s" % err)
            # A byte of /MANUAL.TXT;1 in the raw sectors of session 2: the file is compared by name.
            with open(os.path.join(tmp, "ref.json")) as f:
                manual = [x for x in json.load(f)["inputs"][0]["files"] if x["path"] == "/MANUAL.TXT;1"]
            if check(len(manual) == 1, "ref.json lists /MANUAL.TXT;1"):
                lba = manual[0]["byte_runs"][0]["fs_offset"] // 2048
                with open(os.path.join(tmp, "enh-data.bin"), "r+b") as f:
                    f.seek((lba - 12000) * 2352 + 16)  # track 3 starts at LBA 12000; user data after the header
                    byte = f.read(1)
                    f.seek(-1, 1)
                    f.write(bytes([byte[0] ^ 1]))
                for refname in ("ref.xml", "ref.json"):
                    status, err = run(a.cli, ["verify", "enhanced.cue", "--against", refname, "--progress", "never"], tmp)
                    check(status == 1 and "/MANUAL.TXT;1 changed" in err and "removed" not in err,
                          "a changed byte of a CD's file names the file (%s): %s" % (refname, err))
    else:
        print("note: samples/out/cd/enhanced.cue is missing; CD verify checks skipped")
    if failures:
        return 1
    print("verify: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

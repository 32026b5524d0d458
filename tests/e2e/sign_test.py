#!/usr/bin/env python3
"""End-to-end test of keygen, analyze --sign/--case-file and check-report.

  sign_test.py --cli BIN --samples DIR     exit 0 pass, 1 fail, 77 skip
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden"))
from reportcheck import check, failures  # noqa: E402


def run(cli, args, cwd):
    p = subprocess.run([cli] + args, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--samples", required=True)
    a = ap.parse_args()
    sample = os.path.join(a.samples, "level2.iso")
    if not os.path.exists(sample):
        print("SKIP: needs samples/out/level2.iso")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(sample, os.path.join(tmp, "disc.iso"))
        status, out = run(a.cli, ["keygen", "--out", "lab"], tmp)
        check(status == 0 and "key id" in out, "keygen works: " + out)
        key_id = out.split("key id ")[1].split()[0] if "key id " in out else "?"
        check(oct(os.stat(os.path.join(tmp, "lab.key")).st_mode & 0o777) == "0o600", "secret key is private")
        status, out = run(a.cli, ["keygen", "--out", "lab"], tmp)
        check(status == 2, "keygen refuses to overwrite")
        with open(os.path.join(tmp, "case.json"), "w") as f:
            json.dump({"case": "2026-0042", "evidence": "EV-7", "examiner": "Case File Examiner", "organization": "Lab"}, f)
        status, out = run(a.cli, ["analyze", "disc.iso", "--sign", "lab.key", "--case-file", "case.json", "--examiner",
                                  "J. Doe", "--notes", "seized 2026-11-02", "--xml", "r.xml", "--json", "r.json",
                                  "--html", "r.html", "--progress", "never"], tmp)
        check(status == 0, "signed analyze exits 0: " + out)
        check(os.path.exists(os.path.join(tmp, "r.xml.sig")) and os.path.exists(os.path.join(tmp, "r.json.sig")),
              "XML and JSON signatures written")
        check(not os.path.exists(os.path.join(tmp, "r.html.sig")), "HTML is not signed")
        for name in ("r.xml", "r.json", "r.html"):
            with open(os.path.join(tmp, name), encoding="utf-8") as f:
                text = f.read()
            for value in ("2026-0042", "EV-7", "J. Doe", "Lab", "seized 2026-11-02", key_id):
                check(value in text, "%s carries %s" % (name, value))
            check("Case File Examiner" not in text, "%s: --examiner overrides the case file" % name)
        for name in ("r.xml", "r.json"):
            status, out = run(a.cli, ["check-report", name, "--key", "lab.pub"], tmp)
            check(status == 0 and "signature valid" in out, "check-report %s exits 0: %s" % (name, out))
        with open(os.path.join(tmp, "r.json"), "r+", encoding="utf-8") as f:
            text = f.read().replace("J. Doe", "J. Roe")
            f.seek(0)
            f.write(text)
        status, out = run(a.cli, ["check-report", "r.json", "--key", "lab.pub"], tmp)
        check(status == 1 and "INVALID" in out, "a changed report fails the check: " + out)
        run(a.cli, ["keygen", "--out", "other"], tmp)
        status, out = run(a.cli, ["check-report", "r.xml", "--key", "other.pub"], tmp)
        check(status == 1, "another key fails the check: " + out)
        status, out = run(a.cli, ["check-report", "missing.xml", "--key", "lab.pub"], tmp)
        check(status == 2, "a missing report exits 2")
    if failures:
        return 1
    print("signing: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Report checks run by CTest: golden files, determinism, schemas and agreement of the three formats.

  reportcheck.py golden  --cli BIN --samples DIR --golden DIR --image NAME [--update]
  reportcheck.py determinism --cli BIN --samples DIR --image NAME
  reportcheck.py validate --xsd XSD --schema JSON_SCHEMA REPORT...   (a .xml or .json report each)
  reportcheck.py agree --xml X --json J --html H    (schemas, and the same digests and findings in all three)

Exit 0 pass, 1 fail, 77 skip (a missing sample or tool).
"""
import argparse
import difflib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import xml.etree.ElementTree as ET

SKIP = 77
DFXML_NS = "http://www.forensicswiki.org/wiki/Category:Digital_Forensics_XML"
DV_NS = "urn:discverify:1"
HERE = os.path.dirname(os.path.abspath(__file__))

# The expectations of a test script that failed; check() adds to it, the script reports it at the end.
failures = []


def check(cond, message):
    """Records `message` as a failure (and prints it) when `cond` is false; returns `cond`."""
    if not cond:
        failures.append(message)
        print("FAIL: " + message)
    return cond

ROOT = os.path.dirname(os.path.dirname(HERE))


def find_shared_xsd():
    """../shared/schema/dfxml/dfxml.xsd beside the checkout, or beside a folder above it (worktrees)."""
    d = ROOT
    for _ in range(4):
        d = os.path.dirname(d)
        candidate = os.path.join(d, "shared", "schema", "dfxml", "dfxml.xsd")
        if os.path.exists(candidate):
            return candidate
    return os.path.join(os.path.dirname(ROOT), "shared", "schema", "dfxml", "dfxml.xsd")


XSD_DEFAULT = find_shared_xsd()
SCHEMA_DEFAULT = os.path.join(ROOT, "report", "schema", "report.schema.json")

# The options every golden run uses: small pieces so a sample has several.
GOLDEN_OPTIONS = ["--piece-size", "256KiB", "--hash", "md5,sha1,sha256", "--progress", "never"]


def fail(message):
    print("FAIL: " + message)
    return 1


def strip_provenance_xml(text):
    """The DFXML without what changes between runs: creator, rusage and dv:provenance."""
    text = re.sub(r"\n\s*<creator>.*?</creator>", "", text, flags=re.S)
    text = re.sub(r"\n\s*<rusage>.*?</rusage>", "", text, flags=re.S)
    text = re.sub(r"\n\s*<dv:provenance\b[^>]*?/>", "", text, flags=re.S)
    text = re.sub(r"\n\s*<dv:provenance\b.*?</dv:provenance>", "", text, flags=re.S)
    # The media kind of an input file (rotational, solid-state) is a fact of the machine, not the image.
    text = re.sub(r' media="[^"]*"', "", text)
    return text


def strip_provenance_json(text):
    doc = json.loads(text)
    doc.pop("provenance", None)
    for inp in doc.get("inputs", []):
        inp.get("input", {}).pop("media", None)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def run_analyze(cli, samples, image, outdir, extra):
    paths = {k: os.path.join(outdir, golden_name(image) + "." + k) for k in ("xml", "json", "html")}
    cmd = [cli, "analyze", image] + GOLDEN_OPTIONS + extra + [
        "--xml", paths["xml"], "--json", paths["json"], "--html", paths["html"]]
    proc = subprocess.run(cmd, cwd=samples, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), proc.returncode, proc.stderr))
    out = {}
    for k, p in paths.items():
        with open(p, encoding="utf-8") as f:
            out[k] = f.read()
    return out, paths


def validate_xml(path, xsd):
    if not shutil.which("xmllint") or not os.path.exists(xsd):
        print("note: xmllint or %s is missing; DFXML schema check skipped" % xsd)
        return 0
    proc = subprocess.run(["xmllint", "--noout", "--schema", xsd, path], capture_output=True, text=True)
    if proc.returncode != 0:
        return fail("%s does not validate against %s:\n%s" % (path, xsd, proc.stderr))
    return 0


def validate_json(path, schema_path):
    try:
        import jsonschema
    except ImportError:
        print("note: python3-jsonschema is not installed; JSON schema check skipped")
        return 0
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        return fail("%s does not validate against %s:\n%s" % (
            path, schema_path, "\n".join("  %s: %s" % ("/".join(map(str, e.path)), e.message) for e in errors[:20])))
    return 0


def facts_from_json(text):
    """Every digest and finding of a JSON report, as comparable tuples."""
    doc = json.loads(text)
    digests, findings = set(), []
    for i, inp in enumerate(doc["inputs"]):
        for d in inp.get("digests", []):
            digests.add((i, "image", d["algorithm"], 0, d["length"], d["hex"]))
        for d in inp.get("container_digests", []):
            digests.add((i, "container", d["algorithm"], 0, d["length"], d["hex"]))
        for s in inp.get("pieces", []):
            for p in s["pieces"]:
                digests.add((i, "piece", s["algorithm"], p["offset"], p["length"], p["hex"]))
        for f in inp.get("files", []):
            for d in f.get("digests", []):
                digests.add((i, "file", d["algorithm"], f["path"], f["size"], d["hex"]))
        for f in inp.get("findings", []):
            findings.append((i, f["rule"], f["severity"], f.get("lba"), f.get("offset"), f.get("path", ""), f["message"]))
    return digests, findings


DFXML_TYPE_TO_NAME = {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512"}


def facts_from_xml(text):
    root = ET.fromstring(text)
    q = lambda ns, tag: "{%s}%s" % (ns, tag)
    digests, findings = set(), []
    for i, dio in enumerate(root.findall(q(DFXML_NS, "diskimageobject"))):
        for d in dio.findall(q(DV_NS, "image_digest")):
            digests.add((i, "image", d.get("type"), 0, int(d.get("len")), d.text))
        for d in dio.findall(q(DV_NS, "container_digest")):
            digests.add((i, "container", d.get("type"), 0, int(d.get("len")), d.text))
        runs = dio.find(q(DFXML_NS, "byte_runs"))
        if runs is not None:
            for br in runs.findall(q(DFXML_NS, "byte_run")):
                for h in br.findall(q(DFXML_NS, "hashdigest")):
                    alg = h.get(q(DV_NS, "algorithm")) or DFXML_TYPE_TO_NAME.get(h.get("type"), h.get("type"))
                    digests.add((i, "piece", alg, int(br.get("img_offset")), int(br.get("len")), h.text))
        for vol in dio.findall(q(DFXML_NS, "volume")):
            for fo in vol.findall(q(DFXML_NS, "fileobject")):
                name = fo.findtext(q(DFXML_NS, "filename"))
                size = int(fo.findtext(q(DFXML_NS, "filesize")))
                for h in fo.findall(q(DFXML_NS, "hashdigest")):
                    alg = h.get(q(DV_NS, "algorithm")) or DFXML_TYPE_TO_NAME.get(h.get("type"), h.get("type"))
                    digests.add((i, "file", alg, name, size, h.text))
        for f in dio.findall(q(DV_NS, "finding")):
            lba = f.get("lba")
            off = f.get("offset")
            findings.append((i, f.get("rule"), f.get("severity"), int(lba) if lba is not None else None,
                             int(off) if off is not None else None, f.get("path", ""), f.text or ""))
    return digests, findings


def fileobject_sha256(xml_text):
    """{filename: sha256} of every fileobject of a DFXML report's text."""
    out = {}
    for fo in ET.fromstring(xml_text).iter():
        if not fo.tag.endswith("fileobject"):
            continue
        name = digest = None
        for child in fo:
            if child.tag.endswith("filename"):
                name = child.text
            if child.tag.endswith("hashdigest") and child.get("type") == "SHA256":
                digest = child.text
        if name:
            out[name] = digest
    return out


def check_agreement(reports):
    jd, jf = facts_from_json(reports["json"])
    xd, xf = facts_from_xml(reports["xml"])
    if jd != xd:
        return fail("XML and JSON disagree on digests:\n  only in JSON: %s\n  only in XML: %s" % (
            sorted(jd - xd)[:10], sorted(xd - jd)[:10]))
    if jf != xf:
        return fail("XML and JSON disagree on findings (or their order):\n  JSON: %s\n  XML: %s" % (jf[:10], xf[:10]))
    page = html.unescape(reports["html"])
    for d in jd:
        if d[1] in ("image", "container") and d[5] not in page:
            return fail("the HTML report lacks the %s digest %s" % (d[2], d[5]))
    by_file = {}
    for d in jd:
        if d[1] == "file":
            by_file.setdefault((d[0], d[3]), []).append(d[5])
    for (i, path), hexes in by_file.items():
        if not any(h in page for h in hexes):  # the listing shows the first algorithm's digest
            return fail("the HTML report lacks every digest of the file %s" % path)
    pieces = [d for d in jd if d[1] == "piece"]
    for d in pieces:
        if d[5] not in page:
            return fail("the HTML report lacks the piece digest at offset %d" % d[3])
    for f in jf:
        if f[1] not in page or f[6] not in page:
            return fail("the HTML report lacks the finding %s: %s" % (f[1], f[6]))
    return 0


def cmd_golden(a):
    image_path = os.path.join(a.samples, a.image)
    if not os.path.exists(image_path):
        print("SKIP: sample %s is missing (run samples/make-samples.sh)" % image_path)
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        reports, paths = run_analyze(a.cli, a.samples, a.image, tmp, [])
        status = 0
        status |= validate_xml(paths["xml"], a.xsd)
        status |= validate_json(paths["json"], a.schema)
        status |= check_agreement(reports)
        normalized = {"xml": strip_provenance_xml(reports["xml"]), "json": strip_provenance_json(reports["json"])}
        for kind, text in normalized.items():
            golden = os.path.join(a.golden, "%s.analyze.%s" % (golden_name(a.image), kind))
            if a.update:
                with open(golden, "w", encoding="utf-8") as f:
                    f.write(text)
                print("updated " + golden)
                continue
            if not os.path.exists(golden):
                status |= fail("%s is missing: run the update-golden target and review it" % golden)
                continue
            with open(golden, encoding="utf-8") as f:
                expected = f.read()
            if expected != text:
                diff = difflib.unified_diff(expected.splitlines(True), text.splitlines(True), golden, "actual")
                status |= fail("%s differs (run the update-golden target if the change is intended):\n%s" % (
                    golden, "".join(list(diff)[:80])))
        return status


def cmd_determinism(a):
    image_path = os.path.join(a.samples, a.image)
    if not os.path.exists(image_path):
        print("SKIP: sample %s is missing (run samples/make-samples.sh)" % image_path)
        return SKIP
    variants = [["--threads", "1", "--chunk-size", "64KiB"], ["--threads", "2", "--chunk-size", "96KiB"],
                ["--threads", "2", "--chunk-size", "1MiB"], ["--threads", "1", "--chunk-size", "4MiB"]]
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for v in variants:
            reports, _ = run_analyze(a.cli, a.samples, a.image, tmp, v)
            norm = (strip_provenance_xml(reports["xml"]), strip_provenance_json(reports["json"]))
            if first is None:
                first = (v, norm)
            elif norm != first[1]:
                which = "XML" if norm[0] != first[1][0] else "JSON"
                return fail("the %s report differs between %s and %s" % (which, " ".join(first[0]), " ".join(v)))
    print("identical for %d thread/chunk variants" % len(variants))
    return 0


IMAGE_SUFFIXES = (".iso", ".cue", ".toc", ".ccd", ".nrg", ".mds", ".img", ".gz", ".xz", ".bz2", ".zst")


def sample_images(samples):
    """The images in the samples folder and its sub-folders (cd/): descriptors and image files; the
    .bin/.img data files a descriptor names are part of it, a lone .bin is a raw dump."""
    out = []
    for root, dirs, files in os.walk(samples):
        dirs[:] = sorted(d for d in dirs if d != "tree")
        rel = os.path.relpath(root, samples)
        named = set()
        for f in files:
            if f.lower().endswith((".cue", ".toc", ".ccd")):
                with open(os.path.join(root, f), errors="replace") as fh:
                    text = fh.read()
                named.update(n for n in files if n in text)
                if lower_ccd(f):  # CloneCD: NAME.img (and .sub) beside NAME.ccd
                    stem = f[:-4]
                    named.update({stem + ".img", stem + ".sub"})
        for f in sorted(files):
            lower = f.lower()
            if f in named:
                continue
            if lower.endswith(IMAGE_SUFFIXES) or (lower.endswith(".bin") and rel != "."):
                out.append(f if rel == "." else rel + "/" + f)
    return sorted(out)


def lower_ccd(name):
    return name.lower().endswith(".ccd")


def golden_name(image):
    """cd/mixed.cue -> cd__mixed.cue (tests/golden/ is flat)."""
    return image.replace("/", "__")


# Samples whose bytes change from one run of make-samples.sh to the next (audio made with sox
# noise): no golden file until they are reproducible.
NOT_REPRODUCIBLE: set = {"ext/udf-bridge.iso", "ext/dvd-video.iso", "ext/zisofs.iso"}  # genisoimage stamps the current time


def cmd_update(a):
    if not os.path.isdir(a.samples):
        print("no samples in %s: run samples/make-samples.sh" % a.samples)
        return 1
    status = 0
    for image in sample_images(a.samples):
        if image in NOT_REPRODUCIBLE:
            print("skipped %s: the sample is not byte-reproducible yet" % image)
            continue
        a.image = image
        a.update = True
        status |= cmd_golden(a)
    print("review the changes with git diff tests/golden/ and re-run cmake to register new golden tests")
    return status


def cmd_validate(a):
    status = 0
    for path in a.reports:
        if path.endswith(".xml"):
            status |= validate_xml(path, a.xsd)
        elif path.endswith(".json"):
            status |= validate_json(path, a.schema)
    return status


def cmd_agree(a):
    reports = {}
    for kind in ("xml", "json", "html"):
        with open(getattr(a, kind), encoding="utf-8") as f:
            reports[kind] = f.read()
    status = validate_xml(a.xml, a.xsd) | validate_json(a.json, a.schema) | check_agreement(reports)
    if status == 0:
        print("the three formats agree")
    return status


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("golden", "determinism", "update"):
        s = sub.add_parser(name)
        s.add_argument("--cli", required=True)
        s.add_argument("--samples", required=True)
        s.add_argument("--image", required=(name != "update"))
        s.add_argument("--golden", default=HERE)
        s.add_argument("--update", action="store_true")
        s.add_argument("--xsd", default=XSD_DEFAULT)
        s.add_argument("--schema", default=SCHEMA_DEFAULT)
    v = sub.add_parser("validate")
    v.add_argument("--xsd", default=XSD_DEFAULT)
    v.add_argument("--schema", default=SCHEMA_DEFAULT)
    v.add_argument("reports", nargs="+")
    g = sub.add_parser("agree")
    g.add_argument("--xsd", default=XSD_DEFAULT)
    g.add_argument("--schema", default=SCHEMA_DEFAULT)
    for kind in ("xml", "json", "html"):
        g.add_argument("--" + kind, required=True)
    a = p.parse_args()
    return {"golden": cmd_golden, "determinism": cmd_determinism, "update": cmd_update, "validate": cmd_validate, "agree": cmd_agree}[a.command](a)


if __name__ == "__main__":
    sys.exit(main())

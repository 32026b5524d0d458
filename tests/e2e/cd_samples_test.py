#!/usr/bin/env python3
"""End-to-end test of the CD samples of samples/make-samples.sh: tracks, modes, sessions and
content digests of each descriptor format, agreement between cue, toc and ccd of the same bytes,
the .iso content digest reproduced from raw sectors, DFXML validity, and a flipped byte caught by
EDC/ECC at its LBA.

  cd_samples_test.py --cli BIN --samples DIR [--schema XSD]     exit 0 pass, 1 fail, 77 skip
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
import reportcheck  # noqa: E402  (finds ../shared/schema above the checkout)

from reportcheck import check, failures  # noqa: E402


def analyze(cli, path, tmp, schema):
    base = os.path.join(tmp, os.path.basename(path))
    p = subprocess.run([cli, "analyze", "--json", base + ".json", "--xml", base + ".xml", path],
                       capture_output=True, text=True)
    check(p.returncode in (0, 1), f"{path}: exit {p.returncode}: {p.stderr.strip()}")
    if schema and os.path.isfile(schema) and shutil.which("xmllint"):
        v = subprocess.run(["xmllint", "--noout", "--schema", schema, base + ".xml"], capture_output=True, text=True)
        check(v.returncode == 0, f"{path}: DFXML does not validate: {v.stderr.strip()[:300]}")
    with open(base + ".json") as f:
        return json.load(f)["inputs"][0]


def html_of(cli, path, tmp):
    out = os.path.join(tmp, os.path.basename(path) + ".html")
    subprocess.run([cli, "analyze", "--html", out, path], capture_output=True)
    with open(out, encoding="utf-8") as f:
        return f.read()


def tracks(inp):
    return [(t["number"], t["session"], t["mode"], t["start_lba"], t["sectors"], t["pregap"]) for t in inp["cd"]["tracks"]]


def content(inp, algorithm="sha256"):
    out = []
    for t in inp["cd"]["tracks"]:
        digests = {d["algorithm"]: d["hex"] for d in t["content"]["digests"]}
        out.append(digests.get(algorithm))
    return out


def rules(inp):
    return [(f["rule"], f.get("lba")) for f in inp["findings"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--schema", default=reportcheck.XSD_DEFAULT)
    a = ap.parse_args()
    cd = os.path.join(a.samples, "cd")
    if not os.path.isfile(os.path.join(cd, "m1.cue")):
        print("skip: CD samples not made (run samples/make-samples.sh after building)")
        return SKIP
    tmp = tempfile.mkdtemp(prefix="dv-cd-e2e-")
    try:
        with open(os.path.join(a.samples, "level2.iso"), "rb") as f:
            iso_sha256 = hashlib.sha256(f.read()).hexdigest()
        iso_sectors = os.path.getsize(os.path.join(a.samples, "level2.iso")) // 2048

        m1 = analyze(a.cli, os.path.join(cd, "m1.cue"), tmp, a.schema)
        check(tracks(m1) == [(1, 1, "mode1", 0, iso_sectors, 0)], f"m1.cue tracks: {tracks(m1)}")
        check(content(m1) == [iso_sha256], "m1.cue: content digest differs from the .iso's digest")
        check(not [r for r in rules(m1) if r[0].startswith("CD-SEC")], f"m1.cue: sector findings {rules(m1)}")

        # Per-file digests through the raw sectors equal those of the .iso (files keyed by where they lie).
        def file_sha256(inp):
            return {(f["byte_runs"][0].get("offset", f["byte_runs"][0].get("fs_offset")) if f["byte_runs"] else None, f["size"]):
                    {d["algorithm"]: d["hex"] for d in f["digests"]}.get("sha256") for f in inp.get("files", [])}
        iso_files = file_sha256(analyze(a.cli, os.path.join(a.samples, "level2.iso"), tmp, a.schema))
        check(iso_files and None not in iso_files.values(), "level2.iso: files without a SHA-256")
        check(file_sha256(m1) == iso_files, "m1.cue: per-file SHA-256 differ from level2.iso's")
        check(not [f for f in m1.get("files", []) if "incomplete" in f], "m1.cue: files marked incomplete")
        check(all("offset" not in r for f in m1.get("files", []) for r in f["byte_runs"]),
              "m1.cue: a run in raw sectors has no offset in the input")
        ls = subprocess.run([a.cli, "ls", "--long", "--format", "json", os.path.join(cd, "m1.cue")], capture_output=True, text=True)
        check(ls.returncode == 0, f"ls --long m1.cue: exit {ls.returncode}: {ls.stderr.strip()}")
        check(iso_files and all(h in ls.stdout for h in iso_files.values()), "ls --long m1.cue: digests missing")

        # The same .bin cut two sectors into a file: the files before the cut keep the .iso's digests, the
        # file it cuts is hashed as far as it goes, and the files past it are marked, none left out.
        cut_dir = os.path.join(tmp, "cut")
        os.makedirs(cut_dir)
        shutil.copy(os.path.join(cd, "m1.cue"), cut_dir)
        by_offset = sorted((f["byte_runs"][0]["fs_offset"], f) for f in m1["files"] if f["byte_runs"] and f["size"] > 4096)
        cut_file = by_offset[len(by_offset) // 2][1]
        cut_lba = cut_file["byte_runs"][0]["fs_offset"] // 2048 + 2
        with open(os.path.join(cd, "m1.bin"), "rb") as f:
            head = f.read(cut_lba * 2352)
        with open(os.path.join(cut_dir, "m1.bin"), "wb") as f:
            f.write(head)
        cut = analyze(a.cli, os.path.join(cut_dir, "m1.cue"), tmp, a.schema)
        check(len(cut.get("files", [])) == len(m1["files"]), "cut m1.cue: files left out of the report")
        m1_sha = {f["path"]: {d["algorithm"]: d["hex"] for d in f["digests"]}.get("sha256") for f in m1["files"]}
        for f in cut.get("files", []):
            start = f["byte_runs"][0]["fs_offset"] if f["byte_runs"] else 0
            sha = {d["algorithm"]: d["hex"] for d in f["digests"]}.get("sha256")
            if start + f["size"] <= cut_lba * 2048:
                check("incomplete" not in f and sha == m1_sha[f["path"]], f"cut m1.cue: {f['path']} before the cut changed")
            elif start < cut_lba * 2048:
                check("partly past the image end" in f.get("incomplete", ""), f"cut m1.cue: {f['path']} not marked cut: {f}")
                with open(os.path.join(a.samples, "level2.iso"), "rb") as iso:  # m1.bin holds its sectors
                    iso.seek(start)
                    readable = iso.read(cut_lba * 2048 - start)
                check(sha == hashlib.sha256(readable).hexdigest(), f"cut m1.cue: {f['path']} is not the digest of its readable part")
            else:
                check("none of its bytes were read" in f.get("incomplete", ""), f"cut m1.cue: {f['path']} not marked unread: {f}")
        check(cut_file["path"] in [f["path"] for f in cut.get("files", []) if "incomplete" in f], "cut m1.cue: the cut file is not marked")

        # The HTML sector map of a CD shows the volume's files at the disc sectors that hold them.
        page = html_of(a.cli, os.path.join(cd, "m1.cue"), tmp)
        for f in m1["files"]:
            lba = f["byte_runs"][0]["fs_offset"] // 2048
            check(f"<title>{f['path']}\n" in page and f", LBA {lba}</title>" in page,
                  f"m1.cue: the sector map does not show {f['path']} at LBA {lba}")

        flip = analyze(a.cli, os.path.join(cd, "m1-flip.cue"), tmp, a.schema)
        check(("CD-SEC-004", 20) in rules(flip), f"m1-flip.cue: no CD-SEC-004 at LBA 20: {rules(flip)}")
        check(all(r[1] == 20 for r in rules(flip) if r[0] == "CD-SEC-004"), "m1-flip.cue: CD-SEC-004 elsewhere than LBA 20")

        raw = analyze(a.cli, os.path.join(cd, "rawdump.bin"), tmp, a.schema)
        check(tracks(raw) == [(1, 1, "mode1", 0, iso_sectors, 0)], f"rawdump.bin tracks: {tracks(raw)}")
        check(content(raw) == [iso_sha256], "rawdump.bin: content digest differs from the .iso's digest")
        with open(os.path.join(cd, "rawdump.bin"), "rb") as f:
            raw_sha256 = hashlib.sha256(f.read()).hexdigest()
        check(any(d["hex"] == raw_sha256 for d in raw["digests"]), "rawdump.bin: container digest is not the file's digest")

        sub = analyze(a.cli, os.path.join(cd, "rawsub.bin"), tmp, a.schema)
        check(tracks(sub) == [(1, 1, "mode1", 0, iso_sectors, 0)], f"rawsub.bin tracks: {tracks(sub)}")
        check(sub["cd"]["detected_stride"] == 2448, f"rawsub.bin stride {sub['cd']['detected_stride']}")
        check(content(sub) == [iso_sha256], "rawsub.bin: content digest differs from the .iso's digest")
        check(not [r for r in rules(sub) if r[0].startswith("CD-")], f"rawsub.bin: findings {rules(sub)}")
        check(any("sub-channel" in f["message"] for f in sub["findings"]), "rawsub.bin: sub-channel not reported")

        audio = analyze(a.cli, os.path.join(cd, "audio3.cue"), tmp, a.schema)
        check(tracks(audio) == [(1, 1, "audio", 0, 300, 0), (2, 1, "audio", 375, 300, 75), (3, 1, "audio", 750, 300, 75)],
              f"audio3.cue tracks: {tracks(audio)}")
        with open(os.path.join(cd, "audio3.bin"), "rb") as f:
            pcm = f.read()
        check(content(audio)[1] == hashlib.sha256(pcm[375 * 2352:675 * 2352]).hexdigest(), "audio3.cue: track 2 PCM digest")
        check(any(r[0] == "IMG-001" for r in rules(audio)), "audio3.cue: no IMG-001 note")

        expected_mixed = [(1, 1, "mode1", 0, iso_sectors, 0), (2, 1, "audio", iso_sectors + 150, 300, 150),
                          (3, 1, "audio", iso_sectors + 450, 300, 0)]
        digests = []
        for name in ("mixed.cue", "mixed.toc", "mixed.ccd"):
            m = analyze(a.cli, os.path.join(cd, name), tmp, a.schema)
            check(tracks(m) == expected_mixed, f"{name} tracks: {tracks(m)}")
            check(not [r for r in rules(m) if r[0] not in ("IMG-001", "ECMA119-LVL-003")], f"{name}: findings {rules(m)}")
            digests.append(content(m))
        check(digests[0] == digests[1] == digests[2], f"mixed: cue, toc and ccd content digests differ: {digests}")
        check(digests[0][0] == iso_sha256, "mixed: data track digest differs from the .iso's")

        enh = analyze(a.cli, os.path.join(cd, "enhanced.cue"), tmp, a.schema)
        t = tracks(enh)
        check([x[1] for x in t] == [1, 1, 2] and [x[2] for x in t] == ["audio", "audio", "mode1"], f"enhanced.cue tracks: {t}")
        check(t[2][3] == 600 + 11400, f"enhanced.cue: session 2 starts at {t[2][3]}")
        check(not [r for r in rules(enh) if r[0].startswith("CD-SEC")], f"enhanced.cue: sector findings {rules(enh)}")
        check(any("2 sessions" in f["message"] for f in enh["findings"]), "enhanced.cue: sessions not reported")
        # Session 2's own descriptors, on its map and in its findings, lie at its start + 16.
        check(", LBA 12016</title>" in html_of(a.cli, os.path.join(cd, "enhanced.cue"), tmp),
              "enhanced.cue: the sector map does not show session 2's descriptors at LBA 12016")
        check(("ECMA119-PVD-003", 12016) in rules(enh), f"enhanced.cue: PVD-003 not at LBA 12016: {rules(enh)}")

        xa = analyze(a.cli, os.path.join(cd, "xa.cue"), tmp, a.schema)
        check(tracks(xa) == [(1, 1, "mode2_mixed", 0, iso_sectors + 30, 0)], f"xa.cue tracks: {tracks(xa)}")
        check(not [r for r in rules(xa) if r[0].startswith("CD-SEC")], f"xa.cue: sector findings {rules(xa)}")
        check(any("Form 2" in f["message"] for f in xa["findings"]), "xa.cue: Form 2 sectors not reported")

        # CloneCD with a .sub whose Q CRC is damaged at LBA 30: the summary in JSON, DFXML and HTML.
        sub_ccd = os.path.join(cd, "sub.ccd")
        if os.path.isfile(sub_ccd):
            s = analyze(a.cli, sub_ccd, tmp, a.schema)
            check(tracks(s) == [(1, 1, "mode1", 0, iso_sectors, 0)], f"sub.ccd tracks: {tracks(s)}")
            sc = s["cd"]["tracks"][0].get("subchannel", {})
            check(sc.get("blocks") == iso_sectors and sc.get("separate_file") is True, f"sub.ccd sub-channel: {sc}")
            check(sc.get("q_crc_failures", {}).get("ranges") == [{"first_lba": 30, "count": 1}],
                  f"sub.ccd: Q CRC failure not at LBA 30: {sc.get('q_crc_failures')}")
            check(sc.get("catalogs") == ["0012345678905"], f"sub.ccd: catalog in Q {sc.get('catalogs')}")
            check([r for r in rules(s) if r[0] == "CD-SUB-001"] == [("CD-SUB-001", 30)], f"sub.ccd: CD-SUB-001 {rules(s)}")
            with open(os.path.join(tmp, "sub.ccd.xml"), encoding="utf-8") as f:
                xml = f.read()
            check('<dv:q_crc_failure first_lba="30" count="1"' in xml, "sub.ccd: DFXML has no Q CRC failure at LBA 30")
            check("<dv:q_catalog>0012345678905</dv:q_catalog>" in xml, "sub.ccd: DFXML has no catalog from Q")
            page = html_of(a.cli, sub_ccd, tmp)
            check("<h3>Sub-channel</h3>" in page and "0012345678905" in page, "sub.ccd: HTML has no sub-channel table")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("cd samples: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Renders HTML reports in headless Chromium: fails on an empty page or a console error; with
--screenshots DIR writes a PNG of each (the committed tests/golden/html/*.png).

  render_test.py --samples-tool BIN --cli BIN --images DIR [--screenshots DIR]
Exit 0 pass, 1 fail, 77 skip (no Chromium).
"""
import argparse
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
         "--enable-logging=stderr", "--v=0"]

# name -> (window width, height) of its screenshot
SHOTS = {"clean": (1200, 2300), "findings": (1200, 2500), "audio": (1200, 1700), "files10k": (1200, 2600),
         "clean-phone": (420, 2400), "sample-level2": (1200, 2400),
         "sample-enhanced-cd": (1200, 1900)}


class TextOf(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.text = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def chromium(args, profile):
    for exe in CHROMIUM:
        if os.path.exists(exe):
            cmd = [exe] + FLAGS + ["--user-data-dir=" + profile] + args
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return None


def console_errors(stderr):
    bad = []
    for line in stderr.splitlines():
        if "CONSOLE" in line and ("Uncaught" in line or "Error" in line or ":ERROR:" in line):
            bad.append(line.strip())
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples-tool", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--images", required=True)
    ap.add_argument("--screenshots")
    a = ap.parse_args()
    if not any(os.path.exists(c) for c in CHROMIUM):
        print("SKIP: Chromium is not installed (/usr/bin/chromium); the HTML render check needs it")
        return SKIP
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([a.samples_tool, tmp], check=True)
        pages = {name: os.path.join(tmp, name + ".html") for name in ("clean", "findings", "audio", "files10k")}
        pages["clean-phone"] = pages["clean"]
        sample = os.path.join(a.images, "level2.iso")
        if os.path.exists(sample):
            out = os.path.join(tmp, "sample-level2.html")
            subprocess.run([a.cli, "analyze", "level2.iso", "--piece-size", "256KiB", "--progress", "never", "--html", out],
                           cwd=a.images, capture_output=True)
            pages["sample-level2"] = out
        cd = os.path.join(a.images, "cd", "enhanced.cue")
        if os.path.exists(cd):
            out = os.path.join(tmp, "sample-enhanced-cd.html")
            subprocess.run([a.cli, "analyze", "enhanced.cue", "--progress", "never", "--html", out],
                           cwd=os.path.dirname(cd), capture_output=True)
            pages["sample-enhanced-cd"] = out
        for name, path in sorted(pages.items()):
            profile = tempfile.mkdtemp(dir=tmp)
            width, height = SHOTS.get(name, (1200, 2000))
            proc = chromium(["--window-size=%d,%d" % (width, height), "--dump-dom", "file://" + path], profile)
            if proc is None or proc.returncode != 0:
                print("FAIL: %s: chromium exited %s: %s" % (name, proc and proc.returncode, proc and proc.stderr[-2000:]))
                failures += 1
                continue
            parser = TextOf()
            parser.feed(proc.stdout)
            text = " ".join(" ".join(parser.text).split())
            errors = console_errors(proc.stderr)
            if len(text) < 400 or "Sector map" not in text or "Provenance" not in text:
                print("FAIL: %s renders an empty or partial page (%d characters of text)" % (name, len(text)))
                failures += 1
            if errors:
                print("FAIL: %s: console errors:\n  %s" % (name, "\n  ".join(errors[:10])))
                failures += 1
            if a.screenshots:
                os.makedirs(a.screenshots, exist_ok=True)
                png = os.path.join(a.screenshots, name + ".png")
                shot = chromium(["--window-size=%d,%d" % (width, height), "--screenshot=" + png, "file://" + path],
                                tempfile.mkdtemp(dir=tmp))
                if shot is None or shot.returncode != 0 or not os.path.exists(png):
                    print("FAIL: %s: no screenshot" % name)
                    failures += 1
                else:
                    if shutil.which("pngquant"):  # 256 colours keep the committed screenshots small
                        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality", "70-95", "--output", png, png])
                    print("wrote %s (%d KiB)" % (png, os.path.getsize(png) // 1024))
            print("%s: %d characters of text, no console errors" % (name, len(text)) if not errors else "")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

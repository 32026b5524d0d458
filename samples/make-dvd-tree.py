#!/usr/bin/env python3
"""Writes a minimal DVD-Video tree (VIDEO_TS with a video manager and one title set, and an empty
AUDIO_TS) whose IFO headers carry the identifiers, sizes and sector pointers of the layout
genisoimage -dvd-video records: IFO, menu VOB, title VOBs, BUP, one set after the other.

  make-dvd-tree.py DIR
"""
import os
import struct
import sys

SECTOR = 2048
VOB_SECTORS = 16  # keeps each IFO and its BUP in different 32 KiB ECC blocks


def be16(b, off, v):
    b[off:off + 2] = struct.pack(">H", v)


def be32(b, off, v):
    b[off:off + 4] = struct.pack(">I", v)


def vob(sectors, seed):
    """MPEG-2 program stream packs: every sector starts 00 00 01 BA, scrambling control clear."""
    out = bytearray()
    for i in range(sectors):
        s = bytearray(SECTOR)
        s[0:4] = b"\x00\x00\x01\xba"
        s[4] = 0x44
        for k in range(14, SECTOR):
            s[k] = (k * 7 + i + seed) & 0xFF
        s[0x14] &= 0xCF
        out += s
    return bytes(out)


def vmg_ifo(vts_start):
    ifo = bytearray(2 * SECTOR)  # sector 0: VMGI_MAT, sector 1: TT_SRPT
    ifo[0:12] = b"DVDVIDEO-VMG"
    be32(ifo, 0x0C, 2 + VOB_SECTORS + 2 - 1)  # last sector of the set: IFO, menu VOB, BUP
    be32(ifo, 0x1C, 1)                        # last sector of the IFO
    ifo[0x21] = 0x11
    be16(ifo, 0x26, 1)
    be16(ifo, 0x28, 1)
    ifo[0x2A] = 1
    be16(ifo, 0x3E, 1)                        # one title set
    ifo[0x40:0x4A] = b"DISCVERIFY"
    be32(ifo, 0x80, 0x3FF)
    be32(ifo, 0xC0, 2)                        # menu VOBS after the IFO
    be32(ifo, 0xC4, 1)                        # TT_SRPT
    t = SECTOR
    be16(ifo, t, 1)
    be32(ifo, t + 4, 8 + 12 - 1)
    ifo[t + 8] = 0x3C
    ifo[t + 9] = 1
    be16(ifo, t + 10, 1)
    ifo[t + 14] = 1
    ifo[t + 15] = 1
    be32(ifo, t + 16, vts_start)              # relative to VIDEO_TS.IFO, as authoring tools write it
    return bytes(ifo)


def vts_ifo():
    ifo = bytearray(SECTOR)
    ifo[0:12] = b"DVDVIDEO-VTS"
    be32(ifo, 0x0C, 1 + VOB_SECTORS + 1 - 1)
    be32(ifo, 0x1C, 0)
    ifo[0x21] = 0x11
    be32(ifo, 0x80, 0x3FF)
    be32(ifo, 0xC4, 1)                        # title VOBS after the IFO
    return bytes(ifo)


def main():
    root = sys.argv[1]
    video = os.path.join(root, "VIDEO_TS")
    os.makedirs(video, exist_ok=True)
    os.makedirs(os.path.join(root, "AUDIO_TS"), exist_ok=True)
    vmg = vmg_ifo(2 + VOB_SECTORS + 2)
    vts = vts_ifo()
    files = {"VIDEO_TS.IFO": vmg, "VIDEO_TS.VOB": vob(VOB_SECTORS, 1), "VIDEO_TS.BUP": vmg,
             "VTS_01_0.IFO": vts, "VTS_01_1.VOB": vob(VOB_SECTORS, 2), "VTS_01_0.BUP": vts}
    for name, data in files.items():
        with open(os.path.join(video, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

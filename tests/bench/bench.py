#!/usr/bin/env python3
"""Times commands in alternation and prints median wall time, ratios to a reference, and peak RSS.

Usage: bench.py ROUNDS REF_NAME NAME=COMMAND [NAME=COMMAND ...]
Each COMMAND runs with stdout discarded (under /bin/sh when it uses shell syntax); its CPU time
(user + system) and peak RSS come from wait4(). CPU time is quoted beside wall time because it moves less when other processes
share the cores.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def argv_of(command):
    """A command without shell syntax runs directly, so that the time of a short command (a listing
    of a few milliseconds) does not include a shell's start-up; anything else runs under /bin/sh."""
    if any(c in command for c in "|&;<>()$`\\\"'*?[]~{}"):
        return ["/bin/sh", "-c", command]
    return shlex.split(command)


def run_once(command):
    start = time.monotonic()
    proc = subprocess.Popen(argv_of(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"bench: '{command}' failed with status {code}: {err.strip()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss  # RSS in KiB on Linux


def main():
    rounds = int(sys.argv[1])
    ref = sys.argv[2]
    entries = []
    for arg in sys.argv[3:]:
        name, command = arg.split("=", 1)
        entries.append((name, command))
    times = {name: [] for name, _ in entries}
    cpu = {name: [] for name, _ in entries}
    rss = {name: 0 for name, _ in entries}
    for r in range(rounds):
        for name, command in entries:  # alternate, so drifting load hits every tool alike
            wall, used, maxrss = run_once(command)
            times[name].append(wall)
            cpu[name].append(used)
            rss[name] = max(rss[name], maxrss)
    ref_median = statistics.median(times[ref])
    ref_cpu = statistics.median(cpu[ref])
    # Four decimals: a listing takes a few milliseconds.
    print(f"{'tool':<28} {'median s':>9} {'min s':>7} {'vs ' + ref:>14} {'cpu s':>8} {'cpu vs':>7} {'peak RSS':>10}")
    for name, _ in entries:
        med = statistics.median(times[name])
        # ru_maxrss of a child started from Python starts at Python's own size, so it is quoted only
        # for discverify, whose peak is far above that floor.
        peak = f"{rss[name] / 1024:8.1f} MiB" if name.startswith("discverify") else f"{'-':>12}"
        med_cpu = statistics.median(cpu[name])
        cpu_ratio = med_cpu / ref_cpu if ref_cpu > 0 else float("nan")
        print(f"{name:<28} {med:9.4f} {min(times[name]):7.4f} {med / ref_median:13.2f}x {med_cpu:8.4f} {cpu_ratio:6.2f}x {peak}")


if __name__ == "__main__":
    main()

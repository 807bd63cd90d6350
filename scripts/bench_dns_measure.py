#!/usr/bin/env python3
"""Runs a command several times under /usr/bin/time -v and prints the median wall-clock time
(seconds, timed here with a monotonic clock: /usr/bin/time only counts in 10 ms steps) and the
largest peak resident set size (KiB) and the median CPU time (user + system seconds), both from
/usr/bin/time -v, as JSON. CPU time is the steadier figure on a shared, loaded machine.

  bench_dns_measure.py RUNS -- COMMAND...
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    runs = int(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1:]
    walls, rss, cpus = [], [], []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
            started = time.perf_counter()
            proc = subprocess.run(["/usr/bin/time", "-v", "-o", out.name] + command,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            walls.append(time.perf_counter() - started)
            report = open(out.name).read()
        if proc.returncode not in (0, 1):
            sys.stderr.write(proc.stderr.decode(errors="replace"))
            sys.exit(f"{command[0]} exited {proc.returncode}")
        for line in report.splitlines():
            line = line.strip()
            if line.startswith("Maximum resident set size"):
                rss.append(int(line.rsplit(" ", 1)[1]))
            elif line.startswith("User time (seconds)") or line.startswith("System time (seconds)"):
                if line.startswith("User"):
                    cpus.append(0.0)
                cpus[-1] += float(line.rsplit(" ", 1)[1])
    print(json.dumps({"wall": statistics.median(walls), "walls": walls, "cpu": statistics.median(cpus),
                      "maxrss_kib": max(rss)}))


if __name__ == "__main__":
    main()

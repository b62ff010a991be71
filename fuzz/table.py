#!/usr/bin/env python3
"""Prints the SECURITY.md fuzz table from the logs of a `make fuzz` run (target/fuzz-logs/<target>.log).
Usage: python3 fuzz/table.py [log-dir]"""
import os, re, sys

logs = sys.argv[1] if len(sys.argv) > 1 else "target/fuzz-logs"
targets = ["normalize_revenue_monster", "normalize_maschain", "normalize_advance_ai", "normalize_argos",
           "normalize_widekyc", "parse_redirect", "parse_webhook", "argos_decrypt", "prepare_image"]
print("| target | time | runs | execs/s | coverage (edges / features) | corpus | peak RSS | crashes |")
print("|---|---|---|---|---|---|---|---|")
for t in targets:
    path = os.path.join(logs, t + ".log")
    if not os.path.exists(path):
        print(f"| `{t}` | not run | | | | | | |")
        continue
    text = open(path, errors="replace").read()
    done = re.search(r"^Done (\d+) runs in (\d+) second", text, re.M)
    rate = re.search(r"stat::average_exec_per_sec:\s*(\d+)", text)
    rss = re.search(r"stat::peak_rss_mb:\s*(\d+)", text)
    status = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", text)
    crash = re.findall(r"^(==\d+==ERROR: \w+|thread '.*' panicked|SUMMARY: .*)$", text, re.M)
    if not done or not status:
        print(f"| `{t}` | running or failed | | | | | | {len(crash)} |")
        continue
    cov, ft, n, size = status[-1]
    print(f"| `{t}` | {done.group(2)} s | {int(done.group(1)):,} | {int(rate.group(1)):,} | {cov} / {ft} | "
          f"{n} inputs, {size} | {rss.group(1)} MB | {'**' + crash[0] + '**' if crash else 0} |")

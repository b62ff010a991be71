#!/usr/bin/env python3
"""Prints the SECURITY.md fuzz table from the logs of a `make fuzz` run (target/fuzz-logs/<target>.log).
Usage: python3 fuzz/table.py [log-dir]"""
import os, re, sys

logs = sys.argv[1] if len(sys.argv) > 1 else "target/fuzz-logs"
targets = ["normalize_revenue_monster", "normalize_maschain", "normalize_advance_ai", "normalize_argos",
           "normalize_widekyc", "parse_redirect", "parse_webhook", "argos_decrypt", "prepare_image", "id_numbers"]
# The one-line summaries run.sh prints (kept in long-run.log), for a target whose own log a later run overwrote.
summaries = {}
summary_log = os.path.join(logs, "long-run.log")
if os.path.exists(summary_log):
    for m in re.finditer(r"^fuzz: (\w+) ok — (\d+)s, (\d+) runs, (\d+) exec/s, cov: (\d+)", open(summary_log).read(), re.M):
        summaries[m.group(1)] = m.groups()[1:]
print("| target | time | runs | execs/s | coverage (edges / features) | corpus | peak RSS | crashes |")
print("|---|---|---|---|---|---|---|---|")
for t in targets:
    path = os.path.join(logs, t + ".log")
    if not os.path.exists(path):
        print(f"| `{t}` | not run | | | | | | |")
        continue
    text = open(path, errors="replace").read()
    # The last figures of the file (a log written over by another run keeps the later run at its end).
    last = lambda pattern: (re.findall(pattern, text, re.M) or [None])[-1]
    done = last(r"^Done (\d+) runs in (\d+) second")
    rate = last(r"stat::average_exec_per_sec:\s*(\d+)")
    rss = last(r"stat::peak_rss_mb:\s*(\d+)")
    status = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", text)
    crash = re.findall(r"^(==\d+==ERROR: \w+|thread '.*' panicked|SUMMARY: .*)$", text, re.M)
    if not done or not status:
        print(f"| `{t}` | running or failed | | | | | | {len(crash)} |")
        continue
    cov, ft, n, size = status[-1]
    if t in summaries and int(summaries[t][0]) > int(done[1]) + 5:
        secs, runs, rate_s, cov_s = summaries[t]
        print(f"| `{t}` | {secs} s | {int(runs):,} | {int(rate_s):,} | {cov_s} / — | — | — | 0 (from run.sh's summary; "
              f"the log was overwritten) |")
        continue
    print(f"| `{t}` | {done[1]} s | {int(done[0]):,} | {int(rate):,} | {cov} / {ft} | "
          f"{n} inputs, {size} | {rss} MB | {'**' + crash[0] + '**' if crash else 0} |")

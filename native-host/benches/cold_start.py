#!/usr/bin/env python3
"""Whole-process `badgelens verify` with a cold cache, without a shell in the
timing: each run gets a cache directory that does not exist yet (its own
config file, made before timing starts), so nothing but the process itself is
timed. Runs, in turn and interleaved so that load swings hit all alike:
`--version` (the process floor), `verify` with the fresh cache (cold), and
`verify` again with the same cache (warm: issuer data cached, the assertion
fetched again). With BASE, the same three for that binary, and A/B ratios.

  cold_start.py BIN PORT PNG [RUNS] [BASE]

PORT: the loopback issuer (native-host/benches/issuer.mjs) serving
issuer.badgelens.example. Prints medians and minima in ms.
"""
import json, os, shutil, statistics, sys, tempfile, time

bin_, port, png = sys.argv[1], sys.argv[2], sys.argv[3]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 60
base = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
work = tempfile.mkdtemp(prefix="badgelens-cold.")


def config(i, who):
    path = os.path.join(work, f"{who}-{i}.json")
    with open(path, "w") as f:
        json.dump({"network": {"allow_private": [f"127.0.0.1:{port}"],
                               "resolve": {"issuer.badgelens.example:80": f"127.0.0.1:{port}"}},
                   "cache_dir": os.path.join(work, f"cache-{who}-{i}")}, f)
    return path


def timed(argv, cfg):
    env = {**os.environ, "BADGELENS_CONFIG": cfg}
    t = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
    _, status = os.waitpid(pid, 0)
    took = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} exited {os.waitstatus_to_exitcode(status)}: not a verified badge?")
    return took * 1000


bins = {"A": bin_, **({"B": base} if base else {})}
times = {(who, what): [] for who in bins for what in ("version", "cold", "warm")}
configs = {(who, i): config(i, who) for who in bins for i in range(runs)}
try:
    for i in range(runs):
        for who, b in bins.items():
            cfg = configs[(who, i)]
            times[(who, "version")].append(timed([b, "--version"], cfg))
            times[(who, "cold")].append(timed([b, "verify", png, "--json"], cfg))
            times[(who, "warm")].append(timed([b, "verify", png, "--json"], cfg))
    for what in ("version", "cold", "warm"):
        line = [f"{what:8}"]
        for who, b in bins.items():
            xs = times[(who, what)]
            line.append(f"{who} median {statistics.median(xs):.2f} ms (min {min(xs):.2f})")
        if base:
            ratios = [a / b for a, b in zip(times[("A", what)], times[("B", what)])]
            line.append(f"A/B {statistics.median(ratios):.2f}")
        print("  ".join(line))
finally:
    shutil.rmtree(work, ignore_errors=True)

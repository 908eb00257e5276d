#!/usr/bin/env python3
"""BadgeLens vs 1EdTech's openbadges-validator-core, side by side, same inputs.

Serves validator-core's hosted example.org badge (tests/fixtures/...hosted/
example.org, rewritten to this server's origin) from a local HTTP server on
127.0.0.1, and verifies its assertion URL with both:

- `openbadges` 1.1.2 (Python 3.7, its pinned dependencies), in-process and
  as a whole process; it fetches the OB v2 context from w3id.org, which is
  answered here from validator-core's own mocked copy (no internet);
- `badgelens verify URL --json` as a whole process, cold cache (a fresh cache
  directory per run) and warm cache.

Usage (from the repo root, after `cargo build --release`):
  python3.7 -m venv /tmp/obref && /tmp/obref/bin/pip install openbadges==1.1.2 responses
  /tmp/obref/bin/python native-host/benches/reference/compare.py [runs]
"""
import http.server, json, os, shutil, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FIX = os.path.join(ROOT, "tests", "fixtures", "openbadges-validator-core")
BIN = os.path.join(ROOT, "target", "release", "badgelens")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 10

serve_dir = tempfile.mkdtemp()
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=serve_dir, **k))
http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
origin = "http://127.0.0.1:%d" % httpd.server_address[1]
for name in os.listdir(os.path.join(FIX, "hosted", "example.org")):
    src = os.path.join(FIX, "hosted", "example.org", name)
    data = open(src, "rb").read()
    if name.endswith(".json"):
        data = data.replace(b"https://example.org", origin.encode())
    open(os.path.join(serve_dir, name), "wb").write(data)
threading.Thread(target=httpd.serve_forever, daemon=True).start()
URL = origin + "/beths-robotics-badge.json"

REF = r'''
import json, sys, time, responses, openbadges
ctx = open(sys.argv[1]).read()
runs = int(sys.argv[3])
with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
    rsps.add(responses.GET, "https://w3id.org/openbadges/v2", body=ctx, content_type="application/ld+json")
    rsps.add_passthru("http://127.0.0.1")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = openbadges.verify(sys.argv[2], {"email": "nobody@example.org"}, use_cache=False)
        times.append(time.perf_counter() - t)
    print(json.dumps({"valid": result["report"]["valid"], "times": times}))
'''
ref_script = os.path.join(serve_dir, "ref_runner.py")
open(ref_script, "w").write(REF)
ctx_file = os.path.join(FIX, "contexts", "openbadges_context_v2_as_mocked.json")

def ms(xs):
    return "p50 %7.1f ms  min %7.1f ms" % (statistics.median(xs) * 1e3, min(xs) * 1e3)

out = json.loads(subprocess.check_output([sys.executable, ref_script, ctx_file, URL, str(RUNS)]))
assert out["valid"], out
ref_inproc = out["times"]
ref_proc = []
for _ in range(RUNS):
    t = time.perf_counter()
    o = json.loads(subprocess.check_output([sys.executable, ref_script, ctx_file, URL, "1"]))
    ref_proc.append(time.perf_counter() - t)
    assert o["valid"]

cfg_dir = tempfile.mkdtemp()
def ours(cache_dir):
    cfg = os.path.join(cfg_dir, "config.json")
    json.dump({"network": {"allow_private": ["127.0.0.1:%d" % httpd.server_address[1]]}, "cache_dir": cache_dir}, open(cfg, "w"))
    t = time.perf_counter()
    o = subprocess.run([BIN, "verify", URL, "--json", "--recipient", "nobody@example.org"], env=dict(os.environ, BADGELENS_CONFIG=cfg), capture_output=True)
    dt = time.perf_counter() - t
    r = json.loads(o.stdout)
    assert r["verdict"] == "verified" and r["badge"]["recipient"]["matched"], r
    return dt
cold = [ours(tempfile.mkdtemp()) for _ in range(RUNS)]
warm_dir = tempfile.mkdtemp()
ours(warm_dir)
warm = [ours(warm_dir) for _ in range(RUNS)]

print("same input: validator-core's hosted OB 2.0 badge, served from", origin)
print("openbadges 1.1.2, in-process verify     ", ms(ref_inproc))
print("openbadges 1.1.2, whole process         ", ms(ref_proc))
print("badgelens verify, whole process, cold   ", ms(cold))
print("badgelens verify, whole process, warm   ", ms(warm))
print("ratio (reference whole process / badgelens cold, p50): %.1fx" % (statistics.median(ref_proc) / statistics.median(cold)))
print("ratio (reference in-process / badgelens whole process cold, p50): %.1fx" % (statistics.median(ref_inproc) / statistics.median(cold)))
httpd.shutdown()
shutil.rmtree(serve_dir, ignore_errors=True)

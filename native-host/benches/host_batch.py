#!/usr/bin/env python3
"""N verify requests written at once to one `badgelens host`, as a browser
page of badges sends them; prints when the first, median and last answers
came (from the moment the batch was written) and the host's peak RSS.

  host_batch.py BIN CONFIG N CACHE_MODE PNG [ROUNDS]

One warm-up request first (`use`: the process, its runtime and the cache
are up, as they are once a browser has talked to the host). CACHE_MODE
`refresh` makes each badge fetch its three documents again, as after the
user clears the extension's cache; `use` reuses the issuer's profile and
badge class (the assertion is always fetched: it carries revocation).
Every answer must be `verified`. Linux only (peak RSS from /proc).
"""
import base64, json, os, struct, subprocess, sys, time

bin_, config, n, mode, png = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
rounds = int(sys.argv[6]) if len(sys.argv) > 6 else 3
data = base64.b64encode(open(png, "rb").read()).decode()
p = subprocess.Popen([bin_, "host"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, env={**os.environ, "BADGELENS_CONFIG": config})


def frame(i, mode):
    b = json.dumps({"type": "verify", "id": i, "source": {"image": {"data": data, "mime": "image/png"}},
                    "options": {"cache": mode}}).encode()
    return struct.pack("<I", len(b)) + b


def read():
    n = struct.unpack("<I", p.stdout.read(4))[0]
    return json.loads(p.stdout.read(n))


p.stdin.write(frame(0, "use"))
p.stdin.flush()
assert read()["verdict"] == "verified"
for r in range(rounds):
    batch = b"".join(frame(i, mode) for i in range(1, n + 1))
    t = time.perf_counter()
    p.stdin.write(batch)
    p.stdin.flush()
    lat = []
    for _ in range(n):
        v = read()
        assert v["verdict"] == "verified", v
        lat.append(time.perf_counter() - t)
    lat.sort()
    print("round %d: %d at once, cache %s: first %.1f ms, median %.1f ms, last %.1f ms"
          % (r, n, mode, lat[0] * 1e3, lat[n // 2] * 1e3, lat[-1] * 1e3))
peak = [l for l in open("/proc/%d/status" % p.pid) if l.startswith("VmHWM")][0].split()[1]
print("peak RSS %.1f MiB" % (int(peak) / 1024))
p.stdin.close()
p.wait()

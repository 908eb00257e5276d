"""Runs 1EdTech's openbadges-validator-core (PyPI `openbadges` 1.1.2) on one assertion URL,
N times in one process, printing the verdict and each run's wall time in ms.
The only change to its behaviour: requests for https://w3id.org/openbadges/v2 go to the
loopback issuer's copy (no network here), as its own tests mock them.
Usage: reference_verify.py ORIGIN URL N"""
import json
import sys
import time

import requests

origin, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
_request = requests.Session.request


def local_contexts(self, method, u, *a, **kw):
    if u.rstrip("/") == "https://w3id.org/openbadges/v2":
        u = origin + "/contexts/openbadges-v2"
    return _request(self, method, u, *a, **kw)


requests.Session.request = local_contexts

from openbadges import verify  # noqa: E402

for i in range(n):
    t0 = time.perf_counter()
    result = verify(url, use_cache=False)
    ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({"run": i, "valid": result["report"]["valid"], "errors": result["report"]["errorCount"], "ms": ms}), flush=True)

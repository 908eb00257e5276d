"""One whole-process verification with 1EdTech's openbadges 1.1.2
(validator-core), as compare.sh times it against `badgelens verify`.

  python validator-core-once.py CONTEXT_FILE ASSERTION_URL

The OB v2 context, which validator-core would fetch from w3id.org, is
answered from validator-core's own mocked copy (no internet); everything
else is fetched from the loopback issuer. Exits 1 unless the badge is valid.
"""
import sys

import openbadges
import responses

with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
    rsps.add(responses.GET, "https://w3id.org/openbadges/v2", body=open(sys.argv[1]).read(),
             content_type="application/ld+json")
    rsps.add_passthru("http://127.0.0.1")
    result = openbadges.verify(sys.argv[2], {"email": "nobody@example.org"}, use_cache=False)
print("valid" if result["report"]["valid"] else "not valid")
sys.exit(0 if result["report"]["valid"] else 1)

#!/usr/bin/env python3
"""Writes the committed seed corpora in seeds/<target>/ from tests/fixtures/.

Run from anywhere: python3 native-host/fuzz/make_seeds.py. Seeds are the
reference projects' small images and documents (licences and provenance in
tests/fixtures/SOURCES.md) plus damaged and hostile variants made here. The
script is deterministic, so re-running it gives the same files.
"""
import base64
import hashlib
import json
import pathlib
import shutil
import struct
import zlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIX = ROOT / "tests" / "fixtures"
SEEDS = HERE / "seeds"
SIG = b"\x89PNG\r\n\x1a\n"


def fixture(path):
    return (FIX / path).read_bytes()


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def with_chunks(png, extra):
    """The PNG with `extra` chunks inserted just before IEND (its last 12 bytes)."""
    return png[:-12] + b"".join(extra) + png[-12:]


def itxt(keyword, text, flag=0):
    return chunk(b"iTXt", keyword + b"\0" + bytes([flag, 0]) + b"\0\0" + text)


def write(target, name, data):
    d = SEEDS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def frame(obj):
    body = obj if isinstance(obj, bytes) else json.dumps(obj, separators=(",", ":")).encode()
    return struct.pack("<I", len(body)) + body


def main():
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    heart = fixture("openbadges-validator-core/images/public_domain_heart.png")
    pngs = {
        "heart.png": heart,
        "baked_heart.png": fixture("openbadges-bakery-py/baked_heart.png"),
        "simple-badge.png": fixture("dc-public-validator/ob20/simple-badge.png"),
        "2_0_basic_assertion_baked.png": fixture(
            "openbadges-validator-core/baked/2_0_basic_assertion_baked.png"
        ),
        "unbaked.png": fixture("openbadges-bakery-js/unbaked.png"),
    }
    assertion = b"https://example.org/beths-robotics-badge.json"
    ob3 = json.dumps(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "https://issuer.example", "name": "Example"},
            "validFrom": "2026-01-01T00:00:00Z",
        }
    ).encode()
    good = with_chunks(heart, [itxt(b"openbadges", assertion)])
    pngs["itxt-url.png"] = good
    pngs["itxt-ob3.png"] = with_chunks(heart, [itxt(b"openbadgecredential", ob3)])
    pngs["text-latin1.png"] = with_chunks(heart, [chunk(b"tEXt", b"openbadges\0https://ex\xe9.org/a")])
    pngs["ztxt-badge.png"] = with_chunks(heart, [chunk(b"zTXt", b"openbadges\0\0" + zlib.compress(assertion))])
    pngs["itxt-compressed.png"] = with_chunks(heart, [itxt(b"openbadges", zlib.compress(b"{}" * 64), flag=1)])
    bad_crc = bytearray(good)
    bad_crc[-13] ^= 0xFF  # last byte of the badge chunk's CRC
    pngs["bad-crc.png"] = bytes(bad_crc)
    pngs["truncated-in-badge.png"] = good[: len(heart) - 12 + 20]
    pngs["no-iend.png"] = good[:-12]
    pngs["two-badges.png"] = with_chunks(heart, [itxt(b"openbadges", assertion), itxt(b"openbadges", b"{}")])
    pngs["huge-length.png"] = heart[:-12] + struct.pack(">I", 0x8000_0000) + b"iTXt"
    pngs["not-utf8.png"] = with_chunks(heart, [itxt(b"openbadges", b"\xff\xfe{}")])
    for name, data in pngs.items():
        write("png_unbake", name, data)

    svgs = {}
    for p in sorted(FIX.rglob("*.svg")):
        data = p.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:8]
        svgs.setdefault(digest, (p.name, data))
    svgs = dict(svgs.values())
    laughs = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((ord("a") + i + 1,) + (ord("a") + i,) * 10)
        for i in range(9)
    ) + b']><svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion>&j;</openbadges:assertion></svg>'
    svgs["billion-laughs.svg"] = laughs
    svgs["xxe.svg"] = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion xmlns:openbadges="http://openbadges.org">&x;</openbadges:assertion></svg>'
    )
    svgs["entity-element.svg"] = (
        b'<!DOCTYPE svg [<!ENTITY b "<o:assertion xmlns:o=\'http://openbadges.org\' verify=\'https://a.example/1\'/>">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>'
    )
    svgs["ob3-prefix.svg"] = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:c="https://purl.imsglobal.org/ob/v3p0">'
        b"<c:credential><![CDATA[" + ob3 + b"]]></c:credential></svg>"
    )
    svgs["two-elements.svg"] = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="https://a.example/1"/><openbadges:assertion verify="https://a.example/2"/></svg>'
    )
    svgs["latin1.svg"] = b'<svg xmlns="http://www.w3.org/2000/svg"><title>caf\xe9</title></svg>'
    for name, data in svgs.items():
        write("svg_unbake", name, data)

    payloads = [
        b"https://example.org/assertions/1?a=1&b=2",
        fixture("dc-public-validator/ob20/simple.jwt").strip(),
        json.dumps({"id": "https://a.example/1", "verification": {"type": "hosted"}, "x": "]]>"}).encode(),
        ob3,
    ]
    for i, (name, data) in enumerate(sorted(svgs.items())):
        if name in ("billion-laughs.svg", "latin1.svg"):
            continue
        write("svg_bake_roundtrip", name, bytes([i % 2]) + data + b"\0" + payloads[i % len(payloads)])
    write("svg_bake_roundtrip", "self-closing.svg", b"\0<svg xmlns='http://www.w3.org/2000/svg'/>\0" + payloads[0])

    texts = {
        "url": b"https://example.org/assertions/1",
        "javascript-url": b"javascript:alert(1)",
        "jws-ob2": fixture("dc-public-validator/ob20/simple.jwt").strip(),
        "jwt-ob3": fixture("dc-public-validator/ob30/simple.jwt").strip(),
        "assertion.json": fixture("dc-public-validator/ob20/basic-assertion.json"),
        "ob3.json": ob3,
        "bom-json": b"\xef\xbb\xbf {\"a\":1}",
        "array": b"[1,2]",
        "broken-json": b"{\"a\":",
        "three-dots": b"a.b.c",
    }
    for name, data in texts.items():
        write("classify", name, data)

    tiny_png = base64.b64encode(pngs["itxt-url.png"]).decode()
    frames = {
        "hello": frame({"type": "hello", "id": 1}),
        "verify-image": frame({"type": "verify", "id": "v", "source": {"image": {"data": tiny_png, "mime": "image/png"}}}),
        "verify-assertion": frame(
            {
                "type": "verify",
                "id": 2,
                "source": {"assertion": ob3.decode()},
                "options": {"recipient": ["a@example.org"], "now": "2026-11-25T12:00:00Z", "cache": "offline"},
            }
        ),
        "verify-page-url": frame({"type": "verify", "id": 3, "source": {"page_url": "ftp://example.org/x"}}),
        "bad-base64": frame({"type": "verify", "id": 4, "source": {"image": {"data": "***"}}}),
        "unknown-type": frame({"type": "launch", "id": 5}),
        "not-json": frame(b"not json"),
        "id-object": frame(b'{"type":"hello","id":{"a":1}}'),
        "too-large": struct.pack("<I", 64 * 1024 * 1024 + 1) + b"xx",
        "two-frames": frame({"type": "hello", "id": "a"}) + frame({"id": 7}),
        "truncated": struct.pack("<I", 10) + b'{"ty',
    }
    for name, data in frames.items():
        write("frame_request", name, b"\0" + data)
        write("frame_request", name + "-small-cap", b"\1" + data)

    uuid = "1b3c5d7e-0000-4aaa-8bbb-123456789abc"
    credly = f"https://www.credly.com/badges/{uuid}"
    enc = credly.replace(":", "%3A").replace("/", "%2F")
    urls = {
        "credly": credly,
        "credly-public-url": credly + "/public_url",
        "badgr": "https://badgr.com/public/assertions/AbC_12-x",
        "badgr-eu": "https://api.eu.badgr.io/public/assertions/q1.json",
        "parchment": "https://badges.parchment.com/public/assertions/x1",
        "linkedin": f"https://www.linkedin.com/redir/redirect?url={enc}&urlhash=x",
        "linkedin-safety": f"https://www.linkedin.com/safety/go?url={enc}&trk=y",
        "safelinks": f"https://nam12.safelinks.protection.outlook.com/?url={enc}&data=z",
        "gmail-proxy": f"https://ci3.googleusercontent.com/meips/AbC=s0-d-e1-ft#{credly}",
        "not-a-url": "credly badges",
    }
    for name, text in urls.items():
        write("resolve_url", name, text.encode())


def documents():
    """Seeds for the document parsers (ob2_document, ob3_credential): the
    reference JSON and JWT fixtures up to 8 KB, plus a few hostile shapes."""
    small = lambda p: p.stat().st_size <= 8192
    for p in sorted((FIX / "dc-public-validator" / "ob20").rglob("*")):
        if p.is_file() and p.suffix in (".json", ".jwt") and small(p):
            write("ob2_document", p.relative_to(FIX).as_posix().replace("/", "_"), p.read_bytes())
    for base in ("dc-public-validator/ob30", "verifier-core/credentials", "badgelens"):
        for p in sorted((FIX / base).rglob("*")):
            if p.is_file() and p.suffix in (".json", ".jwt") and small(p):
                write("ob3_credential", p.relative_to(FIX).as_posix().replace("/", "_"), p.read_bytes())
    hostile = {
        "deep.json": b"[" * 5000 + b"]" * 5000,
        "dupkeys.json": b'{"type":"Assertion","type":"BadgeClass","id":"https://a.example/1"}',
        "nan-date.json": b'{"type":"Assertion","issuedOn":"NaN","expires":"9999-99-99"}',
        "year99999.json": b'{"type":"Assertion","issuedOn":"+99999-01-01T00:00:00Z"}',
        "js-url.json": b'{"type":"Assertion","id":"javascript:alert(1)","verify":{"type":"hosted","url":"data:,x"}}',
        "page.html": b'<link rel="alternate" type="application/ld+json" href="/a.json"><script type="application/ld+json">{"type":"Assertion"}</script>',
    }
    for name, data in hostile.items():
        write("ob2_document", name, data)
        write("ob3_credential", name, data)


if __name__ == "__main__":
    main()
    documents()

#!/usr/bin/env python3
"""Generates the demo issuer's data for `badgelens demo` (run from the repo root).

Everything here is made up for the demo: the issuer, its 2048-bit RSA key
(demo-only, never trust it), the badges and the images. The issuer lives at
http://issuer.badgelens.example/, which the demo pins to its own loopback
server. Re-run after changing anything; it needs `openssl`, Python's
`cryptography` package and a built `target/debug/badgelens` (for `bake`).
"""
import base64, hashlib, json, os, struct, subprocess, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ORIGIN = "http://issuer.badgelens.example"
CTX = "https://w3id.org/openbadges/v2"
RECIPIENT = "alex@example.com"

def out(name, data):
    path = os.path.join(HERE, "files", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)

def hashed(email, salt):
    return {"type": "email", "hashed": True, "salt": salt,
            "identity": "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()}

key_path = os.path.join(HERE, "files", "demo-key.pem")
if not os.path.exists(key_path):
    os.makedirs(os.path.dirname(key_path), exist_ok=True)
    subprocess.check_call(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key_path])
pub = subprocess.check_output(["openssl", "pkey", "-in", key_path, "-pubout"]).decode()

issuer = {"@context": CTX, "type": "Issuer", "id": f"{ORIGIN}/issuer.json",
          "name": "BadgeLens Demo Academy", "url": ORIGIN, "email": "badges@badgelens.example",
          "publicKey": f"{ORIGIN}/key.json", "revocationList": f"{ORIGIN}/revocations.json"}
key = {"@context": CTX, "type": "CryptographicKey", "id": f"{ORIGIN}/key.json",
       "owner": f"{ORIGIN}/issuer.json", "publicKeyPem": pub}
out("issuer.json", json.dumps(issuer, indent=1))
out("key.json", json.dumps(key, indent=1))

classes = {
    "rust": ("Rust Fundamentals", "Writes safe, idiomatic Rust."),
    "cloud": ("Cloud Practitioner", "Understands cloud computing basics."),
    "security": ("Secure Coding", "Finds and fixes common security flaws."),
}
for slug, (name, desc) in classes.items():
    out(f"badges/{slug}.json", json.dumps({
        "@context": CTX, "type": "BadgeClass", "id": f"{ORIGIN}/badges/{slug}.json",
        "name": name, "description": desc, "image": f"{ORIGIN}/images/{slug}.png",
        "criteria": {"narrative": f"Passed the {name} assessment."},
        "issuer": f"{ORIGIN}/issuer.json"}, indent=1))

def assertion(slug, klass, email, issued, expires=None, verification=None):
    a = {"@context": CTX, "type": "Assertion", "id": f"{ORIGIN}/assertions/{slug}.json",
         "recipient": hashed(email, "demo-" + slug), "badge": f"{ORIGIN}/badges/{klass}.json",
         "issuedOn": issued, "verification": verification or {"type": "HostedBadge"}}
    if expires:
        a["expires"] = expires
    return a

hosted = {
    "valid": assertion("valid", "rust", RECIPIENT, "2026-01-15T09:00:00Z"),
    "revoked": assertion("revoked", "cloud", RECIPIENT, "2025-06-01T09:00:00Z"),
    "expired": assertion("expired", "security", RECIPIENT, "2023-01-10T09:00:00Z", "2024-01-10T09:00:00Z"),
    "tampered": assertion("tampered", "cloud", RECIPIENT, "2025-09-01T09:00:00Z"),
    "someone-else": assertion("someone-else", "rust", "sam@example.com", "2026-02-01T09:00:00Z"),
}
for slug, a in hosted.items():
    if slug != "revoked":  # the issuer answers 410 Gone for that one
        out(f"assertions/{slug}.json", json.dumps(a, indent=1))

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
priv = serialization.load_pem_private_key(open(key_path, "rb").read(), password=None)

def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

def sign(payload):
    head = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(payload, separators=(",", ":")).encode())
    sig = priv.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64(sig)}"

signed_v = {"type": "SignedBadge", "creator": f"{ORIGIN}/key.json"}
signed = {
    "signed-valid": sign(assertion("signed-valid", "security", RECIPIENT, "2026-03-02T09:00:00Z", verification=signed_v)),
    "signed-revoked": sign(assertion("signed-revoked", "rust", RECIPIENT, "2025-03-02T09:00:00Z", verification=signed_v)),
}
good = signed["signed-valid"].split(".")
forged = json.loads(base64.urlsafe_b64decode(good[1] + "=="))
forged["issuedOn"] = "2019-03-02T09:00:00Z"  # backdated after signing
signed["signed-tampered"] = f"{good[0]}.{b64(json.dumps(forged, separators=(',', ':')).encode())}.{good[2]}"
out("revocations.json", json.dumps({"@context": CTX, "type": "RevocationList",
    "id": f"{ORIGIN}/revocations.json", "issuer": f"{ORIGIN}/issuer.json",
    "revokedAssertions": [{"id": f"{ORIGIN}/assertions/signed-revoked.json",
                           "revocationReason": "Awarded by mistake"}]}, indent=1))

def png(rgb):
    """A 96x96 round badge in one colour, as a plain RGBA PNG."""
    size, rows = 96, []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            d = (x - 47.5) ** 2 + (y - 47.5) ** 2
            row += bytes(rgb + (255,)) if d < 44 ** 2 else (bytes((255, 255, 255, 255)) if d < 47 ** 2 else bytes(4))
        rows.append(bytes(row))
    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))

colours = {"rust": (206, 66, 43), "cloud": (43, 122, 206), "security": (46, 160, 90)}
for slug, c in colours.items():
    out(f"images/{slug}.png", png(c))

binary = os.path.join(HERE, "..", "..", "target", "debug", "badgelens")
tmp = os.path.join(HERE, "files", "tmp-payload")
def bake(name, klass, payload):
    with open(tmp, "w") as f:
        f.write(payload)
    subprocess.check_call([binary, "bake", "--image", os.path.join(HERE, "files", "images", f"{klass}.png"),
                           "--assertion", tmp, "-o", os.path.join(HERE, "files", "baked", f"{name}.png")])

os.makedirs(os.path.join(HERE, "files", "baked"), exist_ok=True)
for slug, a in hosted.items():
    klass = a["badge"].rsplit("/", 1)[1][:-5]
    if slug == "tampered":
        a = dict(a, recipient=hashed("mallory@example.com", "demo-tampered"))
    bake(slug, klass, json.dumps(a))
bake("signed-valid", "security", signed["signed-valid"])
bake("signed-revoked", "rust", signed["signed-revoked"])
bake("signed-tampered", "security", signed["signed-tampered"])
os.remove(tmp)

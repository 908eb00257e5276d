"""A loopback issuer for the side-by-side benchmark: serves openbadges-validator-core's
hosted example.org set with https://example.org/ rewritten to this server's origin,
and the Open Badges v2 JSON-LD context at /contexts/openbadges-v2 (the reference
validator fetches contexts; BadgeLens bundles them). Prints the origin, then serves."""
import http.server
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
HOSTED = ROOT / "tests/fixtures/openbadges-validator-core/hosted/example.org"
CONTEXT = ROOT / "native-host/contexts/ob-v2p0.json"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0].lstrip("/")
        if path == "contexts/openbadges-v2":
            body, ctype = CONTEXT.read_bytes(), "application/ld+json"
        else:
            f = HOSTED / path
            if not f.is_file() or ".." in path:
                self.send_response(404)
                self.end_headers()
                return
            body = f.read_bytes()
            ctype = "image/png" if path.endswith(".png") else "application/ld+json"
            if ctype != "image/png":
                body = body.replace(b"https://example.org/", ORIGIN.encode() + b"/")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ORIGIN = "http://127.0.0.1:%d" % server.server_address[1]
print(ORIGIN, flush=True)
server.serve_forever()

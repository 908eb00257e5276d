// A loopback issuer for whole-process benchmarks (compare.sh): serves a
// directory of issuer documents, headers and body in one write as real
// servers send them (Python's http.server writes them apart, which costs a
// delayed-ACK wait per request).
//   node issuer.mjs [--delay MS] [--dir DIR] [--rewrite ORIGIN]
// prints the port on its first line, then serves until killed.
//   --delay MS        hold every answer that long, like a distant issuer (default 0)
//   --dir DIR         what to serve (default: the demo issuer, native-host/demo/files,
//                     which BadgeLens reaches as issuer.badgelens.example pinned here)
//   --rewrite ORIGIN  replace ORIGIN with this server's origin in .json files
//                     (validator-core's hosted example.org badge)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const FILES = path.resolve(arg('--dir', path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'files')));
const delay = Number(arg('--delay', 0));
const rewrite = arg('--rewrite', '');
const cache = new Map();
let origin = '';

const server = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
  const answer = () => {
    if (p === 'assertions/revoked.json') {
      res.writeHead(410, { 'content-type': 'application/json' });
      return res.end('{"revoked": true}');
    }
    const file = path.join(FILES, path.normalize(p));
    if (!file.startsWith(FILES + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    if (!cache.has(file)) {
      let body = fs.readFileSync(file);
      if (rewrite && file.endsWith('.json')) body = Buffer.from(body.toString('utf8').split(rewrite).join(origin));
      cache.set(file, body);
    }
    const body = cache.get(file);
    res.writeHead(200, { 'content-type': file.endsWith('.png') ? 'image/png' : 'application/ld+json', 'content-length': body.length });
    res.end(body);
  };
  if (delay > 0) setTimeout(answer, delay);
  else answer();
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => {
  origin = `http://127.0.0.1:${server.address().port}`;
  console.log(server.address().port);
});

// Builds the store archives from extension/ (no bundler: the files ship as they are).
//   node tools/package.mjs            -> dist/badgelens-chrome-<v>.zip, dist/badgelens-firefox-<v>.zip
//                                        and the unpacked trees dist/chrome/, dist/firefox/
// Chrome Web Store / Edge Add-ons: manifest.json without "key" (the stores
// refuse it and assign their own id). addons.mozilla.org: manifest.firefox.json
// renamed to manifest.json. Only runtime files go in: no tests, tools, docs.
// Archives are reproducible: fixed timestamps, sorted entries.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(EXT, 'dist');
const RUNTIME = [
  'background.js', 'host-port.js', 'help.js', 'validate.js', 'i18n.js', 'sites.js', 'patterns.js', 'detect.js', 'claims.js', 'marker.js', 'content.js', 'report.js',
  'popup.html', 'popup.js', 'options.html', 'options.js', 'ui.css', 'icons', '_locales',
];

function crc32(buf) {
  let crc = ~0;
  for (let i = 0; i < buf.length; i++) {
    crc ^= buf[i];
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A plain zip (deflate, no extras) of { name: Buffer } entries. */
function zip(entries) {
  const DOS_TIME = 0, DOS_DATE = (2026 - 1980) << 9 | 1 << 5 | 1; // 2026-01-01 00:00, fixed for reproducibility
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(8, 8);
    local.writeUInt16LE(DOS_TIME, 10); local.writeUInt16LE(DOS_DATE, 12); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBuf.length, 26); local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10); central.writeUInt16LE(DOS_TIME, 12); central.writeUInt16LE(DOS_DATE, 14); central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(0o100644 << 16 >>> 0, 38); central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function files(rel) {
  const abs = path.join(EXT, rel);
  if (fs.statSync(abs).isDirectory()) return fs.readdirSync(abs).sort().flatMap((n) => files(path.posix.join(rel, n)));
  return [rel];
}

function build(flavour, manifest) {
  const tree = path.join(DIST, flavour);
  fs.rmSync(tree, { recursive: true, force: true });
  const entries = [['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n')]];
  for (const rel of RUNTIME.flatMap(files)) entries.push([rel, fs.readFileSync(path.join(EXT, rel))]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [rel, data] of entries) {
    fs.mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
    fs.writeFileSync(path.join(tree, rel), data);
  }
  const out = path.join(DIST, `badgelens-${flavour}-${manifest.version}.zip`);
  fs.writeFileSync(out, zip(entries));
  return { out, tree, count: entries.length, bytes: fs.statSync(out).size };
}

const chrome = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.json'), 'utf8'));
const firefox = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.firefox.json'), 'utf8'));
if (chrome.version !== firefox.version) throw new Error(`manifest versions differ: ${chrome.version} vs ${firefox.version}`);
for (const js of RUNTIME.filter((f) => f.endsWith('.js'))) {
  const src = fs.readFileSync(path.join(EXT, js), 'utf8');
  // No remote code: nothing may load scripts from the network or evaluate strings.
  if (/\beval\s*\(|new Function\s*\(|importScripts\s*\(\s*['"]https?:/.test(src)) throw new Error(`${js}: remote or evaluated code`);
}
fs.mkdirSync(DIST, { recursive: true });
const { key: _devKey, ...store } = chrome;
for (const [flavour, manifest] of [['chrome', store], ['firefox', firefox]]) {
  const r = build(flavour, manifest);
  console.log(`${path.relative(EXT, r.out)}: ${r.count} files, ${r.bytes} bytes (unpacked: ${path.relative(EXT, r.tree)}/)`);
}

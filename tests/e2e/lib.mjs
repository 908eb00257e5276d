// Harness for the end-to-end tests: the extension under test, the real host
// registered in a throw-away Chromium profile, a local issuer and imitation
// sites served from 127.0.0.1 only, Chromium launch, and a tiny test runner
// whose last line is "N passed, M failed".
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const EXT_SRC = path.join(REPO, 'extension');
export const OUT = path.join(HERE, 'out');
export const HOST_NAME = 'org.badgelens.host';
export const HOST_BIN = path.resolve(process.env.BADGELENS_BIN || path.join(REPO, 'target', 'debug', 'badgelens'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Chromium's id for an extension with this manifest `key`. */
export function extensionIdFromKey(b64) {
  const hex = crypto.createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

const made = [];
/** Ends the run as a failure when the host binary is missing (cargo build first). */
export function requireHostBin() {
  if (fs.existsSync(HOST_BIN)) return;
  console.log(`FAIL  the host binary is missing: ${HOST_BIN} (cargo build first)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** A temporary folder, removed when the process exits (set E2E_KEEP=1 to keep them for debugging). */
export function tmpDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `badgelens-e2e-${prefix}-`));
  made.push(dir);
  return dir;
}
process.on('exit', () => {
  if (process.env.E2E_KEEP === '1') return;
  for (const dir of made) {
    try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* a browser may still hold a file: leave it */ }
  }
});

/**
 * The extension as the tests load it: a copy of extension/ whose manifest
 * also allows http://127.0.0.1/*. A real right-click grants that through
 * `activeTab`; a context-menu click dispatched by a test does not, so this
 * one extra host permission stands in for it. Everything else (the key, so
 * the id; content scripts; code) is the extension as shipped.
 */
export function extensionUnderTest({ firefox = false, asShipped = false, menuHook = false, openShadow = !asShipped } = {}) {
  const dir = tmpDir(firefox ? 'ext-firefox' : 'ext');
  for (const name of fs.readdirSync(EXT_SRC)) {
    if (['node_modules', 'test', 'tools', 'docs', 'dist', 'package.json', 'package-lock.json', 'README.md'].includes(name) || name.endsWith('.sh')) continue;
    fs.cpSync(path.join(EXT_SRC, name), path.join(dir, name), { recursive: true });
  }
  // Firefox: manifest.firefox.json becomes manifest.json, as the packaging step does.
  if (firefox) fs.renameSync(path.join(dir, 'manifest.firefox.json'), path.join(dir, 'manifest.json'));
  else fs.rmSync(path.join(dir, 'manifest.firefox.json'));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  if (!asShipped) manifest.host_permissions = [...manifest.host_permissions, 'http://127.0.0.1/*'];
  if (menuHook) addMenuHook(dir, manifest);
  if (openShadow) openMarkerShadow(dir);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { dir, id: firefox ? manifest.browser_specific_settings.gecko.id : extensionIdFromKey(manifest.key), manifest };
}

/**
 * Test-only, in the copy only (never in extension/): Firefox has no
 * `contextMenus.onClicked.dispatch`, so the copy's background first loads
 * test-menu-capture.js, which records the listeners background.js gives
 * `contextMenus.onClicked`, and then answers `test:menu` messages from the
 * extension's own test page (moz-extension://<pinned uuid>/test-menu.html)
 * by calling those very listeners with the click data, as a real click does.
 */
function addMenuHook(dir, manifest) {
  fs.writeFileSync(path.join(dir, 'test-menu-capture.js'), `// TEST ONLY (written by tests/e2e/lib.mjs into a copy of the extension).
const api = globalThis.browser ?? globalThis.chrome;
export const listeners = [];
const event = api.contextMenus.onClicked;
const add = event.addListener.bind(event);
event.addListener = (fn) => { listeners.push(fn); return add(fn); };
`);
  fs.writeFileSync(path.join(dir, 'test-background.js'), `// TEST ONLY (written by tests/e2e/lib.mjs into a copy of the extension).
import { listeners } from './test-menu-capture.js';
import './background.js';
const api = globalThis.browser ?? globalThis.chrome;
api.runtime.onMessage.addListener((msg, sender) => {
  if (msg?.type !== 'test:menu' || sender.id !== api.runtime.id || !String(sender.url).startsWith(api.runtime.getURL(''))) return undefined;
  return (async () => {
    const tabs = await api.tabs.query({});
    const tab = tabs.find((x) => x.url === msg.tabUrl);
    if (!tab) return { error: 'no tab with ' + msg.tabUrl + ' among ' + tabs.map((x) => x.url).join(' ') };
    await api.tabs.update(tab.id, { active: true });
    for (const fn of listeners) fn({ editable: false, frameId: 0, ...msg.info }, tab);
    return { listeners: listeners.length, tabId: tab.id };
  })();
});
// WebDriver BiDi may not navigate to moz-extension:// pages: the copy opens its test page itself.
api.tabs.create({ url: api.runtime.getURL('test-menu.html'), active: false });
`);
  fs.writeFileSync(path.join(dir, 'test-menu.html'), '<!doctype html><meta charset="utf-8"><title>BadgeLens test page</title><p>test only</p>\n');
  if (manifest.background.scripts) manifest.background.scripts = ['test-background.js'];
  else manifest.background.service_worker = 'test-background.js';
}

/**
 * Test-only, in the copy only (never in extension/): the shipped marker's
 * shadow root is closed, so page scripts (and Playwright's locators) cannot
 * look inside. The copy opens it, so tests can read and click the card. The
 * shipped mode is checked by extension/test/marker.test.mjs and, in a real
 * browser, by e2e.mjs ("the shipped marker's shadow root is closed").
 */
export const SHIPPED_SHADOW = "attachShadow({ mode: 'closed' })";
function openMarkerShadow(dir) {
  const file = path.join(dir, 'marker.js');
  const src = fs.readFileSync(file, 'utf8');
  if (src.split(SHIPPED_SHADOW).length !== 2) throw new Error('marker.js: the closed attachShadow call the harness opens is not there exactly once');
  fs.writeFileSync(file, src.replace(SHIPPED_SHADOW, "attachShadow({ mode: 'open' }) /* TEST ONLY: opened by tests/e2e/lib.mjs */"));
}

/**
 * Registers the real host for a Chromium profile the way a user would:
 * `badgelens install --browser chromium --user-data-dir DIR`.
 */
export function registerHost(userDataDir, extensionId) {
  const file = path.join(userDataDir, 'NativeMessagingHosts', `${HOST_NAME}.json`);
  const r = spawnSync(HOST_BIN, ['install', '--browser', 'chromium', '--user-data-dir', userDataDir, '--extension-id', extensionId], { encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(file)) throw new Error(`badgelens install failed (${r.status}): ${r.stderr}`);
  return { via: 'badgelens install', file };
}

/**
 * A test CA and a certificate it signs for the imitated sites. Chromium runs
 * with --ignore-certificate-errors; the host trusts the CA through its
 * config's `network.extra_roots` (for the https issuer with a domain).
 */
export function testCertificate(names) {
  const dir = tmpDir('tls');
  const f = (n) => path.join(dir, n);
  const run = (args) => {
    const r = spawnSync('openssl', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=badgelens-e2e-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('key.pem'), '-out', f('leaf.csr'), '-subj', '/CN=badgelens-e2e']);
  fs.writeFileSync(f('leaf.ext'), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`);
  run(['x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('cert.pem'), '-days', '2', '-extfile', f('leaf.ext')]);
  return { key: fs.readFileSync(f('key.pem')), cert: Buffer.concat([fs.readFileSync(f('cert.pem')), fs.readFileSync(f('ca.pem'))]), caFile: f('ca.pem') };
}

/** Chromium flags: imitated site names go to the local HTTPS server, every other name to nowhere. */
export function chromiumArgs(extDir, httpsPort, siteNames) {
  const maps = siteNames.map((n) => `MAP ${n} 127.0.0.1:${httpsPort}`).join(', ');
  return [
    `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`,
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--ignore-certificate-errors',
    `--host-resolver-rules=${maps}, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
  ];
}

/** A tiny runner: ok/FAIL/SKIP lines, and "N passed, M failed" as the last line. */
export function runner() {
  const results = [];
  const r = {
    async test(name, fn) {
      const t0 = performance.now();
      try {
        await fn();
        results.push({ name, ok: true });
        console.log(`ok    ${name}  (${Math.round(performance.now() - t0)} ms)`);
      } catch (e) {
        results.push({ name, ok: false });
        console.log(`FAIL  ${name}\n      ${String(e?.stack || e).split('\n').slice(0, 6).join('\n      ')}`);
      }
    },
    skip(name, why) {
      results.push({ name, skipped: true });
      console.log(`SKIP  ${name}: ${why}`);
    },
    finish() {
      const passed = results.filter((x) => x.ok).length;
      const failed = results.filter((x) => !x.ok && !x.skipped).length;
      const skipped = results.filter((x) => x.skipped).length;
      if (skipped) console.log(`${skipped} skipped`);
      console.log(`${passed} passed, ${failed} failed`);
      return failed === 0 && passed > 0;
    },
  };
  return r;
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `n=${s.length} median=${q(0.5).toFixed(1)} ms p95=${q(0.95).toFixed(1)} ms max=${s.at(-1).toFixed(1)} ms`;
};

/**
 * Registers the host for Firefox with `badgelens install --browser firefox`
 * in a throw-away `home` (Firefox reads host manifests from the user's home,
 * never the profile, so the test gives Firefox and the installer its own HOME).
 */
export function registerHostFirefox(home, addonId) {
  const file = path.join(home, '.mozilla', 'native-messaging-hosts', `${HOST_NAME}.json`);
  const r = spawnSync(HOST_BIN, ['install', '--browser', 'firefox', '--extension-id', addonId], { encoding: 'utf8', env: { ...process.env, HOME: home } });
  if (r.status !== 0 || !fs.existsSync(file)) throw new Error(`badgelens install --browser firefox failed (${r.status}): ${r.stderr}`);
  return { via: 'badgelens install', file };
}

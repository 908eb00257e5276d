// The manifests: only keys and permissions the browsers know (an unknown one
// is a load warning), the same permissions and matches in both, every file
// they name present, and the pinned key giving the development id.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EXT, detect } from './dom.mjs';
import { MATCHES } from '../tools/sync-manifests.mjs';

const { SITES } = globalThis.BadgeLens;
const { siteOf } = detect;

const chrome = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.json'), 'utf8'));
const firefox = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.firefox.json'), 'utf8'));
const MV3_KEYS = new Set(['manifest_version', 'name', 'version', 'default_locale', 'description', 'key', 'minimum_chrome_version', 'icons', 'background',
  'permissions', 'host_permissions', 'optional_permissions', 'optional_host_permissions', 'content_scripts', 'action', 'options_ui',
  'web_accessible_resources', 'browser_specific_settings', 'content_security_policy']);
const PERMISSIONS = new Set(['nativeMessaging', 'storage', 'contextMenus', 'activeTab', 'scripting']);

test('Chrome manifest: MV3 service worker module, known keys and permissions only, the development key', () => {
  assert.equal(chrome.manifest_version, 3);
  assert.deepEqual(chrome.background, { service_worker: 'background.js', type: 'module' });
  for (const k of Object.keys(chrome)) assert.ok(MV3_KEYS.has(k) && k !== 'browser_specific_settings', `unknown or foreign key ${k}`);
  for (const p of chrome.permissions) assert.ok(PERMISSIONS.has(p), `permission ${p}`);
  const hex = crypto.createHash('sha256').update(Buffer.from(chrome.key, 'base64')).digest('hex').slice(0, 32);
  assert.equal([...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join(''), 'peadbbggjabpafmgipjcgfolomncnjml');
});

test('Firefox manifest: background scripts, gecko id, no key; same permissions, hosts and scripts as Chrome', () => {
  assert.deepEqual(firefox.background, { scripts: ['background.js'], type: 'module' });
  assert.equal(firefox.browser_specific_settings.gecko.id, 'badgelens@badgelens.org');
  assert.equal(firefox.key, undefined);
  for (const k of Object.keys(firefox)) assert.ok(MV3_KEYS.has(k) && k !== 'key' && k !== 'minimum_chrome_version', `key ${k}`);
  for (const k of ['version', 'name', 'description', 'default_locale', 'permissions', 'host_permissions', 'content_scripts', 'action', 'options_ui', 'icons']) {
    assert.deepEqual(firefox[k], chrome[k], k);
  }
});

test('the manifests run the content scripts exactly on the sites of sites.js (tools/sync-manifests.mjs writes them)', () => {
  for (const m of [chrome, firefox]) {
    assert.deepEqual(m.host_permissions, MATCHES, 'run: node tools/sync-manifests.mjs');
    assert.deepEqual(m.content_scripts.flatMap((c) => c.matches), MATCHES, 'run: node tools/sync-manifests.mjs');
  }
  // Every automatic match lies within its site's hosts, so the site's rules apply where the scripts run.
  for (const s of SITES) {
    for (const p of s.matches) assert.equal(siteOf(new URL(p.replace('*', '')).hostname), s.id, p);
  }
});

test('least privilege: host access exactly where content scripts run automatically; no broad patterns', () => {
  const matches = chrome.content_scripts.flatMap((c) => c.matches);
  assert.deepEqual([...chrome.host_permissions].sort(), [...new Set(matches)].sort());
  for (const h of chrome.host_permissions) assert.match(h, /^https:\/\/[a-z0-9.-]+\/\*$/, `host permission ${h}`);
  assert.ok(!chrome.host_permissions.some((h) => h.includes('*.') || h.includes('<all_urls>')));
});

test('every file a manifest names exists; the content scripts are the list background.js injects', async () => {
  const named = [chrome.background.service_worker, ...chrome.content_scripts.flatMap((c) => c.js), chrome.action.default_popup,
    chrome.options_ui.page, ...Object.values(chrome.icons), ...Object.values(chrome.action.default_icon)];
  for (const f of named) assert.ok(fs.existsSync(path.join(EXT, f)), f);
  const bg = fs.readFileSync(path.join(EXT, 'background.js'), 'utf8');
  const injected = JSON.parse(/CONTENT_FILES = (\[[^\]]*\])/.exec(bg)[1].replace(/'/g, '"'));
  assert.deepEqual(injected, chrome.content_scripts[0].js);
});

test('no remote code: no script loads from the network or evaluates strings', () => {
  for (const f of fs.readdirSync(EXT).filter((n) => n.endsWith('.js') || n.endsWith('.html'))) {
    const src = fs.readFileSync(path.join(EXT, f), 'utf8');
    assert.ok(!/\beval\s*\(|new Function\s*\(/.test(src), `${f}: eval`);
    assert.ok(!/<script[^>]+src=["']https?:/i.test(src), `${f}: remote script`);
    assert.ok(!/import\s*\(?\s*['"]https?:/.test(src), `${f}: remote import`);
  }
});

test('the store packages hold every file the extension loads (imports, content scripts, pages)', () => {
  const src = fs.readFileSync(path.join(EXT, 'tools', 'package.mjs'), 'utf8');
  const runtime = new Set([...src.match(/const RUNTIME = \[([^\]]*)\]/)[1].matchAll(/'([^']+)'/g)].map((m) => m[1]));
  const needed = new Set(['background.js', ...chrome.content_scripts.flatMap((c) => c.js), 'popup.html', 'options.html']);
  for (const page of ['popup.html', 'options.html']) {
    for (const m of fs.readFileSync(path.join(EXT, page), 'utf8').matchAll(/(?:src|href)="([^":]+\.(?:js|css))"/g)) needed.add(m[1]);
  }
  const queue = [...needed].filter((f) => f.endsWith('.js'));
  while (queue.length) {
    const f = queue.shift();
    for (const m of fs.readFileSync(path.join(EXT, f), 'utf8').matchAll(/^import\s+(?:[^'"]*from\s+)?'\.\/([^']+)'/gm)) {
      if (!needed.has(m[1])) { needed.add(m[1]); queue.push(m[1]); }
    }
  }
  for (const f of needed) assert.ok(runtime.has(f), `${f} is loaded but not packaged`);
  assert.ok(needed.has('validate.js'), 'the walk found the background\'s imports');
});

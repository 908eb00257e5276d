// Hostile input: badge data with markup and script in every field the card
// and the popup show; messages the background must refuse; image fetches
// the content script must not make; no way in for web pages.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { marker, detect, load, EXT } from './dom.mjs';
import { item } from '../popup.js';
import {
  senderKind, checkMessage, checkSource, isHttpUrl, MAX_IMAGE_BASE64, MAX_URL, MAX_ASSERTION,
} from '../validate.js';

/** One payload per field, each distinct, so the test can find each one in the output. */
const P = (field) => `<img src=x onerror="window.__pwned='${field}'"><script>window.__pwned='${field}'</script>`;
/** Shorter, for fields the card cuts at 100 characters. */
const S = (field) => `<svg onload="window.__pwned='${field}'">`;
const JS = (field) => `javascript:window.__pwned='${field}'`;

function hostileResult(verdict) {
  return {
    type: 'result', verdict, summary: P('summary'),
    badge: {
      format: 'ob2', verification: 'hosted', name: P('name'), description: P('description'),
      image: JS('image'), criteria_url: JS('criteria'),
      issuer: { id: 'https://issuer.example/i', name: P('issuer.name'), url: JS('issuer.url'), email: `${P('issuer.email')}@x.example` },
      assertion_id: 'https://issuer.example/a/1', issued_on: P('issued_on'), expires: P('expires'),
      recipient: { type: 'email', hashed: false, plaintext: P('recipient.plaintext'), name: S('recipient.name'), matched: false },
      evidence: [{ id: JS('evidence.id'), narrative: P('evidence.narrative') }, JS('evidence.string'), { id: 'https://ok.example/e', name: P('evidence.name') }],
      revocation_reason: P('revocation_reason'),
    },
    checks: [{ check: P('check.name'), status: P('check.status'), message: P('check.message') }, { check: 'signature', status: 'fail', message: P('check.message2') }],
  };
}

const FIELDS = ['summary', 'name', 'description', 'issuer.name', 'recipient.plaintext', 'evidence.narrative', 'evidence.name',
  'revocation_reason', 'check.message', 'check.message2'];

function renderCard(state) {
  const doc = load('<html><body><p><img id="b" src="b.png"></p></body></html>');
  const m = marker.create(doc, { verdict: 'pending', source: 'x', placement: 'after' });
  doc.getElementById('b').after(m);
  marker.update(m, state);
  // Open the card: the picture, if any, gets its src only now.
  marker.shadowOf(m).querySelector('.pill').dispatchEvent(new doc.defaultView.Event('click'));
  return { doc, m, shadow: marker.shadowOf(m) };
}

function assertInert(shadow, doc) {
  const tags = new Set([...shadow.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()));
  for (const bad of ['script', 'iframe', 'svg', 'object', 'embed', 'b']) assert.ok(!tags.has(bad), `no <${bad}> from badge data`);
  for (const img of shadow.querySelectorAll('img')) {
    for (const attr of ['src', 'data-src']) {
      const v = img.getAttribute(attr);
      if (v !== null) assert.match(v, /^(https?:|data:image\/)/, `image ${attr} ${v}`);
    }
  }
  for (const a of shadow.querySelectorAll('a')) assert.match(a.getAttribute('href'), /^(https?|mailto):/, `link ${a.getAttribute('href')}`);
  for (const e of shadow.querySelectorAll('*')) {
    for (const attr of e.getAttributeNames()) assert.ok(!/^on/i.test(attr), `event handler attribute ${attr} on <${e.tagName}>`);
  }
  assert.equal(doc.querySelectorAll('img').length, 1, 'nothing leaked into the page');
  assert.equal(doc.querySelectorAll('script').length, 0);
}

for (const verdict of ['verified', 'unverifiable', 'revoked', 'invalid']) {
  test(`card (${verdict}): markup and script in every field show as text; javascript: URLs never become links or images`, () => {
    const { doc, m, shadow } = renderCard({ verdict, source: P('source'), result: hostileResult(verdict), at: '2026-11-25T12:00:00Z', stated: { issuer: P('mismatch'), title: P('title'), owner: P('owner') }, siteName: 'LinkedIn', sender: P('sender') });
    const text = shadow.querySelector('.card').textContent;
    for (const f of FIELDS) assert.ok(text.includes(P(f)), `field ${f} shows literally`);
    assert.ok(text.includes(S('recipient.name')), 'recipient.name shows literally');
    assert.ok(text.includes(P('issued_on').slice(0, 38)), 'a date that is not a date shows as (cut) text');
    assert.ok(text.includes(P('source')) && text.includes(P('mismatch')), 'source and mismatch literal');
    // javascript: criteria/evidence URLs appear as text, not as links.
    assert.ok(text.includes(JS('criteria')), 'criteria URL as text');
    assert.ok(text.includes(JS('evidence.string')), 'evidence URL as text');
    assertInert(shadow, doc);
    const hrefs = [...shadow.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    assert.ok(hrefs.includes('https://ok.example/e'), 'an http(s) evidence URL is a link');
    assert.ok(!hrefs.some((h) => /javascript/i.test(h)));
    assert.equal(shadow.querySelectorAll('img').length, 0, 'javascript: image dropped');
    assert.ok(shadow.querySelector('.pill').getAttribute('aria-label').includes(P('name')));
    // The page's own claims come back only as text too: in the card and in the marker's attributes.
    assert.ok(text.includes(P('title')) && text.includes(P('owner').slice(0, 70)), 'stated title and owner literal');
    assert.equal(m.getAttribute('issuer-mismatch'), P('mismatch'));
    assert.ok(shadow.querySelector('.label').textContent.includes(P('mismatch')));
  });
}

test('card: http(s) criteria becomes a link; issuer contact (unverifiable) only for http(s) and a plain e-mail', () => {
  const r = hostileResult('unverifiable');
  r.badge.criteria_url = 'https://issuer.example/criteria';
  r.badge.issuer.url = 'https://issuer.example/';
  r.badge.issuer.email = 'badges@issuer.example';
  r.badge.image = 'data:text/html;base64,PHNjcmlwdD4=';
  const { doc, shadow } = renderCard({ verdict: 'unverifiable', source: 's', result: r });
  const hrefs = [...shadow.querySelectorAll('a')].map((a) => a.getAttribute('href'));
  for (const h of ['https://issuer.example/criteria', 'https://issuer.example/', 'mailto:badges@issuer.example']) assert.ok(hrefs.includes(h), h);
  assert.equal(shadow.querySelectorAll('img').length, 0, 'a data: URL that is not an image is never an image source');
  assertInert(shadow, doc);
  // An address with markup in it is not offered as mailto.
  const r2 = hostileResult('unverifiable');
  const { shadow: s2 } = renderCard({ verdict: 'unverifiable', source: 's', result: r2 });
  assert.ok(![...s2.querySelectorAll('a')].some((a) => a.getAttribute('href').startsWith('mailto:')));
});

test('popup row: name, issuer, mismatch, summary and source with markup show as text', () => {
  const doc = load('<html><body><ul id="list"></ul></body></html>');
  const entry = { source: P('source'), verdict: '<b>verified</b>', look: '<b>verified</b>', name: P('name'), issuer: P('issuer'), summary: P('summary'), notes: [{ kind: 'issuer', mismatch: true, text: P('mismatch') }] };
  const li = item(entry, doc);
  doc.getElementById('list').append(li);
  for (const f of ['name', 'issuer', 'summary', 'mismatch']) assert.ok(li.textContent.includes(P(f)), f);
  assert.equal(li.querySelectorAll('*').length, 3, 'only the row\'s own three elements');
  assert.equal(li.querySelector('.verdict').textContent, 'Problem', 'an unknown verdict is never shown as verified');
  assert.equal(li.className, 'v-error');
  const noName = item({ ...entry, name: null }, doc);
  assert.ok(noName.textContent.includes(P('source')));
  assert.equal(noName.querySelectorAll('script, img, b').length, 0);
});

// --- the background's message checks ---
const SELF = { id: 'peadbbggjabpafmgipjcgfolomncnjml', origin: 'chrome-extension://peadbbggjabpafmgipjcgfolomncnjml/' };
const CONTENT = { id: SELF.id, tab: { id: 7 }, frameId: 0, url: 'https://www.linkedin.com/in/x/', origin: 'https://www.linkedin.com' };

test('sender: own content script in a tab and frame, or own page; everything else refused', () => {
  assert.equal(senderKind(CONTENT, SELF), 'content');
  assert.equal(senderKind({ ...CONTENT, frameId: 3 }, SELF), 'content');
  assert.equal(senderKind({ id: SELF.id, url: `${SELF.origin}popup.html` }, SELF), 'page');
  assert.equal(senderKind({ id: SELF.id, url: `${SELF.origin}options.html`, tab: { id: 3 }, frameId: 0 }, SELF), 'page');
  assert.equal(senderKind({ ...CONTENT, id: 'another-extension' }, SELF), null, 'another extension');
  assert.equal(senderKind({ ...CONTENT, id: undefined }, SELF), null, 'a web page (no id)');
  assert.equal(senderKind({ id: SELF.id, url: 'https://evil.example/' }, SELF), null, 'no tab, not our page');
  assert.equal(senderKind({ ...CONTENT, tab: undefined }, SELF), null, 'no tab');
  assert.equal(senderKind({ ...CONTENT, tab: { id: -1 } }, SELF), null, 'tab id -1 (not a tab)');
  assert.equal(senderKind({ ...CONTENT, frameId: undefined }, SELF), null, 'no frame');
  assert.equal(senderKind({ ...CONTENT, url: 'chrome-extension://other/x.html', tab: undefined }, SELF), null);
  assert.equal(senderKind(null, SELF), null);
  assert.equal(senderKind(CONTENT, { id: '', origin: '' }), null);
});

test('messages: known types only, from the right sender, no unknown fields', () => {
  assert.deepEqual(checkMessage({ type: 'bl:hello' }, 'content'), { ok: true, msg: { type: 'bl:hello' } });
  assert.equal(checkMessage({ type: 'bl:status' }, 'page').ok, true);
  assert.equal(checkMessage({ type: 'bl:clear-cache' }, 'page').ok, true);
  for (const [msg, kind] of [
    [{ type: 'bl:clear-cache' }, 'content'], [{ type: 'bl:status' }, 'content'],
    [{ type: 'bl:hello', extra: 1 }, 'content'], [{ type: 'bl:verify' }, 'content'],
  ]) {
    const r = checkMessage(msg, kind);
    assert.equal(r.ok, false, JSON.stringify(msg));
    assert.equal(r.known, true, 'answered with an error');
  }
  for (const msg of [null, 'bl:hello', [], {}, { type: 1 }, { type: 'bl:menu' }, { type: 'verify' }, { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' }]) {
    const r = checkMessage(msg, 'content');
    assert.equal(r.ok, false, JSON.stringify(msg));
    assert.equal(r.known, false, 'not ours: no answer');
  }
});

test('bl:verify: every source kind, wrong types, other schemes, oversized data', () => {
  const ok = (source, kind = 'content', extra = {}) => checkMessage({ type: 'bl:verify', source, ...extra }, kind);
  assert.deepEqual(ok({ page_url: 'https://www.credly.com/badges/1' }).msg,
    { type: 'bl:verify', source: { page_url: 'https://www.credly.com/badges/1' }, options: {}, explicit: false });
  assert.equal(ok({ image_url: 'http://127.0.0.1:8/b.png' }).ok, true);
  assert.equal(ok({ image: { data: 'iVBORw0KGgo=', mime: 'image/png', url: 'https://x.example/b.png' } }).ok, true);
  assert.equal(ok({ image: { data: '', mime: undefined, url: undefined } }).ok, true, 'empty bytes (not_a_badge), undefined members as Firefox sends them');
  const r = ok({ page_url: 'https://x.example/b' }, 'content', { options: { recipient: ['a@b.example'] }, markerSource: 'https://x.example/b', explicit: true });
  assert.deepEqual(r.msg.options, { recipient: ['a@b.example'] });
  assert.equal(r.msg.explicit, true);
  assert.equal('markerSource' in r.msg, false, 'the marker source stays in the content script');

  const refused = [
    [{ page_url: 'file:///etc/passwd' }], [{ page_url: 'chrome://settings/' }], [{ page_url: 'javascript:alert(1)' }],
    [{ image_url: 'data:image/png;base64,iVBORw0KGgo=' }], [{ image_url: 'blob:https://x.example/1' }], [{ image_url: 'ftp://x.example/b.png' }],
    [{ page_url: 'https://user:pw@x.example/b' }], [{ page_url: '/relative' }], [{ page_url: 'https://x.example/' + 'a'.repeat(MAX_URL) }],
    [{ page_url: 42 }], [{ page_url: ['https://x.example/'] }], [{ image_url: { href: 'https://x.example/' } }],
    [{ page_url: 'https://x.example/', image_url: 'https://x.example/b.png' }], [{}], [null], ['https://x.example/'], [{ other: 'x' }],
    [{ image: 'iVBORw0KGgo=' }], [{ image: { data: 'not base64!' } }], [{ image: { data: 'abc' } }], [{ image: { data: 12 } }],
    [{ image: { data: 'A'.repeat(MAX_IMAGE_BASE64 + 4) } }],
    [{ image: { data: 'AAAA', url: 'data:image/png;base64,AAAA' } }], [{ image: { data: 'AAAA', url: 'file:///x.png' } }],
    [{ image: { data: 'AAAA', mime: 'image/png"><script>' } }], [{ image: { data: 'AAAA', mime: 5 } }], [{ image: { data: 'AAAA', extra: 1 } }],
    [{ assertion: '{"type":"Assertion"}' }], // from a content script: refused
    [{ page_url: 'https://x.example/' }, { options: { recipient: 'a@b' } }], [{ page_url: 'https://x.example/' }, { options: { recipient: [1] } }],
    [{ page_url: 'https://x.example/' }, { options: { recipient: Array(21).fill('a@b') } }],
    [{ page_url: 'https://x.example/' }, { options: { recipient: ['x'.repeat(400)] } }],
    [{ page_url: 'https://x.example/' }, { options: { cache: 'refresh' } }], [{ page_url: 'https://x.example/' }, { options: { now: '2099-01-01T00:00:00Z' } }],
    [{ page_url: 'https://x.example/' }, { options: [] }], [{ page_url: 'https://x.example/' }, { explicit: 'yes' }],
    [{ page_url: 'https://x.example/' }, { markerSource: 'x'.repeat(3000) }], [{ page_url: 'https://x.example/' }, { id: 'r1' }],
  ];
  for (const [source, extra = {}] of refused) {
    const res = ok(source, 'content', extra);
    assert.equal(res.ok, false, `refused: ${JSON.stringify(source).slice(0, 80)} ${JSON.stringify(extra).slice(0, 60)}`);
    assert.equal(res.known, true);
  }
  // Pasted text only from the extension's own pages, and bounded.
  assert.equal(checkSource({ assertion: '{"type":"Assertion"}' }, 'page').ok, true);
  assert.equal(checkSource({ assertion: 'x'.repeat(MAX_ASSERTION + 1) }, 'page').ok, false);
  assert.equal(checkSource({ assertion: '' }, 'page').ok, false);
  // The largest allowed image passes.
  assert.equal(checkSource({ image: { data: 'A'.repeat(MAX_IMAGE_BASE64) } }, 'content').ok, true);
});

test('isHttpUrl', () => {
  for (const u of ['https://a.example/', 'http://127.0.0.1:9/x', 'https://[::1]/']) assert.equal(isHttpUrl(u), true, u);
  for (const u of ['', 'https://', 'file:///x', 'HTTPS', 'javascript:1', 'data:,x', 'about:blank', 'chrome-extension://x/y', 'moz-extension://x/y', 'https://u@a.example/']) assert.equal(isHttpUrl(u), false, u);
});

test('image fetches by the content script: http(s) or data:image only; private addresses only from their own origin', () => {
  const page = 'https://www.linkedin.com/in/x/';
  const allowed = detect.imageFetchAllowed;
  assert.equal(allowed('https://media.licdn.com/b.png', page), true);
  assert.equal(allowed('data:image/png;base64,iVBORw0KGgo=', page), true);
  for (const u of ['file:///etc/passwd', 'chrome://favicon/x', 'chrome-extension://x/i.png', 'blob:https://www.linkedin.com/1', 'javascript:1', 'ftp://x/b.png',
    'data:text/html,<script>1</script>', 'https://user:pw@x.example/b.png', 'not a url']) assert.equal(allowed(u, page), false, u);
  for (const u of ['http://127.0.0.1/b.png', 'http://localhost:8080/b.png', 'http://10.0.0.1/b.png', 'http://192.168.1.1/b.png', 'http://172.16.0.1/b.png',
    'http://169.254.169.254/latest/meta-data', 'http://[::1]/b.png', 'http://[fd00::1]/b.png', 'http://[fe80::1]/b.png', 'http://[::ffff:127.0.0.1]/b.png',
    'http://2130706433/b.png', 'http://0x7f.1/b.png', 'http://0.0.0.0/b.png', 'http://100.64.0.1/b.png']) assert.equal(allowed(u, page), false, u);
  assert.equal(allowed('http://127.0.0.1:5000/images/b.png', 'http://127.0.0.1:5000/plain.html'), true, 'same origin as the page');
  assert.equal(allowed('http://127.0.0.1:5001/images/b.png', 'http://127.0.0.1:5000/plain.html'), false, 'another port is another origin');
  assert.equal(detect.isPrivateHost('8.8.8.8'), false);
  assert.equal(detect.isPrivateHost('172.32.0.1'), false);
});

test('no way in for web pages: no externally_connectable, no external listeners, no web-accessible resources', () => {
  for (const f of ['manifest.json', 'manifest.firefox.json']) {
    const m = JSON.parse(fs.readFileSync(path.join(EXT, f), 'utf8'));
    assert.equal(m.externally_connectable, undefined, `${f}: externally_connectable`);
    assert.equal(m.web_accessible_resources, undefined, `${f}: web_accessible_resources`);
  }
  for (const f of fs.readdirSync(EXT).filter((n) => n.endsWith('.js'))) {
    const src = fs.readFileSync(path.join(EXT, f), 'utf8');
    assert.ok(!/onMessageExternal|onConnectExternal|addEventListener\(\s*['"]message['"]/.test(src), `${f} listens to outside messages`);
    assert.ok(!/\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function/.test(src), `${f} parses strings as markup or code`);
  }
});

test('the shipped extension holds no test hook (the e2e harness adds its own to a copy)', () => {
  const files = fs.readdirSync(EXT).filter((n) => /\.(js|html|json)$/.test(n) && !n.startsWith('package'));
  assert.ok(files.includes('background.js') && files.includes('validate.js'));
  for (const f of files) {
    assert.ok(!/^test-/.test(f), `test file ${f} in extension/`);
    const src = fs.readFileSync(path.join(EXT, f), 'utf8');
    assert.ok(!/test:menu|test-background|test-menu/.test(src), `${f} mentions a test hook`);
  }
});

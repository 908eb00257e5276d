// The marker and its details card: hostile strings stay text, every verdict
// has its own look and words, and the card explains what was checked.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { marker, load, EXT } from './dom.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';

function hostile() {
  return {
    type: 'result', verdict: 'unverifiable', summary: `Unverifiable: '${HOSTILE}' ${SCRIPT}`,
    badge: {
      format: 'ob2', verification: 'hosted', name: HOSTILE, description: SCRIPT, image: 'javascript:alert(3)',
      issuer: { id: 'https://issuer.example/i', name: `Evil ${SCRIPT}`, url: 'javascript:alert(4)', email: `x@y.z"><svg onload=alert(5)>` },
      assertion_id: 'https://issuer.example/a/1', issued_on: '2026-03-02T00:00:00Z', expires: null,
      recipient: { type: 'email', hashed: false, plaintext: `<b onmouseover=alert(6)>bob</b>@x`, name: null, matched: null },
    },
    checks: [{ check: 'fetch_assertion', status: 'fail', message: `<iframe src="javascript:alert(7)"></iframe>` }],
  };
}

/** A marker showing `state`, its card opened (the card is built when it opens) unless `open` is false. */
function render(state, { open = true } = {}) {
  const doc = load('<html><body><p><img id="b" src="b.png"></p></body></html>');
  const m = marker.create(doc, { verdict: 'pending', source: 'https://x/b', placement: 'after' });
  doc.getElementById('b').after(m);
  marker.update(m, state);
  if (open) marker.shadowOf(m).querySelector('.pill').dispatchEvent(new doc.defaultView.Event('click'));
  return { doc, m, shadow: marker.shadowOf(m) };
}

test('hostile badge strings are shown literally, never parsed as markup', () => {
  const { doc, m, shadow } = render({ verdict: 'unverifiable', source: 'https://x/b', result: hostile(), at: '2026-11-25T12:00:00Z' });
  const text = [...shadow.childNodes].map((n) => n.textContent).join('');
  assert.ok(text.includes(HOSTILE), 'the name shows literally');
  assert.ok(text.includes('Evil <script>alert(2)</script>'));
  assert.ok(text.includes('<iframe src="javascript:alert(7)"></iframe>'));
  assert.ok(text.includes('<b onmouseover=alert(6)>bob</b>@x'));
  // No element came from badge data: only the marker's own tags exist in the shadow root.
  const tags = new Set([...shadow.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()));
  for (const bad of ['script', 'iframe', 'svg', 'b']) assert.ok(!tags.has(bad), `no <${bad}>`);
  assert.equal(shadow.querySelectorAll('img').length, 0, 'a javascript: image URL is dropped');
  for (const a of shadow.querySelectorAll('a')) assert.match(a.getAttribute('href'), /^(https?|mailto):/);
  assert.ok(![...shadow.querySelectorAll('a')].some((a) => a.getAttribute('href').includes('javascript')));
  // Nothing leaked into the page outside the marker.
  assert.equal(doc.querySelectorAll('img').length, 1);
  assert.equal(m.getAttribute('verdict'), 'unverifiable');
  assert.ok(shadow.querySelector('.pill').getAttribute('aria-label').includes(HOSTILE));
});

test('every look has its own label, glyph and shape; unknown verdicts show as error', () => {
  const seen = new Set();
  const looks = ['verified', 'signed-unbound', 'issuer-unknown', 'mismatch', 'expired', 'revoked', 'invalid', 'unverifiable', 'pending', 'error', 'not_a_badge'];
  for (const v of looks) {
    const assessment = { look: v, mismatches: [], notes: [], earner: null, identifiedBy: null };
    const { m, shadow } = render({ verdict: marker.LOOK[v] && !['signed-unbound', 'issuer-unknown', 'mismatch'].includes(v) ? v : 'verified', source: 's', assessment });
    assert.equal(m.getAttribute('look'), v);
    const label = shadow.querySelector('.label').textContent;
    const look = `${label}|${shadow.querySelector('.glyph').textContent}|${shadow.querySelector('.shape').className}`;
    assert.ok(label.length > 0);
    seen.add(look);
    assert.match(shadow.querySelector('.pill').getAttribute('aria-label'), /^BadgeLens: /);
    assert.equal(shadow.querySelector('.pill').getAttribute('role'), 'button');
  }
  assert.equal(seen.size, looks.length, 'no two looks alike');
  const green = Object.entries(marker.LOOK).filter(([, l]) => l.bg === marker.LOOK.verified.bg).map(([k]) => k);
  assert.deepEqual(green, ['verified'], 'only one look is green');
  // Red verdicts differ by shape, not only by text.
  const shape = (v) => marker.LOOK[v].shape;
  assert.notEqual(shape('revoked'), shape('invalid'));
  assert.equal(render({ verdict: 'bogus', source: 's' }).m.getAttribute('verdict'), 'error');
});

test('hosted badge: issuer with domain, "confirmed by <host>\'s server", recipient match, dates, checks', () => {
  const result = {
    verdict: 'verified', summary: "Verified: 'Cloud Practitioner' issued by Example Academy.",
    badge: {
      format: 'ob2', verification: 'hosted', name: 'Cloud Practitioner', image: 'https://issuer.example.org/b.png',
      issuer: { id: 'https://issuer.example.org/issuer', name: 'Example Academy', url: 'https://academy.example.org', email: 'badges@example.org' },
      assertion_id: 'https://issuer.example.org/assertions/1', issued_on: '2026-03-02T00:00:00Z', expires: '2029-03-02T00:00:00Z',
      recipient: { type: 'email', hashed: true, plaintext: null, name: null, matched: true },
    },
    checks: [{ check: 'fetch_assertion', status: 'pass', message: 'the issuer serves it' }, { check: 'expiry', status: 'pass', message: 'not expired' }],
  };
  const model = marker.cardModel({ verdict: 'verified', result, at: 'just now', sender: 'alice@example.com', source: 'https://x' });
  const rows = Object.fromEntries(model.rows);
  // This helper does not say how the issuer is identified: not established, and the self-claimed url is not its domain.
  assert.equal(rows.Issuer, 'Example Academy \u2014 not established by a domain or a registry');
  assert.ok(!JSON.stringify(model).includes('academy.example.org'), 'the issuer\'s own url is never shown as its domain');
  assert.equal(model.look, 'issuer-unknown');
  assert.equal(rows['How it was checked'], "Confirmed by issuer.example.org's server (just now).", 'an unparsable time is shown as given');
  assert.equal(rows.Recipient, 'a hashed e-mail \u2014 matches the sender (alice@example.com)');
  assert.equal(rows.Issued, 'Mar 2, 2026');
  assert.equal(rows.Expires, 'Mar 2, 2029');
  assert.equal(model.checks.length, 2);
  assert.equal(model.checks[0].status, 'pass');
  assert.equal(model.image, 'https://issuer.example.org/b.png');
  assert.deepEqual(model.contact, [], 'contact is only offered when unverifiable');
});

test('the card, and its picture, are built only when the card opens; an open card follows updates', () => {
  const result = { verdict: 'verified', badge: { name: 'B', image: 'https://issuer.example/b.png', issuer: { name: 'I' } }, checks: [] };
  const { doc, m, shadow } = render({ verdict: 'verified', source: 's', result }, { open: false });
  assert.equal(shadow.querySelector('.card').childNodes.length, 0, 'a closed card is empty');
  assert.equal(shadow.querySelector('img'), null, 'no picture requested while the card is closed');
  const Ev = doc.defaultView.Event;
  shadow.querySelector('.pill').dispatchEvent(new Ev('click'));
  assert.equal(shadow.querySelector('.card').hasAttribute('hidden'), false, 'the card opened');
  assert.equal(shadow.querySelector('.card img').getAttribute('src'), 'https://issuer.example/b.png', 'src set on opening');
  assert.ok(shadow.querySelector('.card').textContent.includes('B'));
  marker.update(m, { verdict: 'revoked', source: 's', result: { ...result, verdict: 'revoked', badge: { ...result.badge, name: 'Renamed' } } });
  assert.ok(shadow.querySelector('.card').textContent.includes('Renamed'), 'the open card shows the new state');
  shadow.querySelector('.pill').dispatchEvent(new Ev('click'));
  marker.update(m, { verdict: 'verified', source: 's', result: { ...result, badge: { ...result.badge, name: 'Third' } } });
  assert.equal(shadow.querySelector('.card').childNodes.length, 0, 'a closed card is emptied, not rebuilt');
  shadow.querySelector('.pill').dispatchEvent(new Ev('click'));
  assert.ok(shadow.querySelector('.card').textContent.includes('Third'), 'reopened: the latest state');
});

test('signed badge: "signed by did:web:..."; unverifiable: who to contact', () => {
  const signed = { verdict: 'verified', badge: { format: 'ob3', verification: 'eddsa-rdfc-2022', issuer: { id: 'did:web:issuer.example' } }, checks: [{ check: 'signature', status: 'pass', message: 'ok' }] };
  assert.match(marker.howVerified(signed), /^Signed by did:web:issuer\.example/);
  const unv = { verdict: 'unverifiable', badge: { issuer: { name: 'X', email: 'help@x.example', url: 'https://x.example/contact' } }, checks: [{ check: 'fetch_assertion', status: 'fail', message: 'the assertion URL answered 404' }] };
  const model = marker.cardModel({ verdict: 'unverifiable', result: unv });
  assert.deepEqual(model.contact.map((c) => c.href), ['mailto:help@x.example', 'https://x.example/contact']);
  assert.match(Object.fromEntries(model.rows)['How it was checked'], /404/);
  assert.equal(marker.recipientText({ recipient: { plaintext: 'bob@x', matched: false } }, {}), 'bob@x \u2014 does not match your identities');
});

test('LinkedIn mismatch: attributes and text "LinkedIn says X; the badge was issued by Y"', () => {
  const result = { verdict: 'verified', badge: { name: 'Azure Fundamentals', issuer: { name: 'Badge Mill LLC', identified_by: 'domain', domain: 'badgemill.example' } }, checks: [] };
  const { m, shadow } = render({ verdict: 'verified', source: 's', result, stated: { issuer: 'Microsoft', title: 'Azure Fundamentals' }, siteName: 'LinkedIn' });
  assert.equal(m.getAttribute('issuer-mismatch'), 'Microsoft');
  assert.equal(m.getAttribute('mismatch'), 'issuer');
  assert.equal(m.getAttribute('look'), 'mismatch');
  assert.equal(m.getAttribute('verdict'), 'verified', 'the verdict stays what the host said');
  assert.ok(shadow.querySelector('.label').textContent.includes('LinkedIn says Microsoft; the badge was issued by badgemill.example'));
  assert.ok(shadow.querySelector('.mismatch').textContent.includes('LinkedIn says Microsoft'));
  // Without a mismatch the attributes go away again, and the look is green.
  marker.update(m, { verdict: 'verified', source: 's', result });
  assert.equal(m.hasAttribute('issuer-mismatch'), false);
  assert.equal(m.hasAttribute('mismatch'), false);
  assert.equal(m.getAttribute('look'), 'verified');
  assert.equal(m.getAttribute('issuer-domain'), 'badgemill.example');
});

test('the card leads with the verified domain; the self-chosen name is a claim; a bare key says nothing ties it', () => {
  const domain = { verdict: 'verified', badge: { name: 'Cloud Practitioner', issuer: { id: 'https://badges.example-academy.test/issuer.json', name: 'Example Academy', url: 'https://www.harvard.edu', identified_by: 'domain', domain: 'badges.example-academy.test' } }, checks: [] };
  const d = marker.cardModel({ verdict: 'verified', result: domain });
  assert.equal(Object.fromEntries(d.rows).Issuer, 'badges.example-academy.test \u2014 calls itself \u201cExample Academy\u201d');
  assert.equal(d.heading, 'Verified \u00b7 badges.example-academy.test');
  assert.ok(!JSON.stringify(d).includes('harvard'), 'issuer.url is never shown as a domain');
  const key = { verdict: 'verified', badge: { name: 'Data Science Certificate', issuer: { id: 'did:key:z6MkpHZF', name: 'Harvard University', url: 'https://www.harvard.edu', identified_by: 'key', domain: null } }, checks: [] };
  const { m, shadow } = render({ verdict: 'verified', source: 's', result: key });
  assert.equal(m.getAttribute('look'), 'signed-unbound');
  assert.equal(m.getAttribute('identified-by'), 'key');
  assert.equal(shadow.querySelector('.label').textContent, 'Signed, but nothing ties this key to Harvard University');
  const rows = Object.fromEntries(marker.cardModel({ verdict: 'verified', result: key }).rows);
  assert.equal(rows.Issuer, '\u201cHarvard University\u201d \u2014 signed with a bare key (did:key:z6MkpHZF); nothing ties this key to that name');
  assert.ok(![...shadow.childNodes].map((n) => n.textContent).join('').includes('www.harvard.edu'), 'the self-claimed url appears nowhere');
  // Earner on a profile: a different person, and a hashed e-mail that cannot be compared.
  const sam = { ...domain, badge: { ...domain.badge, recipient: { type: 'email', hashed: true, name: 'Sam Smith', matched: null } } };
  const r2 = render({ verdict: 'verified', source: 's', result: sam, stated: { owner: 'Jane Doe' }, siteName: 'LinkedIn' });
  assert.equal(r2.m.getAttribute('earner'), 'mismatch');
  assert.equal(r2.m.getAttribute('look'), 'mismatch');
  assert.ok(r2.shadow.querySelector('.label').textContent.includes('issued to Sam Smith, not Jane Doe'));
  const hashed = { ...domain, badge: { ...domain.badge, recipient: { type: 'email', hashed: true, name: null, matched: null } } };
  const r3 = render({ verdict: 'verified', source: 's', result: hashed, stated: { owner: 'Jane Doe' }, siteName: 'LinkedIn' });
  assert.equal(r3.m.getAttribute('earner'), 'unknown');
  assert.equal(r3.m.getAttribute('look'), 'verified');
  assert.ok(r3.shadow.querySelector('.card').textContent.includes('issued to a hashed e-mail, which cannot be compared with Jane Doe'));
});

test('the shadow root is closed: the page sees the attributes, not the card', () => {
  const { m, shadow } = render({ verdict: 'verified', source: 's', result: { verdict: 'verified', badge: { name: 'B', issuer: { name: 'I' } }, checks: [] } });
  assert.equal(m.shadowRoot, null, 'element.shadowRoot is null for a closed root');
  assert.ok(shadow.querySelector('.card'), 'the extension keeps its own reference');
  const src = fs.readFileSync(path.join(EXT, 'marker.js'), 'utf8');
  assert.equal((src.match(/attachShadow\(\{ mode: 'closed' \}\)/g) || []).length, 1, 'marker.js ships a closed root');
  assert.ok(!/mode: 'open'/.test(src));
});

test('error marker carries the help text and the exact command', () => {
  const { m, shadow } = render({ verdict: 'error', source: 's', error: { title: 'BadgeLens helper not installed', text: 'Install it.', command: 'badgelens install' } });
  assert.equal(m.getAttribute('verdict'), 'error');
  assert.equal(shadow.querySelector('code').textContent, 'badgelens install');
  assert.match(shadow.querySelector('.pill').getAttribute('aria-label'), /helper not installed/);
});

test('the marker takes no room: zero-size inline host, positioned content', () => {
  const { m } = render({ verdict: 'verified', source: 's' });
  const css = marker.shadowOf(m).querySelector('style').textContent;
  const host = /:host \{([^}]*)\}/.exec(css)[1];
  assert.match(host, /width: 0 !important/);
  assert.match(host, /height: 0 !important/);
  assert.match(host, /position: relative !important/);
  assert.match(css, /\.pill \{ position: absolute;/);
});

test('safeUrl and day', () => {
  assert.equal(marker.safeUrl('javascript:alert(1)'), '');
  assert.equal(marker.safeUrl('data:text/html;base64,PHNjcmlwdD4=', { image: true }), '');
  assert.equal(marker.safeUrl('data:image/png;base64,iVBORw0KGgo=', { image: true }), 'data:image/png;base64,iVBORw0KGgo=');
  assert.equal(marker.safeUrl('mailto:a@b.c'), 'mailto:a@b.c');
  assert.equal(marker.safeUrl('mailto:a@b.c', { image: true }), '');
  assert.equal(marker.day('2026-03-02T10:00:00+02:00'), 'Mar 2, 2026', 'the day as written, in the UI language');
  assert.equal(marker.day('2026-03-02T23:30:00-05:00'), 'Mar 2, 2026', 'not moved to another day by the time zone');
  assert.equal(marker.day(1700000000), 'Nov 14, 2023');
  assert.equal(marker.day('soon'), 'soon');
  const now = Date.parse('2026-11-25T12:00:30Z');
  assert.equal(marker.when('2026-11-25T12:00:00Z', now), 'just now');
  assert.notEqual(marker.when('2026-11-25T10:00:00Z', now), 'just now');
  assert.equal(marker.when(''), '');
});

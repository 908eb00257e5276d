// Detection on saved, realistic page markup (test/fixtures/*.html).
import test from 'node:test';
import assert from 'node:assert/strict';
import { detect, load, PATTERNS } from './dom.mjs';

const regexes = detect.compilePatterns(PATTERNS);
const UUID = '1b3c5d7e-0000-4aaa-8bbb-123456789abc';
const scanOf = (doc, site, pageUrl) => detect.scan(doc, { site, regexes, pageUrl });
const byId = (cands) => Object.fromEntries(cands.map((c) => [c.element.getAttribute('id'), c]));

// unwrapLink: the cases shared with the host are in test/unwrap.test.mjs (tests/fixtures/link-unwrap-cases.json).

test('compilePatterns skips expressions JavaScript refuses and non-strings', () => {
  const r = detect.compilePatterns(['^https://a/(?<id>x)', '(', 42, null, '(?<id>y)']);
  assert.equal(r.length, 2);
  assert.ok(r[0].test('https://a/x'));
  assert.deepEqual(detect.compilePatterns(undefined), []);
});

test('badgeLinkTarget accepts only http(s) targets matching a pattern, after unwrapping', () => {
  assert.equal(detect.badgeLinkTarget(`https://www.linkedin.com/safety/go?url=${encodeURIComponent(`https://badgr.com/public/assertions/abc`)}`, regexes), 'https://badgr.com/public/assertions/abc');
  assert.equal(detect.badgeLinkTarget(`https://evil.example/?u=https://www.credly.com/badges/${UUID}`, regexes), null);
  assert.equal(detect.badgeLinkTarget('javascript:alert(1)//https://www.credly.com/badges/' + UUID, regexes), null);
  assert.equal(detect.badgeLinkTarget('', regexes), null);
});

test('siteOf names the sites with automatic detection', () => {
  assert.equal(detect.siteOf('www.linkedin.com'), 'linkedin');
  assert.equal(detect.siteOf('mail.google.com'), 'gmail');
  assert.equal(detect.siteOf('outlook.office365.com'), 'outlook');
  assert.equal(detect.siteOf('www.credly.com'), 'credly');
  assert.equal(detect.siteOf('notlinkedin.com'), 'other');
  assert.equal(detect.siteOf('127.0.0.1'), 'other');
});

const stated = (c) => detect.linkedinStated(c.element);

test('LinkedIn profile: every credential link that resolves to a badge, with the stated issuer, despite obfuscated classes', () => {
  const doc = load('linkedin-profile.html');
  const cands = scanOf(doc, 'linkedin', 'https://www.linkedin.com/in/alice-example/');
  const found = byId(cands);
  assert.deepEqual(Object.keys(found).sort(), ['link-aws', 'link-direct', 'link-forged']);
  assert.equal(found['link-aws'].source.page_url, `https://www.credly.com/badges/${UUID}/linked_in_profile`);
  assert.deepEqual(stated(found['link-aws']), { title: 'AWS Certified Solutions Architect – Associate', issuer: 'Amazon Web Services (AWS)' });
  assert.equal(found['link-aws'].entry, true, 'a credential button: its entry states claims');
  assert.equal(found['link-aws'].kind, 'link');
  assert.equal(found['link-aws'].placement, 'inside');
  assert.equal(found['link-forged'].source.page_url, 'https://badgr.com/public/assertions/qX7_r-2Lk');
  assert.equal(stated(found['link-forged']).issuer, 'Microsoft');
  // An entry whose only issuer clue is the logo's alt text.
  assert.equal(stated(found['link-direct']).issuer, 'Example Academy');
  // The marker source is the unwrapped URL, never the LinkedIn wrapper.
  for (const c of cands) assert.ok(!c.markerSource.includes('linkedin.com'), c.markerSource);
});

test('a rescan finds nothing new; a scan of added nodes finds only what was added', () => {
  const doc = load('linkedin-profile.html');
  const seen = new WeakSet();
  const ctx = { site: 'linkedin', regexes, pageUrl: 'https://www.linkedin.com/in/alice-example/', seen };
  assert.equal(detect.scan(doc, ctx).length, 3);
  assert.equal(detect.scan(doc, ctx).length, 0);
  const li = doc.createElement('li');
  li.innerHTML = `<span aria-hidden="true">New cert</span><span aria-hidden="true">New Issuer</span><a id="n" href="https://www.linkedin.com/redir/redirect?url=${encodeURIComponent('https://www.credly.com/badges/' + UUID.replace('1b', '9b'))}">Show credential</a>`;
  doc.querySelector('ul').append(li);
  const added = detect.scan(li, ctx);
  assert.equal(added.length, 1);
  assert.deepEqual(detect.linkedinStated(added[0].element), { title: 'New cert', issuer: 'New Issuer' });
  // The added node itself can be the link.
  const a = doc.createElement('a');
  a.setAttribute('href', `https://www.credly.com/badges/${UUID.replace('1b', '8b')}`);
  doc.body.append(a);
  assert.equal(detect.scan(a, ctx).length, 1);
});

test('Gmail: badge link, PNG and SVG attachments, each with its own message sender; never an inline image', () => {
  const doc = load('gmail-message.html');
  const cands = scanOf(doc, 'gmail', 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJ');
  const found = byId(cands);
  assert.deepEqual(Object.keys(found).sort(), ['att-png', 'att-svg', 'linked-image', 'mail-link']);
  assert.equal(found['mail-link'].source.page_url, `https://www.credly.com/badges/${UUID}`);
  assert.equal(found['mail-link'].sender, 'badges@issuer.example.org');
  // An inline image named like a badge, behind Gmail's proxy: fetching its original would tell the sender
  // the mail was read, so it is never picked up automatically (right-click only).
  assert.ok(!found['inline-badge'], 'inline badge image not automatic');
  assert.ok(!cands.some((c) => JSON.stringify(c.source || {}).includes('cloud-practitioner-badge.png')), 'its original URL is nowhere');
  const png = found['att-png'];
  assert.equal(png.kind, 'attachment');
  assert.equal(png.attachment.name, 'cloud-practitioner.png');
  assert.equal(png.attachment.mime, 'image/png');
  assert.match(png.attachment.url, /^https:\/\/mail\.google\.com\/mail\/u\/0\?ui=2&ik=9f8e7d&attid=0\.1&.*view=att/);
  assert.equal(png.markerSource, 'data:image/png;name=cloud-practitioner.png');
  assert.equal(png.sender, 'badges@issuer.example.org');
  const svg = found['att-svg'];
  assert.equal(svg.markerSource, 'data:image/svg+xml;name=carol-badge.svg');
  assert.equal(svg.sender, 'carol@example.com');
  // Not badges: the tracking pixel, the logo, the PDF, and the image inside the badge link (the link has the marker).
  for (const id of ['pixel', 'logo', 'att-pdf', 'image-in-link']) assert.ok(!found[id], id);
  // Same badge linked twice in one message: one request (same key).
  assert.equal(found['mail-link'].key, found['linked-image'].key);
});

test('Outlook: safelinks (also around a LinkedIn redirect) unwrapped, sender from the persona, a download attachment', () => {
  const doc = load('outlook-message.html');
  const found = byId(scanOf(doc, 'outlook', 'https://outlook.office.com/mail/inbox/id/AAQk'));
  assert.deepEqual(Object.keys(found).sort(), ['att-out', 'double', 'safelink']);
  assert.equal(found.safelink.source.page_url, 'https://www.credly.com/badges/2b3c5d7e-1111-4aaa-8bbb-123456789abc/public_url');
  assert.equal(found.double.source.page_url, 'https://eu.badgr.com/public/assertions/euB_9');
  assert.equal(found.safelink.sender, 'dave@candidate.example');
  assert.equal(found['att-out'].attachment.name, 'dave-badge.png');
  assert.equal(found['att-out'].sender, 'dave@candidate.example');
});

test('a badge link in a LinkedIn post states no issuer (no false mismatch)', () => {
  const doc = load(`<html><body><ul><li><span aria-hidden="true">Alice Example</span><span aria-hidden="true">Recruiter at Some Corp</span>
    <p>Proud of my new badge! <a id="post" href="https://www.linkedin.com/redir/redirect?url=${encodeURIComponent('https://www.credly.com/badges/' + UUID)}">credly.com/badges/…</a></p></li></ul></body></html>`);
  const [c] = scanOf(doc, 'linkedin', 'https://www.linkedin.com/feed/');
  assert.equal(c.element.getAttribute('id'), 'post');
  assert.equal(c.entry, undefined);
});

test('webmail: a download link to another origin is not an attachment (its fetch would tell the sender)', () => {
  const doc = load(`<html><body><div data-message-id="1"><span email="eve@evil.example"></span>
    <a id="beacon" download="badge.png" href="https://tracker.evil.example/open.png?u=42">badge.png</a>
    <span download_url="image/png:b.png:https://tracker.evil.example/b.png"><a id="beacon2" href="https://tracker.evil.example/b.png">b.png</a></span>
    <a id="own" download="own.png" href="/mail/u/0?view=att&amp;attid=0.1">own.png</a></div></body></html>`);
  const found = byId(scanOf(doc, 'gmail', 'https://mail.google.com/mail/u/0/'));
  assert.deepEqual(Object.keys(found), ['own']);
  assert.equal(found.own.attachment.url, 'https://mail.google.com/mail/u/0?view=att&attid=0.1');
});

test('outside webmail, attachments and inline images are not picked up automatically', () => {
  const doc = load('gmail-message.html');
  const found = byId(scanOf(doc, 'other', 'https://example.org/'));
  assert.deepEqual(Object.keys(found).sort(), ['linked-image', 'mail-link']);
});

test('a badge platform page: its own badge image', () => {
  const doc = load(`<!doctype html><html><head><meta property="og:image" content="https://images.credly.com/images/x/badge.png"></head>
    <body><h1>Cloud Practitioner</h1><img id="logo" src="/logo.svg" alt="Credly"><img id="main" src="https://images.credly.com/images/x/badge.png" alt="Cloud Practitioner"></body></html>`);
  const cands = scanOf(doc, 'credly', `https://www.credly.com/badges/${UUID}`);
  assert.equal(cands.length, 1);
  assert.equal(cands[0].element.getAttribute('id'), 'main');
  assert.deepEqual(cands[0].source, { page_url: `https://www.credly.com/badges/${UUID}` });
  assert.equal(scanOf(doc, 'credly', 'https://www.credly.com/users/alice').length, 0);
});

test('markers the page itself planted are never read as ours', () => {
  const doc = load(`<html><body><a id="a" href="https://www.credly.com/badges/${UUID}" data-badgelens-verdict="verified">x<badgelens-marker verdict="verified"></badgelens-marker></a>
    <badgelens-marker><a id="inside" href="https://www.credly.com/badges/${UUID}">y</a></badgelens-marker></body></html>`);
  const found = byId(scanOf(doc, 'other', 'https://example.org/'));
  // The link already carrying the attribute is verified as usual; a link the page wrapped in a forged
  // marker is verified too (the extension never reads markers it did not create, so one cannot hide a badge).
  assert.deepEqual(Object.keys(found).sort(), ['a', 'inside']);
});

test('LinkedIn as it renders: the button in its own nested list; the entry is the whole certification', () => {
  const doc = load('linkedin-nested.html');
  const pageUrl = 'https://www.linkedin.com/in/jane-doe/';
  const found = byId(scanOf(doc, 'linkedin', pageUrl));
  assert.deepEqual(Object.keys(found).sort(), ['link-academy', 'link-google']);
  // The nearest <li> holds only the button; the entry is the outer one, so Google Cloud is what it states.
  assert.equal(found['link-google'].element.closest('li').textContent.trim().startsWith('Show credential'), true, 'the trap: nearest li');
  assert.equal(detect.entryOf(found['link-google'].element).getAttribute('id'), 'entry-google');
  assert.deepEqual(stated(found['link-google']), { title: 'Professional Cloud Architect', issuer: 'Google Cloud' });
  assert.deepEqual(stated(found['link-academy']), { title: 'Cloud Practitioner', issuer: 'Example Academy' });
  assert.equal(detect.profileOwner(doc, pageUrl), 'Jane Doe');
});

test('LinkedIn /details/certifications/: entries in a paged list, the owner from the title (the heading is the section)', () => {
  const doc = load('linkedin-details.html');
  const pageUrl = 'https://www.linkedin.com/in/jane-doe/details/certifications/';
  const found = byId(scanOf(doc, 'linkedin', pageUrl));
  assert.deepEqual(Object.keys(found).sort(), ['d-link-1', 'd-link-2']);
  assert.equal(detect.entryOf(found['d-link-1'].element).getAttribute('id'), 'd-entry-1');
  assert.deepEqual(stated(found['d-link-2']), { title: 'Data Science Certificate', issuer: 'Harvard University' });
  assert.equal(detect.profileOwner(doc, pageUrl), 'Jane Doe');
});

test('LinkedIn: entries that load later are found and read whole (lazy loading); an entry never reads its neighbours', () => {
  const doc = load('linkedin-nested.html');
  const ctx = { site: 'linkedin', regexes, pageUrl: 'https://www.linkedin.com/in/jane-doe/', seen: new WeakSet() };
  assert.equal(detect.scan(doc, ctx).length, 2);
  // A new entry in LinkedIn's structure, added later; the button first, its text after (as LinkedIn fills it).
  const li = doc.createElement('li');
  li.innerHTML = `<div data-view-name="profile-component-entity"><div class="_t"></div><div><ul><li><div><a id="late" href="https://www.linkedin.com/redir/redirect?url=${encodeURIComponent('https://badgr.com/public/assertions/late_1')}"><span>Show credential</span></a></div></li></ul></div></div>`;
  doc.querySelector('ul._Gh1').append(li);
  const [late] = detect.scan(li, ctx);
  assert.equal(late.element.getAttribute('id'), 'late');
  assert.deepEqual(stated(late), { title: null, issuer: null }, 'nothing stated yet: nothing compared');
  li.querySelector('._t').innerHTML = '<span aria-hidden="true">Azure Fundamentals</span><span aria-hidden="true">Microsoft</span>';
  assert.deepEqual(stated(late), { title: 'Azure Fundamentals', issuer: 'Microsoft' }, 'read again once filled');
  // Had the whole list been wrapped in an <li>, climbing stops below it (it holds other buttons and a heading).
  assert.equal(detect.entryOf(late.element), li);
});

test('profileOwner: only on profiles; the h1, else the name in the title; never a section name', () => {
  const doc = load('<html><head><title>Feed | LinkedIn</title></head><body><h1>Jane Doe</h1></body></html>');
  assert.equal(detect.profileOwner(doc, 'https://www.linkedin.com/feed/'), null);
  assert.equal(detect.profileOwner(doc, 'https://www.linkedin.com/in/jane/'), 'Jane Doe');
  const d2 = load('<html><head><title>Experience | Sam Smith | LinkedIn</title></head><body><h1>Experience</h1></body></html>');
  assert.equal(detect.profileOwner(d2, 'https://www.linkedin.com/in/sam/details/experience/'), 'Sam Smith');
  const d3 = load('<html><head><title>LinkedIn</title></head><body></body></html>');
  assert.equal(detect.profileOwner(d3, 'https://www.linkedin.com/in/sam/'), null);
});

test('benchmark (no assertion on time): scan of a 5,000-element page', () => {
  const rows = [];
  for (let i = 0; i < 1000; i++) {
    rows.push(`<li><div><span aria-hidden="true">Title ${i}</span><span aria-hidden="true">Issuer ${i}</span></div>` +
      (i % 20 === 0 ? `<a href="https://www.linkedin.com/redir/redirect?url=${encodeURIComponent(`https://www.credly.com/badges/${UUID.slice(0, -4)}${String(i).padStart(4, '0')}`)}">Show credential</a>` : `<a href="https://www.linkedin.com/in/p${i}">p</a>`) + '</li>');
  }
  const doc = load(`<html><body><ul>${rows.join('')}</ul></body></html>`);
  const n = doc.querySelectorAll('*').length;
  const t0 = performance.now();
  const cands = scanOf(doc, 'linkedin', 'https://www.linkedin.com/in/x/');
  const ms = performance.now() - t0;
  assert.equal(cands.length, 50);
  console.log(`# scan of ${n} elements (linkedom, node ${process.version}): ${ms.toFixed(1)} ms, ${cands.length} badges`);
});

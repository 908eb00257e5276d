// The popup's page summary and the saved report: counts by what matters to
// a recruiter, every badge with what was checked, when and against what, and
// every string from a badge or a page escaped in both formats.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import './i18n.mjs';
import { summarize, category, reportHtml, reportMarkdown, reportFileName, escapeMarkdown, issuerLine } from '../report.js';

const base = { verdict: 'verified', look: 'verified', mismatches: [], notes: [], identifiedBy: 'domain', domain: 'badges.example-academy.test', issuer: 'Example Academy',
  name: 'Cloud Practitioner', recipient: 'a hashed e-mail', how: "Confirmed by badges.example-academy.test's server.", at: '2026-11-25T12:00:00.000Z',
  source: 'https://badges.example-academy.test/badges/1', summary: 'Verified.', checks: [{ check: 'fetch_assertion', status: 'pass', message: 'served by the issuer' }] };
const E = (extra) => ({ ...base, ...extra });

test('summary: "7 badges: 5 verified, 1 revoked, 1 not this person\'s"', () => {
  const entries = [E(), E(), E(), E(), E(), E({ verdict: 'revoked', look: 'revoked' }), E({ look: 'mismatch', mismatches: ['earner'] })];
  assert.equal(summarize(entries), '7 badges: 5 verified, 1 revoked, 1 not this person\u2019s');
  assert.equal(summarize([E()]), '1 badge: 1 verified');
  assert.equal(summarize([]), 'No badges checked on this page.');
  assert.equal(category(E({ look: 'mismatch', mismatches: ['title'] })), 'claims');
  assert.equal(category(E({ look: 'signed-unbound', identifiedBy: 'key' })), 'signed-unbound');
  assert.equal(category(E({ look: 'revoked', mismatches: ['earner'] })), 'revoked', 'revoked first');
  assert.equal(summarize([E({ look: 'signed-unbound' }), E({ look: 'issuer-unknown' }), E({ look: 'bogus' })]),
    '3 badges: 1 signed by a key tied to no one, 1 issuer not established, 1 not checked (problem)');
});

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const MD = '[click](javascript:alert(1)) **bold** `code` # heading | pipe';
const meta = { pageUrl: 'https://www.linkedin.com/in/jane-doe/', pageTitle: `Jane ${HOSTILE} | LinkedIn`, createdAt: '2026-11-25T12:34:56.000Z', helper: { version: '0.1.0', protocol: 1 }, extensionVersion: '0.1.0' };
const hostileEntry = E({
  name: HOSTILE + MD, issuer: HOSTILE, look: 'mismatch', mismatches: ['issuer', 'earner'], source: 'javascript:alert(1)',
  notes: [{ kind: 'issuer', mismatch: true, text: `LinkedIn says ${HOSTILE}` }, { kind: 'earner', mismatch: true, text: `issued to ${MD}, not Jane Doe` }],
  stated: { title: HOSTILE, issuer: MD, owner: 'Jane Doe' }, summary: HOSTILE, checks: [{ check: HOSTILE, status: 'fail', message: MD }],
});

test('HTML report: self-contained, nothing loads or runs, every badge string is text', () => {
  const html = reportHtml(meta, [E(), hostileEntry]);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  const { document } = parseHTML(html);
  assert.equal(document.querySelectorAll('script, img, iframe, a, link, object, embed').length, 0, 'no element from badge data, no links, nothing fetched');
  for (const e of document.querySelectorAll('*')) for (const a of e.getAttributeNames()) assert.ok(!/^on/i.test(a), a);
  const text = document.body.textContent;
  assert.ok(text.includes(HOSTILE + MD), 'the badge name shows literally');
  assert.ok(text.includes(`LinkedIn says ${HOSTILE}`));
  assert.ok(text.includes('2 badges: 1 verified, 1 not this person\u2019s'));
  // What was checked, when, against which server.
  assert.ok(text.includes("Confirmed by badges.example-academy.test's server."));
  assert.ok(text.includes('2026-11-25T12:00:00.000Z'));
  assert.ok(text.includes('BadgeLens helper 0.1.0 (protocol 1)'));
  assert.ok(text.includes('badges.example-academy.test (calls itself \u201cExample Academy\u201d)'));
  assert.ok(text.includes('pass: fetch_assertion: served by the issuer'));
  assert.equal(document.querySelectorAll('section').length, 2);
});

test('Markdown report: HTML characters as entities, Markdown punctuation escaped, one line per field', () => {
  const md = reportMarkdown(meta, [E(), hostileEntry]);
  assert.ok(!md.includes('<img') && !md.includes('<script'), 'no raw HTML');
  assert.ok(!/[^\\]\]\(/.test(md), 'no Markdown link survives (every ] from data is escaped)');
  assert.ok(!/[^\\]\*\*bold/.test(md), 'no emphasis from badge data');
  assert.ok(md.includes('&lt;img src=x onerror="window.\\_\\_pwned=1"&gt;'), 'markup as entities, underscores escaped');
  assert.ok(md.includes('\\[click\\](javascript:alert(1)) \\*\\*bold\\*\\* \\`code\\`'), 'link, emphasis and code escaped');
  assert.ok(md.includes('## 2\\. Mismatch: '));
  assert.ok(md.includes(escapeMarkdown("Confirmed by badges.example-academy.test's server.")));
  for (const line of md.split('\n')) assert.ok(!/^\s*(#|<|\|)/.test(line) || /^#{1,2} /.test(line), `no structure from data: ${line}`);
  assert.equal(escapeMarkdown('a\nb'), 'a b');
});

test('issuer line and file name', () => {
  assert.equal(issuerLine(E({ identifiedBy: 'key', domain: null, issuer: 'Harvard University', issuerId: 'did:key:z6Mk' })), '\u201cHarvard University\u201d, signed with a bare key (did:key:z6Mk): nothing ties this key to that name');
  assert.equal(issuerLine(E({ identifiedBy: null, domain: null })), 'Example Academy (identity not established by a domain or a registry)');
  assert.equal(reportFileName(meta, 'html'), 'badgelens-report-www.linkedin.com-20261125-123456.html');
  assert.equal(reportFileName({ pageUrl: 'x', createdAt: '' }, 'md'), 'badgelens-report-page-now.md');
});

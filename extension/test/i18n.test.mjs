// Every word the extension shows comes from _locales: every locale has every
// message of `en` with the same placeholders, every message the code asks
// for exists, and a card in German reads in German with German dates.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { marker, EXT } from './dom.mjs';
import { readMessages, useLocale, LOCALES } from './i18n.mjs';

const LANGS = ['en', 'de', 'fr', 'es', 'pt'];
const en = readMessages('en');
const placeholdersOf = (m) => JSON.stringify(Object.entries(m.placeholders || {}).map(([k, v]) => [k.toLowerCase(), v.content]).sort());
const namesIn = (text) => [...text.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((x) => x[1].toLowerCase()).sort();

test('the five locales are there, and the manifests name en as the default', () => {
  assert.deepEqual(fs.readdirSync(LOCALES).sort(), [...LANGS].sort());
  for (const f of ['manifest.json', 'manifest.firefox.json']) {
    const m = JSON.parse(fs.readFileSync(path.join(EXT, f), 'utf8'));
    assert.equal(m.default_locale, 'en', f);
    for (const v of [m.name, m.description, m.action.default_title]) {
      const key = /^__MSG_(\w+)__$/.exec(v)?.[1];
      assert.ok(key && en[key], `${f}: ${v} is a message`);
    }
  }
});

for (const lang of LANGS) {
  test(`${lang}: every message of en, no other, the same placeholders, each used in its text`, () => {
    const msgs = readMessages(lang);
    assert.deepEqual(Object.keys(msgs).sort(), Object.keys(en).sort());
    for (const [k, m] of Object.entries(msgs)) {
      assert.ok(typeof m.message === 'string' && m.message.trim(), `${lang}/${k} is empty`);
      assert.equal(placeholdersOf(m), placeholdersOf(en[k]), `${lang}/${k}: placeholders`);
      assert.deepEqual([...new Set(namesIn(m.message))], Object.keys(m.placeholders || {}).map((x) => x.toLowerCase()).sort(), `${lang}/${k}: placeholders used`);
      assert.ok(!/[<>]/.test(m.message), `${lang}/${k}: no markup in messages (they go in as text)`);
    }
  });
}

test('every message the code asks for exists (t(\'…\'), data-i18n, __MSG_…__), and every message is asked for', () => {
  const asked = new Set();
  let sources = '';
  for (const f of fs.readdirSync(EXT).filter((n) => /\.(js|html|json)$/.test(n))) {
    const src = fs.readFileSync(path.join(EXT, f), 'utf8');
    sources += src;
    for (const m of src.matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) asked.add(m[1]);
    for (const m of src.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"/g)) asked.add(m[1]);
    for (const m of src.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) asked.add(m[1]);
    // Keys made from a prefix: `check_${name}`, `status_${s}`, `cat_${k}`, and the looks' `message:` names.
    for (const m of src.matchAll(/{ message: '([A-Za-z0-9_]+)'/g)) asked.add(m[1]);
  }
  for (const k of asked) assert.ok(en[k], `the code asks for ${k}, which _locales/en lacks`);
  const prefixed = /^(check|status|cat)_/;
  for (const k of Object.keys(en)) assert.ok(asked.has(k) || prefixed.test(k) || sources.includes(`'${k}'`), `${k} is never used`);
});

test('a card in German: German words, German dates, the user-visible text only from messages', () => {
  useLocale('de');
  try {
    const model = marker.cardModel({
      verdict: 'verified', source: 'https://www.credly.com/badges/x', at: '2026-11-25T12:00:00Z',
      result: {
        verdict: 'verified', summary: 'Verified.',
        badge: { name: 'Cloud Practitioner', verification: 'hosted', assertion_id: 'https://badges.example-academy.test/a/1', issued_on: '2026-03-02T00:00:00Z',
          issuer: { id: 'https://badges.example-academy.test/issuer', name: 'Example Academy', identified_by: 'domain', domain: 'badges.example-academy.test' },
          recipient: { type: 'email', hashed: true, matched: null } },
        checks: [{ check: 'fetch_assertion', status: 'pass', message: 'ok' }],
      },
    });
    assert.equal(model.heading, 'Verifiziert \u00b7 badges.example-academy.test');
    const rows = Object.fromEntries(model.rows);
    assert.equal(rows.Aussteller, 'badges.example-academy.test \u2014 nennt sich \u201eExample Academy\u201c');
    assert.equal(rows.Ausgestellt, '02.03.2026');
    assert.equal(rows.Empf\u00e4nger, 'eine gehashte E-Mail-Adresse');
    assert.match(rows['Wie geprüft wurde'], /^Vom Server von badges\.example-academy\.test bestätigt \(25\.11\.2026, \d\d:\d\d\)\.$/);
    assert.equal(model.checks[0].name, 'Server des Ausstellers bestätigt es');
    assert.equal(marker.day('2026-03-02'), '02.03.2026');
    useLocale('fr');
    assert.equal(marker.day('2026-03-02'), '2 mars 2026');
    assert.equal(marker.cardModel({ verdict: 'revoked', result: { verdict: 'revoked', checks: [] } }).heading, 'Révoqué');
  } finally {
    useLocale('en');
  }
});

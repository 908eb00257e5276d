// The matching rules (claims.js): organisations, titles and people, and the
// rule that decides when a marker may look green.
import test from 'node:test';
import assert from 'node:assert/strict';
import { claims } from './dom.mjs';

const verified = (issuer, extra = {}) => ({
  verdict: 'verified',
  badge: { name: 'Cloud Practitioner', issuer, recipient: { type: 'email', hashed: true, plaintext: null, name: null, matched: null }, ...extra },
  checks: [],
});
const DOMAIN = { id: 'https://badges.example-academy.test/issuer.json', name: 'Example Academy', url: 'https://badges.example-academy.test/', identified_by: 'domain', domain: 'badges.example-academy.test', registry: null };
const HARVARD_KEY = { id: 'did:key:z6MkpHZFKnsqd9kX8p3LHXyKShLC5kuFEAHDeTnsSsEWA5Am', name: 'Harvard University', url: 'https://www.harvard.edu', identified_by: 'key', domain: null, registry: null };

test('organisations: never by substring (the issue\'s cases)', () => {
  assert.equal(claims.sameOrg('IBM', { name: 'IBMX Academy' }), false);
  assert.equal(claims.sameOrg('A', { name: 'Mallory Badge Mill' }), false);
  assert.equal(claims.sameOrg('Google Cloud', { name: 'Example Academy' }), false);
  assert.equal(claims.sameOrg('Microsoft', { name: 'Badge Mill LLC' }), false);
  assert.equal(claims.sameOrg('Harvard University', { name: 'Harvard University Alumni Badge Mill' }), false, 'extra words that are not filler');
});

test('organisations: whole words after normalising case, accents, punctuation, legal suffixes and acronyms', () => {
  assert.equal(claims.sameOrg('Amazon Web Services (AWS)', { name: 'Amazon Web Services Training and Certification' }), true);
  assert.equal(claims.sameOrg('AWS', { name: 'Amazon Web Services (AWS)' }), true);
  assert.equal(claims.sameOrg('Example Academy, Inc.', { name: 'example academy' }), true);
  assert.equal(claims.sameOrg('Université de Genève', { name: 'Universite de Geneve' }), true);
  assert.equal(claims.sameOrg('Microsoft', { name: '' }), null, 'nothing to compare');
  assert.equal(claims.sameOrg('', { name: 'X' }), null);
});

test('organisations: a domain proven by authority is what counts, not the self-chosen name', () => {
  assert.equal(claims.sameOrg('Example Academy', { name: 'Example Academy', domain: 'badges.example-academy.test', identifiedBy: 'domain' }), true);
  assert.equal(claims.sameOrg('Harvard University', { name: 'Harvard University', domain: 'www.harvard.edu', identifiedBy: 'domain' }), true);
  assert.equal(claims.sameOrg('Google Cloud', { name: 'Google Cloud Skills', domain: 'cloud.google.com', identifiedBy: 'domain' }), true);
  assert.equal(claims.sameOrg('Massachusetts Institute of Technology', { name: 'MIT', domain: 'mit.edu', identifiedBy: 'domain' }), true);
  assert.equal(claims.sameOrg('University of Oxford', { name: 'Oxford', domain: 'www.ox.ac.uk', identifiedBy: 'domain' }), false, 'neither the first word nor the initials');
  // A badge mill's own domain, calling itself Harvard: the name is its claim; the domain disagrees.
  assert.equal(claims.sameOrg('Harvard University', { name: 'Harvard University', domain: 'harvard-certs.example', identifiedBy: 'domain' }), false);
  // On a badge platform the domain proves only the platform: the account's name counts.
  assert.equal(claims.sameOrg('Amazon Web Services (AWS)', { name: 'Amazon Web Services Training and Certification', domain: 'api.credly.com', identifiedBy: 'domain' }), true);
  assert.equal(claims.sameOrg('Microsoft', { name: 'Badge Mill', domain: 'api.credly.com', identifiedBy: 'domain' }), false);
  assert.equal(claims.sameOrg('Example Academy', { name: 'Example Academy', domain: '127.0.0.1', identifiedBy: 'domain' }), true, 'an address names nothing: the names count');
  assert.equal(claims.sameOrg('Microsoft', { name: 'Example Academy', domain: '127.0.0.1', identifiedBy: 'domain' }), false);
  assert.equal(claims.registrableLabel('www.harvard.edu'), 'harvard');
  assert.equal(claims.registrableLabel('www.ox.ac.uk'), 'ox');
  assert.equal(claims.registrableLabel('badges.example-academy.test'), 'exampleacademy');
  assert.equal(claims.registrableLabel('127.0.0.1'), '', 'an address is no name');
});

test('titles: equal words, or a run of two or more whole words; otherwise a mismatch', () => {
  assert.equal(claims.sameTitle('AWS Certified Solutions Architect – Associate', 'AWS Certified Solutions Architect - Associate'), true);
  assert.equal(claims.sameTitle('Cloud Practitioner (revoked)', 'Cloud Practitioner'), true);
  assert.equal(claims.sameTitle('Cloud Practitioner 2024', 'Cloud Practitioner'), true);
  assert.equal(claims.sameTitle('PMP', 'Project Management Professional (PMP)'), true);
  assert.equal(claims.sameTitle('Professional Cloud Architect', 'Cloud Practitioner'), false);
  assert.equal(claims.sameTitle('Cloud', 'Cloud Practitioner'), false, 'one word inside a longer title is not enough');
  assert.equal(claims.sameTitle('', 'x'), null);
});

test('people: tolerant of accents, middle names, initials and order; different people differ', () => {
  assert.equal(claims.samePerson('Jane Doe', 'Jane Doe'), true);
  assert.equal(claims.samePerson('Jane Doe', 'Doe, Jane'), true);
  assert.equal(claims.samePerson('Jane Doe', 'Jane Quinn Doe'), true);
  assert.equal(claims.samePerson('Jane Q. Doe', 'JANE DOE'), true);
  assert.equal(claims.samePerson('José García-Márquez', 'Jose Garcia Marquez'), true);
  assert.equal(claims.samePerson('Dr. Jane Doe, PhD (she/her)', 'Jane Doe'), true);
  assert.equal(claims.samePerson('Jane D.', 'Jane Doe'), true);
  assert.equal(claims.samePerson('Jane Doe', 'Sam Smith'), false);
  assert.equal(claims.samePerson('Jane Doe', 'Jane Smith'), false);
  assert.equal(claims.samePerson('Jane', 'Jane Doe'), null, 'one name only: cannot tell');
  assert.equal(claims.samePerson('J. D.', 'Jane Doe'), null, 'initials only: cannot tell');
  assert.equal(claims.samePerson('', 'Jane Doe'), null);
});

test('look: green only for verified + domain or registry + no mismatch', () => {
  assert.equal(claims.assess({ result: verified(DOMAIN) }).look, 'verified');
  assert.equal(claims.assess({ result: verified({ name: 'X', identified_by: 'registry', registry: 'Test Registry', domain: null }) }).look, 'verified');
  assert.equal(claims.assess({ result: verified(HARVARD_KEY) }).look, 'signed-unbound');
  // A helper that does not say how the issuer was identified: never green.
  assert.equal(claims.assess({ result: verified({ id: 'https://x.example/i', name: 'X', url: 'https://x.example' }) }).look, 'issuer-unknown');
  assert.equal(claims.assess({ result: verified({ name: 'X', identified_by: null }) }).look, 'issuer-unknown');
  assert.equal(claims.assess({ result: verified({ name: 'X', identified_by: 'domain', domain: null }) }).look, 'issuer-unknown', 'domain claimed without a domain');
  assert.equal(claims.assess({ result: verified({ name: 'X', identified_by: 'registry', registry: '' }) }).look, 'issuer-unknown');
  assert.equal(claims.assess({ result: verified({ name: 'X', identified_by: 'url' }) }).look, 'issuer-unknown', 'an unknown way');
  for (const v of ['expired', 'revoked', 'invalid', 'unverifiable']) assert.equal(claims.assess({ result: { ...verified(DOMAIN), verdict: v } }).look, v);
  assert.equal(claims.assess({}).look, 'error');
});

test('LinkedIn: issuer, title and earner mismatches are each named, and never green', () => {
  const result = verified(DOMAIN, { recipient: { type: 'email', hashed: true, name: 'Sam Smith', matched: null } });
  const a = claims.assess({ result, stated: { issuer: 'Google Cloud', title: 'Professional Cloud Architect', owner: 'Jane Doe' }, siteName: 'LinkedIn' });
  assert.equal(a.look, 'mismatch');
  assert.deepEqual(a.mismatches, ['issuer', 'title', 'earner']);
  assert.equal(a.earner, 'mismatch');
  const texts = a.notes.map((n) => n.text);
  assert.ok(texts.includes('LinkedIn says Google Cloud; the badge was issued by badges.example-academy.test'), texts[0]);
  assert.ok(texts.includes('LinkedIn says \u201cProfessional Cloud Architect\u201d; the badge is \u201cCloud Practitioner\u201d'));
  assert.ok(texts.includes('issued to Sam Smith, not Jane Doe'));
  // The same badge on its earner's profile, stated as it is: green.
  const ok = claims.assess({ result, stated: { issuer: 'Example Academy', title: 'Cloud Practitioner', owner: 'Sam Smith' }, siteName: 'LinkedIn' });
  assert.equal(ok.look, 'verified');
  assert.equal(ok.earner, 'match');
  assert.deepEqual(ok.notes, []);
});

test('earner: a hashed e-mail cannot be compared, and says so (not a mismatch)', () => {
  const a = claims.assess({ result: verified(DOMAIN), stated: { owner: 'Jane Doe' } });
  assert.equal(a.earner, 'unknown');
  assert.deepEqual(a.mismatches, []);
  assert.equal(a.notes[0].text, 'issued to a hashed e-mail, which cannot be compared with Jane Doe');
  assert.equal(a.look, 'verified');
});

test('webmail: the sender tested against the recipient by the helper; a badge not issued to the sender is a mismatch', () => {
  const r = (matched) => verified(DOMAIN, { recipient: { type: 'email', hashed: true, name: null, matched } });
  assert.equal(claims.assess({ result: r(true), sender: 'dave@candidate.example' }).earner, 'match');
  const no = claims.assess({ result: r(false), sender: 'dave@candidate.example' });
  assert.equal(no.look, 'mismatch');
  assert.equal(no.notes[0].text, 'issued to someone else, not the sender (dave@candidate.example)');
  // Without a sender (your identities only), "not yours" is no claim of the page.
  assert.equal(claims.assess({ result: r(false) }).look, 'verified');
});

test('did:key "Harvard": signed, stated as Harvard on LinkedIn, still not green', () => {
  const result = verified(HARVARD_KEY, { name: 'Data Science Certificate', recipient: { type: 'id', hashed: false, plaintext: 'did:example:jane-doe', name: 'Jane Doe', matched: null } });
  const a = claims.assess({ result, stated: { issuer: 'Harvard University', title: 'Data Science Certificate', owner: 'Jane Doe' }, siteName: 'LinkedIn' });
  assert.equal(a.look, 'signed-unbound');
  assert.deepEqual(a.mismatches, []);
  assert.equal(a.identifiedBy, 'key');
  assert.equal(claims.issuerWords(claims.issuerIdentity(result)), 'a key calling itself Harvard University');
  // Stated as someone else: a mismatch, also not green.
  assert.equal(claims.assess({ result, stated: { issuer: 'Google' }, siteName: 'LinkedIn' }).look, 'mismatch');
});

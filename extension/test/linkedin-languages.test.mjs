// LinkedIn with its interface in German, French, Spanish and Portuguese
// (saved markup, test/fixtures/linkedin-<lang>.html): the credential buttons
// are found, each entry states its own title and issuer (date, id, skills and
// "see more" lines skipped, the issuer from the logo's alt text when it is
// the only clue), whose profile it is, and the section heading is never
// taken for a person's name.
import test from 'node:test';
import assert from 'node:assert/strict';
import { detect, load, PATTERNS } from './dom.mjs';

const regexes = detect.compilePatterns(PATTERNS);
const SECTIONS = { de: 'Lizenzen und Zertifikate', fr: 'Licences et certifications', es: 'Licencias y certificaciones', pt: 'Licenças e certificados' };

for (const [lang, section] of Object.entries(SECTIONS)) {
  test(`LinkedIn in ${lang}: buttons, entries and claims`, () => {
    const doc = load(`linkedin-${lang}.html`);
    const pageUrl = 'https://www.linkedin.com/in/jana-beispiel/';
    const found = Object.fromEntries(detect.scan(doc, { site: 'linkedin', regexes, pageUrl }).map((c) => [c.element.getAttribute('id'), c]));
    assert.deepEqual(Object.keys(found).sort(), ['link-1', 'link-2', 'link-3']);
    for (const c of Object.values(found)) assert.equal(c.entry, true, `${c.element.id} is a credential button`);
    assert.deepEqual(detect.linkedinStated(found['link-1'].element), { title: 'Cloud Practitioner', issuer: 'Beispiel Akademie' });
    assert.deepEqual(detect.linkedinStated(found['link-2'].element), { title: 'Data Literacy', issuer: 'Beispiel Akademie' }, 'issuer from the logo');
    assert.deepEqual(detect.linkedinStated(found['link-3'].element), { title: 'Security Essentials', issuer: 'Example Academy' }, 'a flat entry: by the words');
    assert.equal(detect.entryOf(found['link-1'].element).id, 'entry-1');
    assert.equal(detect.profileOwner(doc, pageUrl), 'Jana Beispiel');
    // The details page: the heading is the section, the name only in the title.
    const details = load(`<html><head><title>${section} | Jana Beispiel | LinkedIn</title></head><body><h1>${section}</h1></body></html>`);
    assert.equal(detect.profileOwner(details, `${pageUrl}details/certifications/`), 'Jana Beispiel');
  });
}

test('the words alone: a flat entry\'s button in each language, and not a link that merely mentions a credential', () => {
  for (const label of ['Show credential', 'Nachweis anzeigen', 'Afficher l\'identifiant', 'Afficher l\u2019identifiant', 'Voir le justificatif', 'Mostrar credencial', 'Exibir credencial']) {
    const doc = load(`<html><body><div><p>Title</p><p>Org</p><a id="a" href="https://x/">${label}</a></div></body></html>`);
    assert.equal(detect.isCredentialButton(doc.getElementById('a')), true, label);
  }
  const doc = load('<html><body><div><a id="a" href="https://x/">Nachweisanzeigen-Tool</a><a id="b" href="https://x/">How to show credentials</a></div></body></html>');
  assert.equal(detect.isCredentialButton(doc.getElementById('a')), false, 'a phrase inside a longer word');
  assert.equal(detect.isCredentialButton(doc.getElementById('b')), false);
});

test('structure first: a button alone in a list nested in an entry counts in any language (Italian here)', () => {
  const doc = load('<html><body><ul><li id="e"><div><span>Cloud Practitioner</span><span>Example Academy</span><ul><li><a id="a" href="https://x/"><span>Mostra credenziale</span></a></li></ul></div></li></ul></body></html>');
  assert.equal(detect.isCredentialButton(doc.getElementById('a')), true);
  assert.equal(detect.entryOf(doc.getElementById('a')).id, 'e');
});

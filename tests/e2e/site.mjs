// The world the browser sees, all on 127.0.0.1:
// - a local OB 2.0 issuer over http (issuer profile, badge classes, hosted
//   assertions: valid, revoked (410), expired, issued in the future, unknown
//   (404), one whose issuer differs from what LinkedIn states, 200 more, and
//   50 whose assertion, badge class and issuer profile each answer after
//   50 ms), badge images baked by the real `badgelens
//   bake`, and a plain page;
// - imitation LinkedIn and Gmail pages over https under their real host
//   names (Chromium maps the names to this server), so the extension's
//   content scripts run on them exactly as on the real sites.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { HOST_BIN, REPO, EXT_SRC, tmpDir } from './lib.mjs';

export const SENDER = 'dave@candidate.example';
export const SALT = 'e2e-salt';
/** An issuer on https under a domain of its own (served by the site server; the host trusts the test CA). */
export const ACADEMY_HOST = 'badges.example-academy.test';
export const ACADEMY = `https://${ACADEMY_HOST}`;
export const SITE_NAMES = ['www.linkedin.com', 'mail.google.com', 'ci3.googleusercontent.com', ACADEMY_HOST];
/** The did:key credential that names itself Harvard (tests/e2e/make-didkey-credential.mjs). */
export const HARVARD_JWT = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'didkey-harvard.jwt'), 'utf8').trim();
export const SESSION_COOKIE = { name: 'SID', value: 'e2e-session' };
const UNBAKED = path.join(REPO, 'tests', 'fixtures', 'openbadges-bakery-js', 'unbaked.png');
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/**
 * Markup, script and javascript: URLs for every text field of a hosted badge
 * (badge class and issuer served by the local issuer). Each one, if it ran,
 * would set window.__pwned to its field name (and open a dialog).
 */
const run = (f) => `window.__pwned='${f}';alert('${f}')`;
export const HOSTILE_FIELDS = {
  name: `<img src=x onerror="${run('name')}">`,
  description: `<script>${run('description')}</script><b>bold</b>`,
  issuerName: `<svg onload="${run('issuer.name')}">Evil</svg>`,
  issuerUrl: `javascript:${run('issuer.url')}`,
  issuerEmail: `"><img src=x onerror="${run('issuer.email')}">@evil.example`,
  image: `javascript:${run('image')}`,
  criteria: `javascript:${run('criteria')}`,
  evidence: `<iframe srcdoc="<script>parent.${run('evidence')}</script>"></iframe>`,
  evidenceUrl: `javascript:${run('evidence.url')}`,
};

const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

/** The issuer's documents for one origin. */
function issuerDocs(origin) {
  const ctx = 'https://w3id.org/openbadges/v2';
  const issuer = { '@context': ctx, type: 'Issuer', id: `${origin}/issuer.json`, name: 'Example Academy', url: `${origin}/`, email: 'badges@academy.example' };
  const badgeClass = (slug, name) => ({
    '@context': ctx, type: 'BadgeClass', id: `${origin}/badgeclass/${slug}.json`, name, description: `The ${name} badge.`,
    image: `${origin}/images/badge-art.png`, criteria: { narrative: 'Passed the exam.' }, issuer: `${origin}/issuer.json`,
  });
  const assertion = (id, extra = {}) => ({
    '@context': ctx, type: 'Assertion', id: `${origin}/assertions/${id}.json`,
    recipient: { type: 'email', hashed: true, salt: SALT, identity: `sha256$${sha256(SENDER + SALT)}` },
    badge: `${origin}/badgeclass/cloud.json`, verification: { type: 'hosted' }, issuedOn: '2026-03-02T00:00:00Z', ...extra,
  });
  const docs = new Map();
  docs.set('/issuer.json', { body: issuer });
  const H = HOSTILE_FIELDS;
  docs.set('/issuer-hostile.json', { body: { '@context': ctx, type: 'Issuer', id: `${origin}/issuer-hostile.json`, name: H.issuerName, url: H.issuerUrl, email: H.issuerEmail } });
  docs.set('/badgeclass/hostile.json', { body: {
    '@context': ctx, type: 'BadgeClass', id: `${origin}/badgeclass/hostile.json`, name: H.name, description: H.description,
    image: H.image, criteria: { id: H.criteria, narrative: H.description }, issuer: `${origin}/issuer-hostile.json`,
  } });
  docs.set('/badgeclass/cloud.json', { body: badgeClass('cloud', 'Cloud Practitioner') });
  docs.set('/badgeclass/azure.json', { body: badgeClass('azure', 'Azure Fundamentals') });
  // The benchmark's issuer (bench.mjs): its badge class and profile answer after a delay too, so each
  // slow badge costs three dependent slow fetches, as a real issuer's would.
  docs.set('/issuer-slow.json', { slow: true, body: { ...issuer, id: `${origin}/issuer-slow.json` } });
  docs.set('/badgeclass/slow.json', { slow: true, body: { ...badgeClass('slow', 'Cloud Practitioner'), issuer: `${origin}/issuer-slow.json` } });
  docs.set('/assertions/valid.json', { body: assertion('valid') });
  docs.set('/assertions/expired.json', { body: assertion('expired', { issuedOn: '2024-01-01T00:00:00Z', expires: '2025-01-01T00:00:00Z' }) });
  docs.set('/assertions/future.json', { body: assertion('future', { issuedOn: '2099-01-01T00:00:00Z' }) });
  docs.set('/assertions/forged.json', { body: assertion('forged', { badge: `${origin}/badgeclass/azure.json` }) });
  docs.set('/assertions/hostile-hosted.json', { body: assertion('hostile-hosted', {
    badge: `${origin}/badgeclass/hostile.json`, evidence: [{ id: H.evidenceUrl, narrative: H.evidence }],
  }) });
  docs.set('/assertions/revoked.json', { status: 410, body: { id: `${origin}/assertions/revoked.json`, revoked: true, revocationReason: 'Issued in error' } });
  // Badges that name their earner, as Credly publishes them (OB 2.0 extensions:recipientProfile).
  const named = (id, name, extra = {}) => assertion(id, {
    'extensions:recipientProfile': { '@context': 'https://openbadgespec.org/extensions/recipientProfile/context.json', type: ['Extension', 'extensions:RecipientProfile'], name },
    ...extra,
  });
  docs.set('/assertions/jane-valid.json', { body: named('jane-valid', 'Jane Doe') });
  docs.set('/assertions/sam-valid.json', { body: named('sam-valid', 'Sam Smith') });
  return { docs, assertion };
}

function bake(dir, name, assertion) {
  const out = path.join(dir, name);
  let arg = assertion;
  if (typeof assertion !== 'string') {
    arg = path.join(dir, `${name}.json`);
    fs.writeFileSync(arg, JSON.stringify(assertion));
  }
  const r = spawnSync(HOST_BIN, ['bake', '--image', UNBAKED, '--assertion', arg, '-o', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`badgelens bake failed: ${r.stderr}`);
  return out;
}

/**
 * A certification entry as LinkedIn renders it (2025): title, issuer and
 * date inside a company link, and the "Show credential" button in a list of
 * its own inside the entry, next to a Skills item. `lateText`: the entry
 * arrives with its button only; the page fills the text in later.
 */
/**
 * LinkedIn's labels with its interface in other languages (as a LinkedIn
 * page would render them; the extension keeps its own table in sites.js).
 */
export const LINKEDIN_UI = {
  en: { section: 'Licenses &amp; certifications', issued: 'Issued Mar 2026', button: 'Show credential', skills: 'Skills: Cloud Computing' },
  de: { section: 'Lizenzen und Zertifikate', issued: 'Ausgestellt: März 2026', button: 'Nachweis anzeigen', skills: 'Kenntnisse: Cloud Computing' },
  fr: { section: 'Licences et certifications', issued: 'Délivrée le mars 2026', button: 'Afficher l’identifiant', skills: 'Compétences : Cloud Computing' },
  es: { section: 'Licencias y certificaciones', issued: 'Expedición: mar. 2026', button: 'Mostrar credencial', skills: 'Aptitudes: Cloud Computing' },
  pt: { section: 'Licenças e certificados', issued: 'Emitido em mar. de 2026', button: 'Exibir credencial', skills: 'Competências: Cloud Computing' },
};

function linkedinNestedEntry(id, title, stated, target, { lateText = false, ui = LINKEDIN_UI.en } = {}) {
  const wrapped = `https://www.linkedin.com/redir/redirect?url=${encodeURIComponent(target)}&urlhash=${id}&trk=public_profile_see-credential`;
  const text = `<div class="_b"><span aria-hidden="true">${esc(title)}</span><span class="visually-hidden">${esc(title)}</span></div>
      <span class="_n"><span aria-hidden="true">${esc(stated)}</span><span class="visually-hidden">${esc(stated)}</span></span>
      <span class="_l"><span aria-hidden="true">${ui.issued}</span><span class="visually-hidden">${ui.issued}</span></span>`;
  return `<li class="_x${id} artdeco-list__item" id="entry-${id}">
  <div class="_q" data-view-name="profile-component-entity">
    <div class="_lg"><a href="https://www.linkedin.com/company/${id}/"><img width="48" height="48" alt="" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='48' height='48'%3E%3Crect width='48' height='48' fill='%23ddd'/%3E%3C/svg%3E"></a></div>
    <div class="_t">
      <div class="_h"><a class="_co" href="https://www.linkedin.com/company/${id}/"${lateText ? ` data-late="${esc(text)}"` : ''}>${lateText ? '' : text}</a></div>
      <div class="_oc pvs-list__outer-container"><ul class="_sub">
        <li class="_si"><div class="_p"><a id="cred-${id}" class="_btn" target="_blank" href="${esc(wrapped)}"><span>${ui.button}</span></a></div></li>
        <li class="_si"><div class="_p"><span aria-hidden="true">${ui.skills}</span><span class="visually-hidden">${ui.skills}</span></div></li>
      </ul></div>
    </div>
  </div>
</li>`;
}

function linkedinEntry(i, title, stated, target, { logo = true } = {}) {
  const wrapped = `https://www.linkedin.com/redir/redirect?url=${encodeURIComponent(target)}&urlhash=h${i}&trk=public_profile_see-credential`;
  return `<li class="_e${i.toString(36)} pvs-list__item">
  <div class="_q${i}" data-view-name="profile-component-entity">
    ${logo ? `<a href="https://www.linkedin.com/company/${1000 + i}/"><img width="48" height="48" alt="${esc(stated)} logo" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='48' height='48'%3E%3Crect width='48' height='48' fill='%23ddd'/%3E%3C/svg%3E"></a>` : ''}
    <div class="_t${i}">
      <div class="_b"><span aria-hidden="true">${esc(title)}</span><span class="visually-hidden">${esc(title)}</span></div>
      <span class="_n"><span aria-hidden="true">${esc(stated)}</span><span class="visually-hidden">${esc(stated)}</span></span>
      <span class="_l"><span aria-hidden="true">Issued Mar 2026</span></span>
      <div class="_o"><a id="cred-${i}" class="_btn" target="_blank" href="${esc(wrapped)}"><span>Show credential</span></a></div>
    </div>
  </div>
</li>`;
}

const page = (title, body, head = '', lang = 'en') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#1f2328} li{list-style:none;margin:0 0 14px;padding:10px;border:1px solid #d0d7de;border-radius:8px;max-width:640px}
li img{vertical-align:top;margin-right:8px} ._btn{display:inline-block;margin-top:4px;padding:2px 12px;border:1px solid #0a66c2;border-radius:14px;color:#0a66c2;text-decoration:none}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)} ._b{font-weight:600}
._sub{padding:0;margin:4px 0 0} ._sub li{border:0;padding:0;margin:0 0 4px} ._co{display:block;color:inherit;text-decoration:none} ._co>span{display:block;color:#57606a}</style>${head}</head><body>${body}</body></html>`;

export async function startSites({ cert, extDir = EXT_SRC }) {
  const dir = tmpDir('site');
  const issuerServer = http.createServer();
  const issuerPort = await listen(issuerServer);
  const origin = `http://127.0.0.1:${issuerPort}`;
  const { docs, assertion } = issuerDocs(origin);
  const stats = { requests: 0, assertionRequests: 0, slowDelayMs: 50, paths: [] };

  // Baked images (the real `badgelens bake`).
  const images = {
    'valid-badge.png': bake(dir, 'valid-badge.png', `${origin}/assertions/valid.json`),
    'expired-badge.png': bake(dir, 'expired-badge.png', `${origin}/assertions/expired.json`),
    // The hosted assertion, copied into the image with another recipient: tampered.
    'tampered-badge.png': bake(dir, 'tampered-badge.png', { ...assertion('valid'), recipient: { type: 'email', hashed: false, identity: 'mallory@example.net' } }),
    'hostile-badge.png': bake(dir, 'hostile-badge.png', {
      ...assertion('hostile'), id: 'urn:uuid:3f8e0c5a-hostile',
      badge: { type: 'BadgeClass', name: HOSTILE, description: '<script>window.__pwned=2</script>', issuer: { name: '<b>Evil</b>' } },
    }),
    'plain.png': UNBAKED,
    'plain-in-link.png': UNBAKED,
    'badge-art.png': UNBAKED,
  };

  const linkedinAlice = page('Alice Example | LinkedIn', `<main><h2>Licenses &amp; certifications</h2><ul>
${linkedinEntry(1, 'Cloud Practitioner', 'Example Academy', `${origin}/badges/valid`)}
${linkedinEntry(2, 'Cloud Practitioner (revoked)', 'Example Academy', `${origin}/badges/revoked`)}
${linkedinEntry(3, 'Cloud Practitioner 2024', 'Example Academy', `${origin}/badges/expired`)}
${linkedinEntry(4, 'Cloud Practitioner (from the future)', 'Example Academy', `${origin}/badges/future`)}
${linkedinEntry(5, 'Deleted badge', 'Example Academy', `${origin}/badges/unknown`)}
${linkedinEntry(6, 'Azure Fundamentals', 'Microsoft', `${origin}/badges/forged`)}
<li><span aria-hidden="true">Machine Learning</span> <span aria-hidden="true">Coursera</span>
<a id="cred-coursera" href="https://www.linkedin.com/redir/redirect?url=${encodeURIComponent('https://www.coursera.org/verify/ABC')}">Show credential</a></li>
</ul></main>`);

  // A hostile page: it forges markers and verdict attributes (in its own DOM and inside its own
  // Shadow DOMs), rewrites the extension's marker later, and tries to talk to the extension.
  const redir = (target) => `https://www.linkedin.com/redir/redirect?url=${encodeURIComponent(target)}`;
  const linkedinHostile = page('Mallory Example | LinkedIn', `<main><h2>Licenses &amp; certifications</h2><ul>
<li><span aria-hidden="true">Deleted badge</span><span aria-hidden="true">Example Academy</span>
  <a id="forge-1" data-badgelens-verdict="verified" href="${esc(redir(`${origin}/badges/unknown`))}">Show credential<badgelens-marker id="fake-in-link" verdict="verified" source="${origin}/badges/unknown"></badgelens-marker></a></li>
<li><span aria-hidden="true">Revoked badge</span><span aria-hidden="true">Example Academy</span>
  <badgelens-marker id="fake-wrapper" verdict="verified" source="${origin}/badges/revoked"><a id="forge-2" href="${esc(redir(`${origin}/badges/revoked`))}">Show credential</a></badgelens-marker>
  <badgelens-marker id="fake-after" verdict="verified" source="${origin}/badges/revoked"></badgelens-marker></li>
<li><span aria-hidden="true">Fake verified</span><span aria-hidden="true">Microsoft</span>
  <span id="fake-badge" data-badgelens-verdict="verified">Azure Expert</span><badgelens-marker id="fake-free" verdict="verified" source="${origin}/badges/fake-never-checked"></badgelens-marker></li>
<li id="shadow-li"><div id="shadow-host"></div></li>
</ul></main>
<script>
  // A page-made Shadow DOM holding a "verified" marker, as the real one looks.
  const root = document.getElementById('shadow-host').attachShadow({ mode: 'open' });
  root.innerHTML = '<a id="in-shadow" data-badgelens-verdict="verified" href="${origin}/badges/fake-in-shadow">Show credential<badgelens-marker verdict="verified" source="${origin}/badges/fake-in-shadow"></badgelens-marker></a>';
  const closed = document.createElement('badgelens-marker');
  closed.setAttribute('verdict', 'verified');
  closed.setAttribute('source', '${origin}/badges/fake-closed');
  closed.attachShadow({ mode: 'closed' }).innerHTML = '<span style="background:#1a7f37;color:#fff">\u2713 Verified</span>';
  document.getElementById('shadow-li').append(closed);
</script>`);

  // Jane Doe's profile, in LinkedIn's real structure: the genuine and the borrowed badge load with the page;
  // the rest of the section is lazy-loaded (as LinkedIn does on scroll), one entry's text after its answer.
  const harvardLink = `${origin}/credentials/harvard.jwt`;
  const janeEntries = {
    genuine: ['genuine', 'Cloud Practitioner', 'Example Academy', `${ACADEMY}/badges/jane-valid`],
    borrowed: ['borrowed', 'Cloud Practitioner', 'Example Academy', `${ACADEMY}/badges/sam-valid`],
    title: ['title', 'Professional Cloud Architect', 'Example Academy', `${ACADEMY}/badges/jane-valid`],
    issuer: ['issuer', 'Cloud Practitioner', 'Google Cloud', `${ACADEMY}/badges/jane-valid`],
    harvard: ['harvard', 'Data Science Certificate', 'Harvard University', harvardLink],
  };
  const entry = (k, opts) => linkedinNestedEntry(...janeEntries[k], opts);
  const linkedinJane = page('Jane Doe | LinkedIn', `<main>
<section class="_top"><h1 class="_hT">Jane Doe</h1><div>Data engineer</div></section>
<section class="_c"><div id="licenses_and_certifications"></div><h2><span aria-hidden="true">Licenses &amp; certifications</span></h2>
<div class="_oc"><ul id="certs">
${entry('genuine')}
${entry('borrowed')}
</ul></div></section></main>
<template id="later">${entry('title')}${entry('issuer', { lateText: true })}${entry('harvard')}</template>
<script>
  // Lazy loading: the rest of the list arrives later, as LinkedIn's does.
  setTimeout(() => document.getElementById('certs').append(document.getElementById('later').content.cloneNode(true)), 600);
  // The issuer-mismatch entry's text arrives only once its button has an answer (it cannot be read at detection time).
  const fill = setInterval(() => {
    const m = document.querySelector('#cred-issuer badgelens-marker');
    if (!m || m.getAttribute('verdict') === 'pending') return;
    clearInterval(fill);
    const a = document.querySelector('#entry-issuer [data-late]');
    const t = document.createElement('template');
    t.innerHTML = a.getAttribute('data-late');
    a.append(t.content);
    a.removeAttribute('data-late');
  }, 50);
</script>`);
  // The same certifications on the /details/certifications/ page: the heading is the section, the name is in the title.
  const linkedinJaneDetails = page('Licenses & certifications | Jane Doe | LinkedIn', `<main><section>
<h1>Licenses &amp; certifications</h1>
<div class="scaffold-finite-scroll__content"><ul>
${Object.keys(janeEntries).map((k) => entry(k)).join('\n')}
</ul></div></section></main>`);

  // Jane Doe's profile with LinkedIn's interface in another language: the genuine badge, and one whose issuer differs.
  const linkedinJaneIn = (lang) => page('Jane Doe | LinkedIn', `<main>
<section class="_top"><h1 class="_hT">Jane Doe</h1></section>
<section class="_c"><h2><span aria-hidden="true">${LINKEDIN_UI[lang].section}</span></h2>
<div class="_oc"><ul id="certs">
${entry('genuine', { ui: LINKEDIN_UI[lang] })}
${entry('issuer', { ui: LINKEDIN_UI[lang] })}
</ul></div></section></main>`, '', lang);

  const linkedinCredly = page('Bob Example | LinkedIn', `<main><h2>Licenses &amp; certifications</h2><ul>
${linkedinEntry(21, 'Cloud Practitioner', 'Example Academy', 'https://www.credly.com/badges/1b3c5d7e-0000-4aaa-8bbb-123456789abc/public_url')}
${linkedinEntry(22, 'Data Literacy', 'Example Academy', 'https://www.credly.com/badges/2b3c5d7e-0000-4aaa-8bbb-123456789abc')}
</ul></main>`);

  const many = (n, prefix, title) => page(title, `<main><ul>${Array.from({ length: n }, (_, i) => linkedinEntry(i, `Badge ${i}`, 'Example Academy', `${origin}/badges/${prefix}-${i}`, { logo: false })).join('\n')}</ul></main>`);
  const scanPage = () => {
    // 5,000 elements: 1,000 list items of 5 elements each, 50 of them with a badge link.
    const items = [];
    for (let i = 0; i < 1000; i++) {
      const link = i % 20 === 0
        ? `<a href="https://www.linkedin.com/redir/redirect?url=${encodeURIComponent(`${origin}/badges/scan-${i}`)}">Show credential</a>`
        : `<a href="https://www.linkedin.com/in/person-${i}/">Profile</a>`;
      items.push(`<li><div><span aria-hidden="true">Title ${i}</span><span>Org ${i}</span></div>${link}</li>`);
    }
    return page('scan bench | LinkedIn', `<ul>${items.join('')}</ul>`);
  };

  const attUrl = (att, name) => `https://mail.google.com/mail/u/0?ui=2&ik=e2e&attid=${att}&permmsgid=msg-f:1&view=att&disp=safe&realattid=${name}`;
  const gmail = page('Your badge - Gmail', `<div role="main"><div role="list"><div role="listitem">
<div class="adn ads" data-message-id="#msg-f:1">
  <h3><span class="gD" email="${SENDER}" name="Dave Candidate">Dave Candidate</span></h3>
  <div class="a3s aiL"><p>Hello! Here is my Cloud Practitioner badge:</p>
    <p><a id="mail-link" href="${origin}/badges/valid" target="_blank">${origin}/badges/valid</a></p>
    <p><img id="inline-badge" width="96" height="96" alt="Cloud Practitioner badge" src="https://ci3.googleusercontent.com/meips/valid-badge=s0-d-e1-ft#${origin}/images/valid-badge.png"></p>
  </div>
  <div class="hq gt"><div class="aQH">
    <span class="aZo" download_url="image/png:valid-badge.png:${esc(attUrl('0.1', 'valid-badge.png'))}"><a id="att-valid" href="${esc(attUrl('0.1', 'valid-badge.png'))}" target="_blank"><img width="64" height="64" alt="" src="${esc(attUrl('0.1', 'valid-badge.png'))}&amp;disp=inline"> <span>valid-badge.png</span></a></span>
    <span class="aZo" download_url="image/png:tampered-badge.png:${esc(attUrl('0.2', 'tampered-badge.png'))}"><a id="att-tampered" href="${esc(attUrl('0.2', 'tampered-badge.png'))}" target="_blank"><span>tampered-badge.png</span></a></span>
  </div></div>
</div></div></div></div>`);

  const plain = page('A plain page', `<h1>Plain site</h1>
<p><img id="baked" width="96" height="96" alt="A badge" src="/images/valid-badge.png"> <img id="tampered" width="96" height="96" alt="Another badge" src="/images/tampered-badge.png"></p>
<p><img id="plainimg" width="96" height="96" alt="Not a badge" src="/images/plain.png"> <img id="hostile" width="96" height="96" alt="Hostile badge" src="/images/hostile-badge.png"></p>
<p><a id="hostile-link" href="/badges/hostile-hosted">A badge with hostile data</a></p>
<p><a id="badgelink" href="/badges/valid">My badge page</a> &middot; <a id="wrapped-img" href="/badges/expired"><img id="img-in-link" width="64" height="64" alt="badge picture" src="/images/plain-in-link.png"></a></p>`);

  const academy = issuerDocs(ACADEMY);
  const academyServed = [];

  issuerServer.on('request', (req, res) => {
    stats.requests++;
    const url = new URL(req.url, origin);
    if (stats.paths.length < 5000) stats.paths.push(url.pathname);
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const p = url.pathname;
    if (p.startsWith('/assertions/')) stats.assertionRequests++;
    if (p === '/plain.html') return send(200, 'text/html; charset=utf-8', plain);
    if (p === '/credentials/harvard.jwt') return send(200, 'application/jwt', HARVARD_JWT);
    if (p.startsWith('/ext-shipped/')) {
      // extension/ as shipped (the e2e's copy under /ext/ has its marker's shadow root opened for the tests).
      const f = path.join(EXT_SRC, path.normalize(p.slice(13)).replace(/^(\.\.[/\\])+/, ''));
      if (f.startsWith(EXT_SRC) && /\.js$/.test(f) && fs.existsSync(f)) return send(200, 'text/javascript', fs.readFileSync(f));
    }
    if (p.startsWith('/images/') && images[p.slice(8)]) return send(200, 'image/png', fs.readFileSync(images[p.slice(8)]));
    if (p.startsWith('/ext/')) {
      const f = path.join(extDir, path.normalize(p.slice(5)).replace(/^(\.\.[/\\])+/, ''));
      if (f.startsWith(extDir) && fs.existsSync(f) && fs.statSync(f).isFile()) return send(200, f.endsWith('.js') ? 'text/javascript' : 'application/octet-stream', fs.readFileSync(f));
    }
    if (p.startsWith('/badges/')) return send(200, 'text/html; charset=utf-8', page('Badge', `<h1>Badge ${esc(p.slice(8))}</h1>`));
    const doc = docs.get(p);
    if (doc?.slow) return setTimeout(() => send(doc.status || 200, 'application/ld+json', JSON.stringify(doc.body)), stats.slowDelayMs);
    if (doc) return send(doc.status || 200, 'application/ld+json', JSON.stringify(doc.body));
    const m = /^\/assertions\/(many|slow|scan)-(\d+)\.json$/.exec(p);
    if (m) {
      const body = JSON.stringify(assertion(`${m[1]}-${m[2]}`, m[1] === 'slow' ? { badge: `${origin}/badgeclass/slow.json` } : {}));
      if (m[1] === 'slow') return setTimeout(() => send(200, 'application/ld+json', body), stats.slowDelayMs);
      return send(200, 'application/ld+json', body);
    }
    send(404, 'text/plain', 'not found');
  });

  const siteServer = https.createServer({ key: cert.key, cert: cert.cert });
  siteServer.on('request', (req, res) => {
    const host = String(req.headers.host || '').split(':')[0];
    const url = new URL(req.url, `https://${host}`);
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (host === 'www.linkedin.com') {
      if (url.pathname === '/in/e2e-alice/') return send(200, 'text/html; charset=utf-8', linkedinAlice);
      if (url.pathname === '/in/e2e-hostile/') return send(200, 'text/html; charset=utf-8', linkedinHostile);
      if (url.pathname === '/in/e2e-many/') return send(200, 'text/html; charset=utf-8', many(200, 'many', 'Two hundred badges | LinkedIn'));
      if (url.pathname === '/in/e2e-bench50/') return send(200, 'text/html; charset=utf-8', many(50, 'slow', 'Fifty slow badges | LinkedIn'));
      if (url.pathname === '/in/e2e-scan/') return send(200, 'text/html; charset=utf-8', scanPage());
      const inLang = /^\/in\/e2e-jane-([a-z]{2})\/$/.exec(url.pathname);
      if (inLang && LINKEDIN_UI[inLang[1]]) return send(200, 'text/html; charset=utf-8', linkedinJaneIn(inLang[1]));
      if (url.pathname === '/in/e2e-jane/') return send(200, 'text/html; charset=utf-8', linkedinJane);
      if (url.pathname === '/in/e2e-jane/details/certifications/') return send(200, 'text/html; charset=utf-8', linkedinJaneDetails);
      // Only loaded where no host is installed (a host would resolve these to api.credly.com, pinned to loopback in hostConfig).
      if (url.pathname === '/in/e2e-credly/') return send(200, 'text/html; charset=utf-8', linkedinCredly);
    }
    if (host === 'mail.google.com') {
      if (url.pathname === '/mail/u/0/') return send(200, 'text/html; charset=utf-8', gmail);
      if (url.pathname === '/mail/u/0' && url.searchParams.get('view') === 'att') {
        // Attachments sit behind the login: no session cookie, no bytes.
        const cookies = String(req.headers.cookie || '');
        if (!cookies.includes(`${SESSION_COOKIE.name}=${SESSION_COOKIE.value}`)) return send(302, 'text/plain', 'login', { location: 'https://accounts.google.com/' });
        const name = url.searchParams.get('realattid');
        if (images[name]) return send(200, 'image/png', fs.readFileSync(images[name]));
      }
    }
    if (host === 'ci3.googleusercontent.com' && url.pathname.startsWith('/meips/valid-badge')) return send(200, 'image/png', fs.readFileSync(images['valid-badge.png']));
    if (host === ACADEMY_HOST) {
      // The https issuer with a domain of its own: issuer profile, badge classes, hosted assertions.
      if (academyServed.length < 1000) academyServed.push(url.pathname);
      if (url.pathname.startsWith('/images/')) return send(200, 'image/png', fs.readFileSync(UNBAKED));
      if (url.pathname.startsWith('/badges/')) return send(200, 'text/html; charset=utf-8', page('Badge', `<h1>Badge ${esc(url.pathname.slice(8))}</h1>`));
      const doc = academy.docs.get(url.pathname);
      if (doc) return send(doc.status || 200, 'application/ld+json', JSON.stringify(doc.body));
    }
    send(404, 'text/plain', 'not found');
  });
  const sitePort = await listen(siteServer);

  return {
    origin, issuerPort, sitePort, stats, dir, hostile: HOSTILE, academyServed, harvardLink, caFile: cert.caFile,
    stop() { issuerServer.close(); siteServer.close(); issuerServer.closeAllConnections?.(); siteServer.closeAllConnections?.(); },
  };
}

/** The host's config for these tests: a resolver rule for the local issuer, loopback allowed for its port only. */
export function hostConfig(site, dir) {
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify({
    resolvers: [
      { name: 'local', page: `^http://127\\.0\\.0\\.1:${site.issuerPort}/badges/(?<id>[a-z0-9-]+)`, assertion: `http://127.0.0.1:${site.issuerPort}/assertions/{id}.json` },
      { name: 'academy', page: `^https://badges\\.example-academy\\.test/badges/(?<id>[a-z0-9-]+)`, assertion: `${ACADEMY}/assertions/{id}.json` },
    ],
    // api.credly.com is pinned to a closed loopback port, not allowed: no test ever reaches the internet.
    // The academy's name is pinned to the local https server, which presents a certificate of the test CA.
    network: {
      allow_private: [`127.0.0.1:${site.issuerPort}`, `127.0.0.1:${site.sitePort}`],
      resolve: { 'api.credly.com:443': '127.0.0.1:9', [`${ACADEMY_HOST}:443`]: `127.0.0.1:${site.sitePort}` },
      extra_roots: site.caFile ? [site.caFile] : [],
    },
    cache_dir: path.join(dir, 'cache'),
  }, null, 2));
  return file;
}

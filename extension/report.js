// The popup's summary of a page ("7 badges: 5 verified, 1 revoked, 1 not
// this person's") and the report a recruiter can save: every badge the
// extension checked on the page, what was checked, when, and against which
// server, as a self-contained HTML or Markdown file that reads without the
// extension. Every string from a badge, an issuer, the helper or the page is
// escaped; the HTML file carries a Content-Security-Policy that loads and
// runs nothing. Pure functions (tested in node).

import './i18n.js';

const t = (key, ...subs) => globalThis.BadgeLens.i18n.t(key, ...subs);

/** The message naming each look (claims.js `assess`), as the marker shows them. */
export const LOOK_MESSAGE = Object.freeze({
  verified: 'lookVerified', 'signed-unbound': 'lookSignedUnbound', 'issuer-unknown': 'lookIssuerUnknown',
  mismatch: 'lookMismatch', expired: 'lookExpired', revoked: 'lookRevoked', invalid: 'lookInvalid',
  unverifiable: 'lookUnverifiable', not_a_badge: 'lookNotABadge', pending: 'lookPending', error: 'lookProblem',
});

/** A look's words in the user's language ("Problem" for anything unknown). */
export function lookLabel(look) {
  return t(Object.hasOwn(LOOK_MESSAGE, look) ? LOOK_MESSAGE[look] : 'lookProblem');
}

/** Summary categories, most serious first; an entry counts once, in the first that applies. Words: messages cat_<key>. */
const CATEGORIES = [
  ['invalid', (e) => e.look === 'invalid'],
  ['revoked', (e) => e.look === 'revoked'],
  ['earner', (e) => e.mismatches?.includes('earner')],
  ['claims', (e) => e.mismatches?.length > 0],
  ['expired', (e) => e.look === 'expired'],
  ['signed-unbound', (e) => e.look === 'signed-unbound'],
  ['issuer-unknown', (e) => e.look === 'issuer-unknown'],
  ['unverifiable', (e) => e.look === 'unverifiable'],
  ['verified', (e) => e.look === 'verified'],
  ['not_a_badge', (e) => e.look === 'not_a_badge'],
  ['pending', (e) => e.look === 'pending'],
  ['error', () => true],
];

/** The category key of one entry. */
export function category(entry) {
  return CATEGORIES.find(([, test]) => test(entry || {}))[0];
}

/** "7 badges: 5 verified, 1 revoked, 1 not this person's" (verified first, then the rest by seriousness). */
export function summarize(entries) {
  const list = Array.isArray(entries) ? entries : [];
  if (!list.length) return t('summaryNone');
  const counts = new Map();
  for (const e of list) counts.set(category(e), (counts.get(category(e)) || 0) + 1);
  const order = ['verified', ...CATEGORIES.map(([k]) => k).filter((k) => k !== 'verified')];
  const parts = order.filter((k) => counts.has(k)).map((k) => t('catPart', counts.get(k), t(`cat_${k.replace(/-/g, '_')}`)));
  return list.length === 1 ? t('summaryOne', parts.join(', ')) : t('summaryMany', list.length, parts.join(', '));
}

const text = (v, max = 2000) => {
  if (v === null || v === undefined) return '';
  const s = String(v).replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
};

export function escapeHtml(v) {
  return text(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Markdown text that renders as itself, on one line: HTML characters as
 * entities (no raw HTML, no <autolink>), and the punctuation that makes
 * emphasis, code, links, images and tables backslashed. Values never start
 * a line (each follows a label), so line-start syntax (#, -, 1.) cannot occur.
 */
export function escapeMarkdown(v) {
  return text(v)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]|~])/g, '\\$1');
}

/** The issuer, as established: the proven domain first, the self-chosen name as a claim. */
export function issuerLine(e) {
  const name = text(e.issuer, 300);
  switch (e.identifiedBy) {
    case 'domain': return name ? t('reportIssuerCallsItself', e.domain, name) : text(e.domain);
    case 'registry': return t('claimsIssuerListed', name || text(e.issuerId), text(e.registry, 200));
    case 'key': return t('reportIssuerBareKey', name || t('reportNoName'), text(e.issuerId, 120));
    default: return name || e.issuerId ? t('reportIssuerNotEstablished', name || text(e.issuerId)) : '';
  }
}

/** One badge as label/value rows, the same for both formats. */
function rows(e) {
  const out = [
    [t('reportResult'), t('reportResultValue', lookLabel(e.look), text(e.verdict, 40) || t('reportNone'))],
    [t('reportBadge'), text(e.name, 300) || t('reportNoBadgeName')],
    [t('rowIssuer'), issuerLine(e)],
    [t('rowEarner'), text(e.recipient, 400)],
  ];
  if (e.stated?.title) out.push([t('reportStatedTitle'), text(e.stated.title, 300)]);
  if (e.stated?.issuer) out.push([t('reportStatedIssuer'), text(e.stated.issuer, 300)]);
  if (e.stated?.owner) out.push([t('reportPageOwner'), text(e.stated.owner, 200)]);
  for (const n of e.notes || []) out.push([n.mismatch ? t('reportDoesNotMatch') : t('reportNote'), text(n.text, 600)]);
  out.push([t('rowHow'), text(e.how, 600)]);
  out.push([t('reportCheckedAt'), text(e.at, 60)]);
  out.push([t('reportSourceGiven'), text(e.source, 600)]);
  out.push([t('reportHelperSummary'), text(e.summary, 1000)]);
  return out.filter(([, v]) => v);
}

function checkLines(e) {
  return (e.checks || []).map((c) => `${text(c.status, 10)}: ${text(c.check, 40)}: ${text(c.message, 600)}`);
}

function header(meta, entries) {
  const helper = meta.helper ? t('reportHelperVersion', text(meta.helper.version, 40), text(meta.helper.protocol, 10)) : t('reportHelperUnknown');
  return [
    [t('reportPage'), text(meta.pageUrl, 2000)],
    [t('reportPageTitle'), text(meta.pageTitle, 300)],
    [t('reportMade'), text(meta.createdAt, 60)],
    [t('reportCheckedBy'), t('reportCheckedByValue', helper, text(meta.extensionVersion, 40))],
    [t('reportSummary'), summarize(entries)],
  ].filter(([, v]) => v);
}

/** What the report's words mean (message reportAbout). */
const about = () => t('reportAbout');

/** The report as Markdown. */
export function reportMarkdown(meta, entries) {
  const list = Array.isArray(entries) ? entries : [];
  const lines = [`# ${escapeMarkdown(t('reportTitle'))}`, ''];
  for (const [k, v] of header(meta, list)) lines.push(`- **${k}:** ${escapeMarkdown(v)}`);
  lines.push('', escapeMarkdown(about()), '');
  list.forEach((e, i) => {
    lines.push(`## ${i + 1}\\. ${escapeMarkdown(lookLabel(e.look))}: ${escapeMarkdown(text(e.name, 300) || t('reportNoBadgeName'))}`, '');
    for (const [k, v] of rows(e)) lines.push(`- **${k}:** ${escapeMarkdown(v)}`);
    const checks = checkLines(e);
    if (checks.length) {
      lines.push(`- **${escapeMarkdown(t('reportChecks'))}**`);
      for (const c of checks) lines.push(`  - ${escapeMarkdown(c)}`);
    }
    lines.push('');
  });
  return lines.join('\n');
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328;max-width:860px;margin:24px auto;padding:0 16px}
h1{font-size:22px}h2{font-size:16px;margin:22px 0 6px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
dt{color:#57606a}dd{margin:0;word-break:break-word}ul{margin:4px 0 0;padding-left:18px}li{word-break:break-word}
.look-verified{color:#1a7f37}.look-revoked,.look-invalid,.look-mismatch{color:#b42318}.look-signed-unbound{color:#6639ba}
.look-issuer-unknown,.look-expired{color:#9a6700}.look-unverifiable,.look-error,.look-pending,.look-not_a_badge{color:#57606a}
section{border-top:1px solid #d0d7de;padding-top:4px}.about{color:#57606a}`;

/** The report as one self-contained HTML file: no script, no link, nothing loaded (its CSP allows inline style only). */
export function reportHtml(meta, entries) {
  const list = Array.isArray(entries) ? entries : [];
  const dl = (pairs) => `<dl>${pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  const sections = list.map((e, i) => {
    const look = Object.hasOwn(LOOK_MESSAGE, e.look) ? e.look : 'error';
    const checks = checkLines(e);
    return `<section><h2>${i + 1}. <span class="look-${look}">${escapeHtml(lookLabel(look))}</span>: ${escapeHtml(text(e.name, 300) || t('reportNoBadgeName'))}</h2>${dl(rows(e))}`
      + (checks.length ? `<ul>${checks.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : '') + '</section>';
  }).join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(globalThis.BadgeLens.i18n.uiLanguage())}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(t('reportTitleFor', text(meta.pageTitle, 200) || text(meta.pageUrl, 200)))}</title>
<style>${CSS}</style></head>
<body><h1>${escapeHtml(t('reportTitle'))}</h1>
${dl(header(meta, list))}
<p class="about">${escapeHtml(about())}</p>
${sections}
</body></html>
`;
}

/** A file name for the report: badgelens-report-<host>-<date>.<ext>, letters, digits, dots and dashes only. */
export function reportFileName(meta, ext) {
  let host = 'page';
  try { host = new URL(meta.pageUrl).hostname || 'page'; } catch { /* not a URL */ }
  const day = text(meta.createdAt, 40).slice(0, 19).replace(/[^0-9]/g, '').replace(/^(\d{8})(\d{6}).*$/, '$1-$2');
  return `badgelens-report-${host}-${day || 'now'}.${ext}`.replace(/[^A-Za-z0-9.-]/g, '-');
}

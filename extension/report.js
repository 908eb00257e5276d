// The popup's summary of a page ("7 badges: 5 verified, 1 revoked, 1 not
// this person's") and the report a recruiter can save: every badge the
// extension checked on the page, what was checked, when, and against which
// server, as a self-contained HTML or Markdown file that reads without the
// extension. Every string from a badge, an issuer, the helper or the page is
// escaped; the HTML file carries a Content-Security-Policy that loads and
// runs nothing. Pure functions (tested in node).

/** Words for each look (claims.js `assess`), as the marker shows them. */
export const LOOK_LABEL = Object.freeze({
  verified: 'Verified', 'signed-unbound': 'Signed, issuer unbound', 'issuer-unknown': 'Issuer not established',
  mismatch: 'Mismatch', expired: 'Expired', revoked: 'Revoked', invalid: 'Invalid',
  unverifiable: 'Unverifiable', not_a_badge: 'Not a badge', pending: 'Checking\u2026', error: 'Problem',
});

/** Summary categories, most serious first; an entry counts once, in the first that applies. */
const CATEGORIES = [
  ['invalid', (e) => e.look === 'invalid', 'invalid'],
  ['revoked', (e) => e.look === 'revoked', 'revoked'],
  ['earner', (e) => e.mismatches?.includes('earner'), 'not this person\u2019s'],
  ['claims', (e) => e.mismatches?.length > 0, 'not as the page states'],
  ['expired', (e) => e.look === 'expired', 'expired'],
  ['signed-unbound', (e) => e.look === 'signed-unbound', 'signed by a key tied to no one'],
  ['issuer-unknown', (e) => e.look === 'issuer-unknown', 'issuer not established'],
  ['unverifiable', (e) => e.look === 'unverifiable', 'unverifiable'],
  ['verified', (e) => e.look === 'verified', 'verified'],
  ['not_a_badge', (e) => e.look === 'not_a_badge', 'not a badge'],
  ['pending', (e) => e.look === 'pending', 'still checking'],
  ['error', () => true, 'not checked (problem)'],
];

/** The category key of one entry. */
export function category(entry) {
  return CATEGORIES.find(([, test]) => test(entry || {}))[0];
}

/** "7 badges: 5 verified, 1 revoked, 1 not this person's" (verified first, then the rest by seriousness). */
export function summarize(entries) {
  const list = Array.isArray(entries) ? entries : [];
  if (!list.length) return 'No badges checked on this page.';
  const counts = new Map();
  for (const e of list) counts.set(category(e), (counts.get(category(e)) || 0) + 1);
  const order = ['verified', ...CATEGORIES.map(([k]) => k).filter((k) => k !== 'verified')];
  const parts = order.filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${CATEGORIES.find(([x]) => x === k)[2]}`);
  return `${list.length} badge${list.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
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
    case 'domain': return name ? `${e.domain} (calls itself \u201c${name}\u201d)` : text(e.domain);
    case 'registry': return `${name || text(e.issuerId)} (listed in ${text(e.registry, 200)})`;
    case 'key': return `\u201c${name || 'no name'}\u201d, signed with a bare key (${text(e.issuerId, 120)}): nothing ties this key to that name`;
    default: return name || e.issuerId ? `${name || text(e.issuerId)} (identity not established by a domain or a registry)` : '';
  }
}

/** One badge as label/value rows, the same for both formats. */
function rows(e) {
  const out = [
    ['Result', `${LOOK_LABEL[e.look] || 'Problem'} (helper verdict: ${text(e.verdict, 40) || 'none'})`],
    ['Badge', text(e.name, 300) || '(no name)'],
    ['Issuer', issuerLine(e)],
    ['Earner', text(e.recipient, 400)],
  ];
  if (e.stated?.title) out.push(['The page states the title', text(e.stated.title, 300)]);
  if (e.stated?.issuer) out.push(['The page states the issuer', text(e.stated.issuer, 300)]);
  if (e.stated?.owner) out.push(['The page belongs to', text(e.stated.owner, 200)]);
  for (const n of e.notes || []) out.push([n.mismatch ? 'Does not match' : 'Note', text(n.text, 600)]);
  out.push(['How it was checked', text(e.how, 600)]);
  out.push(['Checked at', text(e.at, 60)]);
  out.push(['Source given to the helper', text(e.source, 600)]);
  out.push(['Helper\u2019s summary', text(e.summary, 1000)]);
  return out.filter(([, v]) => v);
}

function checkLines(e) {
  return (e.checks || []).map((c) => `${text(c.status, 10)}: ${text(c.check, 40)}: ${text(c.message, 600)}`);
}

function header(meta, entries) {
  const helper = meta.helper ? `BadgeLens helper ${text(meta.helper.version, 40)} (protocol ${text(meta.helper.protocol, 10)}) on the computer that made this report` : 'the BadgeLens helper (version unknown)';
  return [
    ['Page', text(meta.pageUrl, 2000)],
    ['Page title', text(meta.pageTitle, 300)],
    ['Report made', text(meta.createdAt, 60)],
    ['Checked by', `${helper}; the extension ${text(meta.extensionVersion, 40)}`],
    ['Summary', summarize(entries)],
  ].filter(([, v]) => v);
}

const ABOUT = 'Each badge was checked by the BadgeLens helper against its issuer (the issuer\u2019s server for hosted badges, '
  + 'the issuer\u2019s key for signed ones), at the time given. "Verified" means the helper verified the badge, the issuer is '
  + 'established by a web domain or a registry, and what the page states (title, issuing organisation, whose profile it is) agrees with it. '
  + 'A name an issuer gives itself is a claim, not a proof. Text from badges and pages is reproduced as text.';

/** The report as Markdown. */
export function reportMarkdown(meta, entries) {
  const list = Array.isArray(entries) ? entries : [];
  const lines = ['# BadgeLens report', ''];
  for (const [k, v] of header(meta, list)) lines.push(`- **${k}:** ${escapeMarkdown(v)}`);
  lines.push('', escapeMarkdown(ABOUT), '');
  list.forEach((e, i) => {
    lines.push(`## ${i + 1}\\. ${escapeMarkdown(LOOK_LABEL[e.look] || 'Problem')}: ${escapeMarkdown(text(e.name, 300) || '(no name)')}`, '');
    for (const [k, v] of rows(e)) lines.push(`- **${k}:** ${escapeMarkdown(v)}`);
    const checks = checkLines(e);
    if (checks.length) {
      lines.push('- **Checks:**');
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
    const look = Object.hasOwn(LOOK_LABEL, e.look) ? e.look : 'error';
    const checks = checkLines(e);
    return `<section><h2>${i + 1}. <span class="look-${look}">${escapeHtml(LOOK_LABEL[look])}</span>: ${escapeHtml(text(e.name, 300) || '(no name)')}</h2>${dl(rows(e))}`
      + (checks.length ? `<ul>${checks.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : '') + '</section>';
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>BadgeLens report: ${escapeHtml(text(meta.pageTitle, 200) || text(meta.pageUrl, 200))}</title>
<style>${CSS}</style></head>
<body><h1>BadgeLens report</h1>
${dl(header(meta, list))}
<p class="about">${escapeHtml(ABOUT)}</p>
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

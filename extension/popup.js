// The toolbar popup: the badges this extension checked in the current tab,
// a one-line summary of the page, the helper's state, and the recruiter's
// report (HTML or Markdown) to save. Only results the extension obtained
// itself are listed; the page's claims in them are labelled as the page's.
import { LOOK_MESSAGE, lookLabel, summarize, issuerLine, reportHtml, reportMarkdown, reportFileName } from './report.js';

const t = (key, ...subs) => globalThis.BadgeLens.i18n.t(key, ...subs);

const api = globalThis.browser ?? globalThis.chrome;

/** One row; every string goes in with textContent. Exported for the unit test. */
export function item(entry, doc = document) {
  const look = Object.hasOwn(LOOK_MESSAGE, entry.look) ? entry.look : (entry.look === undefined && Object.hasOwn(LOOK_MESSAGE, entry.verdict) && entry.verdict !== 'verified' ? entry.verdict : 'error');
  const li = doc.createElement('li');
  li.className = `v-${look}`;
  const v = doc.createElement('span');
  v.className = 'verdict';
  v.textContent = lookLabel(look);
  const name = doc.createElement('span');
  name.className = 'name';
  name.textContent = entry.name || entry.source;
  const detail = doc.createElement('div');
  detail.className = 'muted small';
  const notes = (Array.isArray(entry.notes) ? entry.notes : []).map((n) => n?.text);
  const issuer = issuerLine(entry);
  detail.textContent = [issuer && t('popupBy', issuer), ...notes, entry.summary].filter(Boolean).join(' — ');
  li.append(v, name, detail);
  return li;
}

/** Offers `content` as a file to save (an object URL on a link with `download`: no permission needed). */
function save(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function main() {
  globalThis.BadgeLens.i18n.localizePage(document);
  // `popup.html?tab=<id>` names the tab (tests open the popup as a page; only the extension can open it).
  const named = Number(new URLSearchParams(location.search).get('tab'));
  const [tab] = Number.isInteger(named) && named > 0 ? [{ id: named }] : await api.tabs.query({ active: true, currentWindow: true });
  // The tab's content script holds what the extension found in the current document; none there, nothing found.
  const ask = (id, type, fallback) => Promise.resolve(api.tabs.sendMessage(id, { type }, { frameId: 0 })).catch(() => fallback);
  const [status, results, page] = await Promise.all([
    api.runtime.sendMessage({ type: 'bl:status' }),
    tab ? ask(tab.id, 'bl:list', []) : [],
    tab ? ask(tab.id, 'bl:page', null) : null,
  ]);
  const s = document.getElementById('status');
  if (status?.info) s.textContent = t('popupHelperConnected', status.info.version);
  else if (status?.error) {
    s.textContent = t('popupRun', status.error.title, status.error.command);
    s.className = 'warn';
  }
  const entries = Array.isArray(results) ? results : [];
  document.getElementById('list').replaceChildren(...entries.map((e) => item(e)));
  document.getElementById('empty').hidden = entries.length > 0;
  document.getElementById('summary').textContent = entries.length ? summarize(entries) : '';
  const meta = () => ({
    pageUrl: page?.url ?? '', pageTitle: page?.title ?? '', createdAt: new Date().toISOString(),
    helper: status?.info ? { version: status.info.version, protocol: status.info.protocol } : null,
    extensionVersion: status?.version ?? api.runtime.getManifest().version,
  });
  const actions = document.getElementById('report');
  actions.hidden = entries.length === 0;
  document.getElementById('save-html').onclick = () => { const m = meta(); save(reportFileName(m, 'html'), 'text/html', reportHtml(m, entries)); };
  document.getElementById('save-md').onclick = () => { const m = meta(); save(reportFileName(m, 'md'), 'text/markdown', reportMarkdown(m, entries)); };
}
// Runs in the popup only (node tests import `item`).
if (globalThis.document?.getElementById('list')) main().catch((e) => { document.getElementById('status').textContent = t('popupError', e.message); });

// The toolbar popup: the badges this extension checked in the current tab,
// with their verdicts, and the host's state. Only results the extension
// obtained itself are listed; nothing is read from the page.
const api = globalThis.browser ?? globalThis.chrome;

const LABEL = {
  verified: 'Verified', expired: 'Expired', revoked: 'Revoked', invalid: 'Invalid',
  unverifiable: 'Unverifiable', not_a_badge: 'Not a badge', error: 'Problem',
};

/** One row; every string goes in with textContent. Exported for the unit test. */
export function item(entry, doc = document) {
  const li = doc.createElement('li');
  li.className = `v-${LABEL[entry.verdict] ? entry.verdict : 'error'}`;
  const v = doc.createElement('span');
  v.className = 'verdict';
  v.textContent = LABEL[entry.verdict] || 'Problem';
  const name = doc.createElement('span');
  name.className = 'name';
  name.textContent = entry.name || entry.source;
  const detail = doc.createElement('div');
  detail.className = 'muted small';
  detail.textContent = [entry.issuer && `by ${entry.issuer}`, entry.mismatch && `the page says ${entry.mismatch}`, entry.summary].filter(Boolean).join(' — ');
  li.append(v, name, detail);
  return li;
}

async function main() {
  // `popup.html?tab=<id>` names the tab (tests open the popup as a page; only the extension can open it).
  const named = Number(new URLSearchParams(location.search).get('tab'));
  const [tab] = Number.isInteger(named) && named > 0 ? [{ id: named }] : await api.tabs.query({ active: true, currentWindow: true });
  // The tab's content script holds what the extension found in the current document; none there, nothing found.
  const listOf = (id) => Promise.resolve(api.tabs.sendMessage(id, { type: 'bl:list' }, { frameId: 0 })).catch(() => []);
  const [status, results] = await Promise.all([
    api.runtime.sendMessage({ type: 'bl:status' }),
    tab ? listOf(tab.id) : [],
  ]);
  const s = document.getElementById('status');
  if (status?.info) s.textContent = `Helper ${status.info.version} connected.`;
  else if (status?.error) {
    s.textContent = `${status.error.title}. Run: ${status.error.command}`;
    s.className = 'warn';
  }
  const list = document.getElementById('list');
  const entries = Array.isArray(results) ? results : [];
  list.replaceChildren(...entries.map((e) => item(e)));
  document.getElementById('empty').hidden = entries.length > 0;
}
// Runs in the popup only (node tests import `item`).
if (globalThis.document?.getElementById('list')) main().catch((e) => { document.getElementById('status').textContent = `Error: ${e.message}`; });

// The options page: identities to match recipients against, auto-detection
// per site, the cache, and the host's version and health.
import './i18n.js';
import './sites.js';

const api = globalThis.browser ?? globalThis.chrome;
const { i18n, SITES } = globalThis.BadgeLens;
const t = i18n.t;

function siteBoxes(sites) {
  const holder = document.getElementById('sites');
  holder.replaceChildren();
  for (const { id, name } of SITES) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `site-${id}`;
    box.checked = sites[id] !== false;
    label.append(box, ` ${name}`);
    holder.append(label, document.createElement('br'));
  }
}

async function load() {
  const s = await api.storage.sync.get({ sites: {}, identities: [] });
  document.getElementById('identities').value = (s.identities || []).join('\n');
  siteBoxes(s.sites || {});
}

async function save() {
  const identities = document.getElementById('identities').value.split('\n').map((x) => x.trim()).filter(Boolean).slice(0, 50);
  const sites = Object.fromEntries(SITES.map(({ id }) => [id, document.getElementById(`site-${id}`).checked]));
  await api.storage.sync.set({ identities, sites });
  document.getElementById('saved').textContent = t('optSaved');
}

async function hostStatus() {
  const status = await api.runtime.sendMessage({ type: 'bl:status' });
  const host = document.getElementById('host');
  const help = document.getElementById('help');
  if (status?.info) {
    host.textContent = t('optHostWorking', status.info.version, status.info.protocol, status.info.capabilities.join(', ') || t('optNothingYet'),
      status.version, status.extensionId);
    help.hidden = true;
  } else if (status?.error) {
    host.textContent = `${status.error.title}. ${status.error.text}`; // both from help.js, already in the UI language
    help.textContent = status.error.command;
    help.hidden = false;
  }
}

document.getElementById('save').addEventListener('click', () => save().catch((e) => { document.getElementById('saved').textContent = e.message; }));
document.getElementById('clear').addEventListener('click', async () => {
  await api.runtime.sendMessage({ type: 'bl:clear-cache' });
  document.getElementById('cleared').textContent = t('optCleared');
});
i18n.localizePage(document);
load();
hostStatus();

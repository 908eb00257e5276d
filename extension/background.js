// The service worker (Chrome family) / background page (Firefox): owns the
// host port, answers the content scripts, the popup and the options page,
// and runs the context menu. Each page's results live in its content script
// (the popup asks it), so they belong to that document and nothing else.
import './i18n.js';
import './sites.js';
import './patterns.js';
import './detect.js';
import { HostPort, HostError } from './host-port.js';
import { helpFor } from './help.js';
import { senderKind, checkMessage } from './validate.js';

const api = globalThis.browser ?? globalThis.chrome;
const BadgeLens = globalThis.BadgeLens;

/** The content scripts, in order; the context menu injects the same list. */
export const CONTENT_FILES = ['i18n.js', 'sites.js', 'patterns.js', 'detect.js', 'claims.js', 'marker.js', 'content.js'];
export const MENU_IMAGE = 'verify-badge-image';
export const MENU_LINK = 'verify-badge-link';
const RESULT_TTL_MS = 10 * 60 * 1000;
const MAX_CACHED = 500;

const port = new HostPort({
  connect: (name) => api.runtime.connectNative(name),
  lastError: () => api.runtime.lastError,
});

/** Recent results by request, so a badge seen again (another tab, a rescan) is not asked again. */
const cache = new Map(); // key -> { result, at, time }
/** Requests made since the user cleared the cache go to the host with cache: "refresh". */
let clearedAt = 0;
const askedSince = new Map(); // key -> time of the last host request

function errorPayload(e) {
  const kind = e instanceof HostError ? e.kind : 'crashed';
  const message = String(e?.message || e);
  const isFirefox = api.runtime.getURL('').startsWith('moz-extension:');
  return { kind, message, ...helpFor(kind, { extensionId: isFirefox ? undefined : api.runtime.id, browser: isFirefox ? 'firefox' : undefined, message }) };
}

/**
 * Keeps the host's page patterns where content scripts read them at start (content.js
 * `loadRememberedPatterns`), so a page is scanned before the host has answered its hello.
 */
let remembered = null;
function rememberPatterns(patterns) {
  const json = JSON.stringify(patterns);
  if (json === remembered) return;
  remembered = json;
  Promise.resolve(api.storage.local.set({ hostPatterns: patterns })).catch(() => { remembered = null; });
}

async function hello() {
  try {
    const info = await port.ready();
    const patterns = info.page_patterns.length ? info.page_patterns : BadgeLens.BUILTIN_PAGE_PATTERNS;
    rememberPatterns(patterns);
    return { info, patterns };
  } catch (e) {
    return { error: errorPayload(e), patterns: BadgeLens.BUILTIN_PAGE_PATTERNS };
  }
}

/** `source` and `options` as validate.js `checkMessage` cleaned them. */
async function verify(source, options) {
  // `timing`: when this worker got the request, posted it to the host and had its answer (ms since the epoch; no badge data).
  const timing = { received: Date.now() };
  const opts = { ...options };
  const key = JSON.stringify([source, opts]);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.time < RESULT_TTL_MS) return { result: hit.result, at: hit.at, timing: { ...timing, cached: true } };
  if (clearedAt && (askedSince.get(key) ?? 0) < clearedAt) opts.cache = 'refresh';
  try {
    askedSince.delete(key);
    askedSince.set(key, Date.now());
    while (askedSince.size > MAX_CACHED * 4) askedSince.delete(askedSince.keys().next().value);
    const msg = await port.verify(source, opts, timing);
    timing.answered = Date.now();
    const { type: _t, id: _id, ...result } = msg;
    const at = new Date().toISOString();
    cache.delete(key);
    cache.set(key, { result, at, time: Date.now() });
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value);
    return { result, at, timing };
  } catch (e) {
    return { error: errorPayload(e) };
  }
}

// --- messages from content scripts, the popup and the options page ---
const self = { id: api.runtime.id, origin: api.runtime.getURL('') };
api.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  // Web pages cannot reach here (no externally_connectable, no external message listener);
  // still, every message is checked for who sent it and for its exact shape.
  const kind = senderKind(sender, self);
  if (!kind) return false;
  const checked = checkMessage(raw, kind);
  if (!checked.ok) {
    if (!checked.known) return false; // not ours: another listener (or nobody) answers
    console.warn('BadgeLens: refused a message:', checked.reason);
    sendResponse({ error: errorPayload(new HostError('host_error', `refused by the extension: ${checked.reason}`)) });
    return false;
  }
  const msg = checked.msg;
  const reply = (p) => {
    p.then(sendResponse, (e) => sendResponse({ error: errorPayload(e) }));
    return true;
  };
  switch (msg.type) {
    case 'bl:hello':
      return reply(hello());
    case 'bl:verify':
      return reply(verify(msg.source, msg.options));
    case 'bl:status':
      return reply(hello().then((h) => ({ ...h, extensionId: api.runtime.id, version: api.runtime.getManifest().version })));
    case 'bl:clear-cache':
      cache.clear();
      clearedAt = Date.now();
      return reply(Promise.resolve({ ok: true }));
    default:
      return false;
  }
});

// --- verify requests from content scripts over a port: one channel for a page's
// requests, answers posted as they come (a sendMessage per badge costs a channel each) ---
export const VERIFY_PORT = 'bl:verify';
/** Requests in one batch message at most (a scan of a very long page sends more batches). */
const MAX_BATCH = 500;
/** How long an answer may wait for the rest of its burst before it goes back to the page. */
const COALESCE_MS = 4;
api.runtime.onConnect.addListener((p) => {
  if (p.name !== VERIFY_PORT) return;
  // The same checks as for a message: this extension's content script only, each request's exact shape.
  if (senderKind(p.sender, self) !== 'content') {
    p.disconnect();
    return;
  }
  let open = true;
  p.onDisconnect.addListener(() => { open = false; });
  // Answers that come in a burst (the host answers a page of badges within milliseconds) go back as one
  // message: each message costs the page a task of its own. An answer waits at most COALESCE_MS for
  // others still in flight on this port, none once nothing else is.
  let answers = [];
  let inFlight = 0;
  let timer = null;
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    const out = answers;
    answers = [];
    if (!open) return;
    const now = Date.now();
    for (const a of out) if (a.answer?.timing) a.answer.timing.flushed = now;
    try { p.postMessage({ answers: out }); } catch { open = false; }
  };
  const one = (raw) => {
    const rid = raw?.rid;
    if (!Number.isSafeInteger(rid) || rid < 1) return;
    const post = (answer) => {
      inFlight--;
      answers.push({ rid, answer });
      if (inFlight === 0) flush();
      else timer ??= setTimeout(flush, COALESCE_MS);
    };
    inFlight++;
    const { rid: _rid, ...rest } = raw;
    const checked = checkMessage(rest, 'content');
    if (!checked.ok || checked.msg.type !== 'bl:verify') {
      const reason = checked.ok ? `${checked.msg.type} on the verify port` : checked.reason;
      console.warn('BadgeLens: refused a message:', reason);
      post({ error: errorPayload(new HostError('host_error', `refused by the extension: ${reason}`)) });
      return;
    }
    verify(checked.msg.source, checked.msg.options).then(post, (e) => post({ error: errorPayload(e) }));
  };
  // A batch: the requests a content script made in one task (a scan), each checked on its own.
  p.onMessage.addListener((raw) => {
    if (Array.isArray(raw?.batch)) raw.batch.slice(0, MAX_BATCH).forEach(one);
    else one(raw);
  });
});

// --- context menu: "Verify badge" on images and on links ---
function createMenus() {
  const make = () => {
    const title = BadgeLens.i18n.t('menuVerify');
    api.contextMenus.create({ id: MENU_IMAGE, title, contexts: ['image'] });
    api.contextMenus.create({ id: MENU_LINK, title, contexts: ['link'] });
  };
  return Promise.resolve(api.contextMenus.removeAll()).then(make, make);
}
// On every start of the worker, not only on install: an unpacked reload or a
// browser that dropped the menus must still have them. removeAll keeps it idempotent.
createMenus();

async function contentReady(tabId, frameId) {
  try {
    const pong = await api.tabs.sendMessage(tabId, { type: 'bl:ping' }, { frameId });
    if (pong?.ok) return;
  } catch { /* not injected yet */ }
  await api.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: CONTENT_FILES });
}

/**
 * Works from the click data alone (srcUrl, linkUrl, pageUrl, frameId); the
 * tab is needed only for its id, never its URL.
 */
export async function onMenuClick(info, tab) {
  let tabId = tab?.id;
  if (typeof tabId !== 'number' || tabId < 0) {
    const [active] = await api.tabs.query({ active: true, lastFocusedWindow: true });
    tabId = active?.id;
  }
  if (typeof tabId !== 'number') return { found: 0 };
  const frameId = info.frameId ?? 0;
  await contentReady(tabId, frameId);
  return api.tabs.sendMessage(tabId, {
    type: 'bl:menu', menuItemId: info.menuItemId, srcUrl: info.srcUrl, linkUrl: info.linkUrl, pageUrl: info.pageUrl,
  }, { frameId });
}
api.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== MENU_IMAGE && info.menuItemId !== MENU_LINK) return;
  onMenuClick(info, tab).catch((e) => console.warn('BadgeLens: context menu:', e?.message || e));
});

// Content-script glue: detection (detect.js) finds badges, the background
// asks the host, the marker (marker.js) shows the answer.
//
// Runs automatically on the sites listed in the manifest (when auto-detection
// is on for that site in the options), and is injected on request by the
// context menu anywhere else. A MutationObserver looks only at added nodes,
// debounced, for single-page navigation and infinite scroll.
// A classic script (see patterns.js); the last of the content scripts.
(function (root) {
  'use strict';
  const ns = root.BadgeLens;
  if (!ns || ns.contentLoaded) return;
  ns.contentLoaded = true;
  const api = root.browser ?? root.chrome;
  const { detect, claims, marker } = ns;

  // Short: LinkedIn adds entries in bursts, and a recruiter waits for each marker.
  const DEBOUNCE_MS = 40;
  const MAX_ATTACHMENT_BYTES = detect.MAX_IMAGE_BYTES;
  const site = detect.siteOf(location.hostname);
  const profile = detect.kindOf(site) === 'profile'; // entries state claims (LinkedIn)
  /** Who states the claims on this site, for notes (sites.js claimsBy). */
  const claimsBy = ((by) => (by?.message ? ns.i18n.t(by.message) : by?.name || ''))(ns.siteInfo?.(site)?.claimsBy);

  const seen = new WeakSet(); // elements detection has handled
  const markerOf = new WeakMap(); // badge element -> its marker
  const ours = new WeakSet(); // markers we created
  const requests = new Map(); // request key -> Promise<answer>
  const shown = new Map(); // marker -> { element, c, answer, key }: answered occurrences (the popup's list, claim refreshes)
  let regexes = detect.compilePatterns(ns.BUILTIN_PAGE_PATTERNS);
  let patternsReady = null;
  let patternsInUse = ns.BUILTIN_PAGE_PATTERNS; // the list `regexes` was compiled from
  let identities = [];

  function send(msg) {
    return Promise.resolve(api.runtime.sendMessage(msg)).catch((e) => ({ error: { kind: 'crashed', title: ns.i18n.t('errExtensionTitle'), text: String(e?.message || e), command: '' } }));
  }

  // Verify requests go over one port to the background (background.js VERIFY_PORT), answered by `rid`.
  let channel = null;
  const waiting = new Map(); // rid -> resolve
  let nextRid = 1;
  const gone = (text) => ({ error: { kind: 'crashed', title: ns.i18n.t('errExtensionTitle'), text, command: '' } });
  function openChannel() {
    const port = api.runtime.connect({ name: 'bl:verify' });
    port.onMessage.addListener((m) => {
      const arrived = epochNow();
      for (const a of Array.isArray(m?.answers) ? m.answers : [m]) {
        const resolve = waiting.get(a?.rid);
        if (!resolve) continue;
        waiting.delete(a.rid);
        if (a.answer?.timing) a.answer.timing.arrived = arrived;
        resolve(a.answer);
      }
    });
    port.onDisconnect.addListener(() => {
      if (channel === port) channel = null;
      // The background went away (restarted, or the extension was reloaded): what waited gets an error; a later occurrence asks again.
      for (const [rid, resolve] of waiting) {
        waiting.delete(rid);
        resolve(gone('The extension\'s background stopped before it answered.'));
      }
    });
    return port;
  }
  // Requests made in one task (a scan finds a page of badges at once) leave as one message:
  // a postMessage costs about a millisecond, so 50 of them were most of a scan's time.
  let outbox = [];
  function flush() {
    const batch = outbox;
    outbox = [];
    try {
      channel ??= openChannel();
      for (let i = 0; i < batch.length; i += 500) channel.postMessage({ batch: batch.slice(i, i + 500) });
    } catch (e) {
      channel = null;
      for (const { rid } of batch) {
        const resolve = waiting.get(rid);
        waiting.delete(rid);
        resolve?.(gone(String(e?.message || e)));
      }
    }
  }
  function verifyRequest(msg) {
    return new Promise((resolve) => {
      const rid = nextRid++;
      waiting.set(rid, resolve);
      if (!outbox.length) queueMicrotask(flush);
      outbox.push({ ...msg, rid });
    });
  }

  /** Detection uses `list` from now on (a non-empty list of the host's patterns); true if that changed anything. */
  function usePatterns(list) {
    if (!Array.isArray(list) || !list.length || JSON.stringify(list) === JSON.stringify(patternsInUse)) return false;
    patternsInUse = list;
    regexes = detect.compilePatterns(list);
    return true;
  }

  /** The host's page patterns (or the built-in copy while the host is away). */
  function loadPatterns() {
    patternsReady ??= send({ type: 'bl:hello' }).then((answer) => {
      usePatterns(answer?.patterns);
      return answer;
    });
    return patternsReady;
  }

  /**
   * The host's patterns as the background remembered them at its last hello (background.js
   * `rememberPatterns`): the first scan needs not wait for the host to start. The host's own
   * answer still follows, and a difference scans again.
   */
  async function loadRememberedPatterns() {
    try {
      const s = await api.storage.local.get({ hostPatterns: null });
      usePatterns(s.hostPatterns);
    } catch { /* the built-in copy stands */ }
  }

  async function loadSettings() {
    try {
      const s = await api.storage.sync.get({ sites: {}, identities: [] });
      identities = Array.isArray(s.identities) ? s.identities.filter((x) => typeof x === 'string' && x.trim()).map((x) => x.trim()) : [];
      return s;
    } catch {
      return { sites: {}, identities: [] };
    }
  }

  function bytesToBase64(bytes) {
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  }

  /**
   * Fetches an image with the user's session; null when the page's rules do
   * not allow it, when detect.imageFetchAllowed refuses the URL (only
   * http(s), a private address only from its own origin, data:image), or
   * when it is larger than the cap (read as a stream, stopped at the cap).
   */
  async function fetchBytes(url) {
    if (!detect.imageFetchAllowed(url, location.href)) return null;
    const abort = new AbortController();
    try {
      const res = await fetch(url, { credentials: 'include', signal: abort.signal, redirect: 'follow' });
      if (!res.ok) return null;
      // A redirect must not lead where a direct request could not go.
      if (res.url && res.url !== url && !detect.imageFetchAllowed(res.url, location.href)) return null;
      const declared = Number(res.headers.get('content-length') || 0);
      if (declared > MAX_ATTACHMENT_BYTES) return null;
      const chunks = [];
      let size = 0;
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > MAX_ATTACHMENT_BYTES) {
          abort.abort();
          return null;
        }
        chunks.push(value);
      }
      const buf = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) { buf.set(c, at); at += c.length; }
      return { data: bytesToBase64(buf), mime: cleanMime((res.headers.get('content-type') || '').split(';')[0]) };
    } catch {
      return null;
    }
  }

  /** A media type as the background accepts it, or '' (it is only a hint). */
  function cleanMime(m) {
    const s = String(m || '').trim().toLowerCase();
    return s.length <= 100 && /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(s) ? s : '';
  }

  /** The image URL as a hint for the host: http(s) only (never data:, blob: or file:). */
  function httpOnly(url) {
    return /^https?:\/\//i.test(String(url || '')) ? url : undefined;
  }

  function fileName(url) {
    try {
      const last = new URL(url).pathname.split('/').filter(Boolean).pop();
      return last ? decodeURIComponent(last) : '';
    } catch {
      return '';
    }
  }

  /** Puts a pending marker on `element` (or reuses the one it has). */
  function place(element, placement, source) {
    let m = markerOf.get(element);
    if (!m || !m.isConnected) {
      m = marker.create(document, { verdict: 'pending', source, placement });
      ours.add(m);
      if (placement === 'inside') element.append(m);
      else element.after(m);
      markerOf.set(element, m);
    } else {
      marker.update(m, { verdict: 'pending', source });
    }
    element.setAttribute('data-badgelens-verdict', 'pending');
    return m;
  }

  function unplace(element) {
    const m = markerOf.get(element);
    if (m) m.remove();
    markerOf.delete(element);
    element.removeAttribute('data-badgelens-verdict');
  }

  /**
   * What the page claims about this occurrence, read now (LinkedIn fills
   * entries and the heading lazily): a certification entry's title and
   * issuing organisation, and whose profile it is.
   */
  function statedFor(c) {
    if (!profile || !c.entry || !c.element.isConnected) return {};
    const { title, issuer } = detect.linkedinStated(c.element);
    return { title, issuer, owner: detect.profileOwner(document, location.href) };
  }

  /** The marker state for an answer, with the page's claims as they stand. */
  function stateFor(answer, c) {
    const state = { source: answer?.markerSource || c.markerSource, sender: c.sender || '', siteName: claimsBy };
    if (answer?.error || !answer?.result) {
      return Object.assign(state, { verdict: 'error', error: answer?.error || { title: ns.i18n.t('errTitle'), text: ns.i18n.t('errNoAnswer'), command: 'badgelens doctor' } });
    }
    const result = answer.result;
    Object.assign(state, { verdict: result.verdict, result, at: answer.at, stated: statedFor(c) });
    state.assessment = claims.assess({ result, stated: state.stated, sender: state.sender, siteName: state.siteName });
    return state;
  }

  /** Shows an answer from the background on one occurrence. */
  function show(element, m, answer, c) {
    const state = stateFor(answer, c);
    marker.update(m, state);
    element.setAttribute('data-badgelens-verdict', m.getAttribute('verdict'));
    shown.set(m, { element, c, answer, key: JSON.stringify(state.stated ?? null), entry: listEntry(state, m) });
  }

  /** Re-reads the claims of answered LinkedIn entries after the page changed; redraws those that changed. */
  function refreshClaims() {
    for (const [m, o] of shown) {
      if (!m.isConnected) { shown.delete(m); continue; }
      if (!o.c.entry) continue;
      const key = JSON.stringify(statedFor(o.c));
      if (key !== o.key) show(o.element, m, o.answer, o.c);
    }
  }

  /** What the popup lists and the report holds for one occurrence: the extension's own results, as plain data. */
  function listEntry(state, m) {
    const r = state.result || null;
    const b = r?.badge || null;
    const a = state.assessment || { look: m.getAttribute('look'), mismatches: [], notes: [], earner: null, identifiedBy: null, domain: null, registry: null };
    const cut = (v, n = 500) => (v === null || v === undefined ? null : String(v).slice(0, n));
    return {
      source: cut(state.source),
      verdict: m.getAttribute('verdict'),
      look: m.getAttribute('look'),
      name: cut(b?.name, 300),
      issuer: cut(b?.issuer?.name, 300),
      issuerId: cut(b?.issuer?.id, 300),
      identifiedBy: a.identifiedBy,
      domain: a.identifiedBy === 'domain' ? a.domain : null,
      registry: a.identifiedBy === 'registry' ? a.registry : null,
      mismatches: [...a.mismatches],
      notes: a.notes.map((n) => ({ kind: n.kind, mismatch: n.mismatch, text: cut(n.text, 600) })),
      earner: a.earner,
      stated: state.stated ? { title: cut(state.stated.title, 300), issuer: cut(state.stated.issuer, 300), owner: cut(state.stated.owner, 200) } : null,
      recipient: b ? cut(marker.recipientText(b, state), 400) : null,
      how: r ? cut(marker.howVerified(r), 600) : null,
      checks: (Array.isArray(r?.checks) ? r.checks : []).slice(0, 40).map((x) => ({ check: cut(x?.check, 40), status: cut(x?.status, 10), message: cut(x?.message, 600) })),
      summary: r ? cut(r.summary ?? '', 1000) : `${state.error?.title ?? ns.i18n.t('errWord')}: ${state.error?.command ?? ''}`,
      at: state.at ?? new Date().toISOString(),
    };
  }

  /**
   * The host request for a candidate, and the marker's `source` for it.
   * Attachments: the bytes, fetched with the user's session; if that fails,
   * the URL, and the marker says so.
   */
  async function sourceFor(c) {
    if (c.kind !== 'attachment') return { source: c.source, markerSource: c.markerSource };
    const got = await fetchBytes(c.attachment.url);
    if (got) return { source: { image: { data: got.data, mime: got.mime || cleanMime(c.attachment.mime) || undefined, url: httpOnly(c.attachment.url) } }, markerSource: c.markerSource };
    return { source: { image_url: c.attachment.url }, markerSource: c.attachment.url };
  }

  /** Milliseconds since the epoch, as the service worker's Date.now() (for the pipeline timings). */
  const epochNow = () => performance.timeOrigin + performance.now();

  function ask(c) {
    // In a message the question is whether the badge is the sender's: the sender alone is tested, so the
    // marker (whose attributes the page can read) never depends on your identities. Elsewhere, your identities.
    const recipient = c.sender ? [c.sender] : [...new Set(identities)];
    const key = `${c.key}|${recipient.join(',')}|${c.explicit ? 'x' : ''}`;
    let p = requests.get(key);
    if (!p) {
      const sendFor = ({ source, markerSource }) => {
        const sentAt = epochNow();
        return verifyRequest({ type: 'bl:verify', source, options: recipient.length ? { recipient } : {}, markerSource, explicit: !!c.explicit })
          .then((answer) => ({ ...answer, markerSource, sentAt, answeredAt: epochNow() }));
      };
      // A link's request leaves now, during the scan; an attachment's once its bytes are read.
      p = c.kind === 'attachment' ? sourceFor(c).then(sendFor) : sendFor({ source: c.source, markerSource: c.markerSource });
      requests.set(key, p);
      // An error may be temporary (the host was just installed): a later occurrence, or a reload, asks again.
      p.then((a) => { if (a?.error) requests.delete(key); });
    }
    return p;
  }

  /** Marks and verifies one candidate; its answer is drawn when it arrives. Automatic: `not_a_badge` leaves no trace. */
  async function handleOne(c, { explicit = false, trace } = {}) {
    const found = epochNow();
    const m = place(c.element, c.placement, c.markerSource);
    const answer = await ask({ ...c, explicit });
    if (!m.isConnected) return answer;
    if (!explicit && answer?.result?.verdict === 'not_a_badge') unplace(c.element);
    else show(c.element, m, answer, c);
    trace?.push({ found, sent: answer?.sentAt, sw: answer?.timing, answered: answer?.answeredAt, drawn: epochNow() });
    return answer;
  }

  function handle(candidates, options) {
    return Promise.all(candidates.map((c) => handleOne(c, options)));
  }

  let traced = false;
  const boot = { script: performance.now() }; // when the script ran, had the settings, had the page parsed, had the host's patterns
  function scanRoot(rootNode) {
    // Each candidate's request leaves as soon as the scan finds it (onFound), not after the whole scan.
    const whole = rootNode === document;
    const trace = whole && !traced ? [] : undefined;
    const pending = [];
    const t0 = performance.now();
    const candidates = detect.scan(rootNode, { site, regexes, pageUrl: location.href, seen, onFound: (c) => pending.push(handleOne(c, { trace })) });
    const t1 = performance.now();
    // The first whole-document scan that finds badges only, so the page's timeline does not grow; the benchmarks read it.
    if (trace && candidates.length) {
      traced = true;
      try {
        performance.measure('badgelens:scan', { start: t0, end: t1, detail: { candidates: candidates.length } });
      } catch { /* older engines: no measure options */ }
      // Where the time went, badge by badge (timestamps only, no badge data): tests/e2e/bench.mjs reads it.
      Promise.all(pending).then(() => {
        try {
          performance.measure('badgelens:pipeline', { start: t0, end: performance.now(), detail: { origin: performance.timeOrigin, boot, scan: [t0, t1], badges: trace } });
        } catch { /* as above */ }
      });
    }
    return candidates.length;
  }

  function observe() {
    const added = new Set();
    let timer = null;
    const flush = () => {
      timer = null;
      const roots = [...added].filter((n) => n.isConnected);
      added.clear();
      if (profile) refreshClaims();
      const set = new Set(roots);
      for (const n of roots) {
        let up = n.parentElement, covered = false;
        while (up && !covered) { covered = set.has(up); up = up.parentElement; }
        if (!covered) scanRoot(n);
      }
    };
    new MutationObserver((mutations) => {
      for (const mu of mutations) {
        for (const n of mu.addedNodes) {
          if (n.nodeType !== 1 || ours.has(n)) continue;
          added.add(n);
        }
      }
      if (added.size && !timer) timer = setTimeout(flush, DEBOUNCE_MS);
    }).observe(document.documentElement || document, { childList: true, subtree: true });
  }

  /** The context-menu path: verify what was right-clicked, whatever the answer. */
  async function onMenu(msg) {
    await Promise.all([loadPatterns(), loadSettings()]);
    const sender = (el) => detect.senderOf(el) || '';
    if (msg.menuItemId === 'verify-badge-image' && msg.srcUrl) {
      const imgs = [...document.images].filter((i) => i.currentSrc === msg.srcUrl || i.src === msg.srcUrl);
      if (!imgs.length) return { found: 0 };
      const fetched = await fetchBytes(msg.srcUrl);
      const original = detect.unwrapLink(msg.srcUrl);
      const name = fileName(original);
      const base = fetched
        ? { kind: 'image', key: 'bytes:' + msg.srcUrl, source: { image: { data: fetched.data, mime: fetched.mime || undefined, url: httpOnly(original) } }, markerSource: `data:${fetched.mime || 'image/png'}${name ? `;name=${name}` : ''}` }
        : { kind: 'image', key: 'img:' + original, source: { image_url: original }, markerSource: original };
      const answers = await handle(imgs.map((img) => ({ ...base, element: img, placement: 'after', sender: sender(img) })), { explicit: true });
      // No badge data in the image, but it sits inside a badge link: verify the link instead.
      if (answers[0]?.result?.verdict === 'not_a_badge') {
        const links = imgs.map((i) => i.closest('a[href]')).filter((a) => a && detect.badgeLinkTarget(a.href, regexes));
        if (links.length) {
          imgs.forEach(unplace);
          const target = detect.badgeLinkTarget(links[0].href, regexes);
          const more = await handle(links.map((a) => ({ element: a, kind: 'link', placement: 'inside', key: 'page:' + target, source: { page_url: target }, markerSource: target, sender: sender(a) })), { explicit: true });
          return { found: links.length, verdict: more[0]?.result?.verdict ?? 'error', via: 'link' };
        }
      }
      return { found: imgs.length, verdict: answers[0]?.result?.verdict ?? 'error' };
    }
    if (msg.menuItemId === 'verify-badge-link' && msg.linkUrl) {
      const links = [...document.querySelectorAll('a[href]')].filter((a) => a.href === msg.linkUrl);
      if (!links.length) return { found: 0 };
      const target = detect.unwrapLink(msg.linkUrl);
      const answers = await handle(links.map((a) => ({ element: a, kind: 'link', placement: 'inside', key: 'page:' + target, source: { page_url: target }, markerSource: target, sender: sender(a), entry: profile && detect.isCredentialButton(a) })), { explicit: true });
      return { found: links.length, verdict: answers[0]?.result?.verdict ?? 'error' };
    }
    return { found: 0 };
  }

  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    // Only this extension's background and pages (tabs.sendMessage) reach here; check anyway.
    if (sender?.id !== api.runtime.id || (sender.tab && !String(sender.url || '').startsWith(api.runtime.getURL('')))) return false;
    if (msg?.type === 'bl:ping') {
      sendResponse({ ok: true });
      return false;
    }
    if (msg?.type === 'bl:list') {
      // For the popup: what this extension found and verified in this document (markers still in it).
      // The page's claims in it were read from the page, and are labelled as such.
      const inPage = [...shown].filter(([m]) => m.isConnected);
      inPage.sort(([a], [b]) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1)); // page order
      sendResponse(inPage.map(([, o]) => o.entry));
      return false;
    }
    if (msg?.type === 'bl:page') {
      sendResponse({ url: location.href.slice(0, 2000), title: document.title.slice(0, 300) });
      return false;
    }
    if (msg?.type === 'bl:menu') {
      onMenu(msg).then(sendResponse, (e) => sendResponse({ error: String(e?.message || e) }));
      return true;
    }
    return false;
  });

  async function start() {
    if (site === 'other') return; // elsewhere only the context menu runs
    // The script runs at document_start (manifest.json): the settings, the remembered patterns
    // and the host's hello are on their way while the browser parses the page.
    const [settings] = await Promise.all([loadSettings(), loadRememberedPatterns()]);
    boot.settings = performance.now();
    if (settings.sites?.[site] === false) return;
    const hostPatterns = loadPatterns();
    if (document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    }
    boot.parsed = performance.now();
    // Scan at once with the patterns at hand (the host's as last remembered, else the built-in
    // copy); if the host's patterns differ, scan again with them (`seen` keeps what was already handled).
    const first = regexes;
    scanRoot(document);
    observe();
    await hostPatterns;
    boot.patterns = performance.now();
    if (regexes !== first) scanRoot(document);
  }
  start();
})(globalThis);

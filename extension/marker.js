// Draws the `<badgelens-marker>` PROTOCOL.md describes: a small icon on the
// badge's corner (colour, shape and text, so colour is never the only cue),
// in a closed Shadow DOM, with an accessible label; click or Enter opens a
// details card. Every string that comes from a badge, a page or the host is
// inserted with textContent: a badge named `<img src=x onerror=alert(1)>`
// shows literally. The marker takes no room in the layout (zero-size host,
// absolutely placed icon).
//
// The look (green only for a verified badge from an established issuer
// whose claims agree with the page) is decided by claims.js `assess`; this
// file only draws it. The host element's attributes say the state for pages
// and tests (PROTOCOL.md); the card's contents stay inside the closed root.
//
// `cardModel` and `markerText` are pure (tested in node); `update` builds the DOM.
// A classic script that sets globalThis.BadgeLens.marker (see patterns.js).
(function (root) {
  'use strict';
  const ns = (root.BadgeLens = root.BadgeLens || {});

  const TAG = 'badgelens-marker';
  /** The marker's closed shadow roots, reachable only from the extension's own (isolated) world. */
  const shadows = new WeakMap();
  /** Marker -> { state, built }: what its card shows once opened. */
  const cards = new WeakMap();
  /**
   * Visuals per look (claims.js `assess`: the host's verdict, or for a
   * verified badge what is established about it): colour, shape and glyph
   * differ, and the text says it. Only `verified` is green.
   */
  const LOOK = Object.freeze({
    verified: { message: 'lookVerified', glyph: '\u2713', shape: 'circle', fg: '#ffffff', bg: '#1a7f37' },
    'signed-unbound': { message: 'lookSignedUnbound', glyph: '?', shape: 'hexagon', fg: '#ffffff', bg: '#6639ba' },
    'issuer-unknown': { message: 'lookIssuerUnknown', glyph: '?', shape: 'pentagon', fg: '#1f2328', bg: '#d4a72c' },
    mismatch: { message: 'lookMismatch', glyph: '\u2260', shape: 'notched', fg: '#ffffff', bg: '#bc4c00' },
    expired: { message: 'lookExpired', glyph: '!', shape: 'diamond', fg: '#3b2300', bg: '#e3a008' },
    revoked: { message: 'lookRevoked', glyph: '\u2715', shape: 'octagon', fg: '#ffffff', bg: '#b42318' },
    invalid: { message: 'lookInvalid', glyph: '!', shape: 'triangle', fg: '#ffffff', bg: '#b42318' },
    unverifiable: { message: 'lookUnverifiable', glyph: '?', shape: 'dashed', fg: '#ffffff', bg: '#5f6b7a' },
    pending: { message: 'lookPending', glyph: '\u2026', shape: 'dotted', fg: '#1f2328', bg: '#d8dee4' },
    error: { message: 'lookError', glyph: '!', shape: 'square', fg: '#ffffff', bg: '#24292f' },
    not_a_badge: { message: 'lookNotABadge', glyph: '\u2013', shape: 'square', fg: '#1f2328', bg: '#d8dee4' },
  });
  /** The check names of PROTOCOL.md that have words of their own (messages `check_<name>`); others show as named. */
  const CHECK_WORDS = new Set(['unbake', 'parse', 'fetch_assertion', 'hosted_match', 'signature', 'key_owner', 'issuer_origin', 'badge_class',
    'issuer_profile', 'revocation', 'expiry', 'issued_on', 'recipient', 'schema', 'transport']);
  const t = (key, ...subs) => ns.i18n.t(key, ...subs);
  /** A look's words (LOOK[look].message) in the user's language. */
  const labelOf = (look) => t(look.message);
  const STATUS_GLYPH = Object.freeze({ pass: '\u2713', fail: '\u2715', warn: '!', skip: '\u2013' });
  const MAX_TEXT = 400;

  const str = (v, max = MAX_TEXT) => {
    if (v === null || v === undefined) return '';
    const s = String(v).replace(/\s+/g, ' ').trim();
    return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
  };

  function hostOf(url) {
    try {
      const u = new URL(String(url));
      return /^https?:$/.test(u.protocol) ? u.host : '';
    } catch {
      return '';
    }
  }

  /**
   * A date for people, in the UI language: the day of an RFC 3339 time as
   * written (its own offset, not the reader's time zone), or of Unix seconds
   * as OB 1.0 allows (UTC).
   */
  function day(v) {
    if (v === null || v === undefined || v === '') return '';
    let d = null;
    if (typeof v === 'number' || /^\d{9,11}$/.test(String(v))) d = new Date(Number(v) * 1000);
    else {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(v));
      if (m) d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    }
    return d && !Number.isNaN(d.getTime()) ? ns.i18n.formatDay(d) : str(v, 40);
  }

  /** A URL the card may link to or show as an image: http(s) or mailto only; images also data:image. */
  function safeUrl(v, { image = false } = {}) {
    const s = String(v || '').trim();
    if (image && /^data:image\/(png|gif|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(s)) return s;
    try {
      const u = new URL(s);
      if (u.protocol === 'http:' || u.protocol === 'https:' || (!image && u.protocol === 'mailto:')) return u.href;
    } catch { /* not a URL */ }
    return '';
  }

  /** When a check ran, for people: "just now" within a minute, else the local date and time. */
  function when(at, now = Date.now()) {
    if (!at) return '';
    const at_ = Date.parse(at);
    if (Number.isNaN(at_)) return str(at, 60);
    if (Math.abs(now - at_) < 60_000) return t('whenJustNow');
    return ns.i18n.formatDateTime(new Date(at_));
  }

  /** "How it was verified", in plain words. */
  function howVerified(result, at) {
    const b = result?.badge;
    const verdict = result?.verdict;
    const checks = Array.isArray(result?.checks) ? result.checks : [];
    const passed = (name) => checks.some((c) => c?.check === name && c?.status === 'pass');
    const at_ = when(at);
    const whenText = at_ ? ` (${at_})` : '';
    if (passed('fetch_assertion') && (b?.verification === 'hosted' || !passed('signature'))) {
      const host = hostOf(b?.assertion_id) || hostOf(b?.issuer?.id);
      return host ? t('howConfirmed', host, whenText) : t('howConfirmedIssuer', whenText);
    }
    if (passed('signature')) {
      const signer = str(b?.issuer?.id, 200);
      return signer ? t('howSigned', signer, whenText) : t('howSignedIssuer', whenText);
    }
    if (verdict === 'not_a_badge') return t('howNoData');
    const blocker = checks.find((c) => c?.status === 'fail') || checks.find((c) => c?.status === 'skip');
    return blocker ? t('howNotConfirmedBecause', str(blocker.message)) : t('howNotConfirmed');
  }

  function recipientText(badge, { sender } = {}) {
    const r = badge?.recipient;
    if (!r) return '';
    let who;
    if (r.plaintext) who = str(r.plaintext, 200);
    else if (r.hashed) who = r.type === 'email' || !r.type ? t('recipHashedEmail') : t('recipHashedType', str(r.type, 30));
    else who = r.type ? t('recipTyped', str(r.type, 30)) : t('recipSomeone');
    if (r.name) who = `${str(r.name, 100)} (${who})`;
    if (r.matched === true) who += ' \u2014 ' + (sender ? t('recipMatchesSender', sender) : t('recipMatchesYou'));
    else if (r.matched === false) who += ' \u2014 ' + (sender ? t('recipNotSender', sender) : t('recipNotYou'));
    return who;
  }

  /** claims.js's assessment of a state (a state without a result has no claims to compare). */
  function assessmentOf(state) {
    if (state.assessment) return state.assessment;
    const claims = root.BadgeLens?.claims;
    if (!state.result || !claims) return { look: LOOK[state.verdict] ? state.verdict : 'error', mismatches: [], earner: null, identifiedBy: null, notes: [] };
    return claims.assess({ result: state.result, stated: state.stated || {}, sender: state.sender || '', siteName: state.siteName || '' });
  }

  const lookOf = (a) => LOOK[a.look] || LOOK.error;

  /** The pill's words for a look: the verified domain, the unbound key's claimed name, or the label. */
  function lookWords(a) {
    const label = labelOf(lookOf(a));
    if (a.look === 'verified' && a.identifiedBy === 'domain' && a.domain) return `${label} \u00b7 ${str(a.domain, 100)}`;
    if (a.look === 'verified' && a.identifiedBy === 'registry' && a.registry) return `${label} \u00b7 ${t('lookListedIn', str(a.registry, 80))}`;
    if (a.look === 'signed-unbound') {
      return a.issuerName ? t('lookSignedUnboundNamed', str(a.issuerName, 100)) : t('lookSignedBareKey');
    }
    return label;
  }

  /** The short visible text of the marker: the look, then what disagrees with the page. */
  function markerText(state) {
    const a = assessmentOf(state);
    const parts = [lookWords(a), ...a.notes.filter((n) => n.mismatch).map((n) => n.text)];
    if (a.earner === 'unknown' && a.look === 'verified') parts.push(t('markerEarnerNotCompared')); // the card says why
    return parts.join(' \u00b7 ');
  }

  /** The accessible label: the look, what and by whom, every note, and that it opens. */
  function ariaLabel(state) {
    const a = assessmentOf(state);
    const b = state.result?.badge;
    const parts = [t('ariaLead', lookWords(a))];
    // The issuer as claims.js names it: its proven domain or registry first, a self-chosen name only as a claim.
    const issuer = b?.issuer && root.BadgeLens?.claims ? root.BadgeLens.claims.issuerWords(root.BadgeLens.claims.issuerIdentity(state.result)) : '';
    if (b?.name) parts.push(issuer ? t('ariaBadgeIssuedBy', str(b.name, 120), str(issuer, 200)) : t('ariaBadge', str(b.name, 120)));
    for (const n of a.notes) parts.push(str(n.text, 300) + '.');
    if (state.error) parts.push(str(state.error.title, 120) + '.');
    parts.push(t('ariaPress'));
    return parts.join(' ');
  }

  /** The issuer row: what authority establishes first, the self-chosen name as a claim. */
  function issuerText(a, issuer) {
    const name = str(issuer?.name, 200);
    const id = str(issuer?.id, 200);
    const platform = root.BadgeLens?.claims?.isPlatform(a.domain);
    switch (a.identifiedBy) {
      case 'domain':
        if (platform && name) return t('issuerPlatformAccount', name, a.domain);
        return name ? t('issuerCallsItself', a.domain, name) : a.domain;
      case 'registry':
        return t('issuerListed', name || id, str(a.registry, 120)) + (a.domain ? ` (${a.domain})` : '');
      case 'key':
        return name ? t('issuerBareKeyNamed', name, str(id, 60)) : t('issuerBareKeyNoName', str(id, 60));
      default:
        return t('issuerNotEstablished', name || id || t('issuerUnknownName'));
    }
  }

  /**
   * What the details card shows, as plain data (strings only; the renderer
   * puts each one in with textContent).
   * state: { verdict, source, result?, error?: {title,text,command}, at?,
   *          stated?: {issuer, title, owner}, siteName?, sender?, assessment? }
   */
  function cardModel(state) {
    const a = assessmentOf(state);
    const look = lookOf(a);
    const r = state.result || null;
    const b = r?.badge || null;
    const model = {
      verdict: state.verdict,
      look: LOOK[a.look] ? a.look : 'error',
      heading: lookWords(a),
      name: str(b?.name, 200),
      summary: str(r?.summary, 600),
      description: str(b?.description, 600),
      image: safeUrl(b?.image, { image: true }),
      rows: [],
      checks: [],
      contact: [],
      links: [],
      help: null,
      mismatch: a.notes.filter((n) => n.mismatch).map((n) => str(n.text, 300)).join('. '),
    };
    if (state.error) {
      model.help = { title: str(state.error.title, 200), text: str(state.error.text, 1200), command: str(state.error.command, 300) };
    }
    if (state.verdict === 'not_a_badge') {
      model.summary = model.summary || t('cardNoBadgeData');
    }
    if (b) {
      // The issuer's own `url` is never shown as its domain: it is a claim nobody checked.
      model.rows.push([t('rowIssuer'), issuerText(a, b.issuer)]);
      model.rows.push([t('rowHow'), howVerified(r, state.at)]);
      const rec = recipientText(b, state);
      if (rec) model.rows.push([t('rowRecipient'), rec]);
      for (const n of a.notes) if (!n.mismatch) model.rows.push([n.kind === 'earner' ? t('rowEarner') : t('rowOnPage'), str(n.text, 300)]);
      if (b.issued_on) model.rows.push([t('rowIssued'), day(b.issued_on)]);
      if (b.expires) model.rows.push([t('rowExpires'), day(b.expires)]);
      if (b.revocation_reason) model.rows.push([t('rowRevocationReason'), str(b.revocation_reason, 300)]);
      // Criteria and evidence: a link only for http(s); any other URL (javascript:, data:) is shown as text.
      if (b.criteria_url) {
        const href = safeUrl(b.criteria_url);
        if (href && !href.startsWith('mailto:')) model.links.push({ label: t('rowCriteria'), text: str(b.criteria_url, 300), href });
        else model.rows.push([t('rowCriteria'), str(b.criteria_url, 300)]);
      }
      for (const e of (Array.isArray(b.evidence) ? b.evidence : []).slice(0, 5)) {
        const url = typeof e === 'string' ? e : (e?.id ?? e?.url);
        const text = typeof e === 'string' ? str(e, 300) : str(e?.name || e?.narrative || e?.description || url, 300);
        if (!text) continue;
        const href = safeUrl(url);
        if (href && !href.startsWith('mailto:')) model.links.push({ label: t('rowEvidence'), text, href });
        else model.rows.push([t('rowEvidence'), text]);
      }
    } else if (r) {
      model.rows.push([t('rowHow'), howVerified(r, state.at)]);
    }
    if (state.at && r) model.rows.push([t('rowChecked'), when(state.at)]);
    if (state.source) model.rows.push([t('rowSource'), str(state.source, 300)]);
    for (const c of Array.isArray(r?.checks) ? r.checks : []) {
      if (!c || typeof c !== 'object') continue;
      model.checks.push({
        status: STATUS_GLYPH[c.status] ? c.status : 'skip',
        name: CHECK_WORDS.has(c.check) ? t(`check_${c.check}`) : str(c.check, 40),
        message: str(c.message),
      });
    }
    if (state.verdict === 'unverifiable' && b?.issuer) {
      const email = str(b.issuer.email, 200);
      if (email && /^[^\s@]+@[^\s@]+$/.test(email)) model.contact.push({ text: email, href: 'mailto:' + email });
      const url = safeUrl(b.issuer.url);
      if (url && !url.startsWith('mailto:')) model.contact.push({ text: url, href: url });
    }
    return model;
  }

  const CSS = `
/* !important in :host wins over any page style, so the page cannot hide, move or resize the marker. */
:host { all: initial !important; display: inline-block !important; position: relative !important; width: 0 !important;
  height: 0 !important; overflow: visible !important; vertical-align: top !important; margin: 0 !important;
  padding: 0 !important; border: 0 !important; visibility: visible !important; opacity: 1 !important; }
.pill { position: absolute; top: 2px; right: 2px; display: inline-flex; align-items: center; gap: 4px;
  max-width: 440px; padding: 1px 7px 1px 3px; border-radius: 11px; border: 1px solid rgba(0,0,0,.25);
  font: 600 11px/18px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; cursor: pointer; box-shadow: 0 1px 2px rgba(0,0,0,.3); z-index: 2147483646; }
:host([placement="inside"]) .pill { right: auto; left: 4px; top: -2px; }
.pill:focus-visible { outline: 3px solid #0969da; outline-offset: 1px; }
.shape { flex: none; width: 14px; height: 14px; display: inline-flex; align-items: center; justify-content: center;
  font-size: 10px; line-height: 14px; background: rgba(255,255,255,.25); }
.circle { border-radius: 50%; }
.dashed { border-radius: 50%; border: 1px dashed currentColor; width: 12px; height: 12px; background: transparent; }
.dotted { border-radius: 50%; border: 1px dotted currentColor; width: 12px; height: 12px; background: transparent; }
.square { border-radius: 2px; }
.diamond { transform: rotate(45deg); border-radius: 1px; width: 11px; height: 11px; }
.diamond > span { transform: rotate(-45deg); }
.octagon { clip-path: polygon(30% 0,70% 0,100% 30%,100% 70%,70% 100%,30% 100%,0 70%,0 30%); }
.triangle { clip-path: polygon(50% 0,100% 100%,0 100%); align-items: flex-end; font-size: 9px; line-height: 12px; }
.hexagon { clip-path: polygon(25% 0,75% 0,100% 50%,75% 100%,25% 100%,0 50%); background: rgba(255,255,255,.35); }
.pentagon { clip-path: polygon(50% 0,100% 38%,82% 100%,18% 100%,0 38%); align-items: flex-end; line-height: 12px; background: rgba(0,0,0,.15); }
.notched { clip-path: polygon(0 0,100% 0,100% 70%,70% 100%,0 100%); border-radius: 1px; }
.label { overflow: hidden; text-overflow: ellipsis; }
.card { position: absolute; top: 22px; right: 0; width: 340px; max-height: 420px; overflow: auto; box-sizing: border-box;
  padding: 12px 14px; background: #ffffff; color: #1f2328; border: 1px solid #d0d7de; border-radius: 8px;
  box-shadow: 0 8px 24px rgba(0,0,0,.2); font: 400 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  text-align: left; white-space: normal; z-index: 2147483647; cursor: auto; }
:host([placement="inside"]) .card { right: auto; left: 0; }
.card[hidden] { display: none; }
.head { display: flex; gap: 10px; align-items: flex-start; }
.head img { width: 56px; height: 56px; object-fit: contain; flex: none; }
.verdict { font-weight: 700; font-size: 14px; }
.name { font-weight: 600; word-break: break-word; }
.summary, .mismatch, .helptext { margin: 8px 0 0; word-break: break-word; }
.mismatch { padding: 6px 8px; background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; }
dl { margin: 8px 0 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; }
dt { color: #57606a; } dd { margin: 0; word-break: break-word; }
ul { margin: 8px 0 0; padding: 0; list-style: none; }
li { margin: 2px 0; word-break: break-word; }
.st { display: inline-block; width: 1.2em; font-weight: 700; }
.st-pass { color: #1a7f37; } .st-fail { color: #b42318; } .st-warn { color: #9a6700; } .st-skip { color: #57606a; }
code { display: block; margin-top: 6px; padding: 6px 8px; background: #f6f8fa; border-radius: 6px;
  font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; user-select: all; word-break: break-all; }
.close { float: right; border: 0; background: transparent; font-size: 16px; cursor: pointer; color: #57606a; }
a { color: #0969da; }
`;

  function el(doc, tag, attrs = {}, text) {
    const e = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** Creates a marker element (not yet in the page). `placement`: "after" (images) or "inside" (links). */
  function create(doc, { verdict = 'pending', source = '', placement = 'after' } = {}) {
    const host = doc.createElement(TAG);
    host.setAttribute('placement', placement === 'inside' ? 'inside' : 'after');
    // Closed: page scripts cannot read the card (recipient, your identities' match). The page still sees
    // the host's attributes (PROTOCOL.md) and can fake a marker; the popup is the trusted view.
    const shadow = host.attachShadow({ mode: 'closed' });
    shadows.set(host, shadow);
    shadow.append(el(doc, 'style', {}, CSS));
    const pill = el(doc, 'span', { class: 'pill', role: 'button', tabindex: '0', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', part: 'pill' });
    const shape = el(doc, 'span', { class: 'shape', 'aria-hidden': 'true' });
    shape.append(el(doc, 'span', { class: 'glyph' }));
    pill.append(shape, el(doc, 'span', { class: 'label' }));
    const card = el(doc, 'div', { class: 'card', role: 'dialog', hidden: '' });
    shadow.append(pill, card);
    const toggle = (ev) => {
      ev.preventDefault();
      ev.stopPropagation();
      const open = card.hasAttribute('hidden');
      if (open) {
        card.removeAttribute('hidden');
        buildCard(host);
        keepInView(card);
      } else card.setAttribute('hidden', '');
      pill.setAttribute('aria-expanded', String(open));
    };
    pill.addEventListener('click', toggle);
    pill.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') toggle(ev);
      else if (ev.key === 'Escape' && !card.hasAttribute('hidden')) toggle(ev);
    });
    // Clicks inside the card must not follow the link the marker sits in, except the card's own links.
    card.addEventListener('click', (ev) => {
      ev.stopPropagation();
      const a = ev.composedPath().find((n) => n.tagName === 'A');
      if (!a) ev.preventDefault();
    });
    card.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') { toggle(ev); pill.focus(); }
    });
    update(host, { verdict, source });
    return host;
  }

  /** Shifts an opened card sideways so that it stays inside the window. */
  function keepInView(card) {
    card.style.left = '';
    card.style.right = '';
    const view = card.ownerDocument.defaultView;
    if (!view || typeof card.getBoundingClientRect !== 'function') return;
    const r = card.getBoundingClientRect();
    const margin = 8;
    if (r.left < margin) card.style.right = `${Math.round(r.left - margin)}px`;
    else if (r.right > view.innerWidth - margin) card.style.left = `${Math.round(view.innerWidth - margin - r.right)}px`;
    if (card.style.right) card.style.left = 'auto';
    if (card.style.left && card.style.left !== 'auto') card.style.right = 'auto';
  }

  /** Shows `state` in the marker: attributes, pill, and card. */
  function update(host, state) {
    const doc = host.ownerDocument;
    const a = assessmentOf(state);
    const look = lookOf(a);
    const verdicts = ['pending', 'error', 'verified', 'expired', 'revoked', 'invalid', 'unverifiable', 'not_a_badge'];
    host.setAttribute('verdict', verdicts.includes(state.verdict) ? state.verdict : 'error');
    host.setAttribute('look', LOOK[a.look] ? a.look : 'error');
    if (state.source !== undefined) host.setAttribute('source', String(state.source));
    const attr = (name, value) => (value ? host.setAttribute(name, String(value)) : host.removeAttribute(name));
    attr('mismatch', a.mismatches.join(' '));
    attr('issuer-mismatch', a.mismatches.includes('issuer') ? state.stated?.issuer : '');
    attr('earner', a.earner);
    attr('identified-by', state.result?.badge ? (a.identifiedBy || 'none') : '');
    attr('issuer-domain', a.identifiedBy === 'domain' ? a.domain : '');
    const shadow = shadows.get(host);
    const pill = shadow.querySelector('.pill');
    const shape = shadow.querySelector('.shape');
    pill.style.background = look.bg;
    pill.style.color = look.fg;
    shape.className = `shape ${look.shape}`;
    shadow.querySelector('.glyph').textContent = look.glyph;
    shadow.querySelector('.label').textContent = markerText(state);
    pill.setAttribute('aria-label', ariaLabel(state));
    pill.setAttribute('title', ariaLabel(state));
    // The card is built when it opens (a page of 50 markers builds none of its 50 cards until asked);
    // an open card shows the new state at once.
    const card = shadow.querySelector('.card');
    cards.set(host, { state, built: false });
    if (card.hasAttribute('hidden')) card.replaceChildren();
    else buildCard(host);
  }

  /** Fills the marker's card from its latest state, unless that is already shown. */
  function buildCard(host) {
    const c = cards.get(host);
    if (!c || c.built) return;
    c.built = true;
    renderCard(host.ownerDocument, shadows.get(host).querySelector('.card'), cardModel(c.state));
  }

  function renderCard(doc, card, m) {
    card.replaceChildren();
    card.setAttribute('aria-label', t('cardAria', m.heading));
    card.setAttribute('data-look', m.look);
    const close = el(doc, 'button', { class: 'close', type: 'button', 'aria-label': t('cardClose') }, '\u00d7');
    close.addEventListener('click', (ev) => {
      ev.preventDefault();
      ev.stopPropagation();
      card.setAttribute('hidden', '');
      card.getRootNode().querySelector('.pill')?.setAttribute('aria-expanded', 'false');
    });
    card.append(close);
    const head = el(doc, 'div', { class: 'head' });
    // The card is built only when it opens (buildCard), so a closed card fetches no picture.
    if (m.image) head.append(el(doc, 'img', { src: m.image, alt: '', referrerpolicy: 'no-referrer', width: '56', height: '56' }));
    const titles = el(doc, 'div');
    titles.append(el(doc, 'div', { class: `verdict v-${m.look}` }, m.heading));
    if (m.name) titles.append(el(doc, 'div', { class: 'name' }, m.name));
    head.append(titles);
    card.append(head);
    if (m.mismatch) card.append(el(doc, 'p', { class: 'mismatch' }, m.mismatch + '.'));
    if (m.summary) card.append(el(doc, 'p', { class: 'summary' }, m.summary));
    if (m.description) card.append(el(doc, 'p', { class: 'summary description' }, m.description));
    if (m.help) {
      if (m.help.title) card.append(el(doc, 'p', { class: 'helptext name' }, m.help.title));
      card.append(el(doc, 'p', { class: 'helptext' }, m.help.text));
      if (m.help.command) card.append(el(doc, 'code', {}, m.help.command));
    }
    if (m.rows.length) {
      const dl = el(doc, 'dl');
      for (const [k, v] of m.rows) dl.append(el(doc, 'dt', {}, k), el(doc, 'dd', {}, v));
      card.append(dl);
    }
    if (m.checks.length) {
      const ul = el(doc, 'ul', { 'aria-label': t('cardChecks') });
      for (const c of m.checks) {
        const li = el(doc, 'li');
        li.append(el(doc, 'span', { class: `st st-${c.status}`, 'aria-label': t(`status_${c.status}`) }, STATUS_GLYPH[c.status]));
        li.append(el(doc, 'strong', {}, c.name + ': '), doc.createTextNode(c.message));
        ul.append(li);
      }
      card.append(ul);
    }
    if (m.links.length) {
      const dl = el(doc, 'dl', { class: 'links' });
      for (const l of m.links) {
        const dd = el(doc, 'dd');
        dd.append(el(doc, 'a', { href: l.href, target: '_blank', rel: 'noopener noreferrer' }, l.text));
        dl.append(el(doc, 'dt', {}, l.label), dd);
      }
      card.append(dl);
    }
    if (m.contact.length) {
      const p = el(doc, 'p', { class: 'summary' }, t('cardAskIssuer') + ' ');
      m.contact.forEach((c, i) => {
        if (i) p.append(doc.createTextNode(' \u00b7 '));
        p.append(el(doc, 'a', { href: c.href, target: '_blank', rel: 'noopener noreferrer' }, c.text));
      });
      card.append(p);
    }
  }

  /** The closed root of a marker this script created (for the extension's own code and node tests; pages cannot reach this world). */
  const shadowOf = (host) => shadows.get(host) || null;

  ns.marker = Object.freeze({ TAG, LOOK, create, update, shadowOf, cardModel, markerText, ariaLabel, howVerified, recipientText, safeUrl, day, when });
})(globalThis);

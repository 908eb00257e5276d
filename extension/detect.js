// Finds badges in a DOM: pure functions over a document or an element, no
// browser APIs, so node tests can run them on saved markup.
//
// Detection follows links and content, never a site's CSS class names
// (LinkedIn renames its classes often): a badge is a link whose target,
// once redirect wrappers are removed, matches one of the host's page
// patterns; a webmail attachment named like a PNG/SVG badge (fetched with
// the user's session from the webmail's own origin); or the page itself on a
// badge platform. Inline e-mail images are never picked up automatically:
// fetching one from its original URL tells the sender the mail was read, so
// they are verified only when the user right-clicks them.
//
// A classic script that sets globalThis.BadgeLens.detect (see patterns.js).
(function (root) {
  'use strict';
  const ns = (root.BadgeLens = root.BadgeLens || {});

  /** Unwrap at most this many nested wrappers (a safelink around a LinkedIn redirect). */
  const MAX_UNWRAP = 5;
  const IMAGE_FILE = /\.(png|svg)$/i;
  const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
  /**
   * LinkedIn's words in every language of sites.js LINKEDIN_WORDS, as
   * expressions: each phrase whole (not followed by a letter), case and
   * apostrophe form (' or \u2019) ignored.
   */
  const LINKEDIN = (() => {
    const langs = Object.values(ns.LINKEDIN_WORDS || {});
    const all = (field) => langs.flatMap((w) => w[field] || []);
    const phrase = (p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['\u2019]/g, '[\'\u2019]').replace(/\s+/g, '\\s+');
    const anyOf = (list) => list.map(phrase).join('|');
    const END = '(?![\\p{L}\\p{N}])';
    return {
      // "Show credential", anywhere in a button's text or label.
      credential: new RegExp(`(?<![\\p{L}\\p{N}])(?:${anyOf(all('credential'))})${END}`, 'iu'),
      // Lines that are neither an entry's title nor its issuer: the buttons' words, dates, ids, skills.
      noise: new RegExp(`^(?:${anyOf([...all('credential'), ...all('lines')])})${END}`, 'iu'),
      section: new RegExp(`^(?:${anyOf(all('sections'))})${END}`, 'iu'),
      logos: all('logo').map((l) => new RegExp(`^${phrase(l).replace('\\$', '(.+?)')}$`, 'iu')),
    };
  })();

  function parseUrl(text, base) {
    try {
      return new URL(String(text).trim(), base);
    } catch {
      return null;
    }
  }

  function hostIs(host, domain) {
    return host === domain || host.endsWith('.' + domain);
  }

  /**
   * Removes the wrappers sites put around links, as the host does
   * (native-host/src/resolve.rs `unwrap_link`): LinkedIn `/redir/redirect?url=`
   * and `/safety/go?url=`, Outlook safelinks, Gmail's image proxy
   * (`*.googleusercontent.com/...#<original>`), plus Google's `/url?q=`
   * click wrapper that Gmail sometimes uses.
   */
  function unwrapLink(link) {
    let current = String(link ?? '').trim();
    for (let i = 0; i < MAX_UNWRAP; i++) {
      const url = parseUrl(current);
      if (!url) break;
      const host = url.hostname.toLowerCase();
      let inner = null;
      if (hostIs(host, 'linkedin.com') && (url.pathname.startsWith('/redir/redirect') || url.pathname.startsWith('/safety/go'))) {
        inner = url.searchParams.get('url');
      } else if (host.endsWith('.safelinks.protection.outlook.com')) {
        inner = url.searchParams.get('url');
      } else if (host.endsWith('.googleusercontent.com')) {
        const frag = url.hash.slice(1);
        if (/^https?:\/\//i.test(frag)) inner = frag;
      } else if ((host === 'www.google.com' || host === 'google.com') && url.pathname === '/url') {
        inner = url.searchParams.get('q') || url.searchParams.get('url');
      }
      if (!inner || inner === current) break;
      current = inner;
    }
    return current;
  }

  /** Compiles the host's page patterns; an expression JavaScript refuses is skipped, never fatal. */
  function compilePatterns(patterns) {
    const out = [];
    for (const p of Array.isArray(patterns) ? patterns : []) {
      if (typeof p !== 'string' || p.length > 2000) continue;
      try {
        out.push(new RegExp(p));
      } catch {
        /* the host validates rules; a stray one must not stop detection */
      }
    }
    return out;
  }

  /** The unwrapped URL if `href` is a badge link, else null. Only http(s) targets count. */
  function badgeLinkTarget(href, regexes) {
    if (!href) return null;
    const target = unwrapLink(href);
    if (!/^https?:\/\//i.test(target)) return null;
    return regexes.some((r) => r.test(target)) ? target : null;
  }

  /** Which site's rules apply, from the page's host name (sites.js `hosts`): its id, or "other". */
  function siteOf(hostname) {
    const h = String(hostname || '').toLowerCase();
    const site = (ns.SITES || []).find((s) => s.hosts.some((x) => (x.startsWith('.') ? hostIs(h, x.slice(1)) : h === x)));
    return site ? site.id : 'other';
  }

  /** A site's kind (sites.js): "profile", "platform", "webmail", or "other". */
  function kindOf(site) {
    return ns.siteInfo?.(site)?.kind || 'other';
  }

  function isWebmail(site) {
    return kindOf(site) === 'webmail';
  }

  /** Visible-ish text of an element, whitespace collapsed. */
  function textOf(el) {
    return (el?.textContent || '').replace(/\s+/g, ' ').trim();
  }

  /**
   * LinkedIn's "Show credential" button, by structure first: a link alone in
   * a list of its own nested inside an entry (`li > … > ul > li > a`, the
   * entry holding more text than the button), whatever its words; else by
   * its words in any language of sites.js (never by class names).
   */
  function isCredentialButton(a) {
    const own = a.closest('li');
    const outer = own?.parentElement?.closest('li');
    if (outer && textOf(own) === textOf(a) && textOf(a).length <= 80 && textOf(outer).length > textOf(a).length) return true;
    return LINKEDIN.credential.test(`${textOf(a)} ${a.getAttribute('aria-label') || ''}`);
  }

  /** A list item that holds a whole entry of another list, or a section: climbing past it would join entries. */
  function joinsEntries(li, link) {
    if (li.querySelector('h1, h2, h3, section')) return true;
    return [...li.querySelectorAll('a[href]')].some((a) => a !== link && isCredentialButton(a));
  }

  /**
   * The entry a LinkedIn credential button belongs to, by the page's
   * structure, not its classes. LinkedIn puts the button in a list of its own
   * inside the entry (`li > … > ul > li > a`), so the nearest `<li>` holds
   * only the button: the entry is the outermost enclosing `<li>` that holds
   * no other credential button, heading or section. With no `<li>` at all,
   * a few levels up.
   */
  function entryOf(link) {
    let entry = link.closest('li');
    if (!entry) {
      let cur = link;
      for (let i = 0; i < 4 && cur.parentElement; i++) cur = cur.parentElement;
      return cur;
    }
    for (let up = entry.parentElement?.closest('li'); up && !joinsEntries(up, link); up = up.parentElement?.closest('li')) entry = up;
    return entry;
  }

  /**
   * A LinkedIn entry's lines of text, in order. LinkedIn renders each line
   * twice (`aria-hidden="true"` for sight, `.visually-hidden` for screen
   * readers); the aria-hidden copies are read when present, else the texts
   * of leaf elements.
   */
  function entryLines(entry) {
    let nodes = [...entry.querySelectorAll('span[aria-hidden="true"]')];
    if (nodes.length === 0) {
      nodes = [...entry.querySelectorAll('*')].filter((e) => e.children.length === 0 && !['SCRIPT', 'STYLE', 'SVG', 'PATH', 'IMG', 'BADGELENS-MARKER'].includes(e.tagName.toUpperCase()));
    }
    const lines = [];
    for (const n of nodes) {
      if (n.closest('badgelens-marker')) continue;
      const t = textOf(n);
      if (t && !LINKEDIN.noise.test(t) && lines[lines.length - 1] !== t) lines.push(t);
    }
    return lines;
  }

  /**
   * What a LinkedIn certification entry states: its title (the first line),
   * and the issuing organisation (the line after the title, else the alt
   * text of the entry's logo, "Example Academy logo", "Logo von Example Academy").
   */
  function linkedinStated(link) {
    const entry = entryOf(link);
    const lines = entryLines(entry);
    let issuer = lines.length >= 2 ? lines[1] : null;
    if (!issuer) {
      for (const img of entry.querySelectorAll('img[alt]')) {
        const alt = img.getAttribute('alt').trim();
        const m = LINKEDIN.logos.map((r) => r.exec(alt)).find(Boolean);
        if (m) { issuer = m[1].trim(); break; }
      }
    }
    return { title: lines[0] || null, issuer };
  }

  /** Section names LinkedIn may show as a page's heading (sites.js, every language); never a person's name. */
  const SECTION_HEADING = LINKEDIN.section;

  /**
   * Whose LinkedIn profile this is: the page's heading (`h1`) on a profile
   * (`/in/<name>/`, its `/details/...` pages too), else the name in the
   * document title ("Jane Doe | LinkedIn", "Licenses & certifications | Jane
   * Doe | LinkedIn"). null elsewhere (the feed, posts, search).
   */
  function profileOwner(doc, pageUrl) {
    const url = parseUrl(pageUrl);
    if (!url || !/^\/in\/[^/]+/.test(url.pathname)) return null;
    for (const h of doc.querySelectorAll('h1')) {
      const t = textOf(h);
      if (t && t.length <= 120 && !SECTION_HEADING.test(t)) return t;
    }
    const parts = String(doc.title || '').replace(/^\(\d+\+?\)\s*/, '').split('|').map((x) => x.trim()).filter(Boolean);
    if (parts.length >= 2 && /^linkedin$/i.test(parts.at(-1))) {
      const name = parts.at(-2);
      if (name && name.length <= 120 && !SECTION_HEADING.test(name)) return name;
    }
    return null;
  }

  /** The element that holds one e-mail message, so its sender and parts stay together. */
  function messageOf(el) {
    return el.closest('[data-message-id], [data-legacy-message-id], [role="document"], [aria-label="Message body"], article, [role="listitem"]') || null;
  }

  /**
   * The sender's address of the message that holds `el`: Gmail's
   * `<span email="...">`, Outlook's persona title or "From:" label.
   */
  function senderOf(el) {
    const msg = messageOf(el);
    // Outlook renders the header beside the body; look in the enclosing item too.
    const scopes = [];
    if (msg) {
      scopes.push(msg);
      const item = msg.parentElement?.closest('[role="listitem"], [role="main"], [role="region"]');
      if (item) scopes.push(item);
    }
    for (const scope of scopes) {
      const withAttr = scope.querySelector('[email]');
      if (withAttr && EMAIL.test(withAttr.getAttribute('email'))) return withAttr.getAttribute('email').match(EMAIL)[0].toLowerCase();
      for (const e of scope.querySelectorAll('[aria-label^="From"], [title*="@"]')) {
        const m = EMAIL.exec(e.getAttribute('title') || '') || EMAIL.exec(e.getAttribute('aria-label') || '') || EMAIL.exec(textOf(e));
        if (m) return m[0].toLowerCase();
      }
    }
    return null;
  }

  function fileNameOf(text) {
    const t = String(text || '').trim();
    const m = /([^\\/:*?"<>|\s][^\\/:*?"<>|]*\.(png|svg))\b/i.exec(t);
    return m ? m[1].trim() : null;
  }

  function mimeOfName(name) {
    return /\.svg$/i.test(name) ? 'image/svg+xml' : 'image/png';
  }

  /**
   * A webmail attachment, if `a` is the download link of a PNG or SVG file:
   * Gmail's `download_url="mime:name:url"` wrapper, a `download` attribute,
   * or a link whose text or label names the file.
   */
  function attachmentOf(a, pageUrl) {
    const holder = a.closest('[download_url]');
    if (holder) {
      const raw = holder.getAttribute('download_url');
      const m = /^([^:]+):([^:]+):(https?:.*)$/.exec(raw || '');
      if (m && IMAGE_FILE.test(m[2]) && parseUrl(m[3])?.origin === parseUrl(pageUrl)?.origin) {
        return { name: m[2], mime: m[1].includes('/') ? m[1] : mimeOfName(m[2]), url: m[3] };
      }
    }
    const href = a.getAttribute('href');
    const url = href && parseUrl(href, pageUrl);
    if (!url || !/^https?:$/.test(url.protocol)) return null;
    // A webmail attachment lives on the webmail's own origin. A link elsewhere with a `download`
    // attribute is part of a message body: fetching it would tell the sender the mail was opened.
    const page = parseUrl(pageUrl);
    if (!page || url.origin !== page.origin) return null;
    const named = a.getAttribute('download') || fileNameOf(a.getAttribute('aria-label')) || fileNameOf(a.getAttribute('title')) || fileNameOf(textOf(a));
    if (!named || !IMAGE_FILE.test(named)) return null;
    const looksLikeAttachment = a.hasAttribute('download') || /[?&](view=att|attid=|disp=)/.test(url.search) || /attachment/i.test(url.pathname);
    if (!looksLikeAttachment) return null;
    return { name: named, mime: mimeOfName(named), url: url.href };
  }

  /** The badge shown on a badge platform's own page (Credly, Badgr, Parchment). */
  function platformPageBadge(doc, pageUrl, regexes) {
    const target = badgeLinkTarget(pageUrl, regexes);
    if (!target) return null;
    const og = doc.querySelector('meta[property="og:image"]')?.getAttribute('content');
    const imgs = [...doc.querySelectorAll('img')];
    let img = og ? imgs.find((i) => i.getAttribute('src') === og || parseUrl(i.getAttribute('src'), pageUrl)?.href === og) : null;
    if (!img) {
      const title = textOf(doc.querySelector('h1'));
      img = imgs.find((i) => title && (i.getAttribute('alt') || '').trim() === title) || null;
    }
    return img ? { element: img, target } : null;
  }

  /**
   * Scans `root` (a document or an element) for badges.
   *
   * ctx: { site, regexes, pageUrl, seen?: WeakSet, onFound?: (candidate) => void } — `seen` holds elements
   * already handled, so rescans of added nodes never handle one twice.
   *
   * Returns candidates { element, kind, key, source, markerSource,
   * attachment?, entry?, sender? }:
   * - kind "link": `source` is `{page_url}`; the marker goes inside the link;
   * - kind "image": `source` is `{page_url}` (a badge platform's own badge); the marker follows the image;
   * - kind "attachment": the caller fetches `attachment.url` and sends the
   *   bytes as `{image:{data,mime,url}}`; the marker goes inside the link.
   * `key` identifies the badge: occurrences with the same key share one request.
   */
  function scan(root, ctx) {
    const { site, regexes, pageUrl } = ctx;
    const seen = ctx.seen || new WeakSet();
    const out = [];
    // `onFound` hears of each candidate as it is found, so its request can leave before the scan ends.
    const push = (c) => { out.push(c); ctx.onFound?.(c); };
    const doc = root.ownerDocument || root;
    const scope = root.nodeType === 9 ? root.documentElement : root;
    if (!scope) return out;
    const within = (sel) => {
      const found = [...scope.querySelectorAll(sel)];
      if (scope.matches?.(sel)) found.unshift(scope);
      return found;
    };
    const take = (el) => {
      // No look at <badgelens-marker> ancestors: the page can make those (PROTOCOL.md: never read
      // markers the extension did not create), and a forged one must not hide a badge from detection.
      if (seen.has(el)) return false;
      seen.add(el);
      return true;
    };

    if (root.nodeType === 9 && kindOf(site) === 'platform') {
      const own = platformPageBadge(doc, pageUrl, regexes);
      if (own && take(own.element)) {
        push({ element: own.element, kind: 'image', placement: 'after', key: 'page:' + own.target, source: { page_url: own.target }, markerSource: own.target });
      }
    }

    for (const a of within('a[href]')) {
      if (seen.has(a)) continue;
      const href = a.getAttribute('href');
      const abs = parseUrl(href, pageUrl)?.href || href;
      const target = badgeLinkTarget(abs, regexes) || badgeLinkTarget(a.getAttribute('originalsrc'), regexes);
      if (target) {
        if (!take(a)) continue;
        const c = { element: a, kind: 'link', placement: 'inside', key: 'page:' + target, source: { page_url: target }, markerSource: target };
        // Only a certification entry's credential button states claims; a badge link in a post does not.
        // The claims themselves are read when the answer comes (content.js): LinkedIn fills entries lazily.
        if (kindOf(site) === 'profile' && isCredentialButton(a)) c.entry = true;
        if (isWebmail(site)) c.sender = senderOf(a);
        push(c);
        continue;
      }
      if (isWebmail(site)) {
        const att = attachmentOf(a, pageUrl);
        if (att && take(a)) {
          push({
            element: a, kind: 'attachment', placement: 'inside', key: 'att:' + att.url,
            attachment: att, markerSource: `data:${att.mime};name=${att.name}`, sender: senderOf(a),
          });
        }
      }
    }

    return out;
  }

  /** Largest image the content script reads (as validate.js MAX_IMAGE_BYTES); base64 of it, for data: URLs. */
  const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

  /** Literal loopback, private, shared, link-local and unspecified addresses, and `localhost` names. */
  function isPrivateHost(hostname) {
    const h = String(hostname).toLowerCase().replace(/^\[|\]$/g, '');
    if (h === 'localhost' || h.endsWith('.localhost')) return true;
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
    if (v4) {
      const [a, b] = [Number(v4[1]), Number(v4[2])];
      return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
    }
    if (h.includes(':')) {
      if (h === '::' || h === '::1') return true;
      if (/^f[cd][0-9a-f]{0,2}:/.test(h) || /^fe[89ab][0-9a-f]?:/.test(h)) return true;
      const mapped = /^::ffff:(.+)$/.exec(h);
      if (mapped) return mapped[1].includes('.') ? isPrivateHost(mapped[1]) : true;
    }
    return false;
  }

  /**
   * May the content script read this image's bytes itself? http(s) without
   * user:password, and a private or loopback address only when the page is
   * on that same origin (the page can read it anyway; a public page must not
   * make the extension reach into the user's network). `data:image/...` is
   * bytes already in the page: allowed up to the size cap. Never file:,
   * chrome:, blob:, javascript: or anything else. (A name that resolves to a
   * private address cannot be seen from here; the browser's own rules apply.)
   */
  function imageFetchAllowed(url, pageUrl) {
    let u;
    try {
      u = new URL(String(url));
    } catch {
      return false;
    }
    if (u.protocol === 'data:') return /^data:image\/[a-z0-9.+-]+[;,]/i.test(u.href) && u.href.length <= Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 200;
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || !u.hostname) return false;
    if (!isPrivateHost(u.hostname)) return true;
    try {
      return new URL(String(pageUrl)).origin === u.origin;
    } catch {
      return false;
    }
  }

  ns.detect = Object.freeze({
    unwrapLink, compilePatterns, badgeLinkTarget, siteOf, kindOf, scan,
    entryOf, linkedinStated, profileOwner, isCredentialButton, senderOf, attachmentOf, fileNameOf, messageOf,
    isPrivateHost, imageFetchAllowed, MAX_IMAGE_BYTES,
  });
})(globalThis);

// The extension's words in the user's language: every visible string is a
// message in _locales/<lang>/messages.json, read with i18n.getMessage (which
// works in content scripts, pages and the background alike), and dates are
// formatted for the browser's UI language. test/i18n.test.mjs checks that
// every locale has every message of `en` with the same placeholders.
// A classic script that sets globalThis.BadgeLens.i18n (see patterns.js).
(function (root) {
  'use strict';
  const ns = (root.BadgeLens = root.BadgeLens || {});

  // Looked up on each call, not at load: node tests install their i18n after loading the scripts.
  const i18nApi = () => (root.browser ?? root.chrome)?.i18n;

  /**
   * The message `key` with its placeholders filled ($1…$9, in the order the
   * messages' placeholders name them). A missing message shows its key,
   * never an empty string (the locale test keeps that from shipping).
   */
  function t(key, ...subs) {
    const args = subs.map((x) => (x === null || x === undefined ? '' : String(x)));
    // A page of 50 markers asks for the same words hundreds of times; each getMessage crosses into the browser's bindings.
    const memoKey = args.length ? `${key}\u0000${args.join('\u0000')}` : key;
    const hit = messages.get(memoKey);
    if (hit !== undefined) return hit;
    let s = '';
    try {
      s = i18nApi()?.getMessage(key, args) || '';
    } catch { /* an invalidated context (extension reloaded): fall through */ }
    if (!s) return key; // not remembered: the API may come back (node tests install it late)
    if (messages.size >= MAX_MEMO) messages.clear();
    messages.set(memoKey, s);
    return s;
  }
  // The UI language is fixed for the life of a page or worker (the browser restarts to change it);
  // node tests that switch it call forget().
  const messages = new Map();
  const MAX_MEMO = 2000;
  function forget() {
    messages.clear();
    formatters.clear();
  }

  /** The browser's UI language ("de", "pt-BR"), or "en". */
  function uiLanguage() {
    try {
      return i18nApi()?.getUILanguage?.() || 'en';
    } catch {
      return 'en';
    }
  }

  /** One formatter per language and style: constructing an Intl.DateTimeFormat costs far more than using one. */
  const formatters = new Map();
  function formatter(lang, options) {
    const k = `${lang}\u0000${JSON.stringify(options)}`;
    let f = formatters.get(k);
    if (!f) {
      f = new Intl.DateTimeFormat(lang, options);
      formatters.set(k, f);
    }
    return f;
  }

  function format(date, options) {
    try {
      return formatter(uiLanguage(), options).format(date);
    } catch {
      return formatter('en', options).format(date);
    }
  }

  /** A calendar day (given as UTC midnight or a UTC time) for people: "5. Dez. 2026", "Dec 5, 2026". */
  const formatDay = (date) => format(date, { dateStyle: 'medium', timeZone: 'UTC' });
  /** A moment, in the user's time zone. */
  const formatDateTime = (date) => format(date, { dateStyle: 'medium', timeStyle: 'short' });

  /** Fills an extension page's words: `data-i18n` (text), `data-i18n-<attr>` (attributes), and its `lang`. */
  function localizePage(doc) {
    doc.documentElement.lang = uiLanguage();
    for (const el of doc.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
    for (const attr of ['title', 'placeholder', 'aria-label']) {
      for (const el of doc.querySelectorAll(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`)));
    }
  }

  ns.i18n = Object.freeze({ t, forget, uiLanguage, formatDay, formatDateTime, localizePage });
})(globalThis);

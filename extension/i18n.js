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
    let s = '';
    try {
      s = i18nApi()?.getMessage(key, subs.map((x) => (x === null || x === undefined ? '' : String(x)))) || '';
    } catch { /* an invalidated context (extension reloaded): fall through */ }
    return s || key;
  }

  /** The browser's UI language ("de", "pt-BR"), or "en". */
  function uiLanguage() {
    try {
      return i18nApi()?.getUILanguage?.() || 'en';
    } catch {
      return 'en';
    }
  }

  function format(date, options) {
    try {
      return new Intl.DateTimeFormat(uiLanguage(), options).format(date);
    } catch {
      return new Intl.DateTimeFormat('en', options).format(date);
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

  ns.i18n = Object.freeze({ t, uiLanguage, formatDay, formatDateTime, localizePage });
})(globalThis);

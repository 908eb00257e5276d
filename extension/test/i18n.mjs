// chrome.i18n for node tests, read from _locales as the browsers read it:
// named placeholders ($NAME$ -> their "content"), then $1..$9 from the
// substitutions, "$$" a literal dollar; an unknown message is "".
// `useLocale('de')` switches language (English by default).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCALES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '_locales');
export const readMessages = (lang) => JSON.parse(fs.readFileSync(path.join(LOCALES, lang, 'messages.json'), 'utf8'));

let lang = 'en';
let messages = readMessages('en');

export function getMessage(key, subs = []) {
  const m = messages[key] ?? readMessages('en')[key]; // the browsers fall back to default_locale
  if (!m) return '';
  const list = Array.isArray(subs) ? subs : [subs];
  const named = m.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (all, name) => {
    const p = Object.entries(m.placeholders || {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
    return p ? p[1].content : all;
  });
  return named.replace(/\$(\d|\$+)/g, (all, d) => (d[0] === '$' ? d : String(list[Number(d) - 1] ?? '')));
}

export function useLocale(l) {
  lang = l;
  messages = readMessages(l);
  globalThis.BadgeLens?.i18n?.forget(); // its memo holds the old language's words
}

globalThis.chrome ??= {};
globalThis.chrome.i18n = { getMessage, getUILanguage: () => lang };

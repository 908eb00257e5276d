// Loads the extension's classic scripts into node for tests, with a small DOM.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const EXT = path.join(HERE, '..');

import './i18n.mjs';

await import('../i18n.js');
await import('../sites.js');
await import('../patterns.js');
await import('../detect.js');
await import('../claims.js');
await import('../marker.js');
export const { detect, claims, marker, BUILTIN_PAGE_PATTERNS } = globalThis.BadgeLens;

/** A document parsed from a fixture file (or from markup). */
export function load(nameOrHtml) {
  const html = nameOrHtml.trimStart().startsWith('<') ? nameOrHtml : fs.readFileSync(path.join(HERE, 'fixtures', nameOrHtml), 'utf8');
  return parseHTML(html).document;
}

/** Page patterns as the host sends them: the built-ins, plus the local issuer rule tests use. */
export const PATTERNS = [...BUILTIN_PAGE_PATTERNS];

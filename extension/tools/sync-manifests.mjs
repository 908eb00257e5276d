// Writes the sites of sites.js into both manifests (host_permissions and the
// content scripts' matches), so that adding a site is one entry in sites.js:
//   node tools/sync-manifests.mjs          (test/manifest.test.mjs fails until it is run)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await import(path.join(EXT, 'sites.js'));

/** Every site's match patterns, in the table's order, each once. */
export const MATCHES = [...new Set(globalThis.BadgeLens.SITES.flatMap((s) => s.matches))];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of ['manifest.json', 'manifest.firefox.json']) {
    const file = path.join(EXT, f);
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    m.host_permissions = MATCHES;
    m.content_scripts[0].matches = MATCHES;
    fs.writeFileSync(file, JSON.stringify(m, null, 2) + '\n');
  }
  console.log(`manifests: ${MATCHES.length} match patterns from sites.js`);
}

// Link unwrapping: the extension (detect.js) and the host (resolve.rs) are
// tested against the same table, tests/fixtures/link-unwrap-cases.json, so
// the two cannot drift apart.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { detect, EXT } from './dom.mjs';

const CASES = path.join(EXT, '..', 'tests', 'fixtures', 'link-unwrap-cases.json');

test('unwrapLink gives what the shared table says', { skip: !fs.existsSync(CASES) && 'tests/fixtures/ not beside extension/' }, () => {
  const { cases } = JSON.parse(fs.readFileSync(CASES, 'utf8'));
  assert.ok(cases.length >= 20);
  for (const c of cases) assert.equal(detect.unwrapLink(c.link), c.unwrapped ?? c.link.trim(), c.why);
});

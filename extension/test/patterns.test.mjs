// The extension's copy of the host's built-in page patterns must equal the
// host's list (native-host/src/resolve.rs), or links would be missed (or
// wrongly marked) while the host is away.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EXT, BUILTIN_PAGE_PATTERNS } from './dom.mjs';

const RESOLVE_RS = path.join(EXT, '..', 'native-host', 'src', 'resolve.rs');

test('patterns.js equals BUILT_IN in resolve.rs', { skip: !fs.existsSync(RESOLVE_RS) && 'native-host/ not beside extension/' }, () => {
  const rs = fs.readFileSync(RESOLVE_RS, 'utf8');
  const block = rs.slice(rs.indexOf('pub const BUILT_IN'), rs.indexOf('];', rs.indexOf('pub const BUILT_IN')));
  // Each entry is (name, r"page", "assertion"): take the raw strings.
  const pages = [...block.matchAll(/(?<![A-Za-z0-9_])r"([^"]*)"/g)].map((m) => m[1]);
  assert.ok(pages.length >= 1, 'found the host list');
  assert.deepEqual([...BUILTIN_PAGE_PATTERNS], pages);
});

test('every built-in pattern compiles in JavaScript', () => {
  for (const p of BUILTIN_PAGE_PATTERNS) assert.doesNotThrow(() => new RegExp(p), p);
});

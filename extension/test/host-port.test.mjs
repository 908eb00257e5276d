// The host port with a fake native port: handshake, id matching, timeouts,
// reconnect, de-duplication, concurrency, and the failure kinds.
import test from 'node:test';
import assert from 'node:assert/strict';
import './i18n.mjs';
import { HostPort, HostError, PROTOCOL, MAX_IN_FLIGHT, classifyDisconnect } from '../host-port.js';
import { helpFor, installCommand, DEVELOPMENT_ID } from '../help.js';

/** A fake `runtime.connectNative`: each connection runs `script(msg, port)` per posted message. */
function fakeBrowser(script, { failWith } = {}) {
  const b = { connections: 0, sent: [], ports: [], lastErrorValue: undefined };
  b.connect = (name) => {
    assert.equal(name, 'org.badgelens.host');
    b.connections++;
    const listeners = { msg: [], disc: [] };
    const port = {
      name,
      open: true,
      postMessage(m) {
        if (!port.open) throw new Error('Attempting to use a disconnected port object');
        b.sent.push(m);
        script?.(m, port);
      },
      onMessage: { addListener: (f) => listeners.msg.push(f) },
      onDisconnect: { addListener: (f) => listeners.disc.push(f) },
      disconnect() { port.open = false; },
      reply(m) { queueMicrotask(() => { if (port.open) listeners.msg.forEach((f) => f(m)); }); },
      die(message) {
        queueMicrotask(() => {
          port.open = false;
          b.lastErrorValue = { message };
          listeners.disc.forEach((f) => f(port));
          b.lastErrorValue = undefined;
        });
      },
    };
    b.ports.push(port);
    if (failWith) port.die(failWith);
    return port;
  };
  b.lastError = () => b.lastErrorValue;
  return b;
}

const HELLO = (m, extra = {}) => ({ type: 'hello', id: m.id, product: 'BadgeLens', version: '0.1.0', protocol: PROTOCOL, capabilities: ['png', 'svg'], page_patterns: ['^https://x/(?<id>a)'], ...extra });
const RESULT = (m, verdict = 'unverifiable') => ({ type: 'result', id: m.id, verdict, summary: `for ${JSON.stringify(m.source)}`, badge: null, checks: [], elapsed_ms: 1 });

/** Manual timers, so timeouts are tested without waiting. */
function fakeTimers() {
  const t = { list: new Map(), next: 1 };
  t.set = (f, ms) => { const id = t.next++; t.list.set(id, { f, ms }); return id; };
  t.clear = (id) => t.list.delete(id);
  t.fireAll = (ms) => { for (const [id, e] of [...t.list]) if (e.ms === ms) { t.list.delete(id); e.f(); } };
  return t;
}
const tick = () => new Promise((r) => setTimeout(r, 0));

test('hello comes first, then verify; the answer is matched by id even out of order', async () => {
  const held = [];
  const b = fakeBrowser((m, port) => {
    if (m.type === 'hello') return port.reply(HELLO(m));
    held.push([m, port]);
    if (held.length === 2) { // answer the second request first
      port.reply(RESULT(held[1][0], 'verified'));
      port.reply(RESULT(held[0][0], 'revoked'));
    }
  });
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError });
  const [r1, r2] = await Promise.all([hp.verify({ page_url: 'https://x/1' }), hp.verify({ page_url: 'https://x/2' })]);
  assert.equal(b.sent[0].type, 'hello');
  assert.equal(r1.verdict, 'revoked');
  assert.equal(r1.summary, 'for {"page_url":"https://x/1"}');
  assert.equal(r2.verdict, 'verified');
  assert.equal(hp.info.version, '0.1.0');
  assert.deepEqual(hp.info.page_patterns, ['^https://x/(?<id>a)']);
  assert.equal(b.connections, 1);
  const ids = b.sent.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
});

test('identical requests in flight share one host request; different options do not', async () => {
  const pending = [];
  const b = fakeBrowser((m, port) => (m.type === 'hello' ? port.reply(HELLO(m)) : pending.push([m, port])));
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError });
  const a = hp.verify({ page_url: 'https://x/1' });
  const a2 = hp.verify({ page_url: 'https://x/1' });
  const c = hp.verify({ page_url: 'https://x/1' }, { recipient: ['a@b.c'] });
  await tick(); await tick();
  assert.equal(pending.length, 2);
  for (const [m, port] of pending) port.reply(RESULT(m));
  assert.equal(await a, await a2);
  assert.ok(await c);
  // Once answered, a new identical request goes to the host again (caching is the caller's job).
  const d = hp.verify({ page_url: 'https://x/1' });
  await tick(); await tick();
  assert.equal(pending.length, 3);
  pending[2][1].reply(RESULT(pending[2][0]));
  await d;
});

test('at most maxInFlight requests are at the host at once', async () => {
  const pending = [];
  const b = fakeBrowser((m, port) => (m.type === 'hello' ? port.reply(HELLO(m)) : pending.push([m, port])));
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError, maxInFlight: 2 });
  const all = Promise.all([1, 2, 3, 4, 5].map((i) => hp.verify({ page_url: `https://x/${i}` })));
  await tick(); await tick();
  assert.equal(pending.length, 2);
  assert.equal(hp.pendingCount, 2);
  const [m, port] = pending.shift();
  port.reply(RESULT(m));
  await tick(); await tick();
  assert.equal(pending.length + 1, 3, 'one answer lets one more through');
  while (pending.length) {
    const [mm, pp] = pending.shift();
    pp.reply(RESULT(mm));
    await tick(); await tick();
  }
  assert.equal((await all).length, 5);
});

test('a page of 50 badges goes to the host at once (64 in flight by default); a trace learns when each was posted', async () => {
  assert.equal(MAX_IN_FLIGHT, 64);
  const pending = [];
  const b = fakeBrowser((m, port) => (m.type === 'hello' ? port.reply(HELLO(m)) : pending.push([m, port])));
  let clock = 1000;
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError, now: () => clock });
  const traces = Array.from({ length: 50 }, () => ({}));
  const all = Promise.all(traces.map((tr, i) => hp.verify({ page_url: `https://x/${i}` }, {}, tr)));
  await tick(); await tick();
  assert.equal(pending.length, 50, 'all 50 sent without waiting for an answer');
  assert.ok(traces.every((tr) => tr.posted === 1000));
  clock = 2000;
  for (const [m, port] of pending) port.reply(RESULT(m));
  assert.equal((await all).length, 50);
});

test('a request the host does not answer times out with its own error; a late answer is ignored', async () => {
  const timers = fakeTimers();
  const pending = [];
  const b = fakeBrowser((m, port) => (m.type === 'hello' ? port.reply(HELLO(m)) : pending.push([m, port])));
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError, setTimer: timers.set, clearTimer: timers.clear, timeoutMs: 30000 });
  const p = hp.verify({ page_url: 'https://x/slow' });
  await tick(); await tick();
  assert.equal(pending.length, 1);
  timers.fireAll(30000);
  await assert.rejects(p, (e) => e instanceof HostError && e.kind === 'timeout' && /30 s/.test(e.message));
  pending[0][1].reply(RESULT(pending[0][0], 'verified')); // late: must not throw or resolve anything
  await tick();
  assert.equal(hp.pendingCount, 0);
  // The port stays usable.
  const q = hp.verify({ page_url: 'https://x/fast' });
  await tick(); await tick();
  pending[1][1].reply(RESULT(pending[1][0], 'verified'));
  assert.equal((await q).verdict, 'verified');
});

test('host not installed: "missing", with install help; a later call tries again', async () => {
  let now = 0;
  const b = fakeBrowser(null, { failWith: 'Specified native messaging host not found.' });
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError, now: () => now, retryAfterMs: 2000 });
  await assert.rejects(hp.verify({ page_url: 'https://x/1' }), (e) => e.kind === 'missing');
  // Within the retry window: the same error, no new process started.
  await assert.rejects(hp.ready(), (e) => e.kind === 'missing');
  assert.equal(b.connections, 1);
  now = 5000;
  await assert.rejects(hp.ready(), (e) => e.kind === 'missing');
  assert.equal(b.connections, 2);
  const help = helpFor('missing', { extensionId: DEVELOPMENT_ID });
  assert.equal(help.command, 'badgelens install');
  assert.match(help.text, /snap or flatpak/);
});

test('disconnect messages map to distinct kinds', () => {
  assert.equal(classifyDisconnect('Specified native messaging host not found.', { gotAnyMessage: false }), 'missing');
  assert.equal(classifyDisconnect('Access to the specified native messaging host is forbidden.', { gotAnyMessage: false }), 'forbidden');
  assert.equal(classifyDisconnect('Native host has exited.', { gotAnyMessage: true }), 'crashed');
  assert.equal(classifyDisconnect('No such native application org.badgelens.host', { gotAnyMessage: false }), 'missing'); // Firefox
});

test('host too old (protocol 0, or no hello at all) and too new are refused with their own kinds', async () => {
  for (const [reply, kind] of [
    [(m) => HELLO(m, { protocol: 0 }), 'too_old'],
    [(m) => ({ type: 'error', id: m.id, code: 'unsupported_type', message: 'unknown request type "hello"' }), 'too_old'],
    [(m) => HELLO(m, { protocol: 2 }), 'too_new'],
    [(m) => ({ type: 'hello', id: m.id }), 'too_old'],
  ]) {
    const b = fakeBrowser((m, port) => port.reply(reply(m)));
    const hp = new HostPort({ connect: b.connect, lastError: b.lastError });
    await assert.rejects(hp.verify({ page_url: 'https://x/1' }), (e) => e.kind === kind, kind);
    assert.equal(b.ports[0].open, false, 'the port is closed');
    assert.equal(b.sent.filter((m) => m.type === 'verify').length, 0, 'nothing verified by an incompatible host');
  }
  assert.match(helpFor('too_old', {}).text, /badgelens doctor/);
});

test('a crash fails what is in flight as "crashed", and the next request reconnects with a new hello', async () => {
  let crash = true;
  const b = fakeBrowser((m, port) => {
    if (m.type === 'hello') return port.reply(HELLO(m));
    if (crash) { crash = false; return port.die('Native host has exited.'); }
    port.reply(RESULT(m, 'verified'));
  });
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError });
  await assert.rejects(hp.verify({ page_url: 'https://x/1' }), (e) => e.kind === 'crashed');
  assert.equal((await hp.verify({ page_url: 'https://x/1' })).verdict, 'verified');
  assert.equal(b.connections, 2);
  assert.equal(b.sent.filter((m) => m.type === 'hello').length, 2);
  assert.match(helpFor('crashed', {}).command, /^badgelens doctor$/);
});

test('an error response answers only its own request, as host_error with the code', async () => {
  const b = fakeBrowser((m, port) => {
    if (m.type === 'hello') return port.reply(HELLO(m));
    if (m.source.page_url.endsWith('bad')) port.reply({ type: 'error', id: m.id, code: 'bad_request', message: 'source must hold exactly one' });
    else port.reply(RESULT(m));
    port.reply({ type: 'error', id: null, code: 'bad_request', message: 'noise' }); // unmatched: ignored
  });
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError });
  const [bad, good] = await Promise.allSettled([hp.verify({ page_url: 'https://x/bad' }), hp.verify({ page_url: 'https://x/good' })]);
  assert.equal(bad.status, 'rejected');
  assert.equal(bad.reason.kind, 'host_error');
  assert.equal(bad.reason.code, 'bad_request');
  assert.equal(good.value.verdict, 'unverifiable');
});

test('a hello that never comes times out and is retried later', async () => {
  const timers = fakeTimers();
  let now = 0;
  const b = fakeBrowser(() => {});
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError, setTimer: timers.set, clearTimer: timers.clear, helloTimeoutMs: 10000, now: () => now });
  const p = hp.ready();
  timers.fireAll(10000);
  await assert.rejects(p, (e) => e.kind === 'timeout');
  now = 60000;
  hp.ready().catch(() => {});
  assert.equal(b.connections, 2);
});

test('help: the install command names a store build\'s id and the browser, never the development id', () => {
  assert.equal(installCommand({ extensionId: DEVELOPMENT_ID }), 'badgelens install');
  assert.equal(installCommand({ extensionId: 'abcdefghijklmnopabcdefghijklmnop' }), 'badgelens install --extension-id abcdefghijklmnopabcdefghijklmnop');
  assert.equal(installCommand({ browser: 'firefox' }), 'badgelens install --browser firefox');
  assert.equal(installCommand({ extensionId: 'not-an-id; rm -rf /' }), 'badgelens install');
  assert.match(helpFor('forbidden', { extensionId: 'abcdefghijklmnopabcdefghijklmnop' }).command, /--extension-id abcdefghijklmnopabcdefghijklmnop$/);
  assert.notEqual(helpFor('missing').title, helpFor('crashed').title);
  assert.notEqual(helpFor('too_old').title, helpFor('crashed').title);
});

test('a disconnect between the handshake and the send does not strand the request', async () => {
  let first = true;
  const b = fakeBrowser((m, port) => {
    if (m.type === 'hello') {
      port.reply(HELLO(m));
      // The first connection dies right after its hello answer, before any verify is sent.
      if (first) { first = false; queueMicrotask(() => queueMicrotask(() => port.die('Native host has exited.'))); }
      return;
    }
    port.reply(RESULT(m, 'verified'));
  });
  const hp = new HostPort({ connect: b.connect, lastError: b.lastError, retryAfterMs: 0 });
  await hp.ready();
  await new Promise((r) => setTimeout(r, 5)); // the port is gone now, but hp has not been asked anything
  const settled = await Promise.race([
    hp.verify({ page_url: 'https://x/1' }).then((r) => r.verdict, (e) => `rejected ${e.kind}`),
    new Promise((r) => setTimeout(() => r('stuck'), 500)),
  ]);
  assert.notEqual(settled, 'stuck');
  // And when the port dies after ready() resolved but before the request was queued:
  let dieNext = true;
  const b2 = fakeBrowser((m, port) => {
    if (m.type === 'hello') return port.reply(HELLO(m));
    port.reply(RESULT(m, 'verified'));
  });
  const hp2 = new HostPort({ connect: b2.connect, lastError: b2.lastError, retryAfterMs: 0 });
  await hp2.ready();
  const realReady = hp2.ready.bind(hp2);
  hp2.ready = () => realReady().then((info) => {
    if (dieNext) { dieNext = false; hp2.dropConnection(new HostError('crashed', 'gone')); }
    return info;
  });
  const r2 = await Promise.race([
    hp2.verify({ page_url: 'https://x/2' }).then((r) => r.verdict, (e) => `rejected ${e.kind}`),
    new Promise((r) => setTimeout(() => r('stuck'), 500)),
  ]);
  assert.equal(r2, 'verified', 'reconnected and answered');
});

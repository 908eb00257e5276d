// The one module that talks to the native host (PROTOCOL.md, protocol 1).
//
// A long-lived `connectNative` port: `hello` first (protocol checked, page
// patterns kept), then requests matched to responses by `id`, each with its
// own timeout, at most `maxInFlight` at the host at once, identical requests
// in flight shared, and a fresh connection after a disconnect. Failures come
// out as HostError with a `kind` the help text is chosen by: "missing",
// "forbidden", "too_old", "too_new", "crashed", "timeout", "host_error".
//
// Browser APIs are injected (`connect`, `lastError`, timers), so the unit
// tests drive it with a fake port.

export const HOST_NAME = 'org.badgelens.host';
export const PROTOCOL = 1;
export const REQUEST_TIMEOUT_MS = 30_000;
export const HELLO_TIMEOUT_MS = 10_000;
// A page of badges at once (the host runs up to 256 and reads no further frames beyond that).
export const MAX_IN_FLIGHT = 64;
/** After a failed connection, callers within this window get the same error instead of a new attempt. */
export const RETRY_AFTER_MS = 2_000;

export class HostError extends Error {
  /**
   * @param {string} kind one of missing, forbidden, too_old, too_new, crashed, timeout, host_error
   * @param {string} message what the browser or the host said
   * @param {object} [extra] e.g. { code } for host_error, { protocol } for too_old
   */
  constructor(kind, message, extra = {}) {
    super(message);
    this.name = 'HostError';
    this.kind = kind;
    Object.assign(this, extra);
  }
}

/** Maps the browser's disconnect message to a failure kind. */
export function classifyDisconnect(message, { gotAnyMessage }) {
  const m = String(message || '');
  if (/not found|no such native application|not been found|Specified native messaging host not found/i.test(m)) return 'missing';
  if (/forbidden|not allowed|access to the specified native messaging host/i.test(m)) return 'forbidden';
  // "Native host has exited." and everything else: it could not start, or died.
  void gotAnyMessage;
  return 'crashed';
}

export class HostPort {
  /**
   * @param {object} deps
   * @param {(name: string) => object} deps.connect  `runtime.connectNative`
   * @param {() => ({message?: string}|undefined)} [deps.lastError]  `runtime.lastError`
   */
  constructor({
    connect, lastError = () => undefined, name = HOST_NAME,
    timeoutMs = REQUEST_TIMEOUT_MS, helloTimeoutMs = HELLO_TIMEOUT_MS, maxInFlight = MAX_IN_FLIGHT,
    retryAfterMs = RETRY_AFTER_MS, setTimer = (f, ms) => setTimeout(f, ms), clearTimer = (t) => clearTimeout(t),
    now = () => Date.now(),
  }) {
    Object.assign(this, { connect, lastError, name, timeoutMs, helloTimeoutMs, maxInFlight, retryAfterMs, setTimer, clearTimer, now });
    this.port = null;
    this.info = null; // the hello answer of the current connection
    this.handshake = null; // Promise of `info` while connecting
    this.lastFailure = null; // { error, at }
    this.pending = new Map(); // id -> { resolve, reject, timer, key }
    this.shared = new Map(); // dedupe key -> Promise
    this.queue = []; // requests waiting for a slot
    this.inFlight = 0;
    this.nextId = 1;
    this.generation = 0;
  }

  /** Connects and shakes hands if needed; resolves to the host's hello answer. */
  ready() {
    if (this.info && this.port) return Promise.resolve(this.info);
    if (this.handshake) return this.handshake;
    const f = this.lastFailure;
    if (f && this.now() - f.at < this.retryAfterMs) return Promise.reject(f.error);
    this.handshake = this.open().finally(() => {
      this.handshake = null;
    });
    return this.handshake;
  }

  open() {
    const generation = ++this.generation;
    let port;
    try {
      port = this.connect(this.name);
    } catch (e) {
      return Promise.reject(this.fail(new HostError('missing', e?.message || String(e))));
    }
    this.port = port;
    const state = { gotAnyMessage: false };
    port.onMessage.addListener((msg) => {
      if (generation !== this.generation) return;
      state.gotAnyMessage = true;
      this.onMessage(msg);
    });
    port.onDisconnect.addListener((p) => {
      if (generation !== this.generation) return;
      const message = p?.error?.message || this.lastError()?.message || 'The native host disconnected.';
      const kind = classifyDisconnect(message, state);
      this.dropConnection(new HostError(kind, message));
    });
    return this.send({ type: 'hello' }, this.helloTimeoutMs).then(
      (hello) => {
        if (hello?.type !== 'hello' || typeof hello.protocol !== 'number') {
          throw this.closeWith(new HostError('too_old', 'The host did not answer hello as protocol 1 requires.'));
        }
        if (hello.protocol < PROTOCOL) {
          throw this.closeWith(new HostError('too_old', `The host speaks protocol ${hello.protocol}; this extension needs ${PROTOCOL}.`, { protocol: hello.protocol, version: hello.version }));
        }
        if (hello.protocol > PROTOCOL) {
          throw this.closeWith(new HostError('too_new', `The host speaks protocol ${hello.protocol}; this extension knows ${PROTOCOL}.`, { protocol: hello.protocol, version: hello.version }));
        }
        this.info = {
          version: String(hello.version ?? ''),
          protocol: hello.protocol,
          capabilities: Array.isArray(hello.capabilities) ? hello.capabilities.filter((c) => typeof c === 'string') : [],
          page_patterns: Array.isArray(hello.page_patterns) ? hello.page_patterns.filter((p) => typeof p === 'string') : [],
        };
        this.lastFailure = null;
        this.pump();
        return this.info;
      },
      (e) => {
        // An old host answers hello with `unsupported_type`.
        if (e instanceof HostError && e.kind === 'host_error') throw this.closeWith(new HostError('too_old', e.message, { code: e.code }));
        throw this.fail(e);
      },
    );
  }

  /** Sends one request on the open port and waits for its answer. */
  send(body, timeoutMs) {
    const id = `r${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = this.setTimer(() => {
        if (!this.pending.delete(id)) return;
        reject(new HostError('timeout', `The host did not answer within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.port.postMessage({ ...body, id });
      } catch (e) {
        this.pending.delete(id);
        this.clearTimer(timer);
        reject(new HostError('crashed', e?.message || String(e)));
      }
    });
  }

  onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    const entry = (typeof msg.id === 'string' || typeof msg.id === 'number') ? this.pending.get(String(msg.id)) : undefined;
    if (!entry) return; // late (timed out) or unsolicited: ignore
    this.pending.delete(String(msg.id));
    this.clearTimer(entry.timer);
    if (msg.type === 'error') entry.reject(new HostError('host_error', String(msg.message || msg.code || 'error'), { code: msg.code }));
    else entry.resolve(msg);
  }

  fail(error) {
    this.lastFailure = { error, at: this.now() };
    this.dropConnection(error);
    return error;
  }

  closeWith(error) {
    this.lastFailure = { error, at: this.now() };
    const port = this.port;
    this.dropConnection(error);
    try { port?.disconnect(); } catch { /* already gone */ }
    return error;
  }

  /** Forgets the connection and fails everything that was waiting on it. */
  dropConnection(error) {
    this.generation++;
    this.port = null;
    this.info = null;
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      this.clearTimer(entry.timer);
      entry.reject(error);
    }
    const queued = this.queue.splice(0);
    for (const q of queued) q.reject(error);
  }

  /**
   * Verifies one source. Identical requests (same source and options) in
   * flight share one host request. Resolves to the `result` message.
   * `trace`, if given, gets `posted`: when the request went to the host.
   */
  verify(source, options = {}, trace = undefined) {
    const key = JSON.stringify([source, options]);
    const existing = this.shared.get(key);
    if (existing) return existing;
    const p = this.ready()
      .then(() => new Promise((resolve, reject) => {
        this.queue.push({ body: { type: 'verify', source, options }, resolve, reject, trace });
        this.pump();
      }))
      .finally(() => this.shared.delete(key));
    this.shared.set(key, p);
    return p;
  }

  pump() {
    if ((!this.port || !this.info) && this.queue.length) {
      // The connection went away while requests waited: connect again, or fail them with the reason.
      if (!this.handshake) {
        this.ready().catch((e) => {
          for (const q of this.queue.splice(0)) q.reject(e);
        });
      }
      return;
    }
    while (this.port && this.info && this.inFlight < this.maxInFlight && this.queue.length) {
      const q = this.queue.shift();
      this.inFlight++;
      if (q.trace) q.trace.posted = this.now();
      this.send(q.body, this.timeoutMs)
        .then((msg) => {
          if (msg.type !== 'result') throw new HostError('host_error', `unexpected ${String(msg.type)} answer`);
          return msg;
        })
        .then(q.resolve, (e) => {
          if (e instanceof HostError && e.kind === 'timeout') {
            // The host may be stuck; the next request gets a fresh one.
            this.lastFailure = null;
          }
          q.reject(e);
        })
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  /** Number of requests sent and not yet answered (for tests and the options page). */
  get pendingCount() {
    return this.pending.size;
  }

  disconnect() {
    const port = this.port;
    this.dropConnection(new HostError('crashed', 'disconnected by the extension'));
    try { port?.disconnect(); } catch { /* already gone */ }
  }
}

// Checks every message the background receives before it acts on it: who
// sent it (this extension's own content script in a tab and frame, or one of
// its own pages) and its exact shape. A web page cannot message the
// background at all (no `externally_connectable`), and a content script runs
// in an isolated world, but a bug or a compromised renderer must still not
// be able to make the extension ask the host about file:, chrome: or
// arbitrarily large data. Pure functions: tested in node.

/** Longest URL the extension passes on (browsers accept ~2 MB; real badge URLs are short). */
export const MAX_URL = 8192;
/** Largest image the extension reads into memory and sends as bytes. */
export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;
/** The base64 length of MAX_IMAGE_BYTES. */
export const MAX_IMAGE_BASE64 = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;
/** Pasted assertion text (JSON, a JWS/JWT, or a URL). */
export const MAX_ASSERTION = 1024 * 1024;
export const MAX_RECIPIENTS = 20;
export const MAX_RECIPIENT_LEN = 320;
export const MAX_MARKER_SOURCE = 2048;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MIME = /^[a-z0-9][a-z0-9.+-]{0,60}\/[a-z0-9][a-z0-9.+-]{0,60}$/i;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
/** Keys present with a value (Firefox's structured clone keeps `undefined` members; Chrome's JSON drops them). */
const keysOf = (o) => Object.keys(o).filter((k) => o[k] !== undefined);

/** An absolute http(s) URL without user:password, at most MAX_URL long; anything else is refused. */
export function isHttpUrl(v) {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_URL) return false;
  let u;
  try {
    u = new URL(v);
  } catch {
    return false;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && u.hostname !== '';
}

/**
 * Who sent a message: 'content' (this extension's content script, in a tab
 * and frame), 'page' (this extension's own popup, options or other page), or
 * null (anyone else: refused).
 * @param {object} sender  runtime.MessageSender
 * @param {{id: string, origin: string}} self  runtime.id and runtime.getURL('')
 */
export function senderKind(sender, self) {
  if (!isObject(sender) || typeof self?.id !== 'string' || !self.id || sender.id !== self.id) return null;
  const url = typeof sender.url === 'string' ? sender.url : '';
  if (self.origin && url.startsWith(self.origin)) return 'page';
  const tabId = sender.tab?.id;
  if (Number.isInteger(tabId) && tabId >= 0 && Number.isInteger(sender.frameId) && sender.frameId >= 0) return 'content';
  return null;
}

function fail(reason) {
  return { ok: false, reason };
}

/** Exactly one of image, image_url, page_url, assertion, each with its own rules; returns a clean copy. */
export function checkSource(source, kind) {
  if (!isObject(source)) return fail('source is not an object');
  const keys = keysOf(source);
  if (keys.length !== 1) return fail('source must hold exactly one key');
  const [k] = keys;
  const v = source[k];
  switch (k) {
    case 'image_url':
    case 'page_url':
      return isHttpUrl(v) ? { ok: true, source: { [k]: v } } : fail(`${k} must be an http(s) URL`);
    case 'image': {
      if (!isObject(v)) return fail('image is not an object');
      const extra = keysOf(v).filter((x) => !['data', 'mime', 'url'].includes(x));
      if (extra.length) return fail(`unknown image field ${extra[0]}`);
      if (typeof v.data !== 'string' || v.data.length > MAX_IMAGE_BASE64 || v.data.length % 4 !== 0 || !BASE64.test(v.data)) return fail('image.data must be base64 of at most 16 MiB');
      const out = { data: v.data };
      if (v.mime !== undefined) {
        if (typeof v.mime !== 'string' || (v.mime !== '' && !MIME.test(v.mime))) return fail('image.mime must be a media type');
        if (v.mime) out.mime = v.mime;
      }
      if (v.url !== undefined) {
        if (!isHttpUrl(v.url)) return fail('image.url must be an http(s) URL');
        out.url = v.url;
      }
      return { ok: true, source: { image: out } };
    }
    case 'assertion':
      // Pasted text comes from the extension's own pages only; content scripts never send it.
      if (kind !== 'page') return fail('assertion text only from the extension\'s pages');
      return typeof v === 'string' && v.length > 0 && v.length <= MAX_ASSERTION ? { ok: true, source: { assertion: v } } : fail('assertion must be text of at most 1 MiB');
    default:
      return fail(`unknown source ${k}`);
  }
}

function checkOptions(options) {
  if (options === undefined) return { ok: true, options: {} };
  if (!isObject(options)) return fail('options is not an object');
  const extra = keysOf(options).filter((x) => x !== 'recipient');
  if (extra.length) return fail(`unknown option ${extra[0]}`);
  if (options.recipient === undefined) return { ok: true, options: {} };
  const r = options.recipient;
  if (!Array.isArray(r) || r.length > MAX_RECIPIENTS || !r.every((x) => typeof x === 'string' && x.length > 0 && x.length <= MAX_RECIPIENT_LEN)) {
    return fail(`recipient must be at most ${MAX_RECIPIENTS} strings`);
  }
  return { ok: true, options: r.length ? { recipient: [...r] } : {} };
}

/** Which sender may send which message, and the fields each carries. */
const TYPES = {
  'bl:hello': { from: ['content', 'page'], fields: [] },
  'bl:verify': { from: ['content', 'page'], fields: ['source', 'options', 'markerSource', 'explicit'] },
  'bl:status': { from: ['page'], fields: [] },
  'bl:clear-cache': { from: ['page'], fields: [] },
};

/**
 * Validates one message from a sender of `kind` ('content' or 'page').
 * Returns { ok: true, msg } with a clean copy, or { ok: false, reason, known }
 * (`known`: the type is one of ours, so the sender deserves an error answer).
 */
export function checkMessage(msg, kind) {
  if (!isObject(msg) || typeof msg.type !== 'string') return { ...fail('not a message'), known: false };
  const spec = Object.hasOwn(TYPES, msg.type) ? TYPES[msg.type] : null;
  if (!spec) return { ...fail(`unknown type ${msg.type.slice(0, 40)}`), known: false };
  const bad = (reason) => ({ ...fail(reason), known: true });
  if (!spec.from.includes(kind)) return bad(`${msg.type} is not accepted from a ${kind}`);
  const extra = keysOf(msg).filter((k) => k !== 'type' && !spec.fields.includes(k));
  if (extra.length) return bad(`unknown field ${extra[0].slice(0, 40)}`);
  if (msg.type !== 'bl:verify') return { ok: true, msg: { type: msg.type } };
  const s = checkSource(msg.source, kind);
  if (!s.ok) return bad(s.reason);
  const o = checkOptions(msg.options);
  if (!o.ok) return bad(o.reason);
  if (msg.markerSource !== undefined && (typeof msg.markerSource !== 'string' || msg.markerSource.length > MAX_MARKER_SOURCE)) return bad('markerSource must be short text');
  if (msg.explicit !== undefined && typeof msg.explicit !== 'boolean') return bad('explicit must be a boolean');
  return { ok: true, msg: { type: msg.type, source: s.source, options: o.options, explicit: msg.explicit === true } };
}

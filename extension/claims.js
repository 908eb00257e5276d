// What a page claims about a badge, compared with what the helper verified,
// and the one rule for the marker's look. Pure functions, no DOM, no
// browser APIs: the node unit tests (test/claims.test.mjs) run them.
//
// - Organisations are compared by whole words after normalising case,
//   accents, punctuation and legal suffixes; never by substring
//   ("IBM" is not "IBMX Academy", "A" is not "Mallory Badge Mill").
// - An issuer bound to a web domain by authority is compared by that domain;
//   its self-chosen name counts only where a badge platform (Credly, Badgr,
//   Parchment) or a registry vouches for it. A name in badge data is a claim.
// - People are compared tolerant of accents, middle names, initials and order.
// - The look: green "verified" only when the helper says `verified`, the
//   issuer is identified by a domain or a registry, and nothing the page
//   states disagrees. A bare key, an issuer not established (or a helper too
//   old to say), or a mismatch never looks green.
//
// A classic script that sets globalThis.BadgeLens.claims (see patterns.js).
(function (root) {
  'use strict';
  const ns = (root.BadgeLens = root.BadgeLens || {});

  const LEGAL = new Set(['inc', 'incorporated', 'llc', 'ltd', 'limited', 'gmbh', 'corp', 'corporation', 'co', 'plc', 'sa', 'ag', 'bv', 'nv', 'srl', 'pty', 'llp']);
  /** Words an organisation's badge account adds to its name ("AWS Training and Certification"). */
  const ORG_FILLER = new Set(['the', 'and', 'training', 'certification', 'certifications', 'certificate', 'certificates', 'credential', 'credentials',
    'credentialing', 'education', 'learning', 'badge', 'badges', 'program', 'programs', 'official']);
  /** Words left out when making initials ("Massachusetts Institute of Technology" -> "mit"). */
  const SMALL = new Set(['of', 'and', 'the', 'for', 'at', 'in', 'de', 'du', 'der', 'la', 'le', 'y', 'e']);
  /** Titles and letters after a name ("Dr. Jane Doe, PhD (she/her)"). */
  const NAME_EXTRA = new Set(['dr', 'prof', 'mr', 'mrs', 'ms', 'mx', 'sir', 'phd', 'md', 'mba', 'msc', 'bsc', 'ma', 'ba', 'jr', 'sr', 'ii', 'iii', 'iv',
    'cpa', 'pmp', 'cissp', 'pe', 'esq', 'dds', 'rn']);
  /** Badge platforms that host many organisations' issuer profiles under their own domain. */
  const PLATFORMS = ['credly.com', 'youracclaim.com', 'badgr.com', 'badgr.io', 'parchment.com', 'accredible.com', 'openbadgefactory.com'];
  /** Second-level public suffixes common enough to matter for the registrable label. */
  const SECOND_LEVEL = new Set(['co', 'com', 'ac', 'edu', 'gov', 'org', 'net', 'or', 'ne', 'go', 'gv']);

  const t = (key, ...subs) => ns.i18n.t(key, ...subs);
  const str = (v) => (v === null || v === undefined ? '' : String(v));

  /** Lower case, accents removed, anything but letters and digits a space, collapsed. */
  function normalize(s) {
    return str(s).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/['\u2019]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  }
  const words = (s) => (normalize(s) ? normalize(s).split(' ') : []);
  const withoutParens = (s) => str(s).replace(/\([^)]*\)/g, ' ');
  const acronymsIn = (s) => [...str(s).matchAll(/\(([\p{L}\p{N}&.]{2,})\)/gu)].map((m) => normalize(m[1]).replace(/ /g, ''));

  /** An organisation's words: no parentheses, no legal suffixes. */
  function orgWords(s) {
    return words(withoutParens(s)).filter((w) => !LEGAL.has(w));
  }

  /** Is `small` a run of whole words inside `big`? Returns the words of `big` left over, or null. */
  function wordRun(small, big) {
    if (!small.length || small.length > big.length) return null;
    for (let i = 0; i + small.length <= big.length; i++) {
      if (small.every((w, k) => big[i + k] === w)) return [...big.slice(0, i), ...big.slice(i + small.length)];
    }
    return null;
  }

  function sameOrgName(a, b) {
    const wa = orgWords(a), wb = orgWords(b);
    if (!wa.length || !wb.length) return false;
    if (wa.join(' ') === wb.join(' ')) return true;
    const ja = wa.join(''), jb = wb.join('');
    // "AWS" and "Amazon Web Services (AWS)"; "(AWS)" on both sides.
    if (acronymsIn(a).includes(jb) || acronymsIn(b).includes(ja) || acronymsIn(a).some((x) => acronymsIn(b).includes(x))) return true;
    // Whole words, where what is left over is only filler ("Amazon Web Services" / "... Training and Certification").
    for (const [s, l] of [[wa, wb], [wb, wa]]) {
      const rest = wordRun(s, l);
      if (rest && rest.every((w) => ORG_FILLER.has(w))) return true;
    }
    return false;
  }

  function hostLabels(domain) {
    const h = str(domain).toLowerCase().replace(/\.$/, '');
    if (!/^[a-z0-9.-]+$/.test(h) || !h.includes('.') || /^[0-9.]+$/.test(h)) return [];
    return h.split('.').filter(Boolean);
  }

  /** "harvard" for www.harvard.edu, "google" for cloud.google.com, "ox" for www.ox.ac.uk; hyphens dropped. */
  function registrableLabel(domain) {
    const labels = hostLabels(domain);
    if (labels.length < 2) return '';
    let i = labels.length - 2;
    if (labels.length >= 3 && labels.at(-1).length === 2 && SECOND_LEVEL.has(labels.at(-2))) i -= 1;
    return (labels[i] || '').replace(/-/g, '');
  }

  function isPlatform(domain) {
    const h = str(domain).toLowerCase();
    return PLATFORMS.some((p) => h === p || h.endsWith('.' + p));
  }

  /** Does an organisation's name agree with a domain proven by authority? */
  function orgMatchesDomain(stated, domain) {
    const label = registrableLabel(domain);
    if (!label || isPlatform(domain)) return false;
    const w = orgWords(stated);
    if (!w.length) return false;
    const initials = w.filter((x) => !SMALL.has(x)).map((x) => x[0]).join('');
    return w.join('') === label || w[0] === label || (initials.length >= 2 && initials === label) || acronymsIn(stated).includes(label);
  }

  /**
   * Does the organisation a page states agree with the verified issuer?
   * issuer: { name, domain, identifiedBy, registry }. true / false, or null
   * when there is nothing to compare.
   * - a domain bound by authority: the stated name must agree with the domain,
   *   except on a badge platform, whose domain proves only the platform, and
   *   for an IP address, which names nothing: there the issuer's name counts;
   * - a registry: the name it lists;
   * - a bare key, or nothing established: the name, for what it is worth (such
   *   badges never look green anyway).
   */
  function sameOrg(stated, issuer = {}) {
    if (!orgWords(stated).length) return null;
    const { name, domain, identifiedBy } = issuer;
    // An address (no name in it) proves no organisation's name: then only the names are compared.
    if (identifiedBy === 'domain' && domain && !isPlatform(domain) && registrableLabel(domain)) return orgMatchesDomain(stated, domain);
    if (!orgWords(name).length) return domain ? orgMatchesDomain(stated, domain) : null;
    return sameOrgName(stated, name) || (!!domain && orgMatchesDomain(stated, domain));
  }

  /** The entry's title against the badge's name: equal words, or one a run of at least two whole words of the other. */
  function sameTitle(stated, badgeName) {
    const a = words(withoutParens(stated)), b = words(withoutParens(badgeName));
    if (!a.length || !b.length) return null;
    if (a.join(' ') === b.join(' ')) return true;
    if (acronymsIn(stated).includes(b.join('')) || acronymsIn(badgeName).includes(a.join(''))) return true;
    const [s, l] = a.length <= b.length ? [a, b] : [b, a];
    return s.length >= 2 && wordRun(s, l) !== null;
  }

  function personWords(s) {
    // "Doe, Jane" and "Jane Doe" alike; parentheses (pronouns) and titles dropped.
    return words(withoutParens(s)).filter((w) => !NAME_EXTRA.has(w));
  }

  /**
   * Is this the same person? Tolerant of accents, case, order, middle names
   * and initials ("Jane Q. Doe" = "Doe, Jane" = "JANE DOE"). true / false, or
   * null when it cannot be told (one side a single name that the other has).
   */
  function samePerson(a, b) {
    const wa = personWords(a), wb = personWords(b);
    if (!wa.length || !wb.length) return null;
    const [s, l] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
    const left = [...l];
    let full = 0, matched = 0;
    for (const w of s) {
      let i = left.indexOf(w);
      if (i >= 0) full += w.length > 1 ? 1 : 0;
      else i = left.findIndex((x) => (w.length === 1 && x[0] === w) || (x.length === 1 && w[0] === x));
      if (i < 0) continue;
      matched++;
      left.splice(i, 1);
    }
    if (matched === 0) return false;
    if (matched < s.length) return false; // a word of the shorter name is not in the longer one
    if (s.length === 1 && l.length > 1) return null; // "Jane" and "Jane Doe": cannot tell
    return full >= 1 ? true : null; // initials only: cannot tell
  }

  /** How the helper identified the issuer, from result.badge.issuer (a helper without the field: not established). */
  function issuerIdentity(result) {
    const i = result?.badge?.issuer || {};
    const by = i.identified_by;
    const domain = typeof i.domain === 'string' && i.domain ? i.domain : null;
    const registry = typeof i.registry === 'string' && i.registry ? i.registry : null;
    let identifiedBy = null;
    if (by === 'domain' && domain) identifiedBy = 'domain';
    else if (by === 'registry' && registry) identifiedBy = 'registry';
    else if (by === 'key') identifiedBy = 'key';
    return { identifiedBy, domain, registry, name: str(i.name).trim(), id: str(i.id) };
  }

  const cut = (s, n = 120) => {
    const t = str(s).replace(/\s+/g, ' ').trim();
    return t.length > n ? t.slice(0, n - 1) + '\u2026' : t;
  };

  /** How to name the verified issuer in a sentence: its proven domain first. */
  function issuerWords(who) {
    if (who.identifiedBy === 'domain') return who.name && isPlatform(who.domain) ? t('claimsIssuerOnPlatform', cut(who.name), who.domain) : who.domain;
    if (who.identifiedBy === 'registry') return who.name ? t('claimsIssuerListed', cut(who.name), cut(who.registry, 80)) : cut(who.registry, 80);
    if (who.identifiedBy === 'key') return who.name ? t('claimsKeyCallingItself', cut(who.name)) : t('claimsBareKey');
    return who.name ? t('claimsIssuerNamedNotEstablished', cut(who.name)) : t('claimsIssuerNotEstablished');
  }

  /** Words for the recipient when there is no name to compare. */
  function recipientWords(r) {
    if (!r) return t('claimsNoOneNamed');
    if (r.hashed) return r.type === 'email' || !r.type ? t('recipHashedEmail') : t('recipHashedType', cut(r.type, 30));
    if (r.plaintext) return cut(r.plaintext, 80);
    return t('claimsSomeoneNotNamed');
  }

  /**
   * Everything the marker, the popup and the report say about claims.
   * input: { result, stated: { issuer?, title?, owner? }, sender?, siteName? }
   *  - stated.issuer / stated.title: what the page's entry states (LinkedIn);
   *  - stated.owner: whose page it is (the profile's name);
   *  - sender: the e-mail's sender, tested by the helper against the recipient.
   * Returns { look, mismatches: ['issuer'|'title'|'earner'], earner:
   * 'match'|'mismatch'|'unknown'|null, identifiedBy, domain, registry, notes:
   * [{ kind, mismatch, text }] }.
   */
  function assess({ result = null, stated = {}, sender = '', siteName = '' } = {}) {
    const verdict = result?.verdict;
    const badge = result?.badge || null;
    const who = issuerIdentity(result);
    const notes = [];
    const mismatches = [];
    const where = siteName || t('claimsThePage');
    const add = (kind, mismatch, text) => {
      notes.push({ kind, mismatch, text });
      if (mismatch) mismatches.push(kind);
    };
    let earner = null;
    if (badge) {
      if (stated.issuer) {
        const same = sameOrg(stated.issuer, { name: who.name, domain: who.domain, identifiedBy: who.identifiedBy });
        if (same === false) add('issuer', true, t('noteIssuerMismatch', where, cut(stated.issuer), issuerWords(who)));
      }
      if (stated.title && badge.name) {
        if (sameTitle(stated.title, badge.name) === false) add('title', true, t('noteTitleMismatch', where, cut(stated.title), cut(badge.name)));
      }
      const r = badge.recipient || null;
      if (stated.owner) {
        const owner = cut(stated.owner, 80);
        const same = r?.name ? samePerson(stated.owner, r.name) : null;
        if (same === true) earner = 'match';
        else if (same === false) {
          earner = 'mismatch';
          add('earner', true, t('noteEarnerMismatch', cut(r.name, 80), owner));
        } else {
          earner = 'unknown';
          add('earner', false, r?.name
            ? t('noteEarnerUnknownNamed', cut(r.name, 80), owner)
            : t('noteEarnerUncomparable', recipientWords(r), owner));
        }
      } else if (sender && r) {
        if (r.matched === true) earner = 'match';
        else if (r.matched === false) {
          earner = 'mismatch';
          add('earner', true, t('noteSenderMismatch', r.name ? cut(r.name, 80) : t('claimsSomeoneElse'), cut(sender, 80)));
        }
      }
    }
    let look;
    if (verdict !== 'verified') look = verdict || 'error';
    else if (mismatches.length) look = 'mismatch';
    else if (who.identifiedBy === 'domain' || who.identifiedBy === 'registry') look = 'verified';
    else if (who.identifiedBy === 'key') look = 'signed-unbound';
    else look = 'issuer-unknown';
    return { look, mismatches, earner, identifiedBy: who.identifiedBy, domain: who.domain, registry: who.registry, issuerName: who.name, notes };
  }

  ns.claims = Object.freeze({
    normalize, sameOrg, sameTitle, samePerson, registrableLabel, isPlatform, issuerIdentity, issuerWords, assess,
  });
})(globalThis);

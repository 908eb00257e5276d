// A copy of the host's built-in resolver page patterns (native-host/src/resolve.rs, BUILT_IN).
// Used only while the host cannot be reached, so badge links still get a marker
// (verdict "error" with the install help). When the host answers `hello`, its
// `page_patterns` replace this list. test/patterns.test.mjs keeps the copy in sync.
// A classic script (no import/export) so that it loads as a content script in
// every browser and as a side-effect module in the service worker and in node.
(function (root) {
  'use strict';
  const ns = (root.BadgeLens = root.BadgeLens || {});
  ns.BUILTIN_PAGE_PATTERNS = Object.freeze([
    '^https://(www\\.)?(credly|youracclaim)\\.com/(badges|earner/earned/badge)/(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})',
    '^https://(www\\.)?(badgr\\.com|api\\.badgr\\.io)/public/assertions/(?<id>[A-Za-z0-9_-]+)',
    '^https://(eu\\.badgr\\.com|api\\.eu\\.badgr\\.io)/public/assertions/(?<id>[A-Za-z0-9_-]+)',
    '^https://(api\\.)?badges\\.parchment\\.com/public/assertions/(?<id>[A-Za-z0-9_-]+)',
  ]);
})(globalThis);

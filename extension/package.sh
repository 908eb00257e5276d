#!/usr/bin/env bash
# Builds the store archives: dist/badgelens-chrome-<v>.zip (Chrome Web Store,
# Edge Add-ons) and dist/badgelens-firefox-<v>.zip (addons.mozilla.org), then
# lints the Firefox build with web-ext when it is available:
#   WEB_EXT=/path/to/web-ext ./package.sh   use that web-ext
#   LINT=1 ./package.sh                     fetch web-ext 10.7.0 with npx (about 20 s, 86 MB, once)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
node tools/package.mjs
lint=()
if [[ -n "${WEB_EXT:-}" ]]; then lint=("$WEB_EXT")
elif command -v web-ext >/dev/null; then lint=(web-ext)
elif [[ "${LINT:-0}" == 1 ]]; then lint=(npx --yes web-ext@10.7.0)
fi
if ((${#lint[@]})); then
  "${lint[@]}" lint --source-dir dist/firefox --warnings-as-errors
else
  echo "web-ext not found: Firefox build not linted (set LINT=1 to fetch it)"
fi

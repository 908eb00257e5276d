#!/usr/bin/env bash
# Run by tests/package/run.sh inside `unshare -m`: overlays /etc, /usr and
# /var on a tmpfs, then installs, checks and purges the package for real.
set -uo pipefail
deb=$1 root=$2
passed=0 failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
bad() { echo "FAIL  $1"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

scratch=$(mktemp -d)
mount -t tmpfs badgelens-package "$scratch"
for dir in /etc /usr /var; do
  name=${dir#/}
  mkdir -p "$scratch/$name/upper" "$scratch/$name/work"
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$scratch/$name/upper,workdir=$scratch/$name/work" "$dir" \
    || { bad "overlay on $dir"; echo "$passed passed, $failed failed"; exit 1; }
done

# Where each browser reads system-wide manifests (install/linux.rs).
folders=(/etc/opt/chrome/native-messaging-hosts /etc/chromium/native-messaging-hosts
  /etc/opt/edge/native-messaging-hosts /etc/opt/brave/native-messaging-hosts
  /etc/opt/vivaldi/native-messaging-hosts /usr/lib/mozilla/native-messaging-hosts)
host=org.badgelens.host.json
e2e="$root/tests/e2e"
have_browser=0
[[ -d $e2e/node_modules/playwright-core && -x /usr/bin/chromium ]] && have_browser=1

if ((have_browser)); then
  check "before the package: Chromium does not find the host" \
    bash -c "cd '$e2e' && EXPECT=absent node system-host.mjs"
fi

check "dpkg -i installs the package" dpkg -i "$deb"
check "the program is /usr/bin/badgelens" test -x /usr/bin/badgelens
for f in "${folders[@]}"; do
  check "manifest in $f names /usr/bin/badgelens" \
    python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["name"]=="org.badgelens.host" and m["path"]=="/usr/bin/badgelens", m' "$f/$host"
done
check "Firefox's manifest allows the add-on id" grep -q '"allowed_extensions"' "/usr/lib/mozilla/native-messaging-hosts/$host"
check "Chromium's manifest allows the extension origin" grep -q '"chrome-extension://' "/etc/chromium/native-messaging-hosts/$host"

home=$(mktemp -d)
doctor=$(HOME=$home XDG_CONFIG_HOME=$home/.config /usr/bin/badgelens doctor 2>&1); rc=$?
echo "$doctor" | sed 's/^/      | /'
check "doctor is healthy with the system-wide registrations" test "$rc" = 0
check "doctor says Chromium uses the system-wide registration" \
  grep -q "^Chromium: OK (system-wide registration" <<<"$doctor"
check "doctor says Firefox uses the system-wide registration" \
  grep -q "^Firefox: OK (system-wide registration" <<<"$doctor"

# A per-user registration beside it: doctor shows both and says which wins.
HOME=$home XDG_CONFIG_HOME=$home/.config /usr/bin/badgelens install --browser chromium >/dev/null
doctor=$(HOME=$home XDG_CONFIG_HOME=$home/.config /usr/bin/badgelens doctor 2>&1)
check "doctor shows per-user and system-wide side by side" \
  grep -q "system-wide: /etc/chromium/native-messaging-hosts/$host (healthy, not used" <<<"$doctor"

if ((have_browser)); then
  check "Chromium: hello round trip through the system-wide manifest" \
    bash -c "cd '$e2e' && EXPECT=present node system-host.mjs"
else
  echo "SKIP  Chromium round trip: tests/e2e not set up (run tests/e2e/run.sh first)"
fi

check "dpkg -P removes the package" dpkg -P badgelens
check "the package is gone from dpkg's database" bash -c '! dpkg -s badgelens >/dev/null 2>&1'
check "the program is gone" test ! -e /usr/bin/badgelens
for f in "${folders[@]}"; do
  check "no manifest left in $f" test ! -e "$f/$host"
done
left=$(find "$scratch"/*/upper \( -name '*badgelens*' -o -name "$host" \) 2>/dev/null)
check "nothing named badgelens left anywhere the package wrote" test -z "$left"
[[ -n $left ]] && echo "$left"

echo "$passed passed, $failed failed"
((failed == 0))

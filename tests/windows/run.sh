#!/usr/bin/env bash
# Windows in CI, from Linux: clippy for x86_64-pc-windows-gnu (every target,
# warnings are errors), the real badgelens.exe built, then run under Wine 8:
# install, the registry keys it wrote (wine64 reg query), doctor (a real
# hello through the manifest the registry names), uninstall, demo, and the
# registry unit test (install/windows.rs) on Windows.
#
#   bash tests/windows/run.sh                 # all of it (tests/run.sh calls this unless SKIP_WINDOWS=1)
#   WINE=0 bash tests/windows/run.sh          # compile only, no Wine run
#   WINDOWS_UNIT=0 bash tests/windows/run.sh  # no Windows build of the unit tests
#   WINDOWS_PROFILE=release bash tests/windows/run.sh
#
# Known limit: Wine 8 refuses the certificate-store call rustls-platform-verifier
# makes when network.extra_roots is set (CertCreateCertificateChainEngine:
# "Invalid parameter"), so there https trusts only those roots; doctor says
# so (HTTPS: [FAIL]) and so does every https fetch error (checked below). The
# demo (plain http on loopback) is unaffected.
# The last line is "N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$windows_root"
passed=0
failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL  $1"
  [ -n "${2:-}" ] && sed 's/^/      /' <<<"$2" | tail -40
  failed=$((failed + 1))
}
finish() {
  echo "windows: ${SECONDS} s"
  echo "$passed passed, $failed failed"
  exit $((failed > 0))
}

windows_toolchain || { fail "install the Windows toolchain (apt-get install ${WINDOWS_PACKAGES[*]})"; finish; }
rustc=$(windows_rustc) || { fail "Debian's rustc with std sources"; finish; }
echo "== Windows: $("$rustc" --version) (Debian), -Zbuild-std, target $WINDOWS_TARGET, into $WINDOWS_TARGET_DIR"

log=$(windows_cargo clippy --locked -Zbuild-std=std,panic_abort --target "$WINDOWS_TARGET" \
  --all-targets -- -D warnings 2>&1)
if [ $? = 0 ]; then ok "clippy --all-targets -D warnings for $WINDOWS_TARGET"; else fail "clippy for $WINDOWS_TARGET" "$log"; fi

profile=${WINDOWS_PROFILE:-debug}
exe=$(build_windows_exe "$profile" 2>"$WINDOWS_TARGET_DIR/build.log")
if [ $? = 0 ] && [ -f "$exe" ]; then
  ok "badgelens.exe ($profile): $exe"
else
  fail "build badgelens.exe ($profile)" "$(cat "$WINDOWS_TARGET_DIR/build.log")"
  finish
fi

# The release's Windows zip, made here wherever the Windows build runs
# (packaging/release.sh makes the same from a release build).
source "$windows_root/packaging/tools.sh"
zip=$(windows_zip "$exe" "$WINDOWS_TARGET_DIR/dist" "$(badgelens_version)")
listing=$(python3 -m zipfile -l "$zip" 2>&1)
if grep -q 'badgelens.exe' <<<"$listing" && grep -q 'INSTALL.txt' <<<"$listing" && grep -q 'LICENSE.txt' <<<"$listing"; then
  (cd "$(dirname "$zip")" && sha256sum "$(basename "$zip")" > SHA256SUMS)
  ok "Windows zip: $(basename "$zip") ($(du -h "$zip" | cut -f1)), sha256 in $(dirname "$zip")/SHA256SUMS"
else
  fail "Windows zip" "$listing"
fi

if [ "${WINE:-1}" = 0 ]; then
  echo "== Wine run skipped (WINE=0)"
  finish
fi

wine=$(windows_wine)
export WINEPREFIX="$WINDOWS_TARGET_DIR/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
build_bcrypt_stub "$(dirname "$exe")" || { fail "build the bcryptprimitives.dll stand-in (MinGW)"; finish; }
echo "== Wine: $("$wine" --version), prefix $WINEPREFIX"
wineserver="$(dirname "$wine")/wineserver"
"$wine" wineboot --init >/dev/null 2>&1
"$wineserver" -w 2>/dev/null || true

# Runs the exe under Wine: sets $out (CRs dropped) and $code.
bl() {
  out=$("$wine" "$exe" "$@" 2>&1 | tr -d '\r')
  code=${PIPESTATUS[0]}
}
has() { grep -qF -- "$1" <<<"$out"; }
CHROME_KEY='HKCU\Software\Google\Chrome\NativeMessagingHosts\org.badgelens.host'
FIREFOX_KEY='HKCU\Software\Mozilla\NativeMessagingHosts\org.badgelens.host'
reg_value() { "$wine" reg query "$1" /ve 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_SZ[[:space:]]*//p'; }

bl install --browser chrome --browser firefox
if [ "$code" = 0 ] && has "BadgeLens is now registered with"; then ok "wine: install"; else fail "wine: install (exit $code)" "$out"; fi

for key in "$CHROME_KEY" "$FIREFOX_KEY"; do
  value=$(reg_value "$key")
  manifest=$("$wine" winepath -u "$value" 2>/dev/null | tr -d '\r')
  if [[ "$value" == *'\org.badgelens.host.json' ]] && [ -f "$manifest" ] &&
    grep -qF 'badgelens.exe' "$manifest" && grep -qF '"name": "org.badgelens.host"' "$manifest"; then
    ok "wine: reg query $key names $value"
  else
    fail "wine: reg query $key" "value: $value; manifest: $manifest"
  fi
done

bl doctor
if has "HTTPS: [FAIL]"; then https=1; else https=0; fi
if has "Google Chrome: OK" && has "Firefox: OK" && [ "$(grep -c 'answers: BadgeLens' <<<"$out")" = 2 ] &&
  [ "$code" = "$https" ]; then
  ok "wine: doctor (a real hello through each registry key$([ $https = 1 ] && echo '; HTTPS: [FAIL] shown, as Wine has no certificate store'))"
else
  fail "wine: doctor (exit $code)" "$out"
fi

bl uninstall
if [ "$code" = 0 ] && has "no longer registered" && [ -z "$(reg_value "$CHROME_KEY")" ] &&
  [ -z "$(reg_value "$FIREFOX_KEY")" ]; then
  ok "wine: uninstall removes both registry keys"
else
  fail "wine: uninstall (exit $code)" "$out"
fi

bl demo
if [ "$code" = 0 ] && has "verified in"; then ok "wine: demo"; else fail "wine: demo (exit $code)" "$out"; fi

# Wine refuses the certificate-store call rustls-platform-verifier makes
# when extra roots are configured: the fetcher then trusts only those roots,
# and says so loudly (doctor, every https fetch error).
bundle=/etc/ssl/certs/ca-certificates.crt
if [ -f "$bundle" ]; then
  cfg="$WINDOWS_TARGET_DIR/wine-https.json"
  printf '{"network":{"extra_roots":["Z:%s"],"allow_private":["127.0.0.1:9"],"resolve":{"issuer.example:9":"127.0.0.1:9"}}}\n' "$bundle" >"$cfg"
  export BADGELENS_CONFIG="Z:$cfg"
  bl doctor
  doctor_out=$out doctor_code=$code
  bl verify https://issuer.example:9/assertion.json
  unset BADGELENS_CONFIG
  if [ "$doctor_code" = 1 ] && grep -qF "HTTPS: [FAIL]" <<<"$doctor_out" && has "UNVERIFIABLE" &&
    has "the OS certificate store could not be loaded"; then
    ok "wine: no OS certificate store is loud (doctor HTTPS: [FAIL], the https fetch error says why)"
  else
    fail "wine: the missing certificate store is not reported" "$doctor_out
$out"
  fi
fi

# The registry code's own unit test, on Windows (WINDOWS_UNIT=0 skips it:
# it compiles the library once more, in test mode).
[ "${WINDOWS_UNIT:-1}" = 0 ] && { "$wineserver" -k 2>/dev/null; finish; }
log=$(windows_cargo test --locked -Zbuild-std=std,panic_abort --target "$WINDOWS_TARGET" --lib --no-run 2>&1)
unit=$(grep -o '([^()]*badgelens-[0-9a-f]*\.exe)' <<<"$log" | tr -d '()' | tail -1)
if [ -n "$unit" ] && [ -f "$unit" ]; then
  build_bcrypt_stub "$(dirname "$unit")"
  out=$("$wine" "$unit" install::windows 2>&1 | tr -d '\r')
  code=${PIPESTATUS[0]}
  if [ "$code" = 0 ] && has "registry_round_trip ... ok"; then
    ok "wine: install::windows unit tests, the registry round trip included"
  else
    fail "wine: install::windows unit tests (exit $code)" "$out"
  fi
else
  fail "build the library's unit tests for $WINDOWS_TARGET" "$log"
fi
"$wineserver" -k 2>/dev/null || true
finish

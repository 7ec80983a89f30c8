#!/usr/bin/env bash
# The tests use real parts: socat pseudo-terminals, InfluxDB 1.x and VictoriaMetrics servers, Chromium (Debian packages).
# Installs whichever is missing when it can (root with apt-get); otherwise says what to install and carries on,
# and the tests that need a missing part fail naming it.
set -u
missing=()
command -v socat >/dev/null 2>&1 || missing+=(socat)
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null && exit 0
  echo "ensure-test-deps: apt-get install ${missing[*]} failed" >&2
else
  echo "ensure-test-deps: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
fi
exit 0

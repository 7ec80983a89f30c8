#!/usr/bin/env bash
# The tests use real parts: socat pseudo-terminals, InfluxDB 1.x, VictoriaMetrics and Mosquitto servers, Chromium
# (Debian packages).
# Installs whichever is missing when it can (root with apt-get); otherwise says what to install and carries on,
# and the tests that need a missing part fail naming it.
#
# The tests start their own servers on 127.0.0.1 with data in a temp dir: a package's system service is never
# wanted. So none starts during the install (a temporary /usr/sbin/policy-rc.d that refuses every start, put back
# as it was afterwards, even on failure), and afterwards each service the new packages ship is disabled and stopped,
# whether systemd runs or not.
set -u
missing=()
command -v socat >/dev/null 2>&1 || missing+=(socat)
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)
command -v mosquitto >/dev/null 2>&1 || missing+=(mosquitto)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi

policy=/usr/sbin/policy-rc.d
saved=$(mktemp)
had_policy=false
if [ -e "$policy" ]; then cp -p "$policy" "$saved" && had_policy=true; fi
restore_policy() {
  if $had_policy; then cp -p "$saved" "$policy"; else rm -f "$policy"; fi
  rm -f "$saved"
}
trap restore_policy EXIT
printf '#!/bin/sh\n# ensure-test-deps.sh: no service starts while the test dependencies install\nexit 101\n' >"$policy"
chmod 755 "$policy"

# The daemons already running (PID 1's children) before the install: any new one is a service the install started.
daemons() { ps -eo pid=,ppid= | awk '$2 == 1 { print $1 }' | sort; }
before=$(daemons)

echo "ensure-test-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }; then
  echo "ensure-test-deps: apt-get install ${missing[*]} failed" >&2
fi

# Every system service the new packages ship: not enabled at boot, not running now.
for package in "${missing[@]}"; do
  files=$(dpkg -L "$package" 2>/dev/null) || continue
  for unit in $(grep -E '^/(usr/)?lib/systemd/system/[^/]+\.service$' <<<"$files" | xargs -r -n1 basename); do
    if [ -d /run/systemd/system ]; then
      systemctl disable --now "$unit" >/dev/null 2>&1
    else
      deb-systemd-helper disable "$unit" >/dev/null 2>&1 # the boot links that postinst made
    fi
    echo "ensure-test-deps: $unit (from $package) disabled and stopped: the tests run their own" >&2
  done
  for script in $(grep -E '^/etc/init\.d/[^/]+$' <<<"$files"); do
    [ -d /run/systemd/system ] || "$script" stop >/dev/null 2>&1
    update-rc.d "$(basename "$script")" disable >/dev/null 2>&1
  done
  # A postinst that started its daemon by other means: a new child of PID 1 running one of the package's programs.
  programs=$(grep -E '^/(usr/)?s?bin/' <<<"$files")
  for pid in $(comm -13 <(echo "$before") <(daemons)); do
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    if grep -qxF "$exe" <<<"$programs"; then
      kill "$pid" 2>/dev/null && echo "ensure-test-deps: stopped $exe (pid $pid), started by the $package install" >&2
    fi
  done
done
exit 0

#!/usr/bin/env bash
# The root `pnpm test`: installs the workspace and what the tests need (or says what to install), runs every
# package's tests through turbo, and ends with one line "N passed, N failed" summed over all packages. Exits with
# turbo's exit code.
set -u
cd "$(dirname "$0")/.."
start=$(node -e 'console.log(Date.now())')
# The pnpm that runs this script (npx's pnpm on a fresh machine), loud: pnpm-workspace.yaml keeps pnpm quiet for `pnpm start`.
if [ -n "${npm_execpath:-}" ]; then pnpm=(node "$npm_execpath"); else pnpm=(pnpm); fi
"${pnpm[@]}" install --reporter=default --config.confirm-modules-purge=false || { node scripts/test-summary.mjs "$start" 1; exit 1; }
bash scripts/ensure-test-deps.sh
turbo run test --continue "$@"
node scripts/test-summary.mjs "$start" "$?"

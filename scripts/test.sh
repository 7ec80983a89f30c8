#!/usr/bin/env bash
# The root `pnpm test`: installs what the tests need (or says what to install), runs every package's tests through
# turbo, and ends with one line "N passed, N failed" summed over all packages. Exits with turbo's exit code.
set -u
cd "$(dirname "$0")/.."
start=$(node -e 'console.log(Date.now())')
bash scripts/ensure-test-deps.sh
turbo run test --continue "$@"
node scripts/test-summary.mjs "$start" "$?"

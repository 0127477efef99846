#!/usr/bin/env bash
# The browser end-to-end tests (tests/e2e/README.md): installs what they need (Debian's
# Chromium, Java for the Nu Html Checker, the npm packages from the lockfile), builds the
# portal, runs `node --test` under a global time limit, and makes sure that no process
# the tests started is left running. Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
limit=${E2E_TIMEOUT:-900} # seconds, for the whole `node --test` run

say() { printf -- '-- %s\n' "$*"; }

updated=
apt_install() {
  if [ -z "$updated" ]; then
    apt-get update -qq
    updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  apt_install chromium
fi
if ! command -v java >/dev/null 2>&1; then
  say "installing Java for the Nu Html Checker"
  apt_install default-jre-headless
fi
command -v node >/dev/null 2>&1 || apt_install nodejs npm

say "npm ci (tests/e2e/package-lock.json)"
# --ignore-scripts: vnu-jar's postinstall only fetches a Java runtime, and Java is here.
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

# The debug build, with every target: scripts/test-all has built exactly this already.
# `--bin portal` alone would resolve features without the dev-dependencies and compile
# the AWS SDK a second time (and a release build every dependency).
say "building the portal"
(cd "$root" && cargo build --locked --quiet --workspace --all-targets)
export PORTAL_BIN="$root/target/debug/portal"

# Everything the tests create (data folders, browser profiles, the built site) goes
# under one temporary folder; any process still naming it when the run ends is ended.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/portal-e2e-run.XXXXXX")
export TMPDIR="$run_tmp"

leftovers() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" = "$$" ] && continue
    if { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$run_tmp"; then
      echo "$pid"
    fi
  done
}

end_leftovers() {
  local pids pid
  pids=$(leftovers)
  [ -z "$pids" ] && return 0
  for pid in $pids; do
    echo "left running: $pid $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-160)" >&2
    kill -KILL "$pid" 2>/dev/null || true
  done
  return 1
}

cleanup() {
  end_leftovers || true
  rm -rf "$run_tmp"
}
trap cleanup EXIT

say "node --test (at most ${limit}s)"
status=0
cd "$here"
start=$(date +%s)
timeout --kill-after=20 "$limit" \
  node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$run_tmp/results.tap" \
  test/*.test.js || status=$?
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
  echo "the browser tests did not finish within ${limit}s" >&2
fi
if ! end_leftovers; then
  echo "the tests left processes running (ended now)" >&2
  [ "$status" = 0 ] && status=1
fi
passed=$(grep -E '^# pass [0-9]+' "$run_tmp/results.tap" | awk '{print $3}' || true)
failed=$(grep -E '^# fail [0-9]+' "$run_tmp/results.tap" | awk '{print $3}' || true)
say "took $(($(date +%s) - start))s; screenshots in tests/e2e/artifacts/"
echo "e2e: ${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" = 0 ] && [ "$status" = 0 ]; then
  echo "no browser test ran" >&2
  status=1
fi
exit "$status"

#!/usr/bin/env bash
# Coverage-guided fuzzing of the portal (cargo fuzz / libFuzzer). See fuzz/README.md.
#
#   fuzz/run.sh smoke [seconds-per-target]   default 20: the test suite's quick check
#   fuzz/run.sh long  [seconds-per-target]   default 600: also appends to fuzz/RESULTS.md
#
# Builds every target once, then runs each for the given time on a temporary copy of
# its seed corpus (fuzz/corpus/<target>/ is never written to). Prints, per target, the
# executions, exec/s, coverage and corpus size from libFuzzer's final lines. Exits
# non-zero if any target crashed (a panic, a failed assertion, an ASan report, a
# timeout or running out of memory); the crashing input stays in
# fuzz/artifacts/<target>/ and its path is printed.
#
# FUZZ_ARGS: more libFuzzer options, after (so overriding) the script's own, e.g.
# FUZZ_ARGS="-dict=my.dict" or FUZZ_ARGS="-timeout=5".
set -euo pipefail

# cargo fuzz passes nightly-only flags to rustc (-Zsanitizer=address and the
# sanitizer-coverage passes). Only the stable toolchain is guaranteed here (CI has no
# nightly), and RUSTC_BOOTSTRAP=1 lets stable rustc accept those flags.
export RUSTC_BOOTSTRAP=1

CARGO_FUZZ_VERSION=0.13.2
TARGETS=(content_loader form_validation api_bodies)
RSS_LIMIT_MB=2048
# One input taking longer than this is a finding (a hang), not a slow machine.
TIMEOUT_S=30

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FUZZ_DIR")"

usage() {
  echo "usage: $0 smoke|long [seconds-per-target]" >&2
  exit 2
}

mode="${1:-}"
case "$mode" in
  smoke) secs="${2:-20}" ;;
  long) secs="${2:-600}" ;;
  *) usage ;;
esac
[[ "$secs" =~ ^[0-9]+$ && "$secs" -gt 0 ]] || usage

# libfuzzer-sys compiles libFuzzer itself, which is C++.
if ! command -v c++ >/dev/null 2>&1; then
  echo "== installing a C++ compiler (libFuzzer is built from source)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends g++
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

cd "$ROOT"
started=$(date +%s)
echo "== building ${TARGETS[*]} (release, debug assertions, ASan)"
# `cargo fuzz run` below builds with the same flags, so it finds everything built.
cargo fuzz build --fuzz-dir "$FUZZ_DIR"
built=$(date +%s)
echo "== build took $((built - started)) s"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The value after `key` in libFuzzer's output (last occurrence), or "?".
field() {
  local log="$1" pattern="$2"
  local v
  v="$(grep -oE "$pattern" "$log" | tail -n 1 | grep -oE '[0-9]+(/[0-9]+[a-zA-Z]*)?$' || true)"
  echo "${v:-?}"
}

failed=()
today="$(date -u +%Y-%m-%d)"
results=()
for t in "${TARGETS[@]}"; do
  corpus="$work/$t/corpus"
  log="$work/$t/log"
  mkdir -p "$corpus"
  cp "$FUZZ_DIR/corpus/$t/." "$corpus/" -r
  echo "== fuzzing $t for $secs s"
  if cargo fuzz run --fuzz-dir "$FUZZ_DIR" "$t" "$corpus" -- \
    -max_total_time="$secs" -rss_limit_mb="$RSS_LIMIT_MB" -timeout="$TIMEOUT_S" \
    -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1; then
    rc=0
  else
    rc=$?
  fi
  execs="$(field "$log" 'stat::number_of_executed_units: *[0-9]+')"
  rate="$(field "$log" 'stat::average_exec_per_sec: *[0-9]+')"
  cov="$(field "$log" 'cov: [0-9]+')"
  files="$(find "$corpus" -type f | wc -l)"
  kib="$(( $(du -sb "$corpus" | cut -f1) / 1024 ))"
  artifacts="$(grep -oE 'Test unit written to [^ ]+' "$log" | sed 's/^Test unit written to //' || true)"
  crashes=0
  [[ -n "$artifacts" ]] && crashes="$(echo "$artifacts" | wc -l)"
  if [[ $rc -ne 0 ]]; then
    [[ $crashes -eq 0 ]] && crashes=1
    echo "!! $t failed (exit $rc); its report:"
    # From the panic / sanitizer / libFuzzer error on (or the log's end if none), long
    # lines (the input, as cargo fuzz prints it) cut.
    if grep -qE 'panicked at|==[0-9]+==ERROR|ERROR: libFuzzer' "$log"; then
      sed -nE '/panicked at|==[0-9]+==ERROR|ERROR: libFuzzer/,$p' "$log"
    else
      tail -n 40 "$log"
    fi | grep -vE '^\s*[0-9]+: |^\s+at |^\s*#[0-9]+ 0x|^#[0-9]+\s+[A-Z]' |
      head -n 60 | cut -c1-300 | sed 's/^/   /'
    mkdir -p "$FUZZ_DIR/artifacts/$t"
    kept_log="$FUZZ_DIR/artifacts/$t/run-$(date -u +%Y%m%dT%H%M%SZ).log"
    cp "$log" "$kept_log"
    echo "   (the whole log, with backtraces: $kept_log)"
    if [[ -n "$artifacts" ]]; then
      echo "!! crashing input(s) kept:"
      echo "$artifacts" | sed 's/^/   /'
      echo "   reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run $t <that file>"
    fi
    failed+=("$t")
  fi
  echo "   $t: ${execs} executions, ${rate} exec/s, cov: ${cov}, corpus ${files} files (${kib} KiB), crashes: ${crashes}"
  results+=("| $today | $t | $secs | $execs | $rate | $cov | $files files / $kib KiB | $crashes |")
done

if [[ "$mode" == long ]]; then
  out="$FUZZ_DIR/RESULTS.md"
  if [[ ! -f "$out" ]]; then
    cat >"$out" <<'EOF'
# Fuzzing results

One line per target per `fuzz/run.sh long` run (2 cores, one target at a time, ASan,
release with debug assertions). `cov` is libFuzzer's final edge coverage; the corpus
is the seed corpus plus what the run added (kept in a temporary directory).

| date | target | seconds | executions | exec/s | cov | corpus | crashes |
| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |
EOF
  fi
  printf '%s\n' "${results[@]}" >>"$out"
  echo "== appended ${#results[@]} lines to $out"
fi

echo "== done in $(( $(date +%s) - started )) s (build $((built - started)) s)"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "!! crashed: ${failed[*]}" >&2
  exit 1
fi

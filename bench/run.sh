#!/usr/bin/env bash
# Build the benchmark corpus with portal and with Hugo, side by side, and print the
# medians: wall time, CPU time (user+sys) and peak memory, and the ratios portal/Hugo.
#
#   bench/run.sh [-n PAGES] [-r RUNS] [-p PORTAL] [-t TIMEOUT]
#
# or the same through the environment: N (default 10000 guides, each in kk, ru, en),
# R (default 5 timed runs of each), PORTAL (default target/release/portal), HUGO
# (default hugo), TIMEOUT (seconds per build, default 600), KEEP_CORPUS=1 to keep a
# corpus this script generated. A benchmark, not a test: scripts/test-all does not run it.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
N=${N:-10000}
R=${R:-5}
PORTAL=${PORTAL:-$REPO/target/release/portal}
HUGO=${HUGO:-hugo}
TIMEOUT=${TIMEOUT:-600}
KEEP_CORPUS=${KEEP_CORPUS:-0}

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "n:r:p:t:h" opt; do
    case $opt in
        n) N=$OPTARG ;;
        r) R=$OPTARG ;;
        p) PORTAL=$OPTARG ;;
        t) TIMEOUT=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
for v in N R TIMEOUT; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive whole number, not '${!v}'" >&2; exit 2; }
done

# What we need, checked before anything is created. The portal binary is not built here:
# a benchmark should measure a binary someone chose, and a release build takes many minutes.
if [[ ! -x $PORTAL ]]; then
    echo "no portal binary at $PORTAL" >&2
    echo "build it first:  cargo build --release --bin portal   (or pass -p / PORTAL=...)" >&2
    exit 2
fi
PORTAL=$(cd "$(dirname "$PORTAL")" && pwd)/$(basename "$PORTAL")
command -v "$HUGO" >/dev/null || { echo "no hugo: apt-get install -y hugo" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "no /usr/bin/time: apt-get install -y time" >&2; exit 2; }
command -v python3 >/dev/null || { echo "no python3" >&2; exit 2; }
command -v timeout >/dev/null || { echo "no timeout (coreutils)" >&2; exit 2; }

# Everything on /dev/shm (RAM), so the disk's speed and cache state do not enter the numbers.
SHM=/dev/shm
CORPUS=$SHM/portal-bench-corpus-n$N
WORK=$(mktemp -d "$SHM/portal-bench.XXXXXX")
CREATED_CORPUS=0
cleanup() {
    rm -rf "$WORK"
    if [[ $CREATED_CORPUS == 1 && $KEEP_CORPUS != 1 ]]; then rm -rf "$CORPUS"; fi
}
BUILD_PID=
trap cleanup EXIT
trap '[[ -n $BUILD_PID ]] && kill -TERM "$BUILD_PID" 2>/dev/null; exit 130' INT TERM

# The corpus: reused when a complete one for this N is there (corpus.json is written last).
if grep -qs "\"pages\": $N," "$CORPUS/corpus.json"; then
    echo "corpus: reusing $CORPUS"
else
    echo "corpus: generating $N guides × 3 languages into $CORPUS"
    CREATED_CORPUS=1
    timeout "$TIMEOUT" python3 "$BENCH/corpus.py" --pages "$N" --out "$CORPUS" >/dev/null
fi

RESULTS=$BENCH/results
mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
CSV=$RESULTS/$STAMP-n$N.csv
echo "run,tool,pages,wall_s,user_s,sys_s,max_rss_kb" >"$CSV"

# One build of one tool into a clean $WORK/out-<tool>; with a run number, its measurement
# goes into the CSV (run 0 is the untimed warm-up). /usr/bin/time runs the build itself, so
# it measures just the build; `timeout` outside it bounds the whole.
build() {
    local tool=$1 run=$2 out=$WORK/out-$1 log=$WORK/$1.log
    rm -rf "$out" "$WORK/.out-$tool"*
    local cmd
    case $tool in
        portal) cmd=("$PORTAL" build --content "$CORPUS/portal" --strict --out "$out") ;;
        hugo) cmd=("$HUGO" --source "$CORPUS/hugo" --destination "$out" --cacheDir "$WORK/hugo-cache") ;;
    esac
    rm -f "$WORK/time"
    # In the background so that Ctrl-C or TERM reach the trap at once, which stops the
    # build through `timeout` (it passes the signal on to its process group).
    timeout --kill-after=10 "$TIMEOUT" \
        /usr/bin/time -f "%e,%U,%S,%M" -o "$WORK/time" "${cmd[@]}" >"$log" 2>&1 &
    BUILD_PID=$!
    local status=0
    wait "$BUILD_PID" || status=$?
    BUILD_PID=
    if [[ $status != 0 ]]; then
        echo "$tool failed (status $status; 124: over ${TIMEOUT}s) in run $run; the end of its output:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    # Both must have written every guide in every language, or the times mean nothing.
    local lang count
    for lang in kk ru en; do
        count=$( (find "$out/$lang/guides" -mindepth 2 -maxdepth 2 -name index.html 2>/dev/null || true) | wc -l)
        if [[ $count != "$N" ]]; then
            echo "$tool wrote $count $lang guide pages, expected $N" >&2
            exit 1
        fi
    done
    if [[ $run != 0 ]]; then
        echo "$run,$tool,$N,$(tail -n 1 "$WORK/time")" >>"$CSV"
    fi
    rm -rf "$out"
}

echo "warm-up: one untimed build of each"
build portal 0
build hugo 0
# Alternate, and swap who goes first each round, so neither always runs on a machine
# the other has just warmed (or heated).
for ((i = 1; i <= R; i++)); do
    echo "run $i of $R"
    if ((i % 2)); then build portal "$i"; build hugo "$i"; else build hugo "$i"; build portal "$i"; fi
done

TABLE=${CSV%.csv}.md
python3 - "$CSV" "$N" "$R" "$("$HUGO" version | head -n 1)" "$PORTAL" >"$TABLE" <<'EOF'
# The medians of the CSV as a Markdown table.
import csv, statistics, sys
path, n, r, hugo_version, portal = sys.argv[1:]
rows = list(csv.DictReader(open(path)))
def med(tool, f):
    return statistics.median(f(x) for x in rows if x["tool"] == tool)
metrics = [
    ("wall time (s)", lambda x: float(x["wall_s"]), "{:.2f}"),
    ("CPU time, user+sys (s)", lambda x: float(x["user_s"]) + float(x["sys_s"]), "{:.2f}"),
    ("peak RSS (MiB)", lambda x: int(x["max_rss_kb"]) / 1024, "{:.0f}"),
]
print(f"{n} guides × 3 languages, median of {r} runs; portal: {portal}; {hugo_version}\n")
print("| | portal | Hugo | portal/Hugo |")
print("|---|---:|---:|---:|")
for name, f, fmt in metrics:
    p, h = med("portal", f), med("hugo", f)
    ratio = f"{p / h:.2f}" if h else "–"
    print(f"| {name} | {fmt.format(p)} | {fmt.format(h)} | {ratio} |")
EOF
echo
cat "$TABLE"
echo
echo "raw measurements: $CSV"

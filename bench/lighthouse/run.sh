#!/usr/bin/env bash
# Lighthouse (mobile) scores of five kinds of page of the built site, in Russian.
#
#   bash bench/lighthouse/run.sh [SITE_DIR]      # default: target/site-strict
#
# Env: RUNS (default 3: Lighthouse runs per page, the median performance score is kept),
# CHROME_PATH (default /usr/bin/chromium). Writes target/lighthouse/<page>.json (the median
# run) and <page>.<n>.json (every run), and prints the table. See bench/lighthouse/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
site=$(cd "${1:-$root/target/site-strict}" && pwd)
out="$root/target/lighthouse"
runs=${RUNS:-3}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

[ -f "$site/index.html" ] && [ -f "$site/ru/index.html" ] \
  || { echo "$site: not a built site (portal build --strict --out ...)" >&2; exit 1; }
[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH (apt-get install -y chromium)" >&2; exit 1; }

# page name and path, in the order of the table
pages=(
  "home /ru/"
  "service /ru/services/dormitory/"
  "guide /ru/guides/dormitory-settlement/"
  "workplan /ru/workplan/"
  "form /ru/forms/dormitory/"
)

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
lighthouse="$here/node_modules/.bin/lighthouse"

mkdir -p "$out"
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A static server as CloudFront serves the site: index.html for a directory, gzip for text
# of 1,000 B or more when the client accepts it, Cache-Control as the upload sets it
# (infra/README.md). Standard library only; binds a free port and writes it to a file.
cat >"$work/serve.py" <<'PY'
import gzip, http.server, io, os, sys
root, port_file = sys.argv[1], sys.argv[2]
TEXT = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")

class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def __init__(self, *a, **k): super().__init__(*a, directory=root, **k)
    def log_message(self, *a): pass
    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()          # 301 to the path with a slash
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404); return None
        ctype = self.guess_type(path)
        with open(path, "rb") as f: body = f.read()
        gz = (ctype.startswith(TEXT) and len(body) >= 1000
              and "gzip" in self.headers.get("Accept-Encoding", ""))
        if gz: body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if gz: self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        rel = os.path.relpath(path, root)
        self.send_header("Cache-Control", "public,max-age=31536000,immutable"
                         if rel.startswith("assets" + os.sep) else "no-cache")
        self.end_headers()
        return io.BytesIO(body)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f: f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
PY
python3 "$work/serve.py" "$site" "$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "the static server did not start" >&2; exit 1; }
base="http://127.0.0.1:$(cat "$work/port")"

flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking"
flags+=" --disable-component-update --disable-sync --no-first-run"

echo "Lighthouse $("$lighthouse" --version), $("$CHROME_PATH" --version 2>/dev/null), $runs run(s) a page, $base -> $site"
start=$SECONDS
for entry in "${pages[@]}"; do
  read -r name path <<<"$entry"
  for n in $(seq "$runs"); do
    # one at a time: the runs share 2 cores
    "$lighthouse" "$base$path" --quiet \
      --form-factor=mobile --only-categories=performance,accessibility \
      --chrome-path="$CHROME_PATH" --chrome-flags="$flags" \
      --output=json --output-path="$out/$name.$n.json"
    echo "  $name run $n done ($((SECONDS - start)) s)"
  done
done

# The table: the run with the median performance score of each page.
python3 - "$out" "$runs" "${pages[@]}" <<'PY'
import json, shutil, sys
out, runs, pages = sys.argv[1], int(sys.argv[2]), [p.split() for p in sys.argv[3:]]
def score(lhr, cat):
    s = lhr["categories"][cat]["score"]
    return "n/a" if s is None else round(s * 100)
rows, failing = [], []
for name, path in pages:
    lhrs = [json.load(open(f"{out}/{name}.{n}.json")) for n in range(1, runs + 1)]
    for l in lhrs:
        if l.get("runtimeError"): print(f"{name}: {l['runtimeError']}", file=sys.stderr)
    order = sorted(range(runs), key=lambda i: lhrs[i]["categories"]["performance"]["score"] or 0)
    mid = order[runs // 2]
    shutil.copy(f"{out}/{name}.{mid + 1}.json", f"{out}/{name}.json")
    l, a = lhrs[mid], lhrs[mid]["audits"]
    perf_all = "/".join(str(score(x, "performance")) for x in lhrs)
    rows.append([name, path, f"{score(l, 'performance')} ({perf_all})" if runs > 1 else str(score(l, "performance")),
                 str(score(l, "accessibility")),
                 f"{a['first-contentful-paint']['numericValue'] / 1000:.1f} s",
                 f"{a['largest-contentful-paint']['numericValue'] / 1000:.1f} s",
                 f"{a['total-blocking-time']['numericValue']:.0f} ms",
                 f"{a['cumulative-layout-shift']['numericValue']:.3f}",
                 f"{a['total-byte-weight']['numericValue'] / 1024:.1f} KiB"])
    for cat in ("performance", "accessibility"):
        c = l["categories"][cat]
        if c["score"] is not None and c["score"] < 1:
            for ref in c["auditRefs"]:
                au = a[ref["id"]]
                if au["score"] is not None and au["score"] < 1 and au["scoreDisplayMode"] in ("binary", "numeric", "metricSavings"):
                    failing.append(f"{name} {cat}: {ref['id']} (weight {ref['weight']}, score {au['score']}) {au.get('displayValue', '')} — {au['title']}")
    print(f"{name}: benchmarkIndex {l['environment']['benchmarkIndex']}, {l['environment']['hostUserAgent']}", file=sys.stderr)
head = ["page", "path", "perf" + (f" (median of {runs})" if runs > 1 else ""), "a11y", "FCP", "LCP", "TBT", "CLS", "transfer"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * 2 + "---:|" * (len(head) - 2))
for r in rows: print("| " + " | ".join(r) + " |")
if failing:
    print("\nAudits below full score (median run):")
    for f in failing: print("  " + f)
PY
echo "($((SECONDS - start)) s of Lighthouse runs; JSON in $out)"

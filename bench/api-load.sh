#!/usr/bin/env bash
# The application API under load (issue #8): `oha` against `portal serve` on 127.0.0.1
# with the embedded store. One dormitory application is sent (two PDFs uploaded first),
# then its status is looked up by reference and access code for a fixed time.
# A benchmark, not a test: nothing here asserts a time.
#
#   cargo install oha --locked; cargo build --release --bin portal
#   bench/api-load.sh [seconds] [connections]      # defaults: 10 s, 50
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-50}
portal=${PORTAL:-target/release/portal}
command -v oha >/dev/null || { echo "oha is missing: cargo install oha --locked" >&2; exit 2; }
[ -x "$portal" ] || { echo "$portal is missing: cargo build --release --bin portal" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/portal-load.XXXXXX")
cp -r content "$tmp/content"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$portal" --content "$tmp/content" serve --port "$port" --out "$tmp/public" --data "$tmp/data" --no-rate-limits \
  > "$tmp/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/api/health" >/dev/null && break; sleep 0.1; done

printf '%%PDF-1.7\n load test\n' > "$tmp/doc.pdf"
upload() { curl -fs -X POST --data-binary "@$tmp/doc.pdf" "$base/api/uploads?form=dormitory" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
id_doc=$(upload); receipt=$(upload)
curl -fs -X POST -H 'content-type: application/json' "$base/api/forms/dormitory/applications" \
  --data "{\"lang\":\"en\",\"answers\":{\"full_name\":\"Test Student\",\"citizenship\":\"iin\",\
\"iin\":\"900101300017\",\"phone\":\"+7 701 234 56 78\",\"email\":\"student@example.kz\",\
\"category\":\"standard\",\"confirm_truth\":true,\"confirm_rules\":true,\"confirm_contract\":true},\
\"files\":{\"id_document\":[\"$id_doc\"],\"payment_receipt\":[\"$receipt\"]}}" > "$tmp/created.json"
ref=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reference"])' "$tmp/created.json")
code=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_code"])' "$tmp/created.json")
curl -fs -H "X-Access-Code: $code" "$base/api/applications/$ref" >/dev/null

echo "status lookups: GET /api/applications/{reference} with X-Access-Code, ${secs}s, $conns connections"
timeout $((secs + 30)) oha -z "${secs}s" -c "$conns" --no-tui -H "X-Access-Code: $code" \
  "$base/api/applications/$ref"

#!/usr/bin/env bash
# Schema tests of the HTTP API (tests/api-schema/README.md): schemathesis, pinned, runs
# the operations of functions/api/openapi.yaml against a real `portal serve` on 127.0.0.1
# (a fresh data folder, one reviewer account, a few applications made first so the
# routes that need one have one) and checks every answer against the file: no 5xx,
# status codes, content types, headers and bodies as documented, reviewer routes closed
# without a token. Bounded: a number of cases per operation and a time limit for the
# whole run. Stops the server and removes its folders whatever happens; exits non-zero
# on any failure.
#
#   PORTAL=path/to/portal  the binary (default target/debug/portal; not built here)
#   ST_MAX_EXAMPLES=N      cases per operation and phase (default 50)
#   ST_SEED=N              the generator's seed (default fixed, for repeatable runs)
#   ST_TIMEOUT=SECONDS     the limit for the schemathesis run (default 300)
#   ST_REPORTS=junit,har   report formats, written to target/api-schema/ (default junit)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

ST_VERSION=4.32.5
max_examples=${ST_MAX_EXAMPLES:-50}
seed=${ST_SEED:-20261125}
limit=${ST_TIMEOUT:-300}
portal=${PORTAL:-target/debug/portal}
reports="$root/target/api-schema"

say() { printf -- '-- %s\n' "$*"; }

# pip's scripts folder on PATH, as scripts/test-all does, so an `st` installed there is found.
PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
export PATH

updated=
apt_install() {
  if [ -z "$updated" ]; then
    apt-get update -qq
    updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}
command -v curl >/dev/null 2>&1 || apt_install curl

# schemathesis, exactly $ST_VERSION (its CLI changed between 3.x and 4.x): the one on
# PATH if it is that version, else a virtual environment of its own. Not pip's global
# site-packages: schemathesis pulls in pytest 9, which needs `packaging>=24`, and
# checkov (scripts/test-all) needs `packaging<24`.
st_version() { "$1" --version 2>/dev/null | awk '{print $NF}'; }
st=$(command -v st || true)
if [ -z "$st" ] || [ "$(st_version "$st")" != "$ST_VERSION" ]; then
  venv="${XDG_CACHE_HOME:-$HOME/.cache}/portal-tools/schemathesis-$ST_VERSION"
  st="$venv/bin/st"
  if [ "$(st_version "$st")" != "$ST_VERSION" ]; then
    say "installing schemathesis $ST_VERSION into $venv"
    rm -rf "$venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
      rm -rf "$venv"
      apt_install python3-venv
      python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
  fi
fi
say "$("$st" --version)"

if [ ! -x "$portal" ]; then
  echo "no portal binary at $portal (build it with cargo, or set PORTAL)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/portal-api-schema.XXXXXX")
data=$(mktemp -d "$tmp/data.XXXXXX")
out=$(mktemp -d "$tmp/out.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null || true # its graceful shutdown is on Ctrl+C
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')

say "starting $portal serve on 127.0.0.1:$port"
PORTAL_REVIEWERS="reviewer:$password" "$portal" serve --port "$port" --host 127.0.0.1 \
  --data "$data" --out "$out/public" --no-rate-limits >"$tmp/server.log" 2>&1 &
server_pid=$!
up=
for _ in $(seq 1 120); do # it builds the site first: at most 60 s
  if [ "$(curl -fsS --max-time 2 "$base/api/health" 2>/dev/null)" = ok ]; then
    up=1
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$up" ]; then
  echo "the server did not answer on $base/api/health; its log:" >&2
  tail -n 40 "$tmp/server.log" >&2
  exit 1
fi

# What the routes that look things up need, made through the API itself: a reviewer
# token, two applications (one with documents), an open draft and a sent one.
json() { python3 -c 'import json, sys; print(json.load(sys.stdin)'"$1"')'; }
post_json() { curl -fsS --max-time 10 -H 'Content-Type: application/json' -d "$2" "$base$1"; }
token=$(curl -sS --max-time 10 -o /dev/null -D - -X POST \
  --data-urlencode username=reviewer --data-urlencode "password=$password" \
  "$base/api/review/login" | sed -n 's/^[Ss]et-[Cc]ookie: portal_review=\([^;]*\);.*/\1/p')
[ -n "$token" ] || { echo "could not sign the reviewer in" >&2; exit 1; }
printf '%%PDF-1.4\n%% a document for the schema tests\n' >"$tmp/doc.pdf"
upload() { curl -fsS --max-time 10 --data-binary @"$tmp/doc.pdf" -H 'Content-Type: application/pdf' "$base/api/uploads?form=dormitory" | json '["id"]'; }
id_doc=$(upload)
receipt=$(upload)
dormitory=$(post_json /api/forms/dormitory/applications '{"lang": "en", "answers": {
  "full_name": "Test Student", "citizenship": "iin", "iin": "900101300017",
  "phone": "+7 701 234 56 78", "email": "student@example.kz", "category": "standard",
  "confirm_truth": true, "confirm_rules": true, "confirm_contract": true},
  "files": {"id_document": ["'"$id_doc"'"], "payment_receipt": ["'"$receipt"'"]}}')
certificate=$(post_json /api/forms/certificate/applications '{"lang": "en", "answers": {
  "full_name": "Test", "citizenship": "passport", "passport_number": "N1234567",
  "phone": "87012345678", "email": "t@example.kz", "certificate_type": "transcript",
  "where_needed": "Employer"}}')
ref1=$(json '["reference"]' <<<"$dormitory")
code1=$(json '["access_code"]' <<<"$dormitory")
ref2=$(json '["reference"]' <<<"$certificate")
code2=$(json '["access_code"]' <<<"$certificate")
doc1=$(curl -fsS --max-time 10 -H "Authorization: Bearer $token" -H 'Accept: application/json' \
  "$base/api/review/applications/$ref1" | json '["application"]["documents"][0]["id"]')
# A draft belongs to the browser that made it (its cookie): each keeps its jar.
draft() {
  curl -sS --max-time 10 -o /dev/null -w '%{redirect_url}' -c "$tmp/jar-$1" -F full_name=Draft \
    -F citizenship=passport -F "passport_number=$1" -F phone=87012345679 -F email=d@example.kz \
    -F certificate_type=transcript -F where_needed=Employer -F lang=en \
    "$base/api/forms/certificate/check" | sed -n 's|.*/drafts/\([0-9a-f]*\).*|\1|p'
}
jar_cookie() { awk '$6 == "portal_draft" { print $6 "=" $7 }' "$tmp/jar-$1"; }
open_draft=$(draft N7654321)
open_cookie=$(jar_cookie N7654321)
sent_draft=$(draft N7654322)
curl -fsS --max-time 10 -o /dev/null -b "$tmp/jar-N7654322" -d "draft=$sent_draft" \
  "$base/api/forms/certificate/send"
for v in ref1 code1 ref2 code2 doc1 open_draft open_cookie sent_draft; do
  [ -n "${!v}" ] || { echo "could not make the test data ($v)" >&2; exit 1; }
done
say "made applications $ref1 and $ref2, drafts $open_draft and $sent_draft (sent)"

# Real identifiers are offered half of the time (more for the drafts, which belong to one
# form); the other half is generated.
cat >"$tmp/schemathesis.toml" <<EOF
[auth.openapi.reviewerBearer]
bearer = "\${PORTAL_ST_TOKEN}"

[dictionaries]
forms = { values = ["dormitory", "certificate", "external-study", "school-admission"] }
draft-forms = { values = ["certificate"] }
references = { values = ["$ref1", "$ref2"] }
codes = { values = ["$code1", "$code2"] }
documents = { values = ["$doc1", "d2"] }
drafts = { values = ["$open_draft", "$sent_draft"] }
users = { values = ["reviewer"] }
passwords = { values = ["$password"] }

[parameters]
"path.form" = { dictionary = "forms", probability = 0.5 }
"query.form" = { dictionary = "forms", probability = 0.5 }
"path.reference" = { dictionary = "references", probability = 0.5 }
"query.reference" = { dictionary = "references", probability = 0.5 }
"query.code" = { dictionary = "codes", probability = 0.5 }
"header.X-Access-Code" = { dictionary = "codes", probability = 0.5 }
"path.document" = { dictionary = "documents", probability = 0.5 }

# The open draft's browser: its draft's pages answer 200, the other's 404 (both documented).
[[operations]]
include-operation-id = ["showDraft", "editDraft", "draftDone", "sendDraft"]
headers = { Cookie = "$open_cookie" }
parameters = { "path.form" = { dictionary = "draft-forms", probability = 0.8 }, "path.draft" = { dictionary = "drafts", probability = 0.8 }, "body.draft" = { dictionary = "drafts", probability = 0.8 } }

[[operations]]
include-operation-id = "reviewLogin"
parameters = { "body.username" = { dictionary = "users", probability = 0.7 }, "body.password" = { dictionary = "passwords", probability = 0.7 } }
EOF

# Every check but the two about how strict the server is with its input: it takes any
# `lang` as kk, and a form's answers are checked against content/forms/*.yaml, which no
# schema here can say (positive_data_acceptance would call every 422 for missing answers
# a failure). ST_ALL_CHECKS=1 runs them too, to look at, not to pass.
checks=(--checks all --exclude-checks positive_data_acceptance,negative_data_rejection)
[ "${ST_ALL_CHECKS:-}" = 1 ] && checks=(--checks all)
rm -rf "$reports"
mkdir -p "$reports"
say "schemathesis: at most $max_examples cases per operation and phase, seed $seed, at most ${limit}s"
start=$(date +%s)
status=0
PORTAL_ST_TOKEN="$token" timeout --kill-after=20 "$limit" \
  "$st" --config-file "$tmp/schemathesis.toml" run functions/api/openapi.yaml \
  --url "$base" \
  --phases examples,coverage,fuzzing \
  "${checks[@]}" \
  --max-examples "$max_examples" \
  --seed "$seed" \
  --generation-database none \
  --workers 1 \
  --request-timeout 10 \
  --max-redirects 0 \
  --no-color \
  --report "${ST_REPORTS:-junit}" --report-dir "$reports" || status=$?
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
  echo "schemathesis did not finish within ${limit}s" >&2
fi
if grep -q 'panicked' "$tmp/server.log"; then
  echo "the server panicked:" >&2
  grep -A5 'panicked' "$tmp/server.log" >&2
  [ "$status" = 0 ] && status=1
fi
cp "$tmp/server.log" "$reports/server.log"
say "took $(($(date +%s) - start))s; reports in ${reports#"$root/"}/"
python3 - "$reports" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
cases = failed = 0
for path in glob.glob(sys.argv[1] + "/*.xml"):
    for case in ET.parse(path).getroot().iter("testcase"):
        if not case.get("name", "").startswith(("GET ", "POST ")):
            continue  # one per operation; not the stateful phase's entry
        cases += 1
        failed += any(c.tag in ("failure", "error") for c in case)
print(f"api-schema: {cases - failed} passed, {failed} failed")
PY
exit "$status"

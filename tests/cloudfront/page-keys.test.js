// infra/page-keys.js: the keys it lists for a built site (its --print mode, offline), and
// its upload against a fake `aws` command that keeps a key value store in a file and
// checks each update-keys call's ETag and size. The keys it lists are the ones the
// viewer-request function looks up: every page of the folder passes that function
// untouched.
//
//   node --test tests/cloudfront/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { root, fakeStore, loadHandler } = require("./template.js");

const script = path.join(root, "infra", "page-keys.js");

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "page-keys-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeFiles(dir, files) {
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), `<!-- ${f} -->\n`);
  }
}

function run(args, env = {}) {
  const r = spawnSync(process.execPath, [script, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const SMALL = [
  "index.html",
  "404.html",
  "robots.txt",
  "sitemap.xml",
  "kk/404.html",
  "kk/index.html",
  "ru/404.html",
  "ru/index.html",
  "ru/services/academic-leave/index.html",
  "en/404.html",
  "en/guides/foreign-students/index.html",
  "assets/site.0123abcd.css",
  "assets/site.0123abcd.js",
  "assets/fonts/x.woff2",
];

test("--print lists every file but assets/, as the paths viewers ask for", (t) => {
  const dir = tempDir(t);
  writeFiles(dir, SMALL);
  const r = run(["--print", dir]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.trim().split("\n"), [
    "/404.html",
    "/en/404.html",
    "/en/guides/foreign-students/index.html",
    "/index.html",
    "/kk/404.html",
    "/kk/index.html",
    "/robots.txt",
    "/ru/404.html",
    "/ru/index.html",
    "/ru/services/academic-leave/index.html",
    "/sitemap.xml",
  ]);
});

test("the listed keys make every page of the folder pass the viewer-request function", async (t) => {
  const dir = tempDir(t);
  writeFiles(dir, SMALL);
  const keys = run(["--print", dir]).out.trim().split("\n");
  const handler = loadHandler("DirectoryIndexFunction", fakeStore(keys));
  for (const uri of ["/", "/ru/services/academic-leave/", "/en/guides/foreign-students/", "/sitemap.xml"]) {
    const out = await handler({ request: { method: "GET", uri, querystring: {}, headers: {}, cookies: {} } });
    assert.equal(out.uri, uri.endsWith("/") ? `${uri}index.html` : uri);
  }
  const missing = await handler({ request: { method: "GET", uri: "/ru/services/", querystring: {}, headers: {}, cookies: {} } });
  assert.equal(missing.uri, "/ru/404.html");
});

test("a folder that is not a built site is refused; a wrong call gets the usage", (t) => {
  const dir = tempDir(t);
  writeFiles(dir, ["index.html", "ru/index.html"]);
  let r = run(["--print", dir]);
  assert.equal(r.code, 1);
  assert.match(r.err, /has no 404\.html/);
  assert.equal(r.out, "");
  r = run(["--print", path.join(dir, "absent")]);
  assert.equal(r.code, 1);
  r = run([]);
  assert.equal(r.code, 2);
  assert.match(r.err, /usage/);
  r = run(["--upload", dir]);
  assert.equal(r.code, 2);
});

// A stand-in for the AWS CLI's cloudfront-keyvaluestore commands, on PATH as `aws`. The
// store lives in $FAKE_KVS (JSON: etag, keys, calls).
const FAKE_AWS = `#!/usr/bin/env node
"use strict";
const fs = require("node:fs");
const file = process.env.FAKE_KVS;
const state = JSON.parse(fs.readFileSync(file, "utf8"));
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i === -1 ? undefined : args[i + 1]; };
const fail = (msg) => { process.stderr.write(msg + "\\n"); process.exit(255); };
if (args[0] !== "cloudfront-keyvaluestore") fail("not a key value store command");
if (opt("--kvs-arn") !== state.arn) fail("ResourceNotFoundException");
if (opt("--output") !== "json") fail("expected --output json");
state.calls.push(args.slice(1, 2).concat(args.filter((a) => a.startsWith("--"))).join(" "));
let out;
switch (args[1]) {
  case "list-keys":
    out = { Items: Object.keys(state.keys).map((k) => ({ Key: k, Value: state.keys[k] })) };
    break;
  case "describe-key-value-store":
    out = { ItemCount: Object.keys(state.keys).length, ETag: state.etag, KvsARN: state.arn };
    break;
  case "update-keys": {
    if (opt("--if-match") !== state.etag) fail("ConflictException: ETag mismatch");
    const puts = JSON.parse(opt("--puts") || "[]");
    const deletes = JSON.parse(opt("--deletes") || "[]");
    if (puts.length + deletes.length === 0 || puts.length + deletes.length > 50) fail("ValidationException: batch size");
    for (const p of puts) {
      if (!p.Key || typeof p.Value !== "string" || p.Value === "") fail("ValidationException: put");
      state.keys[p.Key] = p.Value;
    }
    for (const d of deletes) delete state.keys[d.Key];
    state.batches.push({ puts: puts.map((p) => p.Key), deletes: deletes.map((d) => d.Key) });
    state.etag = "E" + (Number(state.etag.slice(1)) + 1);
    out = { ItemCount: Object.keys(state.keys).length, ETag: state.etag };
    break;
  }
  default:
    fail("unknown command " + args[1]);
}
fs.writeFileSync(file, JSON.stringify(state));
process.stdout.write(JSON.stringify(out));
`;

function fakeAws(t, keys) {
  const bin = tempDir(t);
  fs.writeFileSync(path.join(bin, "aws"), FAKE_AWS, { mode: 0o755 });
  const stateFile = path.join(bin, "kvs.json");
  const arn = "arn:aws:cloudfront::123456789012:key-value-store/0a1b2c3d-0000-4000-8000-000000000000";
  const state = { arn, etag: "E1", keys: Object.fromEntries(keys.map((k) => [k, "1"])), calls: [], batches: [] };
  fs.writeFileSync(stateFile, JSON.stringify(state));
  return {
    arn,
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, FAKE_KVS: stateFile },
    state: () => JSON.parse(fs.readFileSync(stateFile, "utf8")),
  };
}

test("the upload fills an empty store in batches, /404.html last", (t) => {
  const dir = tempDir(t);
  const pages = [];
  for (const lang of ["kk", "ru", "en"]) {
    for (let i = 0; i < 40; i++) pages.push(`${lang}/services/s${String(i).padStart(2, "0")}/index.html`);
  }
  writeFiles(dir, [...SMALL, ...pages]);
  const printed = run(["--print", dir]).out.trim().split("\n");
  assert.equal(printed.length, 11 + 120);

  const aws = fakeAws(t, []);
  const r = run([dir, aws.arn], aws.env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /131 keys: 131 put, 0 deleted, 3 update-keys calls/);
  const s = aws.state();
  assert.deepEqual(Object.keys(s.keys).sort(), printed);
  assert.deepEqual(s.batches.map((b) => b.puts.length), [50, 50, 31]);
  // Until /404.html is in, the functions pass every request on: it comes in the last batch.
  const last = s.batches[s.batches.length - 1].puts;
  assert.equal(last[last.length - 1], "/404.html");
  assert.ok(s.batches.slice(0, -1).every((b) => !b.puts.includes("/404.html")));
  assert.equal(s.etag, "E4");
  assert.deepEqual(s.calls.slice(0, 2), ["list-keys --kvs-arn --output", "describe-key-value-store --kvs-arn --output"]);
});

test("the upload puts what is new and deletes what is gone; nothing to do, no write", (t) => {
  const dir = tempDir(t);
  writeFiles(dir, SMALL);
  const printed = run(["--print", dir]).out.trim().split("\n");
  const stale = ["/ru/services/removed/index.html", "/en/old.html"];
  const kept = printed.filter((k) => k !== "/en/guides/foreign-students/index.html");
  const aws = fakeAws(t, [...kept, ...stale]);

  let r = run([dir, aws.arn], aws.env);
  assert.equal(r.code, 0, r.err);
  let s = aws.state();
  assert.deepEqual(Object.keys(s.keys).sort(), printed);
  assert.deepEqual(s.batches, [
    { puts: ["/en/guides/foreign-students/index.html"], deletes: [] },
    { puts: [], deletes: ["/en/old.html", "/ru/services/removed/index.html"] },
  ]);

  r = run([dir, aws.arn], aws.env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /0 put, 0 deleted, 0 update-keys calls/);
  s = aws.state();
  assert.equal(s.batches.length, 2);
  assert.equal(s.calls[s.calls.length - 1], "list-keys --kvs-arn --output");
});

test("a failing aws command stops the upload with its error", (t) => {
  const dir = tempDir(t);
  writeFiles(dir, SMALL);
  const aws = fakeAws(t, []);
  const r = run([dir, "arn:aws:cloudfront::123456789012:key-value-store/wrong"], aws.env);
  assert.equal(r.code, 1);
  assert.match(r.err, /ResourceNotFoundException/);
  assert.deepEqual(aws.state().keys, {});
});

#!/usr/bin/env node
// Writes the built site's file list into the stack's CloudFront key value store
// (`PageKeys`, output `PageKeysArn`), where DirectoryIndexFunction looks up whether a
// page exists; a path it does not find gets the 404 page of its language.
//
//   node infra/page-keys.js --print public          # the keys, one a line; calls nothing
//   node infra/page-keys.js public "$kvs_arn"       # make the store hold exactly those keys
//
// A key is the path a viewer asks for, as the function sees it once it has added
// `index.html` to a directory URL: `/` and the file's path in the built folder
// (`/ru/services/index.html`, `/404.html`, `/sitemap.xml`). Files under assets/ are left
// out: the function does not look them up, as old fingerprinted assets stay in the bucket
// for pages still cached in browsers.
//
// The upload reads the store's keys, then puts the missing ones and deletes the ones no
// longer built, in batches (`aws cloudfront-keyvaluestore update-keys`, each batch
// all-or-nothing, chained by the store's ETag). `/404.html` is put last: until the store
// holds it, the functions treat the store as not filled yet and pass every request on, so
// a first upload never makes a page 404 because its key comes in a later batch.
// The key value store API is signed with SigV4A: AWS CLI v2 does that; v1 needs the
// `awscrt` Python package. No npm packages.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

// Keys per update-keys call; well under the API's limits on one request.
const BATCH = 50;
// Keys longer than this are refused by the store.
const MAX_KEY = 512;
// The key whose presence tells the functions the store is filled.
const FILLED = "/404.html";

/** The keys for the built site in `dir`, sorted. */
function pageKeys(dir) {
  const keys = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (child !== "assets") walk(child);
      } else if (entry.isFile()) {
        // As a browser sends it (the site's slugs are plain ASCII, so this is the path).
        keys.push(encodeURI(`/${child}`));
      }
    }
  };
  walk("");
  keys.sort();
  const long = keys.filter((k) => k.length > MAX_KEY);
  if (long.length) throw new Error(`keys longer than ${MAX_KEY} characters: ${long.join(", ")}`);
  for (const needed of [FILLED, "/index.html"]) {
    if (!keys.includes(needed)) {
      throw new Error(`${dir} has no ${needed.slice(1)}: not a built site (portal build --out ${dir})`);
    }
  }
  return keys;
}

/** What to change to go from the store's `current` keys to `wanted`. */
function plan(wanted, current) {
  const have = new Set(current);
  const want = new Set(wanted);
  const puts = wanted.filter((k) => !have.has(k) && k !== FILLED);
  if (!have.has(FILLED)) puts.push(FILLED);
  const deletes = current.filter((k) => !want.has(k)).sort();
  return { puts, deletes };
}

function aws(args) {
  const out = execFileSync("aws", ["cloudfront-keyvaluestore", ...args, "--output", "json"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out);
}

function upload(dir, arn) {
  const wanted = pageKeys(dir);
  const current = (aws(["list-keys", "--kvs-arn", arn]).Items || []).map((i) => i.Key);
  const { puts, deletes } = plan(wanted, current);
  const batches = [];
  for (let i = 0; i < puts.length; i += BATCH) {
    batches.push(["--puts", puts.slice(i, i + BATCH).map((k) => ({ Key: k, Value: "1" }))]);
  }
  for (let i = 0; i < deletes.length; i += BATCH) {
    batches.push(["--deletes", deletes.slice(i, i + BATCH).map((k) => ({ Key: k }))]);
  }
  if (batches.length) {
    let etag = aws(["describe-key-value-store", "--kvs-arn", arn]).ETag;
    for (const [flag, items] of batches) {
      etag = aws(["update-keys", "--kvs-arn", arn, "--if-match", etag, flag, JSON.stringify(items)]).ETag;
    }
  }
  console.log(`${wanted.length} keys: ${puts.length} put, ${deletes.length} deleted, ${batches.length} update-keys calls`);
}

function main(argv) {
  if (argv[0] === "--print" && argv.length === 2) {
    for (const key of pageKeys(argv[1])) console.log(key);
  } else if (argv.length === 2 && !argv[0].startsWith("-")) {
    upload(argv[0], argv[1]);
  } else {
    console.error("usage: page-keys.js --print SITE_DIR | page-keys.js SITE_DIR KVS_ARN");
    process.exit(2);
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`page-keys.js: ${e.message}`);
    process.exit(1);
  }
}

module.exports = { pageKeys, plan };

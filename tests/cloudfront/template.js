// Reads the CloudFront Functions out of infra/template.yaml (their only copy) and runs
// them in Node with a fake `cloudfront` module, the way CloudFront would call them.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..", "..");
const templatePath = path.join(root, "infra", "template.yaml");
const template = fs.readFileSync(templatePath, "utf8");
const lines = template.split("\n");

/** The lines of a top-level resource (`  Name:` up to the next resource or section). */
function resourceLines(logicalId) {
  const start = lines.indexOf(`  ${logicalId}:`);
  if (start === -1) throw new Error(`no resource ${logicalId} in infra/template.yaml`);
  let end = start + 1;
  while (end < lines.length && !/^ {0,2}[A-Za-z#]/.test(lines[end])) end++;
  return lines.slice(start, end);
}

/** The text of a resource's `FunctionCode: |` block, de-indented. */
function functionCode(logicalId) {
  const own = resourceLines(logicalId);
  const at = own.findIndex((l) => /^\s+FunctionCode: \|$/.test(l));
  if (at === -1) throw new Error(`${logicalId} has no literal FunctionCode block`);
  const keyIndent = own[at].search(/\S/);
  const body = [];
  for (const line of own.slice(at + 1)) {
    if (line.trim() !== "" && line.search(/\S/) <= keyIndent) break;
    body.push(line);
  }
  while (body.length && body[body.length - 1].trim() === "") body.pop();
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.search(/\S/)));
  return body.map((l) => l.slice(indent)).join("\n") + "\n";
}

/**
 * A fake key value store: `keys` is what infra/page-keys.js would have written. `fail`
 * makes every look-up throw. `lookups` records the keys asked for.
 */
function fakeStore(keys, { fail = false } = {}) {
  const set = new Set(keys);
  const store = {
    lookups: [],
    kvsCalls: [],
    async exists(key) {
      store.lookups.push(key);
      if (fail) throw new Error("KeyValueStore unavailable");
      return set.has(key);
    },
    async get(key) {
      store.lookups.push(key);
      if (fail || !set.has(key)) throw new Error(`no key ${key}`);
      return "1";
    },
  };
  return store;
}

const IMPORT = "import cf from 'cloudfront';";

/**
 * The function's `handler`, evaluated with `cf.kvs()` returning `store`. CloudFront
 * Functions are modules importing `cloudfront`; Node has no such module, so the import
 * line is taken out and `cf` handed in instead.
 */
function loadHandler(logicalId, store) {
  const code = functionCode(logicalId);
  const first = code.split("\n")[0];
  if (first !== IMPORT) throw new Error(`${logicalId} does not start with ${IMPORT}`);
  const rest = code.slice(first.length);
  if (/\bimport\b|\brequire\s*\(/.test(rest)) throw new Error(`${logicalId} imports more than cloudfront`);
  const cf = {
    kvs(...args) {
      store.kvsCalls.push(args);
      return store;
    },
  };
  // eslint-disable-next-line no-new-func
  return new Function("cf", `"use strict";\n${rest}\nreturn handler;`)(cf);
}

module.exports = { root, template, resourceLines, functionCode, fakeStore, loadHandler };

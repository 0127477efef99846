// 5. Valid HTML: the Nu Html Checker (vnu.jar) finds no error in any page of a fresh
//    build (every edition), nor in the static pages as the server serves them. The
//    pages the server makes (forms with errors, check your answers, the confirmation,
//    the status and reviewer's pages) are checked by 4-accessibility's tour, which
//    walks them once per edition.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const h = require("../lib/harness");

// No server and no browser: the Nu Html Checker reads files; a temporary folder for them.
const portal = h.withPortal({ label: "vnu", server: false, browser: false });

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out;
}


test("the checker is working: it finds the errors of an invalid page", { timeout: 60_000 }, () => {
  const dir = path.join(portal.tmp, "invalid");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "bad.html"), '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></div></p><select><option value=""></option></select></body></html>');
  fs.writeFileSync(path.join(dir, "good.html"), '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p>ok</p></body></html>');
  const errors = h.vnu(dir);
  assert.ok(errors.length >= 2 && errors.every((e) => e.includes("bad.html")), errors.join("\n"));
});

test("every page of `portal build` is valid HTML", { timeout: 300_000 }, async () => {
  assert.ok(fs.existsSync(h.VNU_JAR), "vnu-jar is installed (npm ci)");
  const out = path.join(portal.tmp, "site");
  const build = h.spawnSync(h.portalBin(), ["--content", path.join(h.ROOT, "content"), "build", "--out", out], {
    cwd: h.ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(build.status, 0, `portal build failed:\n${build.stdout}\n${build.stderr}`);
  const pages = htmlFiles(out);
  // The root chooser and, per language: home, catalogue, every service, guides, the work
  // plan, the glossary, the forms, status, review, 404.
  assert.ok(pages.length >= 3 * 40, `${pages.length} HTML files built`);
  for (const l of h.EDITIONS) assert.ok(pages.includes(path.join(out, l, "404.html")), `${l}/404.html built`);
  const errors = h.vnu(out);
  assert.deepEqual(errors, [], `vnu errors in the built site (${pages.length} files):\n` + errors.join("\n"));
});

test("the pages the server serves from the built site are valid HTML, in each edition", { timeout: 120_000 }, async () => {
  // The pages the server makes (forms with errors, check your answers, the status and
  // reviewer's pages) are checked by the tour of 4-accessibility, which walks them.
  const server = await h.startServer({ label: "vnu" });
  const dir = path.join(portal.tmp, "served");
  fs.mkdirSync(dir);
  try {
    let n = 0;
    // The served copies of the static pages (the server adds the live-reload script).
    for (const l of h.EDITIONS) {
      for (const p of [`/${l}/`, `/${l}/forms/dormitory/`, `/${l}/no-such-page/`]) {
        const res = await fetch(server.url + p, { signal: AbortSignal.timeout(10_000) });
        fs.writeFileSync(path.join(dir, `${l}-served-${p.replace(/\W+/g, "-")}.html`), await res.text());
        n++;
      }
    }
    assert.equal(n, 4 * 3);
    const errors = h.vnu(dir);
    assert.deepEqual(errors, [], `vnu errors in the served pages:\n` + errors.join("\n"));
  } finally {
    await server.stop();
  }
});

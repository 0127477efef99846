// 5. Valid HTML: the Nu Html Checker (vnu.jar) finds no error in any page of a fresh
//    build, nor in the pages the server makes (forms with errors, check your answers,
//    the confirmation, the status pages, the reviewer's pages), in all three languages.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const h = require("../lib/harness");
const { tour } = require("../lib/tour");

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

/** Runs the checker on a folder; returns its error lines ([] when valid). */
function vnu(dir) {
  const r = h.spawnSync("java", ["-Xss4m", "-jar", h.VNU_JAR, "--errors-only", "--skip-non-html", "--format", "gnu", dir], {
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const lines = (r.stdout + r.stderr)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (r.status !== 0 && lines.length === 0) throw new Error(`vnu.jar exited ${r.status} (${r.signal}) without a message`);
  return lines.map((l) => l.replace(dir + path.sep, ""));
}

test("the checker is working: it finds the errors of an invalid page", { timeout: 60_000 }, () => {
  const dir = path.join(portal.tmp, "invalid");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "bad.html"), '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></div></p><select><option value=""></option></select></body></html>');
  fs.writeFileSync(path.join(dir, "good.html"), '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p>ok</p></body></html>');
  const errors = vnu(dir);
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
  for (const l of h.LANGS) assert.ok(pages.includes(path.join(out, l, "404.html")), `${l}/404.html built`);
  const errors = vnu(out);
  assert.deepEqual(errors, [], `vnu errors in the built site (${pages.length} files):\n` + errors.join("\n"));
});

test("the pages the server makes are valid HTML, in each language", { timeout: 480_000 }, async () => {
  const server = await h.startServer({ label: "vnu" });
  const browser = await h.launchBrowser();
  const dir = path.join(portal.tmp, "dynamic");
  fs.mkdirSync(dir);
  const files = h.pdfFiles(portal.tmp);
  try {
    let n = 0;
    for (const [i, lang] of h.LANGS.entries()) {
      await tour(browser, server, {
        lang,
        serial: 200 + i,
        files,
        staticPages: false,
        visit: async (name, _page, html) => {
          assert.match(html, /^<!DOCTYPE html>/i, `${lang}/${name} is an HTML document`);
          fs.writeFileSync(path.join(dir, `${lang}-${name}.html`), html);
          n++;
        },
      });
    }
    // The served copies of the static pages too (the server adds the live-reload script).
    for (const l of h.LANGS) {
      for (const p of [`/${l}/`, `/${l}/forms/dormitory/`, `/${l}/no-such-page/`]) {
        const res = await fetch(server.url + p, { signal: AbortSignal.timeout(10_000) });
        fs.writeFileSync(path.join(dir, `${l}-served-${p.replace(/\W+/g, "-")}.html`), await res.text());
        n++;
      }
    }
    assert.ok(n >= 3 * 16, `${n} dynamic pages saved`);
    const errors = vnu(dir);
    assert.deepEqual(errors, [], `vnu errors in the dynamic pages:\n` + errors.join("\n"));
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
});

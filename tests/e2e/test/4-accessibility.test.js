// 4. Accessibility: axe-core finds no WCAG 2.2 AA violation on any kind of page, in each
//    of the site's editions (the three languages and the Kazakh Latin-script edition),
//    including the forms with errors, the confirmation, the status page with a result
//    and the reviewer's pages. The same tour saves the pages the server made (as it sent
//    them) for the Nu Html Checker, so that each edition's tour is walked once: the
//    checker runs at the end of each edition's test (5-valid-html checks the built site).
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { AxeBuilder } = require("@axe-core/playwright");
const h = require("../lib/harness");
const { tour, STATIC } = require("../lib/tour");

const portal = h.withPortal({ label: "axe", files: true });

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];


function describe(violations) {
  return violations
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `      ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim()}`)
          .join("\n"),
    )
    .join("\n");
}

async function axe(page) {
  return h.within(60_000, `axe on ${page.url()}`, new AxeBuilder({ page }).withTags(TAGS).analyze());
}

test("axe is working: it finds the faults of a faulty page", { timeout: 60_000 }, async () => {
  const context = await h.newContext(portal.browser);
  try {
    const page = await context.newPage();
    await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:,"><input type="text"></main></body></html>');
    const ids = (await axe(page)).violations.map((v) => v.id);
    for (const id of ["html-has-lang", "image-alt", "label"]) assert.ok(ids.includes(id), `${id} found (${ids})`);
  } finally {
    await context.close();
  }
});

test("the language chooser at / has no violations", { timeout: 60_000 }, async () => {
  const context = await h.newContext(portal.browser);
  try {
    const page = await context.newPage();
    await h.open(page, portal.server.url + "/");
    const { violations, passes } = await axe(page);
    assert.ok(passes.length > 0, "axe ran");
    assert.equal(violations.length, 0, "\n" + describe(violations));
  } finally {
    await context.close();
  }
});

const STATIC_NAMES = new Set(STATIC("kk").map(([name]) => name));

h.EDITIONS.forEach((lang, i) => {
  test(`every kind of page in ${lang} has no axe violations, and those the server makes are valid HTML`, { timeout: 360_000 }, async () => {
    assert.ok(fs.existsSync(h.VNU_JAR), "vnu-jar is installed (npm ci)");
    const saved = path.join(portal.tmp, `served-${lang}`);
    fs.mkdirSync(saved);
    const found = [];
    let pages = 0;
    // A server of its own: four editions' applications from one address would pass the
    // per-client rate limit, which is the server doing its job.
    const server = await h.startServer({ label: `axe-${lang}` });
    try {
      await tour(portal.browser, server, {
        lang,
        serial: 100 + i,
        files: portal.files,
        visit: async (name, page, html) => {
          pages++;
          assert.equal(await page.getAttribute("html", "lang"), h.htmlLang(lang), `${name}: the page's language`);
          const { violations } = await axe(page);
          if (violations.length) found.push(`${lang}/${name} (${page.url()}):\n${describe(violations)}`);
          // The built pages are checked as built (5-valid-html); these are the server's.
          if (!STATIC_NAMES.has(name)) {
            assert.match(html, /^<!DOCTYPE html>/i, `${lang}/${name} is an HTML document`);
            fs.writeFileSync(path.join(saved, `${name}.html`), html);
          }
        },
      });
    } finally {
      await server.stop();
    }
    assert.ok(pages >= 30, `${pages} pages checked`);
    assert.equal(found.length, 0, `axe violations on ${found.length} of ${pages} pages:\n` + found.join("\n"));
    const made = fs.readdirSync(saved).length;
    assert.ok(made >= 12, `${made} pages the server made saved`);
    const errors = h.vnu(saved);
    assert.deepEqual(errors, [], `vnu errors in the pages the server made in ${lang}:\n` + errors.join("\n"));
  });
});

// 4. Accessibility: axe-core finds no WCAG 2.2 AA violation on any kind of page, in any
//    of the three languages, including the forms with errors, the confirmation, the
//    status page with a result and the reviewer's pages.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { AxeBuilder } = require("@axe-core/playwright");
const h = require("../lib/harness");
const { tour } = require("../lib/tour");

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

h.LANGS.forEach((lang, i) => {
  test(`every kind of page in ${lang} has no violations`, { timeout: 240_000 }, async () => {
    const found = [];
    let pages = 0;
    await tour(portal.browser, portal.server, {
      lang,
      serial: 100 + i,
      files: portal.files,
      visit: async (name, page) => {
        pages++;
        assert.equal(await page.getAttribute("html", "lang"), lang, `${name}: the page's language`);
        const { violations } = await axe(page);
        if (violations.length) found.push(`${lang}/${name} (${page.url()}):\n${describe(violations)}`);
      },
    });
    assert.ok(pages >= 30, `${pages} pages checked`);
    assert.equal(found.length, 0, `axe violations on ${found.length} of ${pages} pages:\n` + found.join("\n"));
  });
});

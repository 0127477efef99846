// 7. Search: the box in every page's header, Pagefind's index for the page's language
// (generator/src/search.rs), and the catalogue when JavaScript is off.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const h = require("../lib/harness");

const portal = h.withPortal({ label: "search" });


/** Types `words` into the header's box on `start` and returns the results' links. */
async function search(page, start, words) {
  await h.open(page, portal.server.url + start);
  await page.fill("#site-search-q", words);
  await page.press("#site-search-q", "Enter");
  await page.locator(".search-results h2").waitFor();
  return page.locator(".search-results li > a").evaluateAll((as) =>
    as.map((a) => ({ href: new URL(a.href).pathname, title: a.textContent })),
  );
}

for (const [lang, words] of [
  ["kk", "жатақхана"],
  ["ru", "общежитие"],
  ["en", "dormitory"],
  // Typed on a Russian keyboard, without the Kazakh letters.
  ["kk", "жатакхана"],
  // The Latin-script edition has its own index.
  ["kk-latn", "jataqhanadan"],
]) {
  test(`"${words}" on the ${lang} site finds the dormitory service first`, { timeout: 60_000 }, async () => {
    const context = await h.newContext(portal.browser);
    const page = await context.newPage();
    try {
      const found = await search(page, `/${lang}/guides/`, words);
      assert.ok(found.length > 0, "some results");
      assert.equal(found[0].href, `/${lang}/services/dormitory/`, JSON.stringify(found, null, 1));
      // Only pages of the language searched.
      for (const r of found) assert.ok(r.href.startsWith(`/${lang}/`), r.href);
      // The heading of the results takes the focus, so a screen reader announces them.
      assert.equal(await page.evaluate(() => document.activeElement.id), "search-results-title");
      // Each result has an excerpt with the words marked.
      assert.ok((await page.locator(".search-results li mark").count()) > 0, "marked words");
    } finally {
      await context.close();
    }
  });
}

test("the plan's rows are found, below the services", { timeout: 60_000 }, async () => {
  const context = await h.newContext(portal.browser);
  const page = await context.newPage();
  try {
    // Section 4 of the plan has a row about the dormitories.
    const found = await search(page, "/en/", "dormitory");
    const plan = found.findIndex((r) => r.href === "/en/workplan/");
    const services = found.filter((r) => r.href.startsWith("/en/services/")).length;
    assert.ok(plan !== -1, JSON.stringify(found, null, 1));
    assert.ok(plan >= services, `the plan (${plan}) ranks below the ${services} services`);
  } finally {
    await context.close();
  }
});

test("nothing found says so and links to the catalogue", { timeout: 60_000 }, async () => {
  const context = await h.newContext(portal.browser);
  const page = await context.newPage();
  try {
    const found = await search(page, "/en/", "zzqxv");
    assert.equal(found.length, 0);
    const link = page.locator(".search-results p a");
    assert.equal(await link.getAttribute("href"), "/en/services/");
    assert.match(await link.innerText(), /Nothing found/);
  } finally {
    await context.close();
  }
});

test("without JavaScript the box opens the catalogue", { timeout: 60_000 }, async () => {
  const context = await h.newNoScriptContext(portal.browser);
  const page = await context.newPage();
  try {
    await h.open(page, portal.server.url + "/ru/guides/");
    await page.fill("#site-search-q", "общежитие");
    await Promise.all([page.waitForURL("**/ru/services/?q=*"), page.press("#site-search-q", "Enter")]);
    assert.equal(new URL(page.url()).pathname, "/ru/services/");
    assert.ok((await page.locator('main a[href="/ru/services/dormitory/"]').count()) > 0);
    assert.equal(await page.locator(".search-results").count(), 0);
  } finally {
    await context.close();
  }
});

test("the catalogue opened with ?q= shows the results when JavaScript runs", { timeout: 60_000 }, async () => {
  const context = await h.newContext(portal.browser);
  const page = await context.newPage();
  try {
    await h.open(page, portal.server.url + "/en/services/?q=dormitory");
    await page.locator(".search-results li > a").first().waitFor();
    assert.equal(await page.inputValue("#site-search-q"), "dormitory");
    const first = await page.locator(".search-results li > a").first().getAttribute("href");
    assert.equal(first, "/en/services/dormitory/");
  } finally {
    await context.close();
  }
});

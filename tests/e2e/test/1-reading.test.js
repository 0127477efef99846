// 1. Reading: the public's journey through the static site in a real portal.browser.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const h = require("../lib/harness");

const portal = h.withPortal({ label: "reading", page: true });


const path = () => new URL(portal.page.url()).pathname;
const lang = () => portal.page.getAttribute("html", "lang");
const h1 = async () => (await portal.page.locator("h1").first().innerText()).trim();

test("from / choose Russian, the catalogue, the dormitory service, its guide, then Kazakh", { timeout: 60_000 }, async () => {
  const res = await h.open(portal.page, portal.server.url + "/");
  assert.equal(res.status(), 200);
  // The chooser offers the three languages and the Latin-script edition, each link
  // marked with its own language.
  const choices = portal.page.locator(".root-langs a");
  assert.equal(await choices.count(), 4);
  for (const l of h.EDITIONS) assert.equal(await portal.page.locator(`.root-langs li[lang="${h.htmlLang(l)}"] a`).count(), 1);

  await portal.page.locator('.root-langs a[hreflang="ru"]').click();
  await portal.page.waitForURL("**/ru/");
  assert.equal(await lang(), "ru");

  // The main menu's catalogue link.
  await portal.page.locator('nav.main-nav a[href="/ru/services/"]').click();
  await portal.page.waitForURL("**/ru/services/");
  assert.equal(await portal.page.locator('nav.main-nav a[aria-current="page"]').getAttribute("href"), "/ru/services/");

  await portal.page.locator('main a[href="/ru/services/dormitory/"]').first().click();
  await portal.page.waitForURL("**/ru/services/dormitory/");
  assert.match(await h1(), /общежити/i);
  // One green start button to the online form.
  assert.equal(await portal.page.locator('a.button.start[href="/ru/forms/dormitory/"]').first().isVisible(), true);

  await portal.page.locator('main a[href="/ru/guides/dormitory-settlement/"]').first().click();
  await portal.page.waitForURL("**/ru/guides/dormitory-settlement/");
  const ruTitle = await h1();
  assert.equal(await lang(), "ru");

  // The language switcher keeps the reader on the same guide.
  await portal.page.locator('nav.langs a[hreflang="kk"]').click();
  await portal.page.waitForURL("**/kk/guides/dormitory-settlement/");
  assert.equal(path(), "/kk/guides/dormitory-settlement/");
  assert.equal(await lang(), "kk");
  const kkTitle = await h1();
  assert.notEqual(kkTitle, ruTitle, "the heading is in Kazakh");
  assert.equal(await portal.page.locator('nav.langs a[aria-current="true"]').getAttribute("hreflang"), "kk");

  // Qazaqşa: the same guide in the Latin-script edition, and back.
  await portal.page.locator('nav.langs a[hreflang="kk-Latn"]').click();
  await portal.page.waitForURL("**/kk-latn/guides/dormitory-settlement/");
  assert.equal(await lang(), "kk-Latn");
  const latinTitle = await h1();
  assert.notEqual(latinTitle, kkTitle);
  assert.doesNotMatch(latinTitle, /[а-яәғқңөұүһі]/i, "the heading is in Latin letters");
  assert.equal(await portal.page.locator('nav.langs a[aria-current="true"]').getAttribute("hreflang"), "kk-Latn");
  await portal.page.locator('main a[href^="/kk-latn/"]').first().click();
  await portal.page.waitForURL("**/kk-latn/**");
  await portal.page.locator('nav.langs a[hreflang="kk"]').click();
  await portal.page.waitForURL("**/kk/**");
  assert.equal(await lang(), "kk");
});

test("the guide's print view: no navigation, numbered steps become a checklist", { timeout: 30_000 }, async () => {
  await h.open(portal.page, portal.server.url + "/kk/guides/dormitory-settlement/");
  // With JavaScript on, the print button is shown.
  assert.equal(await portal.page.locator("[data-print]").isVisible(), true);
  const styleOf = (sel, pseudo) =>
    portal.page.locator(sel).first().evaluate((el, p) => {
      const s = getComputedStyle(el, p);
      return { display: s.display, listStyle: s.listStyleType, content: s.content };
    }, pseudo ?? null);
  const screen = await styleOf(".prose ol > li", "::before");
  assert.notEqual(screen.content, '"\u2610"', "on screen there is no checkbox");
  await portal.page.emulateMedia({ media: "print" });
  try {
    assert.equal((await styleOf(".site-header")).display, "none");
    assert.equal((await styleOf(".site-footer")).display, "none");
    assert.equal((await styleOf(".print-link")).display, "none");
    assert.equal((await styleOf(".prose ol > li")).listStyle, "none");
    assert.equal((await styleOf(".prose ol > li", "::before")).content, '"\u2610"', "each step gets a box to tick");
    assert.equal(await portal.page.locator("main h1").isVisible(), true);
    await portal.page.screenshot({ path: h.artifactPath("guide-print-kk.png"), fullPage: true });
  } finally {
    await portal.page.emulateMedia({ media: "screen" });
  }
});

test("the work plan shows every row of every section (55 + 17 + 30 + 25), in each language", { timeout: 60_000 }, async () => {
  for (const l of h.LANGS) {
    const res = await h.open(portal.page, `${portal.server.url}/${l}/workplan/`);
    assert.equal(res.status(), 200);
    const counts = await portal.page.locator("table.plan").evaluateAll((tables) =>
      tables.map((t) => [...t.tBodies[0].rows].filter((r) => r.offsetParent !== null && r.getClientRects().length > 0).length),
    );
    assert.deepEqual(counts, [55, 17, 30, 25], `${l}: visible rows per section`);
    assert.equal(counts.reduce((a, b) => a + b, 0), 127);
    // The contents list states the same counts.
    const stated = await portal.page.locator("nav.toc li .small").allInnerTexts();
    assert.deepEqual(stated.map((s) => Number(s.replace(/\D/g, ""))), [55, 17, 30, 25]);
    // The last row of the last section can be reached and seen.
    const last = portal.page.locator("#row-4-25");
    await last.scrollIntoViewIfNeeded();
    assert.equal(await last.isVisible(), true);
  }
});

test("an abbreviation shows its expansion", { timeout: 30_000 }, async () => {
  await h.open(portal.page, portal.server.url + "/ru/workplan/");
  const abbr = portal.page.locator("main abbr[title]").first();
  assert.equal(await abbr.count(), 1, "the work plan marks abbreviations");
  const short = (await abbr.innerText()).trim();
  const title = await abbr.getAttribute("title");
  assert.ok(title && title.length > short.length, `"${short}" is expanded as "${title}"`);
  const style = await abbr.evaluate((el) => {
    const s = getComputedStyle(el);
    return { line: s.textDecorationLine, style: s.textDecorationStyle, cursor: s.cursor };
  });
  assert.deepEqual(style, { line: "underline", style: "dotted", cursor: "help" }, "it looks like something to point at");
  await abbr.hover();
  // The glossary gives the same expansion for it.
  await h.open(portal.page, portal.server.url + "/ru/glossary/");
  const entry = portal.page.locator("dl.glossary abbr", { hasText: short }).first();
  assert.equal(await entry.getAttribute("title"), title);
});

test("the 404 page in each language: HTTP 404 and the translated heading", { timeout: 30_000 }, async () => {
  const headings = { kk: "Бет табылмады", ru: "Страница не найдена", en: "Page not found" };
  for (const l of h.LANGS) {
    for (const p of [`/${l}/no-such-page/`, `/${l}/services/no-such-service/`, `/${l}/404.html`]) {
      const res = await h.open(portal.page, portal.server.url + p);
      if (!p.endsWith("404.html")) assert.equal(res.status(), 404, p);
      assert.equal(await lang(), l, p);
      assert.equal(await h1(), headings[l], p);
      // It offers a way on: the catalogue in the same language.
      assert.equal(await portal.page.locator(`main a[href="/${l}/services/"]`).count(), 1, p);
    }
  }
  // Outside any language: a 404 all the same (the Kazakh portal.page, the site's first language).
  const res = await h.open(portal.page, portal.server.url + "/no-such-page");
  assert.equal(res.status(), 404);
  assert.equal(await h1(), headings.kk);
});

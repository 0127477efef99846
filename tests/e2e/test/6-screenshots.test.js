// 6. Screenshots for a person to look at after the run: the home page, a service page,
//    the work plan, a form with errors and a confirmation, at a phone width (375 px) and
//    a desktop width (1280 px), in each language. Written to tests/e2e/artifacts/.
//    At the phone width the page itself must not scroll sideways (WCAG 1.4.10 reflow).
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const h = require("../lib/harness");
const j = require("../lib/journey");

const portal = h.withPortal({ label: "shots", files: true });

const WIDTHS = [375, 1280];


async function shoot(page, name) {
  const written = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 500 ? 812 : 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} at ${width}px scrolls sideways by ${overflow}px`);
    const file = h.artifactPath(`${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 30_000 });
    assert.ok(fs.statSync(file).size > 5000, `${file} holds a picture`);
    written.push(file);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return written;
}

h.LANGS.forEach((lang, i) => {
  test(`screenshots in ${lang} at ${WIDTHS.join(" and ")} px`, { timeout: 180_000 }, async () => {
    const context = await h.newContext(portal.browser);
    try {
      const page = await context.newPage();
      const shots = [];
      for (const [name, p] of [
        ["home", `/${lang}/`],
        ["service-dormitory", `/${lang}/services/dormitory/`],
        ["workplan", `/${lang}/workplan/`],
      ]) {
        await h.open(page, portal.server.url + p);
        shots.push(...(await shoot(page, `${lang}-${name}`)));
      }
      await j.sendEmpty(page, portal.server, lang);
      await page.evaluate(() => window.scrollTo(0, 0));
      shots.push(...(await shoot(page, `${lang}-form-errors`)));
      await j.apply(page, portal.server, { lang, iin: h.iin(300 + i), files: portal.files });
      shots.push(...(await shoot(page, `${lang}-confirmation`)));
      assert.equal(shots.length, 5 * WIDTHS.length);
    } finally {
      await context.close();
    }
  });
});

test("no page of the site scrolls sideways at 320 px (WCAG 1.4.10 reflow)", { timeout: 240_000 }, async () => {
  // Every page the sitemap lists, the language chooser and the 404 pages.
  const xml = await (await fetch(portal.server.url + "/sitemap.xml", { signal: AbortSignal.timeout(10_000) })).text();
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  assert.ok(paths.length >= 100, `${paths.length} pages in the sitemap`);
  paths.push("/", ...h.LANGS.map((l) => `/${l}/no-such-page/`));
  const context = await h.newContext(portal.browser, { width: 320, height: 640 });
  const wide = [];
  try {
    const page = await context.newPage();
    for (const p of paths) {
      await h.open(page, portal.server.url + p);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) wide.push(`${p} (${overflow}px)`);
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(wide, [], `pages wider than 320 px: ${wide.join(", ")}`);
});

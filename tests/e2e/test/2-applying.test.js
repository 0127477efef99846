// 2. Applying for a dormitory place as an orphan student, with JavaScript on and off.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const h = require("../lib/harness");
const j = require("../lib/journey");

const portal = h.withPortal({ label: "applying", files: true });


for (const js of [true, false]) {
  const lang = "ru";
  const iin = h.iin(js ? 1 : 2);
  test(`dormitory application with JavaScript ${js ? "ON" : "OFF"}`, { timeout: 120_000 }, async () => {
    const context = await h.newContext(portal.browser, { js });
    try {
      const page = await context.newPage();

      // Sent empty: the error summary, each entry a link to its field.
      const summary = await j.sendEmpty(page, portal.server, lang);
      const links = summary.locator("a");
      const n = await links.count();
      assert.ok(n >= 5, `the summary lists the missing answers (${n})`);
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      for (const href of hrefs) {
        assert.match(href, /^#f-[a-z_]+(-\d+)?$/, "each entry links to a field");
        assert.equal(await page.locator(href).count(), 1, `${href} exists on the page`);
      }
      assert.ok(hrefs.includes("#f-full_name") && hrefs.includes("#f-citizenship-0"));
      // The summary says the same as the message next to the field.
      const first = links.first();
      assert.equal((await first.innerText()).trim(), j.TEXT[lang].fullNameRequired);
      assert.ok((await page.locator("#f-full_name-error").innerText()).includes(j.TEXT[lang].fullNameRequired));
      if (js) {
        // GOV.UK's pattern: the summary takes the focus when the page loads.
        assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute("data-error-summary")), true);
      }
      // Following an entry moves to its field: the URL's fragment, the focus, the view.
      for (const href of ["#f-confirm_contract", "#f-full_name"]) {
        if (!hrefs.includes(href)) continue;
        await page.evaluate(() => window.scrollTo(0, 0));
        await summary.locator(`a[href="${href}"]`).click();
        await page.waitForFunction((hash) => location.hash === hash, href, { timeout: 5000 });
        const target = await page.evaluate(() => ({
          id: document.activeElement?.id,
          hash: location.hash,
        }));
        assert.equal(target.hash, href);
        assert.equal(target.id, href.slice(1), `${href} takes the focus`);
        const inView = await page.locator(href).evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight;
        });
        assert.equal(inView, true, `${href} is scrolled into view`);
      }
      await page.screenshot({ path: h.artifactPath(`form-errors-js-${js ? "on" : "off"}.png`), fullPage: false });

      // Filled in for an orphan student, with two PDFs attached.
      const { reference, code } = await j.apply(page, portal.server, { lang, iin, files: portal.files, js });
      assert.equal(new URL(page.url()).searchParams.get("lang"), lang);
      assert.ok(page.url().includes("/done"), "the confirmation page");

      // The status page says "under review".
      const status = await j.lookUp(page, portal.server, { lang, reference, code });
      assert.equal(status.key, "under_review");
      assert.equal(status.label, j.TEXT[lang].underReview);

      // A second application to the same form is refused, and says why (HTTP 409), but
      // does not name the open one: whoever sent it may only know the IIN. The reference
      // goes again to the contacts in the open application (once a day, Almaty's day).
      await j.openForm(page, portal.server, lang);
      await j.fillOrphan(page, { js, lang, iin, files: portal.files });
      await j.toCheck(page, lang);
      const again = await j.sendFromCheck(page);
      assert.equal(again.status(), 409, "a second open application is refused");
      const text = await page.locator("main").innerText();
      assert.ok(!text.includes(reference), "the refusal does not name the open application");
      assert.ok(text.includes(j.TEXT[lang].openExists), "and explains why");
      const day = new Date(Date.now() + 5 * 3600e3).toISOString().slice(0, 10).replace(/-/g, "");
      const sms = await h.waitForOutbox(portal.server.outbox, `${reference}-reminder-${day}-sms.txt`);
      assert.ok(sms.includes(reference), "the reminder names it, to the applicant's own phone");
    } finally {
      await context.close();
    }
  });
}

// A tour of every kind of page in one language, static and dynamic, as the public, an
// applicant and a reviewer reach them. At each page `visit(name, page, html)` is called:
// the accessibility test runs axe there, the HTML test saves `html` (the document exactly
// as the server sent it) for the Nu Html Checker.
"use strict";

const assert = require("node:assert/strict");
const h = require("./harness");
const j = require("./journey");

const STATIC = (l) => [
  ["home", `/${l}/`],
  ["catalogue", `/${l}/services/`],
  ["service-with-form", `/${l}/services/dormitory/`],
  ["service-without-form", `/${l}/services/academic-leave/`],
  ["guides", `/${l}/guides/`],
  ["guide-dormitory-settlement", `/${l}/guides/dormitory-settlement/`],
  ["guide-foreign-students", `/${l}/guides/foreign-students/`],
  ["guide-school-admission", `/${l}/guides/school-admission/`],
  ["guide-external-study", `/${l}/guides/external-study/`],
  ["workplan", `/${l}/workplan/`],
  ["glossary", `/${l}/glossary/`],
  ["form-dormitory", `/${l}/forms/dormitory/`],
  ["form-school-admission", `/${l}/forms/school-admission/`],
  ["form-external-study", `/${l}/forms/external-study/`],
  ["form-certificate", `/${l}/forms/certificate/`],
  ["status", `/${l}/status/`],
  ["review-sign-in", `/${l}/review/`],
  ["not-found", `/${l}/no-such-page/`],
];

/** Records the last document the page received (not redirects), to hand its source on. */
function documents(page) {
  let last = null;
  page.on("response", (r) => {
    if (r.request().resourceType() === "document" && r.request().frame() === page.mainFrame() && !(r.status() >= 300 && r.status() < 400)) {
      last = r;
    }
  });
  return async () => {
    assert.ok(last, "a document was received");
    return last.text();
  };
}

/**
 * The whole tour in `lang`. `serial` picks the applicant's IIN (one per language, so the
 * languages' applications do not meet). `files` are the PDFs to attach.
 */
async function tour(browser, server, { lang, serial, files, visit, staticPages = true }) {
  const applicantCtx = await h.newContext(browser);
  const reviewerCtx = await h.newContext(browser);
  const leadCtx = await h.newContext(browser);
  // "JavaScript off" as the page renders it; axe hangs in a context with JavaScript
  // disabled, so here the site's scripts are kept from loading instead.
  const noJsCtx = await h.newNoScriptContext(browser);
  try {
    const page = await applicantCtx.newPage();
    const source = documents(page);
    const seen = async (name) => visit(name, page, await source());

    if (staticPages) {
      for (const [name, p] of STATIC(lang)) {
        const res = await h.open(page, server.url + p);
        assert.equal(res.status(), name === "not-found" ? 404 : 200, p);
        await seen(name);
      }
    }

    // The form with its errors (JavaScript on: the summary has the focus).
    await j.sendEmpty(page, server, lang);
    await seen("form-errors");
    // The same without JavaScript: every conditional question is shown.
    const noJs = await noJsCtx.newPage();
    const noJsSource = documents(noJs);
    await j.sendEmpty(noJs, server, lang);
    await visit("form-errors-no-js", noJs, await noJsSource());

    // Half filled: the IIN is wrong; the answers given are kept.
    await j.openForm(page, server, lang);
    await j.fillOrphan(page, { js: true, lang, iin: "900101300018", files });
    const bad = await j.submit(page, page.locator("form.app-form button[type=submit]"), "/check");
    assert.equal(bad.status(), 422);
    await seen("form-errors-partly-filled");

    // Check your answers, and the confirmation.
    const iin = h.iin(serial);
    await j.openForm(page, server, lang);
    await j.fillOrphan(page, { js: true, lang, iin, files });
    await j.toCheck(page, lang);
    await seen("check-answers");
    const sent = await j.sendFromCheck(page);
    assert.equal(sent.status(), 303);
    const app = await j.confirmation(page, lang);
    await seen("confirmation");

    // The status page: a wrong code, then the application under review.
    await j.postStatus(page, server, { lang, reference: app.reference, code: "WRONGCODE" });
    await seen("status-not-found");
    await j.postStatus(page, server, { lang, reference: "", code: "" });
    await seen("status-errors");
    const under = await j.lookUp(page, server, { lang, ...app });
    assert.equal(under.key, "under_review");
    await seen("status-under-review");

    // A second application while the first is open: the explanation (409).
    await j.openForm(page, server, lang);
    await j.fillOrphan(page, { js: true, lang, iin, files });
    await j.toCheck(page, lang);
    const again = await j.sendFromCheck(page);
    assert.equal(again.status(), 409);
    await seen("second-application-refused");

    // The reviewer: a failed sign-in, the queue, the application, a refusal without a
    // reason, the refusal.
    const reviewer = await reviewerCtx.newPage();
    const reviewerSource = documents(reviewer);
    const rSeen = async (name) => visit(name, reviewer, await reviewerSource());
    await h.open(reviewer, `${server.url}/${lang}/review/`);
    await reviewer.fill("#f-username", h.REVIEWER.name);
    await reviewer.fill("#f-password", "wrong");
    const failed = await j.submit(reviewer, reviewer.locator("main form button[type=submit]"), "/api/review/login");
    assert.equal(failed.status(), 401);
    await rSeen("review-sign-in-failed");
    await j.signIn(reviewer, server, lang);
    await rSeen("review-queue");
    await j.openInQueue(reviewer, app.reference);
    await rSeen("review-detail");
    const noReason = await j.decide(reviewer, { outcome: "refused" });
    assert.equal(noReason.status(), 422);
    await rSeen("review-detail-errors");
    // More information needed: asked, the applicant's page with the answer form, an
    // empty answer, the answer sent, and the reviewer's page with the round.
    const asked = await j.decide(reviewer, { outcome: "information_requested", message: `What is missing (${lang}): the court decision` });
    assert.equal(asked.status(), 303);
    await rSeen("review-detail-waiting");
    await j.postStatus(page, server, { lang, ...app });
    await seen("status-information-requested");
    const answerButton = () => page.locator('form[enctype="multipart/form-data"] button[type=submit]');
    const empty = await j.submit(page, answerButton(), "/answer");
    assert.equal(empty.status(), 422);
    await seen("status-answer-errors");
    await page.fill("#f-text", `Answer (${lang})`);
    await page.setInputFiles("#f-answer", files.category);
    const answered = await j.submit(page, answerButton(), "/answer");
    assert.equal(answered.status(), 200);
    await seen("answer-sent");
    await reviewer.reload();
    await rSeen("review-detail-answered");
    // An internal note, and the page with it.
    await reviewer.fill("#f-note", `A note (${lang}): the applicant called`);
    const noted = await j.submit(reviewer, reviewer.locator("[data-add-note]"), "/notes");
    assert.equal(noted.status(), 303);
    await rSeen("review-detail-with-note");
    const refused = await j.decide(reviewer, { outcome: "refused", reason: `Reason for ${lang}: the court decision is missing` });
    assert.equal(refused.status(), 303);
    await rSeen("review-detail-decided");
    await h.open(reviewer, `${server.url}/api/review/applications?lang=${lang}`);
    await rSeen("review-queue-all");
    // The head of the centre's report: this month's figures, the chart and its table.
    await Promise.all([
      reviewer.waitForURL((u) => u.pathname === "/api/review/reports", { timeout: 30_000 }),
      reviewer.locator("[data-reports]").click(),
    ]);
    assert.equal(await reviewer.locator("svg.chart").count(), 1);
    await rSeen("review-report");
    // Found by its reference, and a search that finds nothing.
    await h.open(reviewer, `${server.url}/api/review/applications?lang=${lang}&q=${app.reference}`);
    assert.equal(await reviewer.locator(`[data-reference="${app.reference}"]`).count(), 1);
    await rSeen("review-queue-found");
    await h.open(reviewer, `${server.url}/api/review/applications?lang=${lang}&q=Zzyzx`);
    assert.equal(await reviewer.locator("[data-find-none]").count(), 1);
    await rSeen("review-queue-found-none");
    // A lead: the application's audit trail, from its page.
    const lead = await leadCtx.newPage();
    const leadSource = documents(lead);
    await j.signIn(lead, server, lang, h.LEAD);
    await h.open(lead, `${server.url}/api/review/applications/${app.reference}?lang=${lang}`);
    await Promise.all([
      lead.waitForURL((u) => u.pathname.endsWith("/trail"), { timeout: 30_000 }),
      lead.locator("[data-trail]").click(),
    ]);
    assert.ok((await lead.locator("tr[data-action]").count()) >= 5, "the trail has the reviewer's steps");
    await visit("review-trail", lead, await leadSource());
    // The lead downloads the month's applications with their personal fields, from the
    // report page; the download is in the trail too.
    await h.open(lead, `${server.url}/api/review/reports?form=dormitory&lang=${lang}`);
    const [download] = await Promise.all([
      lead.waitForEvent("download", { timeout: 30_000 }),
      lead.locator("[data-export-personal]").click(),
    ]);
    const csv = require("node:fs").readFileSync(await download.path(), "utf8");
    assert.ok(csv.startsWith("\ufeffreference,"), "a CSV with its byte order mark");
    assert.ok(csv.includes(app.reference) && csv.includes(iin), "the lead's download has the IIN");
    await h.open(lead, `${server.url}/api/review/applications/${app.reference}/trail?lang=${lang}`);
    assert.equal(await lead.locator('tr[data-action="exported_personal"]').count(), 1);

    // The applicant sees the result with its reason.
    const result = await j.lookUp(page, server, { lang, ...app });
    assert.equal(result.key, "refused");
    await seen("status-refused");

    // Applied again (the refusal freed the applicant), then withdrawn: the question and
    // the page that says it is done.
    await j.openForm(page, server, lang);
    await j.fillOrphan(page, { js: true, lang, iin, files });
    await j.toCheck(page, lang);
    assert.equal((await j.sendFromCheck(page)).status(), 303);
    const next = await j.confirmation(page, lang);
    await j.postStatus(page, server, { lang, ...next });
    const question = await j.submit(page, page.locator("[data-withdraw]"), "/withdraw");
    assert.equal(question.status(), 200);
    await seen("withdraw-question");
    const withdrawn = await j.submit(page, page.locator("main form button[type=submit]"), "/withdraw");
    assert.equal(withdrawn.status(), 200);
    await seen("withdrawn");
  } finally {
    await applicantCtx.close();
    await reviewerCtx.close();
    await leadCtx.close();
    await noJsCtx.close();
  }
}

module.exports = { tour, STATIC };

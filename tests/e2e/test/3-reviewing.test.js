// 3. Reviewing: the reviewer refuses an application with a reason, the applicant sees it
//    and is told by e-mail and SMS in Russian, applies again and is approved; a reviewer
//    asks for more information, the applicant answers on the status page with a text and
//    a document (keyboard and no JavaScript needed), and it is back in the queue; an
//    applicant withdraws an application and is told so, and the queue shows it withdrawn;
//    two reviewers take the same application at once, and exactly one gets it.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const h = require("../lib/harness");
const j = require("../lib/journey");

const portal = h.withPortal({ label: "reviewing", files: true });


const CYRILLIC = /[А-Яа-яЁё]{4,}/;

test("refused with a reason, told in Russian, applies again, approved", { timeout: 180_000 }, async () => {
  const lang = "ru";
  const iin = h.iin(11);
  const reason = "Нет копии решения суда о лишении родительских прав";
  // The applicant and the reviewer use separate browsers' worth of state.
  const applicantCtx = await h.newContext(portal.browser);
  const reviewerCtx = await h.newContext(portal.browser);
  try {
    const applicant = await applicantCtx.newPage();
    const reviewer = await reviewerCtx.newPage();

    const first = await j.apply(applicant, portal.server, { lang, iin, files: portal.files });

    // The reviewer's pages answer nothing before signing in.
    const before = await h.open(reviewer, `${portal.server.url}/api/review/applications?lang=${lang}`);
    assert.equal(before.status(), 401);

    // A wrong password is refused with the error summary.
    await h.open(reviewer, `${portal.server.url}/${lang}/review/`);
    await reviewer.fill("#f-username", h.REVIEWER.name);
    await reviewer.fill("#f-password", "not-the-password");
    const wrong = await j.submit(reviewer, reviewer.locator("main form button[type=submit]"), "/api/review/login");
    assert.equal(wrong.status(), 401);
    assert.equal(await reviewer.locator("[data-error-summary]").isVisible(), true);

    await j.signIn(reviewer, portal.server, lang);
    // The session cookie cannot be read by scripts and stays on this site.
    const cookies = await reviewerCtx.cookies();
    assert.ok(cookies.length >= 1 && cookies.every((c) => c.httpOnly && c.sameSite === "Strict"), JSON.stringify(cookies));

    await j.openInQueue(reviewer, first.reference);
    const detail = await reviewer.locator("main").innerText();
    assert.ok(detail.includes(j.TEXT[lang].name), "the answers are shown");
    assert.ok(detail.includes("death-certificate.pdf"), "the documents are listed");
    // The attached document opens for the reviewer.
    const docHref = await reviewer.locator('main a[href*="/documents/"]').first().getAttribute("href");
    const doc = await reviewerCtx.request.get(portal.server.url + docHref, { timeout: 15_000 });
    assert.equal(doc.status(), 200);
    assert.ok((await doc.body()).subarray(0, 5).toString() === "%PDF-");

    // A refusal needs a reason…
    const noReason = await j.decide(reviewer, { outcome: "refused" });
    assert.equal(noReason.status(), 422);
    assert.equal(await reviewer.locator("#f-reason-error").isVisible(), true);
    // …and is saved with one.
    const refused = await j.decide(reviewer, { outcome: "refused", reason });
    assert.equal(refused.status(), 303);
    assert.equal(await reviewer.locator('[data-status="refused"]').count(), 1);
    assert.ok((await reviewer.locator("main").innerText()).includes(reason));

    // The applicant's status page shows the refusal and its reason.
    const status = await j.lookUp(applicant, portal.server, { lang, reference: first.reference, code: first.code });
    assert.equal(status.key, "refused");
    assert.equal(status.label, j.TEXT[lang].refused);
    assert.equal(status.reason, reason);

    // The outbox: the e-mail and the SMS, in Russian.
    const sms = await h.waitForOutbox(portal.server.outbox, `${first.reference}-refused-sms.txt`);
    assert.match(sms, /^To: \+77012345678$/m, sms);
    assert.match(sms, /^Lang: ru$/m, sms);
    assert.ok(sms.includes(first.reference), sms);
    assert.match(sms, CYRILLIC, "the SMS is written in Russian");
    const eml = await h.waitForOutbox(portal.server.outbox, `${first.reference}-refused-email.eml`);
    assert.match(eml, new RegExp(`^To: ${j.EMAIL.replace(/\./g, "\\.")}\\s*$`, "m"));
    const parts = h.emailParts(eml);
    assert.ok(parts.some((p) => p.type === "text/html"), "the e-mail has an HTML part");
    for (const p of parts) {
      assert.ok(p.text.includes(first.reference), `${p.type} names the reference`);
      assert.ok(p.text.includes(reason), `${p.type} gives the reason`);
      assert.match(p.text, CYRILLIC, `${p.type} is written in Russian`);
    }
    assert.equal(h.emailHeader(eml, "Content-Language"), "ru", "the e-mail declares Russian");
    const subject = h.emailHeader(eml, "Subject");
    assert.match(subject ?? "", CYRILLIC, `the subject is in Russian: ${subject}`);

    // After the refusal the applicant applies again, and this time is approved.
    const second = await j.apply(applicant, portal.server, { lang, iin, files: portal.files });
    assert.notEqual(second.reference, first.reference);
    await j.signIn(reviewer, portal.server, lang);
    await j.openInQueue(reviewer, second.reference);
    const approved = await j.decide(reviewer, { outcome: "approved" });
    assert.equal(approved.status(), 303);
    assert.equal(await reviewer.locator('[data-status="approved"]').count(), 1);
    const now = await j.lookUp(applicant, portal.server, { lang, reference: second.reference, code: second.code });
    assert.equal(now.key, "approved");
    assert.equal(now.label, j.TEXT[lang].approved);
    const approvedSms = await h.waitForOutbox(portal.server.outbox, `${second.reference}-approved-sms.txt`);
    assert.match(approvedSms, /^Lang: ru$/m);
    await h.waitForOutbox(portal.server.outbox, `${second.reference}-approved-email.eml`);
    // The first application's decision stands.
    const still = await j.lookUp(applicant, portal.server, { lang, reference: first.reference, code: first.code });
    assert.equal(still.key, "refused");
  } finally {
    await applicantCtx.close();
    await reviewerCtx.close();
  }
});

test("more information needed: asked, answered with a document, back in the queue", { timeout: 180_000 }, async () => {
  const lang = "kk";
  const missing = "Мүгедектігі туралы анықтаманың көшірмесін тіркеңіз";
  const applyingCtx = await h.newContext(portal.browser);
  // The answer is sent from a browser without JavaScript.
  const applicantCtx = await h.newContext(portal.browser, { js: false });
  const reviewerCtx = await h.newContext(portal.browser);
  try {
    const app = await j.apply(await applyingCtx.newPage(), portal.server, { lang, iin: h.iin(12), files: portal.files });
    const applicant = await applicantCtx.newPage();
    const reviewer = await reviewerCtx.newPage();

    await j.signIn(reviewer, portal.server, lang);
    await j.openInQueue(reviewer, app.reference);
    // Asking needs a message.
    const empty = await j.decide(reviewer, { outcome: "information_requested" });
    assert.equal(empty.status(), 422);
    assert.equal(await reviewer.locator("#f-message-error").isVisible(), true);
    const asked = await j.decide(reviewer, { outcome: "information_requested", message: missing });
    assert.equal(asked.status(), 303);
    assert.equal(await reviewer.locator('[data-status="information_requested"]').count(), 1);

    // Told to look at the status page, without what is asked (it may be medical).
    const sms = await h.waitForOutbox(portal.server.outbox, `${app.reference}-information_requested-sms-1.txt`);
    assert.ok(sms.includes(app.reference) && !sms.includes(missing), sms);
    const eml = await h.waitForOutbox(portal.server.outbox, `${app.reference}-information_requested-email-1.eml`);
    assert.ok(!eml.includes(missing), "the e-mail does not carry the request");

    // The applicant (no JavaScript) reads the request and answers it from the keyboard.
    await j.postStatus(applicant, portal.server, { lang, reference: app.reference, code: app.code });
    assert.equal(await applicant.locator('[data-status="information_requested"]').count(), 1);
    assert.equal((await applicant.locator("[data-request]").innerText()).trim(), missing);
    // Nothing in it: the error summary, and the message by the field.
    await applicant.focus("#f-text");
    const none = await j.submit(applicant, applicant.locator('form[enctype="multipart/form-data"] button[type=submit]'), "/answer");
    assert.equal(none.status(), 422);
    assert.equal(await applicant.locator("[data-error-summary]").isVisible(), true);
    assert.equal(await applicant.locator("#f-text-error").isVisible(), true);
    await applicant.fill("#f-text", "Анықтама тіркелді");
    await applicant.setInputFiles("#f-answer", portal.files.category);
    await applicant.focus('form[enctype="multipart/form-data"] button[type=submit]');
    const sent = await Promise.all([
      applicant.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/answer"), { timeout: 30_000 }),
      applicant.keyboard.press("Enter"),
    ]).then(([r]) => r);
    assert.equal(sent.status(), 200);
    await applicant.waitForLoadState("load");
    assert.ok((await applicant.locator("main").innerText()).includes(app.reference));

    // Back under review; the status page keeps the round and the answer.
    const now = await j.lookUp(applicant, portal.server, { lang, reference: app.reference, code: app.code });
    assert.equal(now.key, "under_review");
    assert.equal((await applicant.locator("[data-answer]").innerText()).trim(), "Анықтама тіркелді");
    assert.equal(await applicant.locator('form[enctype="multipart/form-data"]').count(), 0, "nothing more to answer");

    // The reviewer finds it in the queue marked answered, with the new document.
    await h.open(reviewer, `${portal.server.url}/api/review/applications?lang=${lang}&form=dormitory&status=under_review`);
    const row = reviewer.locator("table.queue tr", { has: reviewer.locator(`a[data-reference="${app.reference}"]`) });
    assert.equal(await row.locator("[data-answered]").count(), 1);
    await j.openInQueue(reviewer, app.reference);
    assert.equal((await reviewer.locator("[data-answer]").innerText()).trim(), "Анықтама тіркелді");
    const docs = await reviewer.locator('main a[href*="/documents/"]').allInnerTexts();
    assert.ok(docs.filter((d) => d === "death-certificate.pdf").length >= 2, `the answer's document is listed: ${docs}`);
    const approved = await j.decide(reviewer, { outcome: "approved" });
    assert.equal(approved.status(), 303);
  } finally {
    await applyingCtx.close();
    await applicantCtx.close();
    await reviewerCtx.close();
  }
});

test("withdrawn by the applicant after are-you-sure, told by SMS, shown withdrawn to the reviewer", { timeout: 180_000 }, async () => {
  const lang = "en";
  const applicantCtx = await h.newContext(portal.browser);
  const reviewerCtx = await h.newContext(portal.browser);
  try {
    const applicant = await applicantCtx.newPage();
    const app = await j.apply(applicant, portal.server, { lang, iin: h.iin(13), files: portal.files });
    await j.postStatus(applicant, portal.server, { lang, reference: app.reference, code: app.code });
    const question = await j.submit(applicant, applicant.locator("[data-withdraw]"), "/withdraw");
    assert.equal(question.status(), 200);
    assert.ok((await applicant.locator("h1").innerText()).includes(app.reference));
    // "No, keep it" changes nothing.
    await Promise.all([applicant.waitForURL((u) => u.pathname === `/${lang}/status/`), applicant.locator("main form a").click()]);
    const still = await j.lookUp(applicant, portal.server, { lang, reference: app.reference, code: app.code });
    assert.equal(still.key, "under_review");
    await j.submit(applicant, applicant.locator("[data-withdraw]"), "/withdraw");
    const done = await j.submit(applicant, applicant.locator("main form button[type=submit]"), "/withdraw");
    assert.equal(done.status(), 200);
    const now = await j.lookUp(applicant, portal.server, { lang, reference: app.reference, code: app.code });
    assert.equal(now.key, "withdrawn");
    assert.equal(await applicant.locator("[data-withdraw]").count(), 0);
    const sms = await h.waitForOutbox(portal.server.outbox, `${app.reference}-withdrawn-sms.txt`);
    assert.ok(sms.includes(app.reference), sms);

    const reviewer = await reviewerCtx.newPage();
    await j.signIn(reviewer, portal.server, lang);
    await h.open(reviewer, `${portal.server.url}/api/review/applications?lang=${lang}&status=withdrawn`);
    assert.equal(await reviewer.locator(`table.queue a[data-reference="${app.reference}"]`).count(), 1);
  } finally {
    await applicantCtx.close();
    await reviewerCtx.close();
  }
});

test("two reviewers take the same application at once: one gets it, the other is told who", { timeout: 180_000 }, async () => {
  const lang = "ru";
  const applyingCtx = await h.newContext(portal.browser);
  const aCtx = await h.newContext(portal.browser);
  const bCtx = await h.newContext(portal.browser);
  try {
    const app = await j.apply(await applyingCtx.newPage(), portal.server, { lang, iin: h.iin(14), files: portal.files });
    const a = await aCtx.newPage();
    const b = await bCtx.newPage();
    await j.signIn(a, portal.server, lang, h.REVIEWER);
    await j.signIn(b, portal.server, lang, h.REVIEWER2);
    await j.openInQueue(a, app.reference);
    await j.openInQueue(b, app.reference);
    // Both click "take" on the page they have, at the same time.
    const [ra, rb] = await Promise.all([
      j.submit(a, a.locator("[data-take]"), "/assignment"),
      j.submit(b, b.locator("[data-take]"), "/assignment"),
    ]);
    const statuses = [ra.status(), rb.status()].sort();
    assert.deepEqual(statuses, [303, 409], "exactly one take wins");
    const [winner, loser, winnerName] = ra.status() === 303 ? [a, b, h.REVIEWER.name] : [b, a, h.REVIEWER2.name];
    assert.equal(await winner.locator(`[data-holder="${winnerName}"]`).count(), 1);
    // The other sees who has it, and no button to take it.
    assert.ok((await loser.locator(".notice").innerText()).includes(winnerName));
    assert.equal(await loser.locator("[data-take]").count(), 0);
    // Nor can they decide it.
    const refused = await j.decide(loser, { outcome: "approved" });
    assert.equal(refused.status(), 409);
    // The holder releases it; then it can be taken again.
    const released = await j.submit(winner, winner.locator("[data-release]"), "/assignment");
    assert.equal(released.status(), 303);
    assert.equal(await winner.locator("[data-take]").count(), 1);
  } finally {
    await applyingCtx.close();
    await aCtx.close();
    await bCtx.close();
  }
});

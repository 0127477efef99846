// The applicant's and the reviewer's steps, as a person takes them in the browser:
// used by the applying, reviewing, accessibility and screenshot tests.
"use strict";

const assert = require("node:assert/strict");
const h = require("./harness");

/** The words the tests look for, per language (from content/i18n and content/forms). */
const TEXT = {
  kk: {
    errorPrefix: "Қате:",
    summaryTitle: "Қателер бар",
    checkTitle: "Өтінішті жібермес бұрын жауаптарыңызды тексеріңіз",
    doneTitle: "Өтініш жіберілді",
    underReview: "Қаралуда",
    refused: "Бас тартылды",
    approved: "Мақұлданды",
    openExists: "әлі қаралуда",
    fullNameRequired: "Тегіңізді, атыңызды және әкеңіздің атын енгізіңіз",
    name: "Жанар Ахметова",
  },
  // The Latin-script edition: the kk words above in the 2021 alphabet (the name is
  // typed, so it stays as typed).
  "kk-latn": {
    errorPrefix: "Qate:",
    summaryTitle: "Qateler bar",
    checkTitle: "Ötınıştı jıbermes būryn jauaptaryñyzdy tekserıñız",
    doneTitle: "Ötınış jıberıldı",
    underReview: "Qaraluda",
    refused: "Bas tartyldy",
    approved: "Maqūldandy",
    openExists: "älı qaraluda",
    fullNameRequired: "Tegıñızdı, atyñyzdy jäne äkeñızdıñ atyn engızıñız",
    name: "Жанар Ахметова",
  },
  ru: {
    errorPrefix: "Ошибка:",
    summaryTitle: "Есть ошибки",
    checkTitle: "Проверьте ответы перед отправкой заявления",
    doneTitle: "Заявление отправлено",
    underReview: "На рассмотрении",
    refused: "Отказано",
    approved: "Одобрено",
    openExists: "ещё на рассмотрении",
    fullNameRequired: "Введите фамилию, имя и отчество",
    name: "Жанар Ахметова",
  },
  en: {
    errorPrefix: "Error:",
    summaryTitle: "There is a problem",
    checkTitle: "Check your answers before sending your application",
    doneTitle: "Application sent",
    underReview: "Under review",
    refused: "Refused",
    approved: "Approved",
    openExists: "still under review",
    fullNameRequired: "Enter your full name",
    name: "Zhanar Akhmetova",
  },
};

const PHONE_TYPED = "8 (701) 234-56-78";
const EMAIL = "zhanar.test@example.kz";

/**
 * Clicks `button` (which submits a form by POST to a URL containing `postPart`) and
 * waits for the page that follows to load. Returns the POST's response (a 303 or the
 * page itself, e.g. 422 or 409).
 */
async function submit(page, button, postPart) {
  const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(postPart), {
    timeout: 30_000,
  });
  await button.click();
  const res = await response;
  await page.waitForLoadState("load");
  // After a redirect, wait for the page it points at.
  if (res.status() === 303) {
    const to = new URL(res.headers()["location"], res.url());
    await page.waitForURL((u) => u.pathname === to.pathname, { timeout: 30_000 });
    await page.waitForLoadState("load");
  }
  return res;
}

/** Opens the dormitory form in `lang`. */
async function openForm(page, server, lang) {
  const res = await h.open(page, `${server.url}/${lang}/forms/dormitory/`);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute("html", "lang"), h.htmlLang(lang));
}

const continueButton = (page) => page.locator("form.app-form button[type=submit]");

/** Sends the form as it is (empty): expects 422 and the error summary. */
async function sendEmpty(page, server, lang) {
  await openForm(page, server, lang);
  const res = await submit(page, continueButton(page), "/check");
  assert.equal(res.status(), 422, "an empty form is refused with 422");
  const summary = page.locator("[data-error-summary]");
  assert.equal(await summary.isVisible(), true);
  assert.equal((await summary.locator("h2").innerText()).trim(), TEXT[lang].summaryTitle);
  assert.ok((await page.title()).startsWith(TEXT[lang].errorPrefix + " "), `the title starts with "${TEXT[lang].errorPrefix}"`);
  return summary;
}

/**
 * Fills the dormitory form for an orphan student. With JavaScript on, the questions that
 * depend on an answer appear only once it is given; with it off they all show.
 */
async function fillOrphan(page, { js, lang, iin, files }) {
  const visible = (sel) => page.locator(sel).isVisible();
  const blockOf = (id) => `[data-show-if]:has(#${id})`;
  if (js) {
    assert.equal(await visible("#f-iin"), false, "the IIN question waits for the citizenship answer");
    assert.equal(await visible("#f-passport_number"), false);
    assert.equal(await visible("#f-category_documents"), false, "the category documents wait for the category");
    assert.equal(await visible("#f-payment_receipt"), false);
  } else {
    for (const id of ["f-iin", "f-passport_number", "f-category_documents", "f-payment_receipt"]) {
      assert.equal(await visible("#" + id), true, `${id} shows without JavaScript`);
      // …each saying when it applies.
      assert.equal(await page.locator(`${blockOf(id)} .cond`).isVisible(), true, `${id} says when it applies`);
    }
  }
  await page.fill("#f-full_name", TEXT[lang].name);
  await page.check('input[name="citizenship"][value="iin"]');
  if (js) {
    await page.locator("#f-iin").waitFor({ state: "visible", timeout: 5000 });
    assert.equal(await visible("#f-passport_number"), false, "the passport question stays hidden for an IIN holder");
  }
  await page.fill("#f-iin", iin);
  await page.fill("#f-phone", PHONE_TYPED);
  await page.fill("#f-email", EMAIL);
  await page.check('input[name="category"][value="orphan"]');
  if (js) {
    await page.locator("#f-category_documents").waitFor({ state: "visible", timeout: 5000 });
    assert.equal(await visible("#f-payment_receipt"), false, "an orphan student pays nothing: no receipt asked");
  }
  await page.setInputFiles("#f-id_document", files.id);
  await page.setInputFiles("#f-category_documents", files.category);
  for (const c of ["confirm_truth", "confirm_rules", "confirm_contract"]) await page.check(`#f-${c}`);
}

/** Continue → the check-your-answers page (303 to it). */
async function toCheck(page, lang) {
  const res = await submit(page, continueButton(page), "/check");
  if (res.status() !== 303) {
    const errors = await page.locator("[data-error-summary]").innerText().catch(() => "");
    assert.fail(`continue answered ${res.status()}, not 303: ${errors}`);
  }
  assert.match(new URL(page.url()).pathname, /^\/api\/forms\/dormitory\/drafts\/[^/]+$/);
  assert.equal((await page.locator("h1").innerText()).trim(), TEXT[lang].checkTitle);
}

/** On check-your-answers: send. Returns the POST's response. */
async function sendFromCheck(page) {
  return submit(page, page.locator("main form button[type=submit]"), "/send");
}

/** On the confirmation page: the reference and the access code. */
async function confirmation(page, lang) {
  assert.match(new URL(page.url()).pathname, /\/done$/);
  assert.equal((await page.locator("h1").innerText()).trim(), TEXT[lang].doneTitle);
  const reference = (await page.locator("[data-reference]").innerText()).trim();
  const code = (await page.locator("[data-code]").innerText()).trim();
  assert.match(reference, /^[A-HJ-NPR-Y2-9]{8}$/, "an 8-character reference without look-alikes");
  assert.ok(code.length >= 6, "an access code");
  return { reference, code };
}

/** The whole application: open, fill, check, send. Returns { reference, code }. */
async function apply(page, server, { lang, iin, files, js = true }) {
  await openForm(page, server, lang);
  await fillOrphan(page, { js, lang, iin, files });
  await toCheck(page, lang);
  const res = await sendFromCheck(page);
  assert.equal(res.status(), 303, "sending redirects to the confirmation");
  return confirmation(page, lang);
}

/**
 * Sends the status form of /{lang}/status/ with these values (a POST: the code is in no
 * URL), as its applicant does; the page it answers with is loaded.
 */
async function postStatus(page, server, { lang, reference, code }) {
  await h.open(page, `${server.url}/${lang}/status/`);
  await page.fill("#f-reference", reference);
  await page.fill("#f-code", code);
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/api/status", { timeout: 30_000 }),
    page.locator("main form button[type=submit]").click(),
  ]);
  await page.waitForLoadState("load");
}

/**
 * Looks the application up on the status page, as its applicant does (the form on
 * /{lang}/status/). Returns { key, label, reason }.
 */
async function lookUp(page, server, { lang, reference, code }) {
  await postStatus(page, server, { lang, reference, code });
  const status = page.locator("[data-status]");
  const key = await status.getAttribute("data-status");
  const label = (await status.innerText()).trim();
  const reasonEl = page.locator("[data-reason]");
  const reason = (await reasonEl.count()) ? (await reasonEl.innerText()).trim() : null;
  return { key, label, reason };
}

/** Signs the reviewer (h.REVIEWER unless `who`) in from /{lang}/review/; lands on the queue. */
async function signIn(page, server, lang, who = h.REVIEWER) {
  const res = await h.open(page, `${server.url}/${lang}/review/`);
  assert.equal(res.status(), 200);
  await page.fill("#f-username", who.name);
  await page.fill("#f-password", who.password);
  const r = await submit(page, page.locator("main form button[type=submit]"), "/api/review/login");
  assert.equal(r.status(), 303, "signed in");
  assert.equal(new URL(page.url()).pathname, "/api/review/applications");
}

/** In the queue (filtered to dormitory, under review): opens the application. */
async function openInQueue(page, reference) {
  await page.selectOption("#f-form", "dormitory");
  await page.selectOption("#f-status", "under_review");
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get("form") === "dormitory", { timeout: 30_000 }),
    page.locator("form.filters button[type=submit]").click(),
  ]);
  const link = page.locator(`table.queue a[data-reference="${reference}"]`);
  assert.equal(await link.count(), 1, `${reference} is in the queue`);
  await Promise.all([
    page.waitForURL((u) => u.pathname === `/api/review/applications/${reference}`, { timeout: 30_000 }),
    link.click(),
  ]);
  await page.waitForLoadState("load");
}

/**
 * On an application's page: decide. `reason` is needed to refuse, `message` to ask for
 * more information (outcome `information_requested`).
 */
async function decide(page, { outcome, reason, message }) {
  await page.check(`input[name="outcome"][value="${outcome}"]`);
  if (reason !== undefined) await page.fill("#f-reason", reason);
  if (message !== undefined) await page.fill("#f-message", message);
  return submit(page, page.locator('main form[action*="/decision"] button[type=submit]'), "/decision");
}

module.exports = {
  postStatus,
  TEXT,
  PHONE_TYPED,
  EMAIL,
  submit,
  openForm,
  sendEmpty,
  fillOrphan,
  toCheck,
  sendFromCheck,
  confirmation,
  apply,
  lookUp,
  signIn,
  openInQueue,
  decide,
};

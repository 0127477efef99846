// Shared helpers of the browser tests: the portal server each test file starts for
// itself (free 127.0.0.1 port, fresh data folder), Debian's Chromium through
// playwright-core, the notification outbox, IINs with a valid check digit.
//
// Every wait here is bounded; every process started here is stopped when the test file
// ends, also when it fails or is interrupted.
"use strict";

const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");

const E2E = path.resolve(__dirname, "..");
const ROOT = path.resolve(E2E, "..", "..");
const ARTIFACTS = path.join(E2E, "artifacts");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const VNU_JAR = path.join(E2E, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
const LANGS = ["kk", "ru", "en"];
/** The site's editions: the languages, and Kazakh in Latin letters (made from kk). */
const EDITIONS = ["kk", "kk-latn", "ru", "en"];
/** The `<html lang>` of an edition's pages. */
const htmlLang = (edition) => (edition === "kk-latn" ? "kk-Latn" : edition);
const REVIEWER = { name: "aigerim", password: "correct-horse-battery" };
/** A second reviewer, for what two reviewers do at once. */
const REVIEWER2 = { name: "dana", password: "battery-staple-horse" };
/** A lead: reads audit trails and exports personal fields. */
const LEAD = { name: "lena", password: "staple-horse-correct" };

/** The portal binary: $PORTAL_BIN, else the release build, else the debug build. */
function portalBin() {
  if (process.env.PORTAL_BIN) return process.env.PORTAL_BIN;
  for (const p of ["target/release/portal", "target/debug/portal"]) {
    const abs = path.join(ROOT, p);
    if (fs.existsSync(abs)) return abs;
  }
  throw new Error("no portal binary: run `cargo build --release --bin portal` in " + ROOT);
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `portal-e2e-${prefix}-`));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Processes to end if this process ends without stopping them (a failed assertion that
// skipped `after`, an uncaught error, SIGTERM from the runner's time limit).
const children = new Set();
function killChildren() {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      /* already gone */
    }
  }
  children.clear();
}
process.on("exit", killChildren);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    killChildren();
    process.exit(128 + (os.constants.signals[sig] || 15));
  });
}

/**
 * Starts `portal serve` on a free port with a fresh data folder. Resolves when
 * /api/health answers (within 90 s). `stop()` ends it and removes the folder.
 */
async function startServer({ label = "server" } = {}) {
  const data = tempDir(label);
  const port = await freePort();
  const log = fs.openSync(path.join(data, "server.log"), "a");
  const child = spawn(
    portalBin(),
    [
      "--content",
      path.join(ROOT, "content"),
      "serve",
      "--port",
      String(port),
      "--data",
      data,
      "--out",
      path.join(data, "public"),
    ],
    {
      // Not the repository: with no views/templates below the working folder the
      // binary uses the templates built into it, so it serves exactly what was built.
      cwd: data,
      env: {
        ...process.env,
        PORTAL_REVIEWERS: `${REVIEWER.name}:${REVIEWER.password},${REVIEWER2.name}:${REVIEWER2.password},${LEAD.name}:${LEAD.password}`,
        // Once a role is written, each reviewer has only what is written.
        PORTAL_ROLES: `${REVIEWER.name}=forms-all;${REVIEWER2.name}=forms-all;${LEAD.name}=leads`,
        RUST_LOG: process.env.RUST_LOG || "warn",
      },
      stdio: ["ignore", log, log],
    },
  );
  children.add(child);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
    children.delete(child);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) {
      throw new Error(
        `portal serve exited (${JSON.stringify(exited)}):\n` + fs.readFileSync(path.join(data, "server.log"), "utf8"),
      );
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        // The site is built before the server listens; the home page must be there.
        const home = await fetch(`${url}/ru/`, { signal: AbortSignal.timeout(2000) });
        if (home.ok) break;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("portal serve did not answer within 90 s:\n" + fs.readFileSync(path.join(data, "server.log"), "utf8"));
    }
    await sleep(200);
  }
  return {
    url,
    port,
    data,
    outbox: path.join(data, "outbox"),
    log: () => fs.readFileSync(path.join(data, "server.log"), "utf8"),
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        const until = Date.now() + 5000;
        while (!exited && Date.now() < until) await sleep(50);
        if (!exited) {
          child.kill("SIGKILL");
          const hard = Date.now() + 5000;
          while (!exited && Date.now() < hard) await sleep(50);
        }
      }
      children.delete(child);
      fs.closeSync(log);
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium through playwright-core (it cannot download its own browser here).
 * `launch()` starts it with a fresh, temporary user-data folder of its own, removed on
 * close.
 */
async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A new context (JavaScript on unless `js: false`) with bounded default waits. */
async function newContext(browser, { js = true, width = 1280, height = 900, ...rest } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: js,
    viewport: { width, height },
    locale: "ru-RU",
    ...rest,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/**
 * A context in which the site's scripts never load: the page as a browser with
 * JavaScript off renders it (the site has no inline scripts), while the test can still
 * run scripts of its own there (axe cannot run where JavaScript is disabled).
 */
async function newNoScriptContext(browser, options = {}) {
  const context = await newContext(browser, options);
  await context.route("**/*", (route) =>
    route.request().resourceType() === "script" ? route.abort() : route.continue(),
  );
  return context;
}

/** Rejects if `promise` has not settled within `ms`. */
function within(ms, what, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Goes to `url` and returns the response (the page stays on it). */
async function open(page, url) {
  const res = await page.goto(url, { waitUntil: "load" });
  if (!res) throw new Error(`no response for ${url}`);
  return res;
}

/** The files of the outbox whose names start with `prefix`, waiting up to `ms` for `name`. */
async function waitForOutbox(outbox, name, ms = 15_000) {
  const file = path.join(outbox, name);
  const until = Date.now() + ms;
  for (;;) {
    if (fs.existsSync(file)) {
      // The writer may still be writing: wait until two reads agree and are not empty.
      const a = fs.readFileSync(file, "utf8");
      await sleep(100);
      const b = fs.readFileSync(file, "utf8");
      if (a && a === b) return b;
    }
    if (Date.now() > until) {
      const have = fs.existsSync(outbox) ? fs.readdirSync(outbox).join(", ") : "(no outbox)";
      throw new Error(`${name} never reached the outbox within ${ms} ms; it holds: ${have}`);
    }
    await sleep(100);
  }
}

/** The decoded text of every base64 part of an e-mail (text/plain and text/html). */
function emailParts(eml) {
  const parts = [];
  const re = /Content-Type: (text\/[a-z]+)[^\r\n]*\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/g;
  let m;
  while ((m = re.exec(eml))) {
    parts.push({ type: m[1], text: Buffer.from(m[2].replace(/\s+/g, ""), "base64").toString("utf8") });
  }
  return parts;
}

/** Header value of a raw e-mail (decodes RFC 2047 UTF-8 base64/Q words). */
function emailHeader(eml, name) {
  const head = eml.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ":"));
  if (!line) return null;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc, text) =>
      enc.toLowerCase() === "b"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

/**
 * A valid IIN (born 1 Jan 1990, male) with the given serial: the check digit per the
 * Kazakh algorithm (weights 1..11, then 3..11,1,2 when the first sum gives 10).
 */
function iin(serial) {
  for (let s = serial; s < serial + 100; s++) {
    const base = "9001013" + String(s % 10000).padStart(4, "0");
    const d = [...base].map(Number);
    let c = d.reduce((sum, x, i) => sum + x * (i + 1), 0) % 11;
    if (c === 10) {
      const w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
      c = d.reduce((sum, x, i) => sum + x * w[i], 0) % 11;
      if (c === 10) continue;
    }
    return base + c;
  }
  throw new Error("no valid IIN near serial " + serial);
}

/** Small PDF files to attach (they only need to start with `%PDF-`). */
function pdfFiles(dir) {
  const mk = (name) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, `%PDF-1.4\n% ${name}: a scanned document for the browser tests\n%%EOF\n`);
    return p;
  };
  return {
    id: mk("id-card.pdf"),
    category: mk("death-certificate.pdf"),
    receipt: mk("payment-receipt.pdf"),
  };
}

function artifactPath(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/**
 * The fixture of a test file: registers `before` and `after` with node:test and returns
 * an object they fill in. `before` starts `portal serve` (fresh data folder), Debian's
 * Chromium unless `browser: false`, one context and page if `page: true`, and sample
 * PDFs if `files: true`; `after` closes and removes all of it, also when a test failed.
 *
 *   const portal = h.withPortal({ label: "applying", files: true });
 *   test("…", async () => { … portal.browser … portal.server.url … portal.files … });
 */
function withPortal({ label, server = true, browser = true, page = false, files = false } = {}) {
  const { before, after } = require("node:test");
  const fixture = { server: null, browser: null, context: null, page: null, files: null, tmp: null };
  before(async () => {
    if (server) fixture.server = await startServer({ label });
    if (browser) fixture.browser = await launchBrowser();
    if (page) {
      fixture.context = await newContext(fixture.browser);
      fixture.page = await fixture.context.newPage();
    }
    if (files || !server) {
      fixture.tmp = tempDir(label || "files");
      if (files) fixture.files = pdfFiles(fixture.tmp);
    }
  });
  after(async () => {
    await fixture.context?.close().catch(() => {});
    await fixture.browser?.close().catch(() => {});
    await fixture.server?.stop();
    if (fixture.tmp) fs.rmSync(fixture.tmp, { recursive: true, force: true });
  });
  return fixture;
}

/** Runs the Nu Html Checker on a folder; returns its error lines ([] when valid). */
function vnu(dir) {
  const r = spawnSync("java", ["-Xss4m", "-jar", VNU_JAR, "--errors-only", "--skip-non-html", "--format", "gnu", dir], {
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

module.exports = {
  withPortal,
  ROOT,
  E2E,
  ARTIFACTS,
  CHROMIUM,
  VNU_JAR,
  LANGS,
  EDITIONS,
  htmlLang,
  vnu,
  REVIEWER,
  REVIEWER2,
  LEAD,
  portalBin,
  tempDir,
  startServer,
  launchBrowser,
  newContext,
  newNoScriptContext,
  within,
  open,
  sleep,
  waitForOutbox,
  emailParts,
  emailHeader,
  iin,
  pdfFiles,
  artifactPath,
  spawnSync,
};

// The working-day calculator of the site's JavaScript (views/assets/site.js,
// `dueDate`) against the vectors the Rust code also passes
// (views/tests/working_days_vectors.rs). The holidays are
// tests/vectors/holidays.json: the days off and working weekends of
// content/holidays/, as the pages embed them; the Rust test keeps that file up to date.
//
//   node --test tests/calculators/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..", "..");
const read = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), "utf8"));
const { dueDate } = require(path.join(root, "views", "assets", "site.js"));
const vectors = read("tests/vectors/working_days.json");
const holidays = read("tests/vectors/holidays.json");

function check() {
  const wrong = vectors
    .map((v) => [v, dueDate(v.start, v.days, holidays.days_off, holidays.working_weekends)])
    .filter(([v, got]) => got !== v.due)
    .map(([v, got]) => `${v.start} + ${v.days}: expected ${v.due}, got ${got} (${v.why})`);
  assert.deepEqual(wrong, []);
}

test("every shared vector", () => {
  assert.ok(vectors.length >= 20, `${vectors.length} vectors`);
  check();
});

test("the holidays are those of content/holidays/", () => {
  for (const d of ["2026-01-01", "2026-03-23", "2026-03-24", "2026-03-25", "2027-01-04"]) {
    assert.ok(holidays.days_off.includes(d), d);
  }
});

test("the time zone of the browser does not matter", () => {
  const before = process.env.TZ;
  try {
    for (const tz of ["Asia/Almaty", "America/Los_Angeles", "Pacific/Kiritimati", "UTC"]) {
      process.env.TZ = tz;
      check();
    }
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
});

test("a weekend day made working counts, a day off does not", () => {
  // Saturday 2026-11-28 made a working day: Sat, Mon, Tue.
  assert.equal(dueDate("2026-11-28", 3, [], ["2026-11-28"]), "2026-12-01");
  // Monday 2026-11-23 a day off: Tue, Wed, Thu.
  assert.equal(dueDate("2026-11-23", 3, ["2026-11-23"], []), "2026-11-26");
  assert.equal(dueDate("not a date", 3, [], []), null);
});

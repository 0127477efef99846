//! The work plan as data (views without JavaScript, CSV/JSON/iCalendar exports) and the
//! service pages' calculators, on the real `content/`, built for a fixed date.
//!
//! The `.ics` files are read with a real iCalendar parser (the `icalendar` crate) and
//! their recurrence rules expanded with the `rrule` crate behind it.
//!
//! ```text
//! cargo test -p generator --test workplan_and_calculators
//! ```

use chrono::{Datelike, Duration, NaiveDate};
use content_model::deadline::When;
use content_model::working_days::Calendar;
use content_model::{Content, Lang};
use generator::BuildOptions;
use icalendar::{Component, EventLike};
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use views::calculators::holidays_json;

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

fn content() -> Content {
    match content_model::load(&content_dir()) {
        Ok(l) => l.content,
        Err(d) => panic!("content/ should load:\n{d}"),
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("an ISO date")
}

/// The real content, built for `today` into a temporary folder.
struct Site {
    _dir: TempDir,
    root: PathBuf,
}

impl Site {
    fn build(today: &str) -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("public");
        let mut opts = BuildOptions::new(content_dir(), &root);
        opts.today = Some(d(today));
        if let Err(e) = generator::build(&opts) {
            panic!("the real content should build: {e}");
        }
        Site { _dir: dir, root }
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn has(&self, rel: &str) -> bool {
        self.root.join(rel).is_file()
    }

    fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a selector")
}

fn texts(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(doc: &Html, s: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(s))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every `id` of a page is unique (valid HTML; labels and `aria-labelledby` point at one).
fn assert_unique_ids(doc: &Html, page: &str) {
    let mut seen = BTreeSet::new();
    for id in attrs(doc, "[id]", "id") {
        assert!(
            seen.insert(id.clone()),
            "{page}: the id {id:?} is used twice"
        );
    }
}

/// How many events a deadline gives: one per date or month, one recurring event for the
/// recurring kinds, none without a date.
fn expected_events(w: &When) -> usize {
    match w {
        When::On(_) | When::By(_) => 1,
        When::Dates(v) => v.len(),
        When::Months(v) => v.len(),
        When::Monthly | When::MonthlyByDay(_) | When::EveryMonths(_) | When::Quarterly => 1,
        _ => 0,
    }
}

#[test]
fn the_ics_export_parses_with_a_real_icalendar_parser() {
    let c = content();
    let plan = c.workplan.as_ref().expect("a work plan");
    let rows: Vec<_> = plan.sections.iter().flat_map(|s| &s.data.rows).collect();
    let expected: usize = rows.iter().map(|r| expected_events(&r.deadline.when)).sum();
    let recurring = rows
        .iter()
        .filter(|r| {
            matches!(
                r.deadline.when,
                When::Monthly | When::MonthlyByDay(_) | When::EveryMonths(_) | When::Quarterly
            )
        })
        .count();
    assert!(
        expected > 50 && recurring > 0,
        "{expected} events, {recurring} recurring"
    );

    let site = Site::build("2025-10-15");
    let mut uids_by_lang = BTreeMap::new();
    for lang in Lang::ALL {
        let rel = format!("{lang}/workplan/plan.ics");
        let text = site.read(&rel);

        // RFC 5545 §3.1: CRLF line ends, lines of at most 75 octets.
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{rel}");
        for line in text.split("\r\n") {
            assert!(
                !line.contains('\n') && !line.contains('\r'),
                "{rel}: a bare line break"
            );
            assert!(line.len() <= 75, "{rel}: {} octets: {line}", line.len());
        }

        // The parser with line-numbered errors, on the unfolded text.
        let unfolded = icalendar::parser::unfold(&text);
        let parsed = icalendar::parser::read_calendar(&unfolded)
            .unwrap_or_else(|e| panic!("{rel} does not parse:\n{e}"));
        assert_eq!(parsed.components.len(), expected, "{rel}: the components");
        assert!(
            parsed.components.iter().all(|c| c.name == "VEVENT"),
            "{rel}"
        );
        let props: BTreeMap<String, String> = parsed
            .properties
            .iter()
            .map(|p| (p.name.to_string(), p.val.to_string()))
            .collect();
        assert_eq!(props.get("VERSION").map(String::as_str), Some("2.0"));
        assert!(props.get("PRODID").is_some_and(|p| p.starts_with("-//")));

        // The typed calendar: events, summaries, recurrences.
        let cal: icalendar::Calendar = text
            .parse()
            .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"));
        let events: Vec<&icalendar::Event> = cal.events().collect();
        assert_eq!(
            events.len(),
            expected,
            "{rel}: one event per dated deadline"
        );
        let uids: BTreeSet<String> = events
            .iter()
            .map(|e| e.get_uid().expect("a UID").to_string())
            .collect();
        assert_eq!(uids.len(), events.len(), "{rel}: the UIDs are unique");
        uids_by_lang.insert(lang, uids);

        let lx_activity: BTreeSet<String> = rows
            .iter()
            .map(|r| r.activity.get(lang).expect("a text").text.to_string())
            .collect();
        for e in &events {
            let summary = e.get_summary().expect("a SUMMARY");
            assert!(lx_activity.contains(summary), "{rel}: SUMMARY {summary:?}");
            assert!(e.property_value("DTSTAMP").is_some(), "{rel}: DTSTAMP");
            let start = e.properties().get("DTSTART").expect("DTSTART");
            assert_eq!(
                start.params().get("VALUE").map(|p| p.value()),
                Some("DATE"),
                "{rel}: all-day events"
            );
            let description = e.get_description().expect("a DESCRIPTION");
            assert!(
                description.contains('\n'),
                "{rel}: escaped line breaks read back"
            );
        }

        // The recurring ones: RRULEs bounded by the end of the academic year.
        let mut by_rule: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for e in &events {
            let Some(rule) = e.property_value("RRULE") else {
                continue;
            };
            assert!(rule.ends_with(";UNTIL=20260831"), "{rel}: {rule}");
            let set = e
                .get_recurrence()
                .unwrap_or_else(|err| panic!("{rel}: {rule}: {err}"));
            let dates = set.all(100);
            assert!(!dates.limited, "{rel}: {rule} ends");
            for o in &dates.dates {
                let day = o.date_naive();
                assert!(
                    (d("2025-09-01")..=d("2026-08-31")).contains(&day),
                    "{rel}: {rule}: {day}"
                );
            }
            by_rule
                .entry(rule.to_string())
                .or_default()
                .push(dates.dates.len());
        }
        assert_eq!(
            by_rule.values().map(Vec::len).sum::<usize>(),
            recurring,
            "{rel}: {by_rule:?}"
        );
        // "By the 20th of each month": every month of the academic year, on the 20th.
        let monthly_20 = "FREQ=MONTHLY;BYMONTHDAY=20;UNTIL=20260831";
        assert_eq!(
            by_rule.get(monthly_20),
            Some(&vec![12]),
            "{rel}: {by_rule:?}"
        );
        // "Every two months" (section 3): September, November, January, March, May, July.
        let every_2 = by_rule.get("FREQ=MONTHLY;INTERVAL=2;UNTIL=20260831");
        assert_eq!(every_2, Some(&vec![6]), "{rel}: {by_rule:?}");
        let every_3 = by_rule.get("FREQ=MONTHLY;INTERVAL=3;UNTIL=20260831");
        assert!(
            every_3.is_none_or(|v| v.iter().all(|n| *n == 4)),
            "{by_rule:?}"
        );
        let monthly = by_rule.get("FREQ=MONTHLY;UNTIL=20260831");
        assert!(
            monthly.is_none_or(|v| v.iter().all(|n| *n == 12)),
            "{by_rule:?}"
        );
    }

    // The UIDs do not depend on the day of the build (calendar apps update, not duplicate).
    let later = Site::build("2026-11-20");
    for lang in Lang::ALL {
        let cal: icalendar::Calendar = later
            .read(&format!("{lang}/workplan/plan.ics"))
            .parse()
            .expect("parses");
        let uids: BTreeSet<String> = cal
            .events()
            .map(|e| e.get_uid().expect("a UID").to_string())
            .collect();
        assert_eq!(uids, uids_by_lang[&lang], "{lang}: stable UIDs");
    }
}

/// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR is followed by LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a bare LF ends a record"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

#[test]
fn the_csv_and_json_exports_hold_every_row() {
    let c = content();
    let plan = c.workplan.as_ref().expect("a work plan");
    let rows: usize = plan.sections.iter().map(|s| s.data.rows.len()).sum();
    let site = Site::build("2025-10-15");
    for lang in Lang::ALL {
        let csv = site.read(&format!("{lang}/workplan/plan.csv"));
        let body = csv
            .strip_prefix('\u{feff}')
            .expect("a byte-order mark, so that Excel reads UTF-8");
        let records = read_csv(body);
        assert_eq!(
            records.len(),
            rows + 1,
            "{lang}: a header and one line per row"
        );
        assert!(
            records.iter().all(|r| r.len() == 10),
            "{lang}: 10 fields each"
        );
        let first = &plan.sections[0].data.rows[0];
        assert_eq!(
            records[1][3],
            first.activity.get(lang).expect("a text").text,
            "{lang}: the activity, unquoted back"
        );
        assert_eq!(records[1][7], first.deadline.when.kind());

        let json: serde_json::Value =
            serde_json::from_str(&site.read(&format!("{lang}/workplan/plan.json")))
                .expect("valid JSON");
        assert_eq!(json["lang"], lang.code());
        let n: usize = json["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .map(|s| s["rows"].as_array().expect("rows").len())
            .sum();
        assert_eq!(n, rows);
        assert_eq!(
            json["sections"][0]["rows"][0]["deadline"]["when"]["by"],
            "2025-09-01"
        );
    }
}

#[test]
fn the_plan_has_a_page_per_section_unit_and_this_month() {
    let c = content();
    let plan = c.workplan.as_ref().expect("a work plan");
    let site = Site::build("2025-10-15");
    for lang in Lang::ALL {
        let whole = site.html(&format!("{lang}/workplan/index.html"));
        let links: BTreeSet<String> = attrs(&whole, "nav.plan-views a", "href")
            .into_iter()
            .collect();
        for s in &plan.sections {
            let url = format!("/{lang}/workplan/section-{}/", s.data.number);
            assert!(links.contains(&url), "{url} is linked");
            let page = site.html(&format!(
                "{lang}/workplan/section-{}/index.html",
                s.data.number
            ));
            assert_eq!(
                attrs(&page, "table.plan tbody tr", "id").len(),
                s.data.rows.len(),
                "{url}"
            );
            assert_unique_ids(&page, &url);
        }
        let units: BTreeSet<&String> = plan
            .sections
            .iter()
            .flat_map(|s| s.data.rows.iter().flat_map(|r| &r.units))
            .collect();
        for u in &units {
            let url = format!("/{lang}/workplan/unit/{u}/");
            assert!(links.contains(&url), "{url} is linked");
            let n = plan
                .sections
                .iter()
                .flat_map(|s| &s.data.rows)
                .filter(|r| r.units.contains(u))
                .count();
            let page = site.html(&format!("{lang}/workplan/unit/{u}/index.html"));
            assert_eq!(attrs(&page, "table.plan tbody tr", "id").len(), n, "{url}");
            assert_unique_ids(&page, &url);
        }
        for file in ["plan.csv", "plan.json", "plan.ics"] {
            assert!(
                links.contains(&format!("/{lang}/workplan/{file}")),
                "{file}"
            );
        }

        // October 2025: the rows of that month, and the monthly ones.
        let month = content_model::deadline::YearMonth {
            year: 2025,
            month: 10,
        };
        let expected: BTreeSet<String> = plan
            .sections
            .iter()
            .flat_map(|s| {
                s.data
                    .rows
                    .iter()
                    .filter(|r| {
                        r.deadline.when.is_monthly() || r.deadline.when.months().contains(&month)
                    })
                    .map(move |r| format!("row-{}-{}", s.data.number, r.no))
            })
            .collect();
        assert!(expected.len() > 5, "{expected:?}");
        let page = site.html(&format!("{lang}/workplan/this-month/index.html"));
        let got: BTreeSet<String> = attrs(&page, "table.plan tbody tr", "id")
            .into_iter()
            .collect();
        assert_eq!(got, expected, "{lang}: this month");
        assert_unique_ids(&page, "this-month");
        let current = texts(&page, "nav.plan-views a[aria-current]");
        let name = match lang {
            Lang::Kk => "қазан",
            Lang::Ru => "октябрь 2025",
            Lang::En => "October 2025",
        };
        assert!(
            current.len() == 1 && current[0].contains(name),
            "{current:?}"
        );
    }
    // Outside the academic year, only the monthly rows, and a word about it.
    let later = Site::build("2026-11-20");
    let page = later.read("en/workplan/this-month/index.html");
    assert!(page.contains("Plan for November 2026"));
    assert!(page.contains("this month is outside it"), "{page}");
    let doc = Html::parse_document(&page);
    let monthly = plan
        .sections
        .iter()
        .flat_map(|s| &s.data.rows)
        .filter(|r| r.deadline.when.is_monthly())
        .count();
    assert_eq!(attrs(&doc, "table.plan tbody tr", "id").len(), monthly);
}

#[test]
fn the_dormitory_page_has_the_fee_calculator_from_the_form() {
    let c = content();
    let form = c.form("dormitory").expect("the dormitory form");
    let field = form.data.fee_field().expect("a field with fees");
    let site = Site::build("2026-11-20");
    for lang in Lang::ALL {
        let rel = format!("{lang}/services/dormitory/index.html");
        let doc = site.html(&rel);
        assert_unique_ids(&doc, &rel);
        // Without JavaScript: hidden; the table of fees stays the page's answer.
        let calc: Vec<_> = doc.select(&sel("[data-fee-calc]")).collect();
        assert_eq!(calc.len(), 1, "{rel}");
        assert!(
            calc[0].value().attr("hidden").is_some(),
            "{rel}: hidden until JS runs"
        );
        assert!(
            !texts(&doc, "table.fees td").is_empty(),
            "{rel}: the table of fees"
        );
        let radios: Vec<_> = doc
            .select(&sel("[data-fee-calc] input[type=radio]"))
            .collect();
        let options: Vec<_> = field.options.iter().filter(|o| o.fee.is_some()).collect();
        assert_eq!(radios.len(), options.len(), "{rel}");
        for (r, o) in radios.iter().zip(&options) {
            let id = r.value().attr("id").expect("an id");
            assert_eq!(
                doc.select(&sel(&format!("label[for=\"{id}\"]"))).count(),
                1,
                "{rel}: a label for {id}"
            );
            let docs: Vec<String> =
                serde_json::from_str(r.value().attr("data-docs").expect("data-docs"))
                    .expect("a JSON array");
            let want: Vec<String> = o
                .documents
                .iter()
                .map(|t| t.get(lang).expect("a text").text.to_string())
                .collect();
            assert_eq!(docs, want, "{rel}: {}", o.value);
            assert!(!r.value().attr("data-fee").unwrap_or("").is_empty());
        }
    }
    let ru = site.read("ru/services/dormitory/index.html");
    assert!(
        ru.contains("data-fee=\"10\u{a0}000 тенге в месяц\""),
        "the fee text"
    );
}

#[test]
fn the_working_day_calculators_carry_the_holidays_and_a_table() {
    let c = content();
    let cal = Calendar::new(&c.holidays);
    let today = d("2026-03-18");
    let site = Site::build("2026-03-18");
    // The holidays the pages embed are those of the JavaScript test.
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/holidays.json"),
    )
    .expect("tests/vectors/holidays.json");
    assert_eq!(committed, holidays_json(&c.holidays));
    let held: serde_json::Value = serde_json::from_str(&committed).expect("JSON");
    let off: Vec<&str> = held["days_off"]
        .as_array()
        .expect("days_off")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();

    for (slug, min, max) in [
        ("foreign-stay-notification", 3, 3),
        ("transcript", 3, 5),
        ("certificate-military-office", 3, 3),
    ] {
        for lang in Lang::ALL {
            let rel = format!("{lang}/services/{slug}/index.html");
            let doc = site.html(&rel);
            assert_unique_ids(&doc, &rel);
            let calc: Vec<_> = doc.select(&sel("[data-due-calc]")).collect();
            assert_eq!(calc.len(), 1, "{rel}");
            let el = calc[0].value();
            assert!(el.attr("hidden").is_some(), "{rel}: hidden until JS runs");
            assert_eq!(
                el.attr("data-days"),
                Some(min.to_string().as_str()),
                "{rel}"
            );
            assert_eq!(
                el.attr("data-days-max"),
                Some(max.to_string().as_str()),
                "{rel}"
            );
            assert_eq!(
                el.attr("data-days-off"),
                Some(off.join(" ").as_str()),
                "{rel}"
            );
            assert!(
                el.attr("data-template")
                    .is_some_and(|t| t.contains("{date}"))
            );
            let input = attrs(&doc, "[data-due-calc] input[type=date]", "id");
            assert_eq!(
                attrs(&doc, "[data-due-calc] label", "for"),
                input,
                "{rel}: the date input has its label"
            );
            // Without JavaScript: the next 14 days, counted at build time.
            let cells: Vec<Vec<String>> = doc
                .select(&sel("table.due-table tbody tr"))
                .map(|tr| {
                    tr.select(&sel("time"))
                        .filter_map(|t| t.value().attr("datetime").map(str::to_string))
                        .collect()
                })
                .collect();
            assert_eq!(cells.len(), 14, "{rel}");
            for (i, row) in cells.iter().enumerate() {
                let start = today + Duration::days(i as i64);
                let mut want = vec![start.to_string(), cal.due_date(start, min).to_string()];
                if max > min {
                    want.push(cal.due_date(start, max).to_string());
                }
                assert_eq!(row, &want, "{rel}: row {i}");
            }
        }
    }
    // Nauryz is in the table: Friday 20 March 2026 → Friday 27 March.
    let en = site.read("en/services/foreign-stay-notification/index.html");
    assert!(
        en.contains(r#"<td><time datetime="2026-03-20">Friday, 20 March 2026</time></td><td><time datetime="2026-03-27">Friday, 27 March 2026</time></td>"#),
        "{en}"
    );
    assert!(en.contains("Monday, 23 March 2026</time> <span class=\"small\">(day off)</span>"));
    assert_eq!(today.weekday(), chrono::Weekday::Wed);
    // A service with neither a time limit nor a processing time has no calculator.
    assert!(site.has("en/services/dormitory/index.html"));
    assert!(
        !site
            .read("en/services/dormitory/index.html")
            .contains("data-due-calc")
    );
}

//! The real content against its sources (`../shared/seeds/`): counts, numbering, amounts,
//! periods and deadlines exactly as the documents give them, and every text in three
//! languages.

use chrono::NaiveDate;
use content_model::deadline::When;
use content_model::fee::{Currency, Period};
use content_model::service::DayRange;
use content_model::{Content, Lang};
use std::path::{Path, PathBuf};

fn content() -> Content {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    content_model::load_strict(&root, content_model::StaleTranslations::Refuse)
        .unwrap_or_else(|d| panic!("content/ must load strictly:\n{d}"))
        .content
}

fn seeds() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    assert!(
        p.is_dir(),
        "the source documents are expected in {} (shared/ beside the clone)",
        p.display()
    );
    p
}

/// Text with runs of white space folded, for comparing with a PDF extract.
fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_text_is_in_three_languages() {
    // load_strict fails on any missing translation, and here on any stale or unrecorded
    // one; check the count of things too.
    let c = content();
    assert!(c.services.len() >= 25, "{} services", c.services.len());
    assert_eq!(c.guides.len(), 4);
    for g in &c.guides {
        for l in Lang::ALL {
            assert!(g.bodies.contains_key(&l), "guide {} lacks {l}", g.slug);
        }
    }
    assert!(c.glossary.entries.len() >= 27);
}

#[test]
fn the_work_plan_has_its_127_rows_numbered_as_in_the_source() {
    let c = content();
    let plan = c.workplan.as_ref().expect("the work plan");
    let counts: Vec<usize> = plan.sections.iter().map(|s| s.data.rows.len()).collect();
    assert_eq!(counts, [55, 17, 30, 25]);
    let numbers = |i: usize| {
        plan.sections[i]
            .data
            .rows
            .iter()
            .map(|r| r.no)
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers(0), (1..=55).collect::<Vec<_>>());
    assert_eq!(numbers(1), (1..=17).collect::<Vec<_>>());
    assert_eq!(
        numbers(2),
        (1..=23).chain(26..=32).collect::<Vec<_>>(),
        "section 3 skips 24 and 25 as the source does"
    );
    assert_eq!(numbers(3), (1..=25).collect::<Vec<_>>());
    let note = plan.sections[2]
        .data
        .note
        .as_ref()
        .expect("section 3 explains the gap");
    for l in Lang::ALL {
        let t = note.exact(l).unwrap();
        assert!(t.contains("24") && t.contains("25"), "{l}: {t}");
    }
    assert_eq!(plan.meta.academic_year, "2025-2026");
    assert!(
        plan.meta
            .approved_by
            .name
            .exact(Lang::Kk)
            .unwrap()
            .contains("Нурекенова")
    );
}

#[test]
fn ten_plan_rows_match_the_source_wording() {
    let source =
        folded(&std::fs::read_to_string(seeds().join("003_264a4ce60706ff4a.txt")).unwrap());
    let c = content();
    let plan = c.workplan.as_ref().unwrap();
    let row = |section: usize, no: u32| {
        plan.sections[section - 1]
            .data
            .rows
            .iter()
            .find(|r| r.no == no)
            .unwrap_or_else(|| panic!("row {section}.{no}"))
    };
    // (section, row, words of the Kazakh activity as printed, the deadline's structure)
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let checks: Vec<(usize, u32, &str, When)> = vec![
        (
            1,
            1,
            "Бірінші курс студенттеріне бейімделу апталығын ұйымдастыру",
            When::By(d("2025-09-01")),
        ),
        (
            1,
            2,
            "үшін академиялық күнтізбелерді бекіту",
            When::By(d("2025-08-28")),
        ),
        (
            1,
            12,
            "аттестаттау комиссияларының (АК) құрамын қалыптастыру",
            When::By(d("2025-12-19")),
        ),
        (
            1,
            23,
            "Академиялық кеңесінің отырыстарын дайындау және өткізу",
            When::EveryMonths(2),
        ),
        (
            1,
            24,
            "Сағаттық төлем бойынша өтініштерді қабылдау, рәсімдеу және есепке алу",
            When::MonthlyByDay(20),
        ),
        (
            1,
            55,
            "ТПР аясында ТБЖ көрсеткіштерін сәйкестендіру және бақылау",
            When::Dates(vec![d("2025-11-25"), d("2026-06-01")]),
        ),
        (
            2,
            10,
            "«Coursera Qazaq Tilinde» жобасы бойынша",
            When::By(d("2025-12-31")),
        ),
        (2, 16, "тренингтерін өткізу", When::By(d("2025-12-15"))),
        (
            3,
            3,
            "мемлекеттік білім беру гранты (несие қаражаты) бойынша тізімдерін",
            When::Quarterly,
        ),
        (
            3,
            18,
            "дипломдарының бланкілерін",
            When::Dates(vec![d("2025-12-20"), d("2026-01-20"), d("2026-06-25")]),
        ),
        (
            4,
            6,
            "Емтихан сессиясы бойынша жиынтық ведомостарды техникалық ресімдеу",
            When::TwiceAYear,
        ),
        (
            4,
            9,
            "S-portal жүйесінде грант иегері студенттерге стипендияны қалыптастыру",
            When::Monthly,
        ),
    ];
    for (section, no, words, when) in checks {
        let r = row(section, no);
        let kk = folded(r.activity.exact(Lang::Kk).unwrap());
        assert!(
            kk.contains(words),
            "{section}.{no}: `{words}` not in `{kk}`"
        );
        assert!(
            source.contains(words),
            "{section}.{no}: `{words}` is not the source's wording"
        );
        assert_eq!(r.deadline.when, when, "{section}.{no}");
    }
}

#[test]
fn a_repeated_word_of_the_source_is_said_in_every_language() {
    // Section 4, row 1 reads «күндізгі және күндізгі» ("full-time and full-time"): the
    // site keeps it and says so rather than guessing the second form of study.
    let c = content();
    let plan = c.workplan.as_ref().expect("the work plan");
    let row = plan
        .sections
        .iter()
        .find(|s| s.data.number == 4)
        .and_then(|s| s.data.rows.iter().find(|r| r.no == 1))
        .expect("row 4.1");
    for (lang, says) in [
        (Lang::Kk, "сөзі қайталанған"),
        (Lang::Ru, "слово повторено"),
        (Lang::En, "the word is repeated"),
    ] {
        let text = row.activity.exact(lang).unwrap();
        assert!(text.contains("күндізгі және күндізгі"), "{lang}: {text}");
        assert!(text.contains(says), "{lang}: {text}");
    }
}

#[test]
fn dormitory_fees_and_proof_documents_are_the_sources() {
    let c = content();
    let form = &c.form("dormitory").expect("the dormitory form").data;
    let category = form
        .fee_field()
        .expect("the category field carries the fees");
    let fee = |v: &str| {
        category
            .options
            .iter()
            .find(|o| o.value == v)
            .unwrap()
            .fee
            .unwrap()
    };
    for (v, amount) in [
        ("standard", 10_000),
        ("large_family", 5_000),
        ("south_west_first_year", 5_000),
        ("orphan", 0),
        ("disability", 0),
    ] {
        let f = fee(v);
        assert_eq!(
            (f.amount, f.currency, f.per),
            (amount, Currency::Kzt, Period::Month),
            "{v}"
        );
    }
    let docs = |v: &str| {
        category
            .options
            .iter()
            .find(|o| o.value == v)
            .unwrap()
            .documents
            .len()
    };
    assert_eq!(
        (docs("large_family"), docs("orphan"), docs("disability")),
        (4, 4, 1)
    );
    let confirmations = form
        .fields()
        .filter(|f| f.kind == content_model::form::FieldType::Confirm)
        .count();
    assert_eq!(
        confirmations, 3,
        "truthfulness, the regulations, the contract by EDS"
    );
}

#[test]
fn amounts_periods_and_deadlines_of_the_foreign_students_rules() {
    let c = content();
    let mci = c.site.mci.expect("the MCI");
    assert_eq!((mci.year, mci.amount), (2025, 3932));
    let notification = &c.service("foreign-stay-notification").unwrap().data;
    assert_eq!(notification.time_limit.as_ref().unwrap().working_days, 3);
    assert_eq!(notification.time_limit.as_ref().unwrap().examples.len(), 2);
    let fine = &notification.fines[0];
    assert_eq!((fine.mci.min, fine.mci.max), (10, 20));
    let trp = &c.service("temporary-residence-permit").unwrap().data;
    let limits: Vec<(u32, u32)> = trp
        .stay_limits
        .iter()
        .map(|l| (l.days, l.within_days))
        .collect();
    assert_eq!(limits, [(90, 180), (30, 180)]);
}

#[test]
fn certificates_take_three_working_days_and_the_transcript_three_to_five() {
    let c = content();
    assert_eq!(
        c.service("transcript")
            .unwrap()
            .data
            .processing
            .as_ref()
            .unwrap()
            .working_days,
        DayRange::Between([3, 5])
    );
    for slug in [
        "certificate-place-of-requirement",
        "certificate-survivors-benefit",
        "certificate-large-family-allowance",
        "certificate-military-office",
        "certificate-study-leave",
    ] {
        let p = c
            .service(slug)
            .unwrap_or_else(|| panic!("{slug}"))
            .data
            .processing
            .as_ref()
            .unwrap()
            .working_days;
        assert_eq!(p, DayRange::Exactly(3), "{slug}");
    }
}

#[test]
fn school_admission_says_originals_by_5_september() {
    let c = content();
    let s = &c.service("school-admission").unwrap().data;
    let all: String = s
        .notes
        .iter()
        .map(|n| n.exact(Lang::Kk).unwrap_or("").to_string())
        .collect();
    assert!(all.contains("5 қыркүйек"), "{all}");
}

#[test]
fn the_holiday_calendars_follow_the_law() {
    let c = content();
    let years: Vec<i32> = c.holidays.iter().map(|y| y.year).collect();
    assert_eq!(years, [2025, 2026, 2027]);
    let off = |date: &str| {
        c.holidays
            .iter()
            .flat_map(|y| &y.days_off)
            .any(|d| d.date == date.parse::<NaiveDate>().unwrap())
    };
    // Kurban Ait (its first day), on weekdays in 2025 and 2026.
    assert!(off("2025-06-06") && off("2026-05-27"));
    // Nauryz 2026: 21-22 March fall on Saturday and Sunday and move on; 23 March is a Monday.
    assert!(off("2026-03-23") && off("2026-03-24") && off("2026-03-25"));
    // 7 January does not move when it falls on a weekend (2024 not needed: 2029 is past);
    // in 2025-2027 it is a weekday.
    assert!(off("2025-01-07") && off("2026-01-07") && off("2027-01-07"));
    for y in &c.holidays {
        for d in &y.days_off {
            use chrono::Datelike;
            assert!(
                d.date.weekday().num_days_from_monday() < 5,
                "{} is a weekend day in days_off",
                d.date
            );
        }
    }
}

#[test]
fn kazakh_endings_after_numbers_agree_with_how_the_numbers_are_read() {
    use content_model::placeholders::fill;
    let c = content();
    let fine = c
        .services
        .iter()
        .flat_map(|s| &s.data.fines)
        .next()
        .expect("a fine");
    let (min, max) = (fine.mci.min.to_string(), fine.mci.max.to_string());
    // 10 to 20 MCI (foreign-stay-notification): "он" takes -нан, not the -ден once written.
    assert_eq!(
        fill(
            &c.ui.text(Lang::Kk, "fine_amount_no_mci"),
            &[("min", &min), ("max", &max)]
        ),
        "10-нан 20 АЕК-ке дейін."
    );
    let limit = c
        .services
        .iter()
        .flat_map(|s| &s.data.stay_limits)
        .next()
        .expect("a stay limit");
    let days = |n: u32| c.ui.plural(Lang::Kk, "days", n.into());
    assert_eq!(
        fill(
            &c.ui.text(Lang::Kk, "stay_limit"),
            &[
                ("who", "ЕАЭО елдерінің азаматтары"),
                ("within", &days(limit.within_days)),
                ("days", &days(limit.days)),
            ]
        ),
        "ЕАЭО елдерінің азаматтары: 180 күн ішінде 90 күннен аспауы керек."
    );
}

#[test]
fn plan_rows_in_russian_and_english_use_their_own_abbreviations() {
    // A Kazakh abbreviation left in a Russian or English row is allowed only where the
    // glossary keeps the source's letters in that language too (no one knows what they
    // stand for: ҚТБ, ТПР …) and says why in a note. Quotations of the source are kept.
    let c = content();
    let plan = c.workplan.as_ref().expect("the work plan");
    let quoted = regex::Regex::new(r"«[^»]*»|“[^”]*”").unwrap();
    let word = regex::Regex::new(r"[\p{Cyrillic}]+").unwrap();
    let kazakh_only = |w: &str| w.chars().any(|ch| "ӘәҒғҚқҢңӨөҰұҮүҺһІі".contains(ch));
    // The Kazakh forms another language writes otherwise (ЖОЖ is РУП or ИУП in Russian).
    let kazakh_form = |lang: Lang, w: &str| {
        c.glossary.entries.iter().any(|e| {
            e.abbr.exact(Lang::Kk) == Some(w) && e.abbr.exact(lang).is_some_and(|f| f != w)
        })
    };
    // Kept phrases, longest first, so that ҚР alone does not pass as ҚР ҰБ ҚБ.
    let mut kept: Vec<(&str, &str, Lang)> = Vec::new();
    for e in c.glossary.entries.iter().filter(|e| e.note.is_some()) {
        for lang in [Lang::Ru, Lang::En] {
            if let Some(form) = e
                .abbr
                .exact(lang)
                .filter(|f| Some(*f) == e.abbr.exact(Lang::Kk))
            {
                kept.push((form, e.id.as_str(), lang));
            }
        }
    }
    kept.sort_by_key(|k| std::cmp::Reverse(k.0.len()));
    let mut left = Vec::new();
    let mut kept_ids = std::collections::BTreeSet::new();
    for section in &plan.sections {
        for row in &section.data.rows {
            for text in [
                &row.activity,
                &row.responsible,
                &row.deadline.text,
                &row.outcome,
            ] {
                for lang in [Lang::Ru, Lang::En] {
                    let t = text.exact(lang).unwrap_or_default();
                    let mut t = quoted.replace_all(t, " ").into_owned();
                    for (form, id, _) in kept.iter().filter(|k| k.2 == lang) {
                        let whole = regex::Regex::new(&format!(
                            r"(^|[^\p{{Cyrillic}}]){}($|[^\p{{Cyrillic}}])",
                            regex::escape(form)
                        ))
                        .unwrap();
                        if whole.is_match(&t) {
                            // АК and ДВПО are Russian abbreviations too.
                            if kazakh_only(form) || lang == Lang::En {
                                kept_ids.insert(*id);
                            }
                            t = whole.replace_all(&t, "$1 $2").into_owned();
                        }
                    }
                    for w in word.find_iter(&t).map(|m| m.as_str()) {
                        if kazakh_only(w) || lang == Lang::En || kazakh_form(lang, w) {
                            left.push(format!("{}.{} {lang}: {w}", section.data.number, row.no));
                        }
                    }
                }
            }
        }
    }
    assert!(left.is_empty(), "Kazakh abbreviations left: {left:#?}");
    // Only these have no known expansion, so no other language has a form for them.
    assert_eq!(
        kept_ids.into_iter().collect::<Vec<_>>(),
        [
            "bsab",
            "ktb",
            "tbzh",
            "tkp",
            "tpr",
            "uak",
            "ubkb",
            "zhzhzhkbbk"
        ]
    );
}

//! A form's month in figures, for the head of the centre: the counts, the working days
//! decisions took, those over the limit, and each day's arrivals and decisions as a bar
//! chart drawn here as SVG (no JavaScript) with the same figures in a table beside it,
//! which is what a screen reader reads. The CSV download has the same figures.

use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::Words;
use chrono::{Datelike, NaiveDate};
use content_model::dates::date_text;
use serde_json::{Value, json};
use std::fmt::Write;

/// The figures, as the API computed them.
pub struct ReportFigures<'a> {
    pub form: &'a str,
    /// `YYYY-MM`.
    pub month: &'a str,
    pub received: u32,
    pub decided: u32,
    pub approved: u32,
    pub refused: u32,
    pub returned: u32,
    pub withdrawn: u32,
    pub median_days: Option<f64>,
    pub p90_days: Option<u32>,
    pub over_limit: u32,
    /// Each day: received, decided.
    pub days: &'a [(NaiveDate, u32, u32)],
}

/// The rows of the figures: (the UI string's key, the value), in the page's and the
/// CSV's order.
pub fn rows(f: &ReportFigures) -> Vec<(&'static str, String)> {
    let days = |d: Option<String>| d.unwrap_or_else(|| "—".to_string());
    vec![
        ("report_received", f.received.to_string()),
        ("report_decided", f.decided.to_string()),
        ("report_approved", f.approved.to_string()),
        ("report_refused", f.refused.to_string()),
        ("report_returned", f.returned.to_string()),
        ("report_withdrawn", f.withdrawn.to_string()),
        (
            "report_median",
            days(f.median_days.map(|m| format!("{m:.1}"))),
        ),
        ("report_p90", days(f.p90_days.map(|p| p.to_string()))),
        ("report_over_limit", f.over_limit.to_string()),
    ]
}

/// The figures as CSV: a header, then one line a figure (its key, its label in the
/// language, its value), then one a day.
pub fn csv(words: &Words, f: &ReportFigures) -> String {
    let mut out = crate::csv::record(&["form", "month", "figure", "label", "value"]);
    for (key, value) in rows(f) {
        let figure = key.trim_start_matches("report_");
        out += &crate::csv::record(&[f.form, f.month, figure, &words.t(key), &value]);
    }
    for (day, received, decided) in f.days {
        let day = day.to_string();
        for (figure, n) in [("received", received), ("decided", decided)] {
            let label = words.t(&format!("report_{figure}"));
            out += &crate::csv::record(&[f.form, &day, figure, &label, &n.to_string()]);
        }
    }
    out
}

/// The bar chart of each day's arrivals (dark) and decisions (light): an SVG of fixed
/// size whose bars scale to the busiest day.
fn chart(days: &[(NaiveDate, u32, u32)]) -> String {
    let (w, h, pad) = (620.0_f64, 160.0_f64, 20.0_f64);
    let max = days.iter().map(|d| d.1.max(d.2)).max().unwrap_or(0).max(1);
    let slot = (w - pad) / days.len().max(1) as f64;
    let bar = (slot / 2.0 - 1.0).max(1.0);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {}" width="100%" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">"#,
        h + pad
    );
    for (i, (day, received, decided)) in days.iter().enumerate() {
        let x = pad + i as f64 * slot;
        for (j, (n, class)) in [(*received, "bar-received"), (*decided, "bar-decided")]
            .into_iter()
            .enumerate()
        {
            let bh = h * f64::from(n) / f64::from(max);
            let _ = write!(
                svg,
                r#"<rect class="{class}" x="{:.1}" y="{:.1}" width="{bar:.1}" height="{bh:.1}"/>"#,
                x + j as f64 * (bar + 1.0),
                h - bh
            );
        }
        if day.day() == 1 || day.day() % 5 == 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{}" class="chart-label">{}</text>"#,
                x,
                h + pad - 4.0,
                day.day()
            );
        }
    }
    let _ = write!(
        svg,
        r#"<text x="0" y="12" class="chart-label">{max}</text></svg>"#
    );
    svg
}

/// The report page: the choice of form and month, the figures, the chart and its table.
pub fn report_page(
    words: &Words,
    figures: &ReportFigures,
    forms: &[&str],
    months: &[String],
    lead: bool,
) -> Page {
    let lang = words.lang;
    let content = words.content;
    let title = content
        .form(figures.form)
        .map(|f| words.html(&f.data.title))
        .unwrap_or_else(|| crate::words::escape(figures.form));
    let figures_rows: Vec<Value> = rows(figures)
        .into_iter()
        .map(|(k, v)| json!({"key": words.t(k), "value": v, "id": k}))
        .collect();
    let days: Vec<Value> = figures
        .days
        .iter()
        .map(|(d, r, x)| json!({"date": date_text(lang, *d), "received": r, "decided": x}))
        .collect();
    let data = json!({
        "lang": lang.code(),
        "form_title": title,
        "month": figures.month,
        "rows": figures_rows,
        "chart": chart(figures.days),
        "days": days,
        "forms": forms.iter().map(|f| json!({
            "slug": f,
            "title": content.form(f).map(|x| words.html(&x.data.title)).unwrap_or_default(),
            "selected": *f == figures.form,
        })).collect::<Vec<_>>(),
        "months": months.iter().map(|m| json!({"value": m, "selected": m == figures.month})).collect::<Vec<_>>(),
        "action": urls::api::REVIEW_REPORTS,
        "csv": urls::review_report(figures.form, figures.month, lang, true),
        "export": urls::review_export(figures.form, figures.month, lang, false),
        "export_personal": lead.then(|| urls::review_export(figures.form, figures.month, lang, true)),
        "queue": urls::review_queue(lang),
    });
    Page::new(
        words,
        urls::review(lang),
        PageKind::ReviewReport,
        words.t("report_title"),
        data,
    )
    .unlisted()
}

//! The plan as data, with its deadlines as structured values.

use content_model::{Content, Lang};
use serde_json::{Value, json};
use views::Words;
use views::urls;

/// The plan as data: the texts in the language, the deadlines as structured values
/// (`{"by": "2025-09-01"}`, `"monthly"`, as in the content files) with their months.
pub fn json(content: &Content, lang: Lang, base_url: &str) -> String {
    let words = Words::new(lang, content);
    let Some(plan) = &content.workplan else {
        return String::new();
    };
    let page = format!("{base_url}{}", urls::workplan(lang));
    let sections: Vec<Value> = plan
        .sections
        .iter()
        .map(|s| {
            let s = &s.data;
            let rows: Vec<Value> = s
                .rows
                .iter()
                .map(|r| {
                    json!({
                        "no": r.no,
                        "activity": words.plain(&r.activity),
                        "responsible": words.plain(&r.responsible),
                        "units": r.units,
                        "deadline": {
                            "text": words.plain(&r.deadline.text),
                            "kind": r.deadline.when.kind(),
                            "when": r.deadline.when,
                            "months": r.deadline.when.months(),
                            "monthly": r.deadline.when.is_monthly(),
                        },
                        "outcome": words.plain(&r.outcome),
                        "url": format!("{page}#row-{}-{}", s.number, r.no),
                    })
                })
                .collect();
            json!({
                "number": s.number,
                "title": words.plain(&s.title),
                "unit": s.unit,
                "url": format!("{base_url}{}", urls::workplan_section(lang, s.number)),
                "rows": rows,
            })
        })
        .collect();
    let units: Vec<Value> = content
        .glossary
        .entries
        .iter()
        .map(|e| json!({"id": e.id, "abbr": words.plain(&e.abbr), "name": words.plain(&e.expansion)}))
        .collect();
    let doc = json!({
        "lang": lang.code(),
        "title": words.plain(&plan.meta.title),
        "academic_year": plan.meta.academic_year,
        "approved_by": {
            "position": words.plain(&plan.meta.approved_by.position),
            "name": words.plain(&plan.meta.approved_by.name),
        },
        "url": page,
        "sections": sections,
        "units": units,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

//! A service's page, as egov.kz's service passport and GOV.UK lay one out: who can
//! apply, what you get, cost, time, documents by situation, steps, where to apply, notes,
//! fines, grounds for refusal, legal basis, last updated.

use crate::format::{days_text, fee_text};
use crate::page::{Page, PageKind};
use crate::urls;
use crate::words::{Words, escape};
use content_model::Entry;
use content_model::dates::date_text;
use content_model::fee::{Fee, group_thousands};
use content_model::placeholders::fill;
use content_model::service::Service;
use content_model::translation::unit::file_key;
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Serialize)]
struct CostLine {
    who: String,
    amount: String,
}

pub fn service(words: &Words, entry: &Entry<Service>) -> Page {
    let c = words.content;
    let s = &entry.data;
    let lang = words.lang;
    let category = c.site.categories.iter().find(|g| g.id == s.category);
    let form = s
        .apply
        .as_ref()
        .and_then(|a| a.form.as_ref())
        .map(|f| json!({"href": urls::form(lang, f)}));

    let cost = s.cost.as_ref().map(|cost| {
        let mut lines: Vec<CostLine> = cost
            .fees
            .iter()
            .map(|l| CostLine {
                who: l
                    .who
                    .as_ref()
                    .map(|w| words.html(w))
                    .unwrap_or_else(|| words.t("cost_everyone")),
                amount: escape(&fee_text(words, &l.fee)),
            })
            .collect();
        if let Some(form) = cost.from_form.as_ref().and_then(|f| c.form(f))
            && let Some(field) = form.data.fee_field()
        {
            lines.extend(field.options.iter().filter_map(|o| {
                Some(CostLine {
                    who: words.html(&o.label),
                    amount: escape(&fee_text(words, o.fee.as_ref()?)),
                })
            }));
        }
        json!({"free": cost.free, "lines": lines, "note": words.html_opt(cost.note.as_ref())})
    });
    let cost_short = s.cost.as_ref().and_then(|cost| {
        if cost.free {
            return Some(words.t("free"));
        }
        let fees: Vec<&Fee> = cost.fees.iter().map(|l| &l.fee).collect();
        (fees.len() == 1).then(|| escape(&fee_text(words, fees[0])))
    });

    // Documents: the service's own groups, then the proof documents of each situation
    // from the form (written once, there).
    let mut documents: Vec<Value> = s
        .documents
        .iter()
        .map(|g| json!({"situation": words.html_opt(g.situation.as_ref()), "items": g.items.iter().map(|i| words.html(i)).collect::<Vec<_>>()}))
        .collect();
    if let Some(form) = s
        .apply
        .as_ref()
        .and_then(|a| a.form.as_ref())
        .and_then(|f| c.form(f))
    {
        for field in form.data.fields() {
            for o in field.options.iter().filter(|o| !o.documents.is_empty()) {
                documents.push(json!({"situation": words.html(&o.label), "items": o.documents.iter().map(|d| words.html(d)).collect::<Vec<_>>()}));
            }
        }
    }

    let processing = s.processing.as_ref().map(|p| {
        let mut t = escape(&days_text(words, p.working_days));
        if let Some(n) = &p.note {
            t.push_str(". ");
            t.push_str(&words.html(n));
        }
        t
    });
    let time_limit = s.time_limit.as_ref().map(|t| {
        json!({
            "text": escape(&fill(&words.t("time_limit"), &[("days", &words.plural("working_days", t.working_days.into()))])),
            "from": fill(&words.t("counted_from"), &[("from", &words.html(&t.counted_from))]),
            "examples": t.examples.iter().map(|e| words.html(e)).collect::<Vec<_>>(),
        })
    });
    let stay_limits: Vec<String> = s
        .stay_limits
        .iter()
        .map(|l| {
            fill(
                &escape(&words.t("stay_limit")),
                &[
                    ("who", &words.html(&l.who)),
                    ("days", &escape(&words.plural("days", l.days.into()))),
                    (
                        "within",
                        &escape(&words.plural("days", l.within_days.into())),
                    ),
                ],
            )
        })
        .collect();
    let fines: Vec<Value> = s
        .fines
        .iter()
        .map(|f| {
            let (min, max) = (f.mci.min.to_string(), f.mci.max.to_string());
            let amount = match &c.site.mci {
                Some(mci) => fill(
                    &words.t("fine_amount"),
                    &[
                        (
                            "min_kzt",
                            &group_thousands(mci.amount * u64::from(f.mci.min)),
                        ),
                        (
                            "max_kzt",
                            &group_thousands(mci.amount * u64::from(f.mci.max)),
                        ),
                        ("year", &mci.year.to_string()),
                        ("mci", &group_thousands(mci.amount)),
                        ("min", &min),
                        ("max", &max),
                    ],
                ),
                None => fill(
                    &words.t("fine_amount_no_mci"),
                    &[("min", &min), ("max", &max)],
                ),
            };
            json!({
                "offence": format!("{} — {}", words.html(&f.offence), words.html(&f.who)),
                "amount": escape(&amount),
                "basis": words.html_opt(f.basis.as_ref()),
                "repeat": words.html_opt(f.repeat.as_ref()),
            })
        })
        .collect();
    let apply = s.apply.as_ref().map(|a| {
        json!({
            "online": a.online.iter().map(|o| json!({"url": o.url.replace("{lang}", lang.code()), "label": words.html(&o.label)})).collect::<Vec<_>>(),
            "in_person": words.html_opt(a.in_person.as_ref()),
            "contacts": a.contacts,
        })
    });
    let guide = s.guide.as_ref().and_then(|g| c.guide(g)).and_then(|g| {
        let (_, body) = g.body(lang)?;
        Some(json!({"href": urls::guide(lang, &g.slug), "title": escape(&body.front.title)}))
    });
    let has_time = processing.is_some() || time_limit.is_some() || !stay_limits.is_empty();
    let data = json!({
        "title": words.html(&s.title),
        "summary": words.html(&s.summary),
        "category": {"id": s.category, "title": category.map(|g| words.html(&g.title)).unwrap_or_default()},
        "form": form,
        "who": words.html_opt(s.who_can_apply.as_ref()),
        "result": words.html_opt(s.result.as_ref()),
        "cost": cost,
        "cost_short": cost_short,
        "processing": processing,
        "time": has_time,
        "time_limit": time_limit,
        "stay_limits": stay_limits,
        "documents": documents,
        "steps": s.steps.iter().map(|t| words.html_linked(t)).collect::<Vec<_>>(),
        "apply": apply,
        "notes": s.notes.iter().map(|t| words.html_linked(t)).collect::<Vec<_>>(),
        "fines": fines,
        "refusal": s.refusal_grounds.iter().map(|t| words.html(t)).collect::<Vec<_>>(),
        "legal": s.legal_basis.iter().map(|t| words.html(t)).collect::<Vec<_>>(),
        "guide": guide,
        "provider": crate::layout::provider_json(words, &s.provider),
        "updated": date_text(lang, s.updated),
        "updated_iso": s.updated.to_string(),
    });
    let title = words.plain(&s.title);
    Page::new(
        words,
        urls::service(lang, &entry.slug),
        PageKind::Service,
        title,
        data,
    )
    .described(words.plain(&s.summary))
    .stale_from(words, &file_key(&entry.file))
}

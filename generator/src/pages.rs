//! One function per kind of page: each gathers the small context its template needs.
//! Texts are resolved for the page's language here, so templates only lay them out.

use crate::guide_body;
use crate::html::{Abbreviator, Lx, escape};
use content_model::fee::{Fee, Period, group_thousands};
use content_model::service::{DayRange, Service};
use content_model::{Content, Entry, Lang};
use serde::Serialize;
use serde_json::{Value, json};

/// The page kinds the site search finds (see `search`): what people look for, not the
/// lists of it, the forms or the work plan's filtered views.
pub const SEARCHED: &[&str] = &["service", "guide", "workplan", "glossary"];

/// A page to render: where it goes, with which template, and its own data.
pub struct Page {
    /// The URL path, e.g. `/ru/services/dormitory/`.
    pub url: String,
    pub template: &'static str,
    pub kind: &'static str,
    /// The nav item this page belongs to.
    pub section: &'static str,
    pub title: String,
    pub description: Option<String>,
    pub lang: Lang,
    pub fallbacks: usize,
    pub data: Value,
    /// Whether the page is listed in the sitemap.
    pub indexed: bool,
}

impl Page {
    /// The page without its data: what the sitemap needs, after the page is written.
    pub fn without_data(&self) -> Page {
        Page {
            url: self.url.clone(),
            template: self.template,
            kind: self.kind,
            section: self.section,
            title: self.title.clone(),
            description: self.description.clone(),
            lang: self.lang,
            fallbacks: self.fallbacks,
            data: Value::Null,
            indexed: self.indexed,
        }
    }

    /// The file this page is written to, relative to the output folder.
    pub fn file(&self) -> String {
        let trimmed = self.url.trim_start_matches('/');
        if trimmed.is_empty() || trimmed.ends_with('/') {
            format!("{trimmed}index.html")
        } else {
            trimmed.to_string()
        }
    }

    /// The same page in another language.
    pub fn url_in(&self, lang: Lang) -> String {
        let rest = self.url.splitn(3, '/').nth(2).unwrap_or("");
        format!("/{lang}/{rest}")
    }
}

pub fn page(
    lx: &Lx,
    url: String,
    template: &'static str,
    kind: &'static str,
    section: &'static str,
    title: String,
    data: Value,
) -> Page {
    Page {
        url,
        template,
        kind,
        section,
        title,
        description: None,
        lang: lx.lang,
        fallbacks: lx.fallbacks(),
        data,
        indexed: true,
    }
}

pub fn fee_text(lx: &Lx, fee: &Fee) -> String {
    if fee.is_free() {
        return lx.t("free");
    }
    let key = match fee.per {
        Period::Month => "fee_month",
        Period::Year => "fee_year",
        Period::Semester => "fee_semester",
        Period::Once => "fee_once",
    };
    lx.t(key).replace("{amount}", &group_thousands(fee.amount))
}

pub fn days_text(lx: &Lx, range: DayRange) -> String {
    match range {
        DayRange::Exactly(n) => lx.plural("working_days", n.into()),
        DayRange::Between([a, b]) => lx
            .plural("working_days_range", b.into())
            .replace("{from}", &a.to_string()),
    }
}

pub fn service_href(lang: Lang, slug: &str) -> String {
    format!("/{lang}/services/{slug}/")
}

pub use crate::dates::date_text;

pub fn home(lx: &Lx) -> Page {
    let c = lx.content;
    let forms: Vec<Value> = c
        .services
        .iter()
        .filter(|s| s.data.apply.as_ref().is_some_and(|a| a.form.is_some()))
        .map(|s| json!({"href": service_href(lx.lang, &s.slug), "title": lx.html(&s.data.title), "summary": lx.html(&s.data.summary)}))
        .collect();
    let categories: Vec<Value> = c
        .site
        .categories
        .iter()
        .filter_map(|g| {
            let n = c.services.iter().filter(|s| s.data.category == g.id).count();
            (n > 0).then(|| json!({"href": lx.path(&format!("services/#cat-{}", g.id)), "title": lx.html(&g.title), "count": lx.plural("services_count", n as u64)}))
        })
        .collect();
    let guides = guide_cards(lx);
    let workplan = c
        .workplan
        .as_ref()
        .map(|w| json!({"href": lx.path("workplan/"), "title": lx.html(&w.meta.title)}));
    let title = lx.plain(&c.site.organisation.unit);
    let mut p = page(
        lx,
        lx.path(""),
        "home.html",
        "home",
        "home",
        title,
        json!({"forms": forms, "categories": categories, "guides": guides, "workplan": workplan}),
    );
    p.description = Some(lx.t("home_lead"));
    p
}

fn guide_cards(lx: &Lx) -> Vec<Value> {
    lx.content
        .guides
        .iter()
        .filter_map(|g| {
            let (l, body) = g.body(lx.lang)?;
            let wrap = |s: &str| {
                if l == lx.lang {
                    escape(s)
                } else {
                    lx.note_fallback();
                    format!(r#"<span lang="{l}">{}</span>"#, escape(s))
                }
            };
            Some(json!({"href": lx.path(&format!("guides/{}/", g.slug)), "title": wrap(&body.front.title), "summary": wrap(&body.front.summary)}))
        })
        .collect()
}

pub fn catalogue(lx: &Lx) -> Page {
    let c = lx.content;
    let card = |s: &Entry<Service>| {
        json!({
            "href": service_href(lx.lang, &s.slug),
            "title": lx.html(&s.data.title),
            "summary": lx.html(&s.data.summary),
            "online": s.data.apply.as_ref().is_some_and(|a| a.form.is_some()),
        })
    };
    let categories: Vec<Value> = c
        .site
        .categories
        .iter()
        .map(|g| {
            let services: Vec<Value> = c
                .services
                .iter()
                .filter(|s| s.data.category == g.id)
                .map(card)
                .collect();
            json!({"id": g.id, "title": lx.html(&g.title), "services": services})
        })
        .filter(|g| g["services"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    let audiences: Vec<Value> = c
        .site
        .audiences
        .iter()
        .map(|a| {
            let services: Vec<Value> = c
                .services
                .iter()
                .filter(|s| s.data.audiences.contains(&a.id))
                .map(card)
                .collect();
            json!({"id": a.id, "title": lx.html(&a.title), "services": services})
        })
        .filter(|g| g["services"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    let mut p = page(
        lx,
        lx.path("services/"),
        "catalogue.html",
        "catalogue",
        "services",
        lx.t("nav_services"),
        json!({"categories": categories, "audiences": audiences}),
    );
    p.description = Some(lx.t("catalogue_lead"));
    p
}

#[derive(Serialize)]
struct CostLine {
    who: String,
    amount: String,
}

pub fn service(lx: &Lx, entry: &Entry<Service>) -> Page {
    let c = lx.content;
    let s = &entry.data;
    let lang = lx.lang;
    let category = c.site.categories.iter().find(|g| g.id == s.category);
    let form = s
        .apply
        .as_ref()
        .and_then(|a| a.form.as_ref())
        .map(|f| json!({"href": format!("/{lang}/forms/{f}/")}));

    let cost = s.cost.as_ref().map(|cost| {
        let mut lines: Vec<CostLine> = cost
            .fees
            .iter()
            .map(|l| CostLine {
                who: l
                    .who
                    .as_ref()
                    .map(|w| lx.html(w))
                    .unwrap_or_else(|| lx.t("cost_everyone")),
                amount: escape(&fee_text(lx, &l.fee)),
            })
            .collect();
        if let Some(form) = cost.from_form.as_ref().and_then(|f| c.form(f))
            && let Some(field) = form.data.fee_field()
        {
            lines.extend(field.options.iter().filter_map(|o| {
                Some(CostLine {
                    who: lx.html(&o.label),
                    amount: escape(&fee_text(lx, o.fee.as_ref()?)),
                })
            }));
        }
        json!({"free": cost.free, "lines": lines, "note": lx.html_opt(cost.note.as_ref())})
    });
    let cost_short = s.cost.as_ref().and_then(|cost| {
        if cost.free {
            return Some(lx.t("free"));
        }
        let fees: Vec<&Fee> = cost.fees.iter().map(|l| &l.fee).collect();
        (fees.len() == 1).then(|| escape(&fee_text(lx, fees[0])))
    });

    // Documents: the service's own groups, then the proof documents of each situation
    // from the form (written once, there).
    let mut documents: Vec<Value> = s
        .documents
        .iter()
        .map(|g| json!({"situation": lx.html_opt(g.situation.as_ref()), "items": g.items.iter().map(|i| lx.html(i)).collect::<Vec<_>>()}))
        .collect();
    if let Some(form) = s
        .apply
        .as_ref()
        .and_then(|a| a.form.as_ref())
        .and_then(|f| c.form(f))
    {
        for field in form.data.fields() {
            for o in field.options.iter().filter(|o| !o.documents.is_empty()) {
                documents.push(json!({"situation": lx.html(&o.label), "items": o.documents.iter().map(|d| lx.html(d)).collect::<Vec<_>>()}));
            }
        }
    }

    let processing = s.processing.as_ref().map(|p| {
        let mut t = escape(&days_text(lx, p.working_days));
        if let Some(n) = &p.note {
            t.push_str(". ");
            t.push_str(&lx.html(n));
        }
        t
    });
    let time_limit = s.time_limit.as_ref().map(|t| {
        json!({
            "text": escape(&lx.t("time_limit").replace("{days}", &lx.plural("working_days", t.working_days.into()))),
            "from": lx.t("counted_from").replace("{from}", &lx.html(&t.counted_from)),
            "examples": t.examples.iter().map(|e| lx.html(e)).collect::<Vec<_>>(),
        })
    });
    let stay_limits: Vec<String> = s
        .stay_limits
        .iter()
        .map(|l| {
            escape(&lx.t("stay_limit"))
                .replace("{who}", &lx.html(&l.who))
                .replace(
                    "{days}",
                    &escape(&lx.content.ui.plural(lang, "days", l.days.into())),
                )
                .replace(
                    "{within}",
                    &escape(&lx.content.ui.plural(lang, "days", l.within_days.into())),
                )
        })
        .collect();
    let fines: Vec<Value> = s
        .fines
        .iter()
        .map(|f| {
            let amount = match &c.site.mci {
                Some(mci) => lx
                    .t("fine_amount")
                    .replace(
                        "{min_kzt}",
                        &group_thousands(mci.amount * u64::from(f.mci.min)),
                    )
                    .replace(
                        "{max_kzt}",
                        &group_thousands(mci.amount * u64::from(f.mci.max)),
                    )
                    .replace("{year}", &mci.year.to_string())
                    .replace("{mci}", &group_thousands(mci.amount)),
                None => lx.t("fine_amount_no_mci"),
            }
            .replace("{min}", &f.mci.min.to_string())
            .replace("{max}", &f.mci.max.to_string());
            json!({
                "offence": format!("{} — {}", lx.html(&f.offence), lx.html(&f.who)),
                "amount": escape(&amount),
                "basis": lx.html_opt(f.basis.as_ref()),
                "repeat": lx.html_opt(f.repeat.as_ref()),
            })
        })
        .collect();
    let apply = s.apply.as_ref().map(|a| {
        json!({
            "online": a.online.iter().map(|o| json!({"url": o.url, "label": lx.html(&o.label)})).collect::<Vec<_>>(),
            "in_person": lx.html_opt(a.in_person.as_ref()),
            "contacts": a.contacts,
        })
    });
    let guide = s.guide.as_ref().and_then(|g| c.guide(g)).and_then(|g| {
        let (_, body) = g.body(lang)?;
        Some(json!({"href": format!("/{lang}/guides/{}/", g.slug), "title": escape(&body.front.title)}))
    });
    let has_time = processing.is_some() || time_limit.is_some() || !stay_limits.is_empty();
    let data = json!({
        "title": lx.html(&s.title),
        "summary": lx.html(&s.summary),
        "category": {"id": s.category, "title": category.map(|g| lx.html(&g.title)).unwrap_or_default()},
        "form": form,
        "who": lx.html_opt(s.who_can_apply.as_ref()),
        "result": lx.html_opt(s.result.as_ref()),
        "cost": cost,
        "cost_short": cost_short,
        "processing": processing,
        "time": has_time,
        "time_limit": time_limit,
        "stay_limits": stay_limits,
        "documents": documents,
        "steps": s.steps.iter().map(|t| lx.html_linked(t)).collect::<Vec<_>>(),
        "apply": apply,
        "notes": s.notes.iter().map(|t| lx.html_linked(t)).collect::<Vec<_>>(),
        "fines": fines,
        "refusal": s.refusal_grounds.iter().map(|t| lx.html(t)).collect::<Vec<_>>(),
        "legal": s.legal_basis.iter().map(|t| lx.html(t)).collect::<Vec<_>>(),
        "guide": guide,
        "updated": date_text(lang, s.updated),
        "updated_iso": s.updated.to_string(),
    });
    let title = lx.plain(&s.title);
    let mut p = page(
        lx,
        service_href(lang, &entry.slug),
        "service.html",
        "service",
        "services",
        title,
        data,
    );
    p.description = Some(lx.plain(&s.summary));
    p
}

pub fn guides(lx: &Lx) -> Page {
    let cards = guide_cards(lx);
    page(
        lx,
        lx.path("guides/"),
        "guides.html",
        "guides",
        "guides",
        lx.t("nav_guides"),
        json!({"guides": cards}),
    )
}

pub fn guide(lx: &Lx, g: &content_model::guide::Guide) -> Option<Page> {
    let lang = lx.lang;
    let (body_lang, body) = g.body(lang)?;
    if body_lang != lang {
        lx.note_fallback();
    }
    let toc: Vec<Value> = body
        .headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| json!({"id": h.id, "text": h.text}))
        .collect();
    let service = g
        .meta
        .service
        .as_ref()
        .and_then(|s| lx.content.service(s))
        .map(|s| json!({"href": service_href(lang, &s.slug), "title": lx.html(&s.data.title)}));
    let data = json!({
        "title": body.front.title,
        "summary": body.front.summary,
        "body_lang": (body_lang != lang).then(|| body_lang.code()),
        "toc": toc,
        "body": guide_body::render(body, lang),
        "service": service,
        "updated": date_text(lang, g.meta.updated),
        "updated_iso": g.meta.updated.to_string(),
    });
    let mut p = page(
        lx,
        lx.path(&format!("guides/{}/", g.slug)),
        "guide.html",
        "guide",
        "guides",
        body.front.title.clone(),
        data,
    );
    p.description = Some(body.front.summary.clone());
    Some(p)
}

pub fn workplan(lx: &Lx) -> Option<Page> {
    let c = lx.content;
    let plan = c.workplan.as_ref()?;
    let abbr = Abbreviator::new(&c.glossary, lx.lang);
    let a = |t: &content_model::Text| abbr.apply(&lx.html(t));
    let sections: Vec<Value> = plan
        .sections
        .iter()
        .map(|e| {
            let rows: Vec<&content_model::workplan::Row> = e.data.rows.iter().collect();
            crate::workplan_views::section_json(lx, &abbr, &e.data, &rows)
        })
        .collect();
    let approved = escape(&lx.t("plan_approved"))
        .replace("{position}", &lx.html(&plan.meta.approved_by.position))
        .replace("{name}", &lx.html(&plan.meta.approved_by.name));
    let data = json!({"title": a(&plan.meta.title), "approved": approved, "sections": sections});
    let title = lx.plain(&plan.meta.title);
    Some(page(
        lx,
        lx.path("workplan/"),
        "workplan.html",
        "workplan",
        "workplan",
        title,
        data,
    ))
}

pub fn glossary(lx: &Lx) -> Page {
    let entries: Vec<Value> = lx
        .content
        .glossary
        .entries
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "abbr": lx.html(&e.abbr),
                "title": lx.plain(&e.expansion),
                "expansion": lx.html(&e.expansion),
                "note": lx.html_opt(e.note.as_ref()),
            })
        })
        .collect();
    page(
        lx,
        lx.path("glossary/"),
        "glossary.html",
        "glossary",
        "glossary",
        lx.t("nav_glossary"),
        json!({"entries": entries}),
    )
}

pub fn not_found(lx: &Lx) -> Page {
    let mut p = page(
        lx,
        lx.path("404.html"),
        "404.html",
        "not-found",
        "",
        lx.t("not_found_title"),
        json!({}),
    );
    p.indexed = false;
    p
}

/// The navigation, the contact block and the interface strings: built once per
/// language and shared by every page (tera values are reference-counted).
pub fn common(
    content: &Content,
    lang: Lang,
    css: &str,
    js: &str,
    livereload: Option<&str>,
    base_url: &str,
) -> Value {
    let lx = Lx::new(lang, content);
    let strings: serde_json::Map<String, Value> = content
        .ui
        .catalogs
        .values()
        .flat_map(|c| c.keys())
        .map(|k| (k.clone(), Value::String(content.ui.text(lang, k))))
        .collect();
    let nav = json!([
        {"id": "services", "href": lx.path("services/"), "label": lx.t("nav_services")},
        {"id": "guides", "href": lx.path("guides/"), "label": lx.t("nav_guides")},
        {"id": "workplan", "href": lx.path("workplan/"), "label": lx.t("nav_workplan")},
        {"id": "glossary", "href": lx.path("glossary/"), "label": lx.t("nav_glossary")},
        {"id": "status", "href": lx.path("status/"), "label": lx.t("nav_status")},
    ]);
    json!({
        "lang": lang.code(),
        "t": strings,
        "org": lx.plain(&content.site.organisation.name),
        "unit": lx.plain(&content.site.organisation.unit),
        "nav": nav,
        "contacts": contacts_html(&lx),
        "css": css,
        "js": js,
        "livereload": livereload,
        "base_url": base_url,
    })
}

pub fn contacts_html(lx: &Lx) -> String {
    let c = &lx.content.site.contacts;
    let mut out = String::from(r#"<ul class="contacts">"#);
    if let Some(h) = &c.head {
        out.push_str(&format!("<li>{}</li>", lx.html(h)));
    }
    if let Some(a) = &c.address {
        out.push_str(&format!(
            "<li>{}: {}</li>",
            escape(&lx.t("contact_address")),
            lx.html(a)
        ));
    }
    if let Some(p) = &c.phone {
        let tel: String = p
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        out.push_str(&format!(
            r#"<li>{}: <a href="tel:{tel}">{}</a></li>"#,
            escape(&lx.t("contact_phone")),
            escape(p)
        ));
    }
    if let Some(e) = &c.email {
        out.push_str(&format!(
            r#"<li>{}: <a href="mailto:{e}">{e}</a></li>"#,
            escape(&lx.t("contact_email"))
        ));
    }
    if let Some(h) = &c.hours {
        out.push_str(&format!("<li>{}</li>", lx.html(h)));
    }
    out.push_str("</ul>");
    out
}

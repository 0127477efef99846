//! `portal check`'s account of what each SMS text costs: its encoding and parts with
//! every placeholder at its longest (`content_model::sms`), and a warning, at the text's
//! line, for each above the limit `site.yaml` sets (`sms_max_parts`, default 1).

use content_model::position::{Location, Pos};
use content_model::sms::{self, Cost};
use content_model::spans::SpanMap;
use content_model::{Content, Diagnostic, Diagnostics, Kind};
use std::path::Path;

/// The table to print, and the warnings.
pub fn report(content_dir: &Path, content: &Content) -> (String, Diagnostics) {
    let base = content.site.base_url.trim_end_matches('/').to_string();
    let costs = sms::costs(content, |lang| {
        format!("{base}{}", views::urls::status(lang))
    });
    let limit = content.site.sms_max_parts.unwrap_or(1);
    let file = Path::new("notifications.yaml");
    let text = std::fs::read_to_string(content_dir.join(file)).unwrap_or_default();
    let spans = SpanMap::parse(&text);
    let mut table = String::from(
        "SMS texts, every placeholder at its longest (a part holds 160 GSM-7 or 70 UCS-2 characters):\n",
    );
    let mut warnings = Diagnostics::default();
    for Cost {
        event,
        lang,
        size,
        unbounded,
    } in costs
    {
        let charged = if size.parts == 1 {
            "1 text message".to_string()
        } else {
            format!("{} text messages", size.parts)
        };
        let more = if unbounded {
            ", more with the reviewer's reason"
        } else {
            ""
        };
        table.push_str(&format!(
            "  {:<10} {lang}  {:<5}  {:>3} characters  charged as {charged}{more}\n",
            event.as_str(),
            size.encoding.name(),
            size.units,
        ));
        if size.parts > limit || unbounded {
            let path = format!("events.{}.sms.{lang}", event.as_str());
            let pos = spans.find(&path).unwrap_or(Pos::new(1, 1));
            let why = if unbounded {
                "it names `{reason}`, which a reviewer writes at any length".to_string()
            } else {
                format!(
                    "{} {} characters, one part holds {}",
                    size.units,
                    size.encoding.name(),
                    size.single_part()
                )
            };
            let d = Diagnostic::warning(
                Kind::InvalidValue,
                Location::at(file, pos),
                format!(
                    "the {lang} SMS for `{}` will be charged as {charged} ({why}); the limit is {limit}",
                    event.as_str()
                ),
            )
            .with_help(
                "shorten it (the e-mail carries the details), or raise `sms_max_parts` in site.yaml",
            )
            .with_source(&text);
            warnings.push(d);
        }
    }
    (table, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use content_model::Lang;
    use content_model::notification::Event;

    fn real() -> (std::path::PathBuf, Content) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let content = content_model::load(&dir).expect("content/ loads").content;
        (dir, content)
    }

    #[test]
    fn every_sms_text_is_listed_and_the_real_ones_keep_to_the_limit() {
        let (dir, content) = real();
        let (table, warnings) = report(&dir, &content);
        for event in ["submitted", "approved", "refused", "reminder"] {
            for lang in ["kk", "ru", "en"] {
                assert!(
                    table
                        .lines()
                        .any(|l| l.contains(event) && l.contains(&format!(" {lang} "))),
                    "{event} {lang} in:\n{table}"
                );
            }
        }
        assert!(warnings.is_empty(), "{warnings}\n{table}");
    }

    #[test]
    fn a_text_over_the_limit_is_a_warning_at_its_line() {
        let (dir, mut content) = real();
        content.site.sms_max_parts = Some(1);
        let template = content
            .notifications
            .events
            .get_mut(&Event::Submitted)
            .expect("the submitted texts");
        let (ru, en) = (
            template.sms.or_empty(Lang::Ru).to_string(),
            template.sms.or_empty(Lang::En).to_string(),
        );
        // The Kazakh text as it was: 99 characters once the reference is in.
        template.sms = content_model::Text::new(
            "{reference} нөмірлі өтініш қабылданды. Нөмір мен қол жеткізу кодын сақтаңыз; код SMS-пен жіберілмейді.",
            &ru,
            &en,
        );
        let (table, warnings) = report(&dir, &content);
        let w: Vec<_> = warnings.iter().collect();
        assert_eq!(w.len(), 1, "{warnings}");
        let text = w[0].to_string();
        assert!(text.contains("the kk SMS for `submitted` will be charged as 2 text messages (99 UCS-2 characters, one part holds 70)"), "{text}");
        assert!(text.contains("notifications.yaml:"), "{text}");
        assert!(table.contains("charged as 2 text messages"), "{table}");
    }
}

//! What an SMS costs: its encoding and how many parts it is billed as. Text in the GSM
//! 7-bit alphabet fits 160 characters in one SMS and 153 in each part of a longer one;
//! anything else — any Kazakh or Russian letter — is sent as UCS-2: 70 in one, 67 per
//! part. The sizes are computed with every placeholder at its longest, as GOV.UK Notify
//! tells its editors "this will be charged as N text messages".

use crate::Content;
use crate::dates::date_text;
use crate::lang::Lang;
use crate::notification::Event;
use crate::placeholders::fill;
use chrono::NaiveDate;

/// The GSM 03.38 basic alphabet (one unit each).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table (an escape and the character: two units each).
const GSM_EXTENSION: &str = "^{}\\[~]|€\u{c}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }

    /// Units in a message of one part, and in each part of a longer one.
    fn capacity(self) -> (usize, usize) {
        match self {
            Encoding::Gsm7 => (160, 153),
            Encoding::Ucs2 => (70, 67),
        }
    }
}

/// An SMS's size: its encoding, its length in that encoding's units, its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub encoding: Encoding,
    pub units: usize,
    pub parts: usize,
}

impl Size {
    /// Units one part holds in this encoding.
    pub fn single_part(&self) -> usize {
        self.encoding.capacity().0
    }
}

pub fn size(text: &str) -> Size {
    let gsm = text
        .chars()
        .map(|c| {
            if GSM_BASIC.contains(c) {
                Some(1)
            } else if GSM_EXTENSION.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum::<Option<usize>>();
    let (encoding, units) = match gsm {
        Some(units) => (Encoding::Gsm7, units),
        // UTF-16 code units: a character outside the BMP takes two.
        None => (Encoding::Ucs2, text.encode_utf16().count()),
    };
    let (one, each) = encoding.capacity();
    let parts = match units {
        0 => 0,
        u if u <= one => 1,
        u => u.div_ceil(each),
    };
    Size {
        encoding,
        units,
        parts,
    }
}

/// One SMS template's size in one language.
#[derive(Debug, Clone)]
pub struct Cost {
    pub event: Event,
    pub lang: Lang,
    pub size: Size,
    /// The template names `{reason}`, which a reviewer writes: it can be any length.
    pub unbounded: bool,
}

/// Every SMS template's size, each placeholder at its longest: a reference is 8
/// characters, `status_url` is what `status_url(lang)` gives, a form's title and a date
/// the longest the content can give.
pub fn costs(content: &Content, status_url: impl Fn(Lang) -> String) -> Vec<Cost> {
    let mut out = Vec::new();
    for (event, template) in &content.notifications.events {
        for lang in Lang::ALL {
            let Some(text) = template.sms.exact(lang) else {
                continue;
            };
            let form = content
                .forms
                .iter()
                .map(|f| f.data.title.or_empty(lang).to_string())
                .max_by_key(|t| size(t).units)
                .unwrap_or_default();
            let date = (1..=12)
                .filter_map(|m| NaiveDate::from_ymd_opt(2026, m, 28))
                .map(|d| date_text(lang, d))
                .max_by_key(|t| size(t).units)
                .unwrap_or_default();
            let url = status_url(lang);
            let filled = fill(
                text,
                &[
                    ("reference", "HFK7M2RT"),
                    ("form", &form),
                    ("status_url", &url),
                    ("decision_date", &date),
                    ("reason", ""),
                ],
            );
            out.push(Cost {
                event: *event,
                lang,
                size: size(&filled),
                unbounded: crate::placeholders::names(text).contains(&"reason"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_is_gsm_and_cyrillic_is_ucs2_with_their_part_sizes() {
        let one = size(&"a".repeat(160));
        assert_eq!(
            (one.encoding, one.units, one.parts),
            (Encoding::Gsm7, 160, 1)
        );
        assert_eq!(size(&"a".repeat(161)).parts, 2);
        assert_eq!(size(&"a".repeat(306)).parts, 2);
        assert_eq!(size(&"a".repeat(307)).parts, 3);
        // The extension table counts twice.
        assert_eq!(size("€[]").units, 6);
        let kk = size(&"ә".repeat(70));
        assert_eq!((kk.encoding, kk.units, kk.parts), (Encoding::Ucs2, 70, 1));
        assert_eq!(size(&"ә".repeat(71)).parts, 2);
        assert_eq!(size(&"ә".repeat(134)).parts, 2);
        assert_eq!(size(&"ә".repeat(135)).parts, 3);
        // One Cyrillic letter makes the whole message UCS-2.
        assert_eq!(size(&format!("{}ж", "a".repeat(100))).parts, 2);
        // A character outside the BMP is two UTF-16 units.
        assert_eq!(size("😀").units, 2);
        assert_eq!(size("").parts, 0);
    }
}

//! The site's editions, in the order the switcher, the hreflang links, the sitemap and
//! the language chooser list them: each language, and Kazakh in Latin letters next to
//! the Cyrillic Kazakh it is made from.

use crate::latin_edition;
use content_model::Lang;

/// One edition: its URL folder, its language tag, its name in itself, the language its
/// texts are in, and whether it is the Latin-script one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edition {
    pub code: &'static str,
    pub tag: &'static str,
    pub name: &'static str,
    pub lang: Lang,
    pub latin: bool,
}

/// Every edition: kk, kk-latn, ru, en.
pub fn all() -> Vec<Edition> {
    let mut out = Vec::with_capacity(4);
    for lang in Lang::ALL {
        out.push(Edition {
            code: lang.code(),
            tag: lang.code(),
            name: lang.native_name(),
            lang,
            latin: false,
        });
        if lang == Lang::Kk {
            out.push(Edition {
                code: latin_edition::CODE,
                tag: latin_edition::TAG,
                name: latin_edition::NAME,
                lang,
                latin: true,
            });
        }
    }
    out
}

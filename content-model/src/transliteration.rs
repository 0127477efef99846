//! Kazakh Cyrillic text written in the Latin alphabet of 2021, for the `/kk-latn/`
//! edition: each word by the alphabet's table (`latin_alphabet`), unless
//! `content/latin.yaml` spells it otherwise.
//!
//! Left as they are: everything that is not a Cyrillic letter (numbers, punctuation,
//! words already in Latin letters), addresses (anything with `://`, `@` or `www.`), and
//! abbreviations — words of two or more letters written all in capitals (`ЖОО`, `ҰБТ`),
//! whose Latin form is a decision the rules should not make alone: `latin.yaml` gives
//! one word by word, or `abbreviations: spell` spells them all letter by letter.
//! Code is left by the caller (`views::latin_edition` skips `<code>` and `<pre>`).

use crate::latin_alphabet::{self, Case};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The file editors override spellings in, relative to the content folder.
pub const FILE: &str = "latin.yaml";

/// `content/latin.yaml`: the Latin spelling of the words the rules get wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LatinSpellings {
    /// A Cyrillic word (in any case) and its Latin spelling. A word ending in `*` is a
    /// stem: it is spelt so with any ending, the ending by the rules (`компьютер*:
    /// kompüter` gives `kompüterge` for `компьютерге`).
    #[serde(default)]
    pub words: BTreeMap<String, String>,
    /// What becomes of an abbreviation (a word in capitals) that `words` does not spell.
    #[serde(default)]
    pub abbreviations: Abbreviations,
}

/// Abbreviations in the Latin edition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Abbreviations {
    /// Left in Cyrillic letters, as written (`ЖОО`): the Latin form of an abbreviation is
    /// a decision, given one by one in `words`.
    #[default]
    Keep,
    /// Spelt letter by letter in capitals (`ЖОО` → `JOO`, `ҚР` → `QR`).
    Spell,
}

/// The rules and the overrides, ready to apply.
#[derive(Debug, Clone, Default)]
pub struct Transliterator {
    /// Whole words, by their lower-case form.
    words: HashMap<String, String>,
    /// Words written in capitals in `latin.yaml`: only the same word in capitals.
    capitals: HashMap<String, String>,
    abbreviations: Abbreviations,
    /// Stems, longest first, so the most specific one wins.
    stems: Vec<(String, String)>,
}

impl Transliterator {
    pub fn new(spellings: &LatinSpellings) -> Transliterator {
        let mut words = HashMap::new();
        let mut capitals = HashMap::new();
        let mut stems = Vec::new();
        for (cyrillic, latin) in &spellings.words {
            let key = cyrillic.trim();
            let latin = latin.trim().to_owned();
            match key.strip_suffix('*') {
                Some(stem) => stems.push((stem.to_lowercase(), latin)),
                // `БАС: BAS` spells the capitals of a quoted status, not every `бас`.
                None if is_abbreviation(key) => {
                    capitals.insert(key.to_owned(), latin);
                }
                None => {
                    words.insert(key.to_lowercase(), latin);
                }
            }
        }
        stems.sort_by_key(|s| std::cmp::Reverse(s.0.chars().count()));
        Transliterator {
            words,
            capitals,
            abbreviations: spellings.abbreviations,
            stems,
        }
    }

    /// A text in Latin letters, its spaces and line breaks kept as they are.
    pub fn text(&self, text: &str) -> String {
        if !text.chars().any(latin_alphabet::is_cyrillic) {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        let mut rest = text;
        while !rest.is_empty() {
            let space = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            out.push_str(&rest[..space]);
            rest = &rest[space..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let token = &rest[..end];
            if is_address(token) {
                out.push_str(token);
            } else {
                self.token(token, &mut out);
            }
            rest = &rest[end..];
        }
        out
    }

    /// One run of non-space characters: its words spelt, the rest as it is.
    fn token(&self, token: &str, out: &mut String) {
        let mut word_start = None;
        for (i, c) in token.char_indices() {
            match (c.is_alphabetic(), word_start) {
                (true, None) => word_start = Some(i),
                (false, Some(s)) => {
                    out.push_str(&self.word(&token[s..i]));
                    word_start = None;
                    out.push(c);
                }
                (false, None) => out.push(c),
                (true, Some(_)) => {}
            }
        }
        if let Some(s) = word_start {
            out.push_str(&self.word(&token[s..]));
        }
    }

    /// One word (letters only) in Latin letters.
    pub fn word(&self, word: &str) -> String {
        if !word.chars().any(latin_alphabet::is_cyrillic) {
            return word.to_owned();
        }
        if let Some(latin) = self.capitals.get(word) {
            return latin.clone();
        }
        let lower = word.to_lowercase();
        if let Some(latin) = self.words.get(&lower) {
            return cased(latin, word);
        }
        for (stem, latin) in &self.stems {
            if let Some(ending) = lower.strip_prefix(stem.as_str()) {
                let split = word.len() - ending.len();
                // Lower-casing Cyrillic keeps byte lengths, so the split is a boundary.
                if word.is_char_boundary(split) {
                    let (head, tail) = word.split_at(split);
                    return format!("{}{}", cased(latin, head), spelt(tail));
                }
            }
        }
        if is_abbreviation(word) && self.abbreviations == Abbreviations::Keep {
            return word.to_owned();
        }
        spelt(word)
    }
}

/// A word by the alphabet's table alone.
pub fn spelt(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    for (i, &c) in chars.iter().enumerate() {
        let capital_beside = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|&n| latin_alphabet::is_capital(n) || n.is_uppercase())
        };
        let case = if capital_beside(i.checked_sub(1)) || capital_beside(Some(i + 1)) {
            Case::Upper
        } else {
            Case::Title
        };
        match latin_alphabet::letter(c, case) {
            Some(latin) => out.push_str(&latin),
            None => out.push(c),
        }
    }
    out
}

/// Two or more letters, all capitals.
pub fn is_abbreviation(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// A web or e-mail address, written as it is in any script.
fn is_address(token: &str) -> bool {
    token.contains("://") || token.contains('@') || token.starts_with("www.")
}

/// An override's spelling in the case of the word it replaces: all capitals for a word
/// in capitals, a capital first letter for a capitalised one, else as written.
fn cased(latin: &str, source: &str) -> String {
    if is_abbreviation(source) {
        return latin.chars().map(latin_alphabet::latin_capital).collect();
    }
    let starts_capital = source.chars().next().is_some_and(char::is_uppercase);
    let mut chars = latin.chars();
    match (starts_capital, chars.next()) {
        (true, Some(first)) => {
            format!("{}{}", latin_alphabet::latin_capital(first), chars.as_str())
        }
        _ => latin.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> Transliterator {
        Transliterator::default()
    }

    /// Words of the site's own content and of the sources, with their Latin spelling by
    /// the 2021 alphabet.
    #[test]
    fn a_word_list_in_the_2021_alphabet() {
        let t = plain();
        for (cyrillic, latin) in [
            ("жатақхана", "jataqhana"),
            ("Жатақхана", "Jataqhana"),
            ("студенттерге", "studentterge"),
            ("қызмет", "qyzmet"),
            ("көрсету", "körsetu"),
            ("орталығы", "ortalyğy"),
            ("өтініш", "ötınış"),
            ("беру", "beru"),
            ("бір", "bır"),
            ("үйіне", "üiıne"),
            ("сый", "syi"),
            ("құжаттар", "qūjattar"),
            ("мың", "myñ"),
            ("Әлеуметтік", "Äleumettık"),
            ("ғылым", "ğylym"),
            ("шаһар", "şahar"),
            ("университет", "universitet"),
            ("Қазақстан", "Qazaqstan"),
            ("Республикасы", "Respublikasy"),
            ("Ілияс", "Iliias"), // и + я: a name an override may spell otherwise
            ("Игорь", "İgor"),
        ] {
            assert_eq!(t.word(cyrillic), latin, "{cyrillic}");
        }
    }

    /// The letters the alphabet has none for, as they come in Russian loanwords.
    #[test]
    fn loanword_letters() {
        let t = plain();
        for (cyrillic, latin) in [
            ("цифрлық", "sifrlyq"),         // ц → s
            ("полиция", "polisiia"),        // ц → s, я → ia
            ("чемпионат", "şempionat"),     // ч → ş
            ("щётка", "şşiotka"),           // щ → şş, ё → io
            ("ёлка", "iolka"),              // ё → io
            ("Юрий", "İurii"),              // Ю at the start → İu
            ("аудитория", "auditoriia"),    // я → ia
            ("Ярослав", "İaroslav"),        // Я → İa
            ("подъезд", "podezd"),          // ъ dropped
            ("компьютер", "kompiuter"),     // ь dropped, ю → iu
            ("электрондық", "elektrondyq"), // э → e
            ("ЩЕ", "ЩЕ"),                   // an abbreviation is left
        ] {
            assert_eq!(t.word(cyrillic), latin, "{cyrillic}");
        }
    }

    #[test]
    fn capitals_inside_a_word_stay_capitals() {
        assert_eq!(spelt("ЮНЕСКО"), "İUNESKO");
        assert_eq!(spelt("ЩЕ"), "ŞŞE");
        assert_eq!(spelt("Ще"), "Şşe");
    }

    #[test]
    fn numbers_addresses_abbreviations_and_latin_are_left_as_they_are() {
        let t = plain();
        assert_eq!(
            t.text("10-нан 20-ға дейін, 2026 ж. 25 қараша"),
            "10-nan 20-ğa deiın, 2026 j. 25 qaraşa"
        );
        assert_eq!(
            t.text("css@tttu.edu.kz поштасына немесе https://egov.kz/cms/kk сайтына"),
            "css@tttu.edu.kz poştasyna nemese https://egov.kz/cms/kk saityna"
        );
        assert_eq!(t.text("ЖОО-ның ЖСН-і eGov"), "ЖОО-nyñ ЖСН-ı eGov");
        assert_eq!(t.text("PDF, JPG"), "PDF, JPG");
        assert_eq!(t.text("Я"), "İa");
    }

    #[test]
    fn spaces_and_line_breaks_are_kept() {
        let t = plain();
        assert_eq!(t.text("  бір\n\tекі  "), "  bır\n\tekı  ");
        assert_eq!(t.text(""), "");
        assert_eq!(t.text("«Жоқ»!"), "«Joq»!");
    }

    #[test]
    fn overrides_win_for_a_word_and_for_a_stem_with_its_endings() {
        let t = Transliterator::new(&LatinSpellings {
            words: BTreeMap::from([
                ("компьютер*".to_owned(), "kompüter".to_owned()),
                ("ҚР".to_owned(), "QR".to_owned()),
                ("фараби".to_owned(), "Farabi".to_owned()),
            ]),
            ..LatinSpellings::default()
        });
        assert_eq!(t.word("компьютер"), "kompüter");
        assert_eq!(t.word("Компьютерге"), "Kompüterge");
        assert_eq!(t.word("КОМПЬЮТЕР"), "KOMPÜTER");
        assert_eq!(t.text("ҚР заңы"), "QR zañy");
        assert_eq!(t.word("фараби"), "Farabi");
        // Whole words only: the override of a word is not a stem.
        assert_eq!(t.word("ҚРда"), "QRda");
    }

    #[test]
    fn a_word_given_in_capitals_is_spelt_only_in_capitals() {
        let t = Transliterator::new(&LatinSpellings {
            words: BTreeMap::from([("БАС".to_owned(), "BAS".to_owned())]),
            ..LatinSpellings::default()
        });
        assert_eq!(t.text("«БАС ТАРТЫЛДЫ», бас"), "«BAS ТАРТЫЛДЫ», bas");
    }

    #[test]
    fn abbreviations_can_be_spelt_letter_by_letter() {
        let t = Transliterator::new(&LatinSpellings {
            abbreviations: Abbreviations::Spell,
            ..LatinSpellings::default()
        });
        assert_eq!(t.text("ЖОО, ҚР-ның ЖСН-і, ЩЕ"), "JOO, QR-nyñ JSN-ı, ŞŞE");
    }
}

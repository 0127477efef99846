//! The Kazakh Latin alphabet of 2021 (31 letters: A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P
//! Q R S Ş T U Ū Ü V Y Z) as a table from each of the 42 Cyrillic letters, with the rules
//! for the letters of Russian loanwords that the alphabet has no letter for: ц is
//! written s, ч and ш ş, щ şş, ё io, ю iu, я ia, э e, and ъ, ь are dropped.
//!
//! The 31 letters are the alphabet of 28 January 2021; the spellings of the loanword
//! letters are this project's reading of the orthography drafts that came with it (the
//! decree itself gives none), kept here so that a linguist changes one line.
//!
//! The table is the only place the alphabet is written; `transliteration` applies it to
//! words, and `content/latin.yaml` overrides it for the words it gets wrong.

/// One Cyrillic letter: its lower- and upper-case forms, and its Latin spelling in lower
/// case and in capitals (`щ` → `şş` / `ŞŞ`; a dropped sign is empty).
struct Letter {
    lower: char,
    upper: char,
    latin: &'static str,
    latin_upper: &'static str,
}

const fn l(lower: char, upper: char, latin: &'static str, latin_upper: &'static str) -> Letter {
    Letter {
        lower,
        upper,
        latin,
        latin_upper,
    }
}

/// In the order of the Cyrillic alphabet. Upper case is written out, not computed:
/// the capital of `i` is `İ` and of `ı` is `I`, which no locale-free upper-casing gives.
const TABLE: [Letter; 42] = [
    l('а', 'А', "a", "A"),
    l('ә', 'Ә', "ä", "Ä"),
    l('б', 'Б', "b", "B"),
    l('в', 'В', "v", "V"),
    l('г', 'Г', "g", "G"),
    l('ғ', 'Ғ', "ğ", "Ğ"),
    l('д', 'Д', "d", "D"),
    l('е', 'Е', "e", "E"),
    l('ё', 'Ё', "io", "İO"),
    l('ж', 'Ж', "j", "J"),
    l('з', 'З', "z", "Z"),
    l('и', 'И', "i", "İ"),
    l('й', 'Й', "i", "İ"),
    l('к', 'К', "k", "K"),
    l('қ', 'Қ', "q", "Q"),
    l('л', 'Л', "l", "L"),
    l('м', 'М', "m", "M"),
    l('н', 'Н', "n", "N"),
    l('ң', 'Ң', "ñ", "Ñ"),
    l('о', 'О', "o", "O"),
    l('ө', 'Ө', "ö", "Ö"),
    l('п', 'П', "p", "P"),
    l('р', 'Р', "r", "R"),
    l('с', 'С', "s", "S"),
    l('т', 'Т', "t", "T"),
    l('у', 'У', "u", "U"),
    l('ұ', 'Ұ', "ū", "Ū"),
    l('ү', 'Ү', "ü", "Ü"),
    l('ф', 'Ф', "f", "F"),
    l('х', 'Х', "h", "H"),
    l('һ', 'Һ', "h", "H"),
    l('ц', 'Ц', "s", "S"),
    l('ч', 'Ч', "ş", "Ş"),
    l('ш', 'Ш', "ş", "Ş"),
    l('щ', 'Щ', "şş", "ŞŞ"),
    l('ъ', 'Ъ', "", ""),
    l('ы', 'Ы', "y", "Y"),
    l('і', 'І', "ı", "I"),
    l('ь', 'Ь', "", ""),
    l('э', 'Э', "e", "E"),
    l('ю', 'Ю', "iu", "İU"),
    l('я', 'Я', "ia", "İA"),
];

/// How a letter is written in the Latin text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Lower,
    /// A capital that starts a word: only its first Latin letter is a capital (`Я` →
    /// `İa`).
    Title,
    /// Inside a word written in capitals (`ŞŞ`).
    Upper,
}

/// Whether `c` is a letter of the Kazakh Cyrillic alphabet.
pub fn is_cyrillic(c: char) -> bool {
    find(c).is_some()
}

fn find(c: char) -> Option<&'static Letter> {
    TABLE.iter().find(|x| x.lower == c || x.upper == c)
}

/// Whether `c` is the capital form of a Cyrillic letter.
pub fn is_capital(c: char) -> bool {
    TABLE.iter().any(|x| x.upper == c)
}

/// The Latin spelling of one Cyrillic letter, or `None` for anything else. A capital
/// letter is written in `case` (`Lower` is taken as `Title`); a small one always in lower
/// case.
pub fn letter(c: char, case: Case) -> Option<String> {
    let x = find(c)?;
    if c == x.lower {
        return Some(x.latin.to_owned());
    }
    Some(match case {
        Case::Upper => x.latin_upper.to_owned(),
        Case::Lower | Case::Title => title(x.latin_upper, x.latin),
    })
}

/// `İU` and `iu` → `İu`.
fn title(upper: &str, lower: &str) -> String {
    let mut out: String = upper.chars().take(1).collect();
    out.extend(lower.chars().skip(1));
    out
}

/// The capital of a Latin letter of the alphabet (`i` → `İ`, `ı` → `I`).
pub fn latin_capital(c: char) -> String {
    match c {
        'i' => "İ".to_owned(),
        'ı' => "I".to_owned(),
        c => c.to_uppercase().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_letter_of_the_cyrillic_alphabet_has_a_spelling() {
        let alphabet = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";
        assert_eq!(alphabet.chars().count(), 42);
        for c in alphabet.chars() {
            assert!(letter(c, Case::Lower).is_some(), "{c}");
            let upper = c.to_uppercase().next().unwrap();
            assert!(is_capital(upper), "{upper}");
        }
    }

    #[test]
    fn the_latin_side_uses_only_the_31_letters_of_2021() {
        let allowed: Vec<char> = "aäbdefgğhıijklmnñoöpqrsştuūüvyzAÄBDEFGĞHIİJKLMNÑOÖPQRSŞTUŪÜVYZ"
            .chars()
            .collect();
        for x in &TABLE {
            for c in x.latin.chars().chain(x.latin_upper.chars()) {
                assert!(allowed.contains(&c), "{} gives {c}", x.lower);
            }
        }
    }

    #[test]
    fn capitals_follow_the_word_they_are_in() {
        assert_eq!(letter('Я', Case::Title).as_deref(), Some("İa"));
        assert_eq!(letter('Я', Case::Upper).as_deref(), Some("İA"));
        assert_eq!(letter('я', Case::Upper).as_deref(), Some("ia"));
        assert_eq!(letter('І', Case::Title).as_deref(), Some("I"));
        assert_eq!(letter('И', Case::Title).as_deref(), Some("İ"));
        assert_eq!(letter('Щ', Case::Title).as_deref(), Some("Şş"));
        assert_eq!(letter('ъ', Case::Lower).as_deref(), Some(""));
        assert_eq!(letter('q', Case::Lower), None);
        assert_eq!(latin_capital('i'), "İ");
        assert_eq!(latin_capital('ı'), "I");
        assert_eq!(latin_capital('ş'), "Ş");
    }
}

//! Kazakh case endings after a number or a word, for placeholders such as `{min:abl}`.
//! A Kazakh ending agrees with the sound it follows: the last word *as read* ("10" is
//! "он", so "10-нан"; "5" is "бес", so "5-тен"), its vowel harmony (back а о ұ ы, front
//! ә ө ү і е) and its final sound (a vowel; р л й у; з ж; м н ң; or a voiceless
//! consonant). Digits take the ending after a hyphen ("10-нан"); a word takes it
//! directly ("күннен"). A word is inflected by its own last sound only: a noun in the
//! possessive ("жұмыс күні", whose dative is "күніне") needs its ending written out.

/// The cases a placeholder can be put in: `{name:dat}` and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Барыс септік: 10-ға, 5-ке (to).
    Dative,
    /// Шығыс септік: 10-нан, 5-тен (from; "more than" with аспау).
    Ablative,
    /// Жатыс септік: 10-да, 5-те (at, in).
    Locative,
    /// Ілік септік: 10-ның, 5-тің (of).
    Genitive,
    /// Табыс септік: 10-ды, 5-ті (the object).
    Accusative,
    /// Көмектес септік: 10-мен, 5-пен (with).
    Instrumental,
}

impl Case {
    pub const ALL: [Case; 6] = [
        Case::Dative,
        Case::Ablative,
        Case::Locative,
        Case::Genitive,
        Case::Accusative,
        Case::Instrumental,
    ];

    /// The tag written after the placeholder's name.
    pub fn tag(self) -> &'static str {
        match self {
            Case::Dative => "dat",
            Case::Ablative => "abl",
            Case::Locative => "loc",
            Case::Genitive => "gen",
            Case::Accusative => "acc",
            Case::Instrumental => "ins",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.tag() == tag)
    }

    /// Every ending of this case, in all its forms (for spotting hand-written ones).
    pub fn endings(self) -> &'static [&'static str] {
        match self {
            Case::Dative => &["ға", "ге", "қа", "ке"],
            Case::Ablative => &["дан", "ден", "тан", "тен", "нан", "нен"],
            Case::Locative => &["да", "де", "та", "те"],
            Case::Genitive => &["ның", "нің", "дың", "дің", "тың", "тің"],
            Case::Accusative => &["ны", "ні", "ды", "ді", "ты", "ті"],
            Case::Instrumental => &["мен", "бен", "пен"],
        }
    }
}

/// How a word ends, as far as an ending cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Final {
    Vowel,
    /// р л й у и: the endings of a vowel, except the genitive's and accusative's д.
    Sonorant,
    /// з ж.
    Voiced,
    /// м н ң.
    Nasal,
    /// п т к қ с ш ф х ц ч щ һ, and б в г д (said voiceless at a word's end).
    Voiceless,
}

/// The ending of `case` after `word` (the last word as it is read).
pub fn ending(word: &str, case: Case) -> &'static str {
    let back = is_back(word);
    let pick = |back_form: &'static str, front_form: &'static str| {
        if back { back_form } else { front_form }
    };
    use Final::*;
    match (case, final_sound(word)) {
        (Case::Dative, Voiceless) => pick("қа", "ке"),
        (Case::Dative, _) => pick("ға", "ге"),
        (Case::Locative, Voiceless) => pick("та", "те"),
        (Case::Locative, _) => pick("да", "де"),
        (Case::Ablative, Voiceless) => pick("тан", "тен"),
        (Case::Ablative, Nasal) => pick("нан", "нен"),
        (Case::Ablative, _) => pick("дан", "ден"),
        (Case::Genitive, Vowel | Nasal) => pick("ның", "нің"),
        (Case::Genitive, Sonorant | Voiced) => pick("дың", "дің"),
        (Case::Genitive, Voiceless) => pick("тың", "тің"),
        (Case::Accusative, Vowel) => pick("ны", "ні"),
        (Case::Accusative, Sonorant | Voiced | Nasal) => pick("ды", "ді"),
        (Case::Accusative, Voiceless) => pick("ты", "ті"),
        (Case::Instrumental, Vowel | Sonorant | Nasal) => "мен",
        (Case::Instrumental, Voiced) => "бен",
        (Case::Instrumental, Voiceless) => "пен",
    }
}

/// `value` in `case`: a number as "10-нан", a word as "күннен". A value that ends in
/// neither (markup, punctuation) is left as it is rather than given a wrong ending.
pub fn inflect(value: &str, case: Case) -> String {
    let last = value.chars().next_back();
    if last.is_some_and(|c| c.is_ascii_digit()) {
        match number_word(&trailing_number(value)) {
            Some(word) => format!("{value}-{}", ending(word, case)),
            None => value.to_string(),
        }
    } else if last.is_some_and(char::is_alphabetic) {
        let word: String = {
            let mut w: Vec<char> = value
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect();
            w.reverse();
            w.into_iter().collect()
        };
        format!("{value}{}", ending(&word.to_lowercase(), case))
    } else {
        value.to_string()
    }
}

/// The digits of the number a value ends with: group separators (spaces, no-break
/// spaces) skipped, and for a decimal ("2,5") the digits after the separator, as the
/// fraction is what is read last.
fn trailing_number(value: &str) -> String {
    let mut digits: Vec<char> = value
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .filter(char::is_ascii_digit)
        .collect();
    digits.reverse();
    digits.into_iter().collect()
}

/// The last word of a number as Kazakh reads it ("1 100" is "бір мың жүз": жүз), from
/// its digits.
pub fn number_word(digits: &str) -> Option<&'static str> {
    const UNITS: [&str; 10] = [
        "нөл",
        "бір",
        "екі",
        "үш",
        "төрт",
        "бес",
        "алты",
        "жеті",
        "сегіз",
        "тоғыз",
    ];
    const TENS: [&str; 10] = [
        "",
        "он",
        "жиырма",
        "отыз",
        "қырық",
        "елу",
        "алпыс",
        "жетпіс",
        "сексен",
        "тоқсан",
    ];
    const POWERS: [&str; 6] = [
        "мың",
        "миллион",
        "миллиард",
        "триллион",
        "квадриллион",
        "квинтиллион",
    ];
    let digits = digits.as_bytes();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // The lowest non-zero digit decides: its place names the word read last.
    let Some(place) = digits.iter().rev().position(|d| *d != b'0') else {
        return Some(UNITS[0]);
    };
    let digit = usize::from(digits[digits.len() - 1 - place] - b'0');
    match place {
        0 => Some(UNITS[digit]),
        1 => Some(TENS[digit]),
        2 => Some("жүз"),
        _ => POWERS.get(place / 3 - 1).copied(),
    }
}

/// Back (а о ұ ы я) or front (ә ө ү і е э ю) by the last vowel that decides; и and у
/// follow the vowel before them ("елу" is front), and a word with neither is back.
fn is_back(word: &str) -> bool {
    for c in word.chars().rev() {
        match c {
            'а' | 'о' | 'ұ' | 'ы' | 'я' | 'ё' => return true,
            'ә' | 'ө' | 'ү' | 'і' | 'е' | 'э' | 'ю' => return false,
            _ => {}
        }
    }
    true
}

fn final_sound(word: &str) -> Final {
    match word.chars().next_back() {
        Some('р' | 'л' | 'й' | 'у' | 'и') => Final::Sonorant,
        Some('з' | 'ж') => Final::Voiced,
        Some('м' | 'н' | 'ң') => Final::Nasal,
        Some('а' | 'ә' | 'е' | 'ё' | 'о' | 'ө' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'ю' | 'я') => {
            Final::Vowel
        }
        _ => Final::Voiceless,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every class of last word a number can end with, in every case: the words 0–9,
    /// the tens, жүз, мың and the larger powers.
    #[test]
    fn each_last_word_of_a_number_takes_its_own_endings() {
        // number, its last word, dative, ablative, locative, genitive, accusative, instrumental
        let table: &[(&str, &str, [&str; 6])] = &[
            ("0", "нөл", ["ге", "ден", "де", "дің", "ді", "мен"]),
            ("1", "бір", ["ге", "ден", "де", "дің", "ді", "мен"]),
            ("2", "екі", ["ге", "ден", "де", "нің", "ні", "мен"]),
            ("3", "үш", ["ке", "тен", "те", "тің", "ті", "пен"]),
            ("4", "төрт", ["ке", "тен", "те", "тің", "ті", "пен"]),
            ("5", "бес", ["ке", "тен", "те", "тің", "ті", "пен"]),
            ("6", "алты", ["ға", "дан", "да", "ның", "ны", "мен"]),
            ("7", "жеті", ["ге", "ден", "де", "нің", "ні", "мен"]),
            ("8", "сегіз", ["ге", "ден", "де", "дің", "ді", "бен"]),
            ("9", "тоғыз", ["ға", "дан", "да", "дың", "ды", "бен"]),
            ("10", "он", ["ға", "нан", "да", "ның", "ды", "мен"]),
            ("20", "жиырма", ["ға", "дан", "да", "ның", "ны", "мен"]),
            ("30", "отыз", ["ға", "дан", "да", "дың", "ды", "бен"]),
            ("40", "қырық", ["қа", "тан", "та", "тың", "ты", "пен"]),
            ("50", "елу", ["ге", "ден", "де", "дің", "ді", "мен"]),
            ("60", "алпыс", ["қа", "тан", "та", "тың", "ты", "пен"]),
            ("70", "жетпіс", ["ке", "тен", "те", "тің", "ті", "пен"]),
            ("80", "сексен", ["ге", "нен", "де", "нің", "ді", "мен"]),
            ("90", "тоқсан", ["ға", "нан", "да", "ның", "ды", "мен"]),
            ("100", "жүз", ["ге", "ден", "де", "дің", "ді", "бен"]),
            ("1000", "мың", ["ға", "нан", "да", "ның", "ды", "мен"]),
            (
                "1000000",
                "миллион",
                ["ға", "нан", "да", "ның", "ды", "мен"],
            ),
            (
                "1000000000",
                "миллиард",
                ["қа", "тан", "та", "тың", "ты", "пен"],
            ),
            (
                "1000000000000",
                "триллион",
                ["ға", "нан", "да", "ның", "ды", "мен"],
            ),
        ];
        for (number, word, endings) in table {
            assert_eq!(number_word(number), Some(*word), "{number}");
            for (case, want) in Case::ALL.iter().zip(endings) {
                assert_eq!(
                    inflect(number, *case),
                    format!("{number}-{want}"),
                    "{number} ({word}) in {case:?}"
                );
            }
        }
    }

    #[test]
    fn the_last_word_read_decides_however_long_the_number() {
        for (number, word) in [
            ("11", "бір"),
            ("25", "бес"),
            ("110", "он"),
            ("1100", "жүз"),
            ("2000", "мың"),
            ("20 000", "мың"),
            ("300 000", "мың"),
            ("1 000 001", "бір"),
            ("5 000 000", "миллион"),
            ("18446744073709551615", "бес"),
            ("18000000000000000000", "квинтиллион"),
        ] {
            assert_eq!(
                number_word(&trailing_number(number)),
                Some(word),
                "{number}"
            );
        }
        // Grouped digits and decimals, as pages write them.
        assert_eq!(inflect("10\u{a0}000", Case::Ablative), "10\u{a0}000-нан");
        assert_eq!(inflect("2,5", Case::Dative), "2,5-ке");
        assert_eq!(inflect("1,20", Case::Ablative), "1,20-дан");
        // Beyond the powers it knows: left as it is, not given a wrong ending.
        assert_eq!(
            inflect(&format!("1{}", "0".repeat(21)), Case::Dative).len(),
            22
        );
    }

    #[test]
    fn words_take_the_ending_of_their_own_last_sound() {
        assert_eq!(inflect("90 күн", Case::Ablative), "90 күннен");
        assert_eq!(inflect("Алматы", Case::Locative), "Алматыда");
        assert_eq!(inflect("мектеп", Case::Dative), "мектепке");
        assert_eq!(inflect("ЖАТАҚХАНА", Case::Genitive), "ЖАТАҚХАНАның");
        // Markup or punctuation at the end: no guess.
        assert_eq!(inflect("<b>10</b>", Case::Ablative), "<b>10</b>");
        assert_eq!(inflect("", Case::Ablative), "");
    }
}

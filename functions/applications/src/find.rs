//! Finding an application for a reviewer: by its reference, by the applicant's IIN or
//! passport number, or by a name — without the store holding the number, or a name in
//! a form anyone without the server's secret could search. An application keeps keyed
//! hashes ([`FindKeys`]): of its applicant's identity (the same one the
//! one-open-application rule uses) and of each word of the names its form lists in
//! `applicant_name`. A search hashes what was typed the same way and compares.
//!
//! A name matches when every word typed is a whole word of one of the names, in any
//! order and case ("асанов болат" finds "Болат Асанов"); part of a word does not.

use crate::applicant::applicant_hash;
use crate::reference;
use crate::secret::Secret;
use content_model::form::Form;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a search for an application asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Find {
    Reference(String),
    /// An IIN or passport number, upper-cased, without spaces or hyphens (as the form
    /// stores it).
    Identity(String),
    /// The words of a name, as [`name_words`] gives them.
    Name(Vec<String>),
}

/// The hashes an application is found by. Never shown: they mean nothing without the
/// server's secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindKeys {
    /// [`applicant_hash`] of its form and applicant.
    #[serde(default)]
    pub applicant: String,
    /// [`name_key`] of each word of its names, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
}

impl Find {
    /// What was typed into the search box could be, most likely first: a reference
    /// (8 characters of its alphabet), a number (letters and digits with at least one
    /// digit: an IIN, a passport), a name. Some text is more than one ("ABDULLAH" is
    /// shaped like a reference, "N2345678" like a reference and a passport): the search
    /// takes the first that finds anything. Empty when there is nothing to look for.
    pub fn candidates(typed: &str) -> Vec<Find> {
        let typed = typed.trim();
        let mut out = Vec::new();
        if let Some(r) = reference::normalise(typed) {
            out.push(Find::Reference(r));
        }
        let compact: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_uppercase();
        if compact.chars().all(|c| c.is_ascii_alphanumeric())
            && compact.chars().any(|c| c.is_ascii_digit())
        {
            out.push(Find::Identity(compact));
        } else {
            let words = name_words(typed);
            if !words.is_empty() {
                out.push(Find::Name(words));
            }
        }
        out
    }

    /// Whether the application `reference` to `form`, found by `keys`, is what was asked.
    pub fn matches(&self, secret: &Secret, reference: &str, form: &str, keys: &FindKeys) -> bool {
        match self {
            Find::Reference(r) => r == reference,
            Find::Identity(id) => {
                !keys.applicant.is_empty() && keys.applicant == applicant_hash(secret, form, id)
            }
            Find::Name(words) => words
                .iter()
                .all(|w| keys.names.binary_search(&name_key(secret, form, w)).is_ok()),
        }
    }
}

/// The words of a name: lower-case, `ё` as `е`, split at spaces, hyphens and
/// punctuation.
pub fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('ё', "е"))
        .collect()
}

/// The keyed hash of one word of a name, in one form (the same name in two forms gives
/// two keys).
pub fn name_key(secret: &Secret, form: &str, word: &str) -> String {
    secret.mac_hex(&[b"name:", form.as_bytes(), b":", word.as_bytes()])
}

/// The name keys of `answers` to `form` (slug `slug`): every word of every answer to a
/// field its `applicant_name` lists, sorted, each once.
pub fn name_keys(
    secret: &Secret,
    slug: &str,
    form: &Form,
    answers: &BTreeMap<String, String>,
) -> Vec<String> {
    let keys: BTreeSet<String> = form
        .applicant_name
        .iter()
        .filter_map(|field| answers.get(field))
        .flat_map(|name| name_words(name))
        .map(|w| name_key(secret, slug, &w))
        .collect();
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_typed_is_a_reference_a_number_or_a_name() {
        assert_eq!(
            Find::candidates(" abcd-2345 "),
            [
                Find::Reference("ABCD2345".into()),
                Find::Identity("ABCD2345".into())
            ]
        );
        assert_eq!(
            Find::candidates("0101 5050 0123"),
            [Find::Identity("010150500123".into())]
        );
        assert_eq!(
            Find::candidates("n 1234567"),
            [Find::Identity("N1234567".into())]
        );
        // Shaped like a reference, and a name or a passport too.
        assert_eq!(
            Find::candidates("Adam Hart"),
            [
                Find::Reference("ADAMHART".into()),
                Find::Name(vec!["adam".into(), "hart".into()])
            ]
        );
        assert_eq!(
            Find::candidates("N2345678"),
            [
                Find::Reference("N2345678".into()),
                Find::Identity("N2345678".into())
            ]
        );
        assert_eq!(
            Find::candidates("Асанова-Жұмабаева  Әлия"),
            [Find::Name(vec![
                "асанова".into(),
                "жұмабаева".into(),
                "әлия".into()
            ])]
        );
        assert_eq!(
            Find::candidates("Семён"),
            [Find::Name(vec!["семен".into()])]
        );
        assert!(Find::candidates("  ").is_empty());
        assert!(Find::candidates("--").is_empty());
    }

    #[test]
    fn a_name_is_found_by_whole_words_in_any_order_and_only_in_its_form() {
        let secret = Secret::new(b"find-test".to_vec());
        let keys = FindKeys {
            applicant: applicant_hash(&secret, "dormitory", "010150500123"),
            names: {
                let mut n: Vec<String> = name_words("Болат Асанов")
                    .iter()
                    .map(|w| name_key(&secret, "dormitory", w))
                    .collect();
                n.sort();
                n
            },
        };
        let found = |typed: &str, form: &str| {
            Find::candidates(typed)
                .iter()
                .any(|f| f.matches(&secret, "ABCD2345", form, &keys))
        };
        assert!(found("асанов болат", "dormitory"));
        assert!(found("АСАНОВ", "dormitory"));
        assert!(!found("Асан", "dormitory"), "part of a word");
        assert!(!found("Асанов Ерлан", "dormitory"), "every word");
        assert!(!found("Асанов", "certificate"), "another form's keys");
        assert!(found("0101 5050 0123", "dormitory"));
        assert!(!found("010150500124", "dormitory"));
        assert!(found("abcd2345", "certificate"));
        let empty = FindKeys::default();
        assert!(
            !Find::Identity(String::new()).matches(&secret, "R", "dormitory", &empty),
            "an application stored without keys is found by nothing but its reference"
        );
    }
}

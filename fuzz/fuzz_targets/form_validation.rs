//! Server-side form validation, on arbitrary answers.
//!
//! What it proves: `applications::submission::validate` — the check every application goes
//! through, against the real forms of `content/` — does not panic on any answers
//! (unknown or repeated fields, any text in any field type: IIN, phone, e-mail, passport,
//! date, number, choice, confirm, patterns, lengths) nor on any uploads list (empty,
//! oversized, untyped, too many, on non-file fields), in each language. It also holds
//! that an acceptance keeps only the form's own fields and a refusal names at least one
//! error.
//!
//! Input: the first byte picks the form (low two bits) and the language; the rest is
//! split into lines. A line `name=value` is an answer (lossy UTF-8, as HTTP gives
//! text); a line `@field=file name` is an upload whose size is the name's length in MiB
//! (0 = empty) and whose sniffed type comes from the name's first byte.
#![no_main]

use content_model::{Content, Lang};
use applications::file_kind::FileKind;
use applications::submission::{RawAnswers, Upload, validate};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn content() -> &'static Content {
    static CONTENT: OnceLock<Content> = OnceLock::new();
    CONTENT.get_or_init(|| {
        content_model::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"))
            .expect("content/ loads")
            .content
    })
}

/// `FUZZ_VERBOSE=1`: print each outcome (to see what a seed or an artifact does).
fn verbose() -> bool {
    static VERBOSE: OnceLock<bool> = OnceLock::new();
    *VERBOSE.get_or_init(|| std::env::var_os("FUZZ_VERBOSE").is_some())
}

fuzz_target!(|data: &[u8]| {
    let content = content();
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let form = &content.forms[usize::from(pick & 3) % content.forms.len()].data;
    let lang = Lang::ALL[usize::from(pick >> 2) % Lang::ALL.len()];

    let mut pairs = Vec::new();
    let mut uploads = Vec::new();
    for line in rest.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let (name, value) = line.split_once('=').unwrap_or((&line, ""));
        if let Some(field) = name.strip_prefix('@') {
            let kind = match value.bytes().next().map(|b| b % 4) {
                Some(0) => Some(FileKind::Pdf),
                Some(1) => Some(FileKind::Jpeg),
                Some(2) => Some(FileKind::Png),
                _ => None,
            };
            uploads.push(Upload {
                field: field.to_string(),
                file_name: value.to_string(),
                size: (value.len() as u64) << 20,
                kind,
                key: format!("k{}", uploads.len()),
            });
        } else {
            pairs.push((name.to_string(), value.to_string()));
        }
    }
    let raw = RawAnswers::from_pairs(pairs);

    let outcome = validate(form, &raw, &uploads, &content.ui, lang);
    if verbose() {
        eprintln!("{} ({lang:?}): {outcome:?}", form.service);
    }
    match outcome {
        Ok(accepted) => {
            for name in accepted.answers.keys() {
                assert!(form.field(name).is_some(), "accepted an answer to no field: {name}");
            }
            assert!(accepted.documents.len() <= uploads.len());
        }
        Err(errors) => assert!(!errors.is_empty(), "refused without an error"),
    }
});

//! Positions of keys in a YAML file, so that problems found after parsing (a missing
//! translation, a reference to nothing) can still point at a line and column.
//!
//! serde_yaml gives positions only for its own errors; this reads the same text once
//! more with yaml-rust2's event parser and records where every key path starts.

use crate::lang::Lang;
use crate::position::Pos;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Key paths are written the way editors read them: `rows.3.activity`, `title.ru`.
#[derive(Debug, Default, Clone)]
pub struct SpanMap {
    positions: HashMap<String, Pos>,
    /// Every mapping whose keys are only kk/ru/en.
    translations: Vec<TranslationMap>,
}

/// A mapping whose keys are only kk/ru/en: one text in up to three languages.
#[derive(Debug, Clone)]
pub struct TranslationMap {
    /// Its key path, `""` for a whole file.
    pub path: String,
    pub pos: Pos,
    /// Each language's text that is not blank, with where the text starts.
    pub texts: Vec<(Lang, String, Pos)>,
}

impl TranslationMap {
    pub fn text(&self, lang: Lang) -> Option<(&str, Pos)> {
        self.texts
            .iter()
            .find(|(l, ..)| *l == lang)
            .map(|(_, t, p)| (t.as_str(), *p))
    }
}

impl SpanMap {
    pub fn parse(text: &str) -> SpanMap {
        let mut builder = Builder::default();
        // A syntax error is reported by serde_yaml with its own position; here a
        // partial map is still useful.
        let _ = Parser::new_from_str(text).load(&mut builder, false);
        builder.map
    }

    /// The position of the key at `path`, or of the closest parent that exists.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return self.positions.get("").copied(),
            }
        }
    }

    /// Translatable maps that lack a language: (path, position, missing languages).
    pub fn incomplete_translations(&self) -> impl Iterator<Item = (&str, Pos, Vec<Lang>)> {
        self.translations.iter().filter_map(|t| {
            let missing: Vec<Lang> = Lang::ALL
                .into_iter()
                .filter(|l| t.text(*l).is_none())
                .collect();
            (!missing.is_empty()).then_some((t.path.as_str(), t.pos, missing))
        })
    }

    /// Every text in kk/ru/en, in the order of the file.
    pub fn translations(&self) -> &[TranslationMap] {
        &self.translations
    }
}

enum Frame {
    Map {
        path: String,
        pos: Pos,
        /// The key whose value comes next, when a value is awaited.
        key: Option<String>,
        keys: Vec<String>,
        texts: Vec<(Lang, String, Pos)>,
        only_langs: bool,
    },
    Seq {
        path: String,
        index: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    map: SpanMap,
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

impl Builder {
    /// The path of a value that starts now, advancing the parent's state.
    fn value_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, index }) => {
                let p = join(path, &index.to_string());
                *index += 1;
                Some(p)
            }
            Some(Frame::Map { path, key, .. }) => key.take().map(|k| join(path, &k)),
        }
    }

    fn pos(mark: Marker) -> Pos {
        Pos::new(mark.line(), mark.col() + 1)
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                // A scalar is either a key (in a map awaiting one) or a value.
                if let Some(Frame::Map {
                    path,
                    key,
                    keys,
                    only_langs,
                    ..
                }) = self.stack.last_mut()
                    && key.is_none()
                {
                    let full = join(path, &value);
                    self.map.positions.entry(full).or_insert(Self::pos(mark));
                    if Lang::from_code(&value).is_none() {
                        *only_langs = false;
                    }
                    keys.push(value.clone());
                    *key = Some(value);
                    return;
                }
                let lang_key = match self.stack.last() {
                    Some(Frame::Map { key: Some(k), .. }) => Lang::from_code(k),
                    _ => None,
                };
                let path = self.value_path();
                if let Some(p) = path {
                    self.map.positions.entry(p).or_insert(Self::pos(mark));
                }
                if let (Some(lang), Some(Frame::Map { texts, .. })) =
                    (lang_key, self.stack.last_mut())
                    && !value.trim().is_empty()
                {
                    texts.push((lang, value, Self::pos(mark)));
                }
            }
            Event::MappingStart(..) => {
                let path = self.value_path().unwrap_or_default();
                // Keep the key's position (already recorded) rather than the value's.
                let pos = *self
                    .map
                    .positions
                    .entry(path.clone())
                    .or_insert(Self::pos(mark));
                self.stack.push(Frame::Map {
                    path,
                    pos,
                    key: None,
                    keys: Vec::new(),
                    texts: Vec::new(),
                    only_langs: true,
                });
            }
            Event::SequenceStart(..) => {
                let path = self.value_path().unwrap_or_default();
                self.map
                    .positions
                    .entry(path.clone())
                    .or_insert(Self::pos(mark));
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    path,
                    pos,
                    keys,
                    texts,
                    only_langs,
                    ..
                }) = self.stack.pop()
                    && only_langs
                    && !keys.is_empty()
                {
                    self.map
                        .translations
                        .push(TranslationMap { path, pos, texts });
                }
            }
            Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.value_path();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_and_items() {
        let text =
            "title:\n  kk: Жатақхана\n  ru: Общежитие\nrows:\n  - no: 1\n    text: a\n  - no: 2\n";
        let map = SpanMap::parse(text);
        assert_eq!(map.find("title"), Some(Pos::new(1, 1)));
        assert_eq!(map.find("title.ru"), Some(Pos::new(3, 3)));
        assert_eq!(map.find("rows.1.no"), Some(Pos::new(7, 5)));
        assert_eq!(map.find("rows.0.text"), Some(Pos::new(6, 5)));
        // An unknown child falls back to its parent.
        assert_eq!(map.find("title.en"), Some(Pos::new(1, 1)));
    }

    #[test]
    fn reports_translation_maps_with_a_missing_or_empty_language() {
        let text = "title: {kk: a, ru: b, en: c}\nsummary:\n  kk: x\n  ru: ''\nfee: {amount: 5}\n";
        let map = SpanMap::parse(text);
        let missing: Vec<_> = map.incomplete_translations().collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].0, "summary");
        assert_eq!(missing[0].2, vec![Lang::Ru, Lang::En]);
    }
}

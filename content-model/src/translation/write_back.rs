//! Writing a translation into the file it belongs to without disturbing the rest: only
//! the bytes of the one value change, so the file's comments, key order, quoting and
//! line wrapping stay as the editor left them. Every YAML change is read back (the file
//! must still parse and give the new text, up to white space) before it is accepted;
//! the import then loads the whole content from a trial copy.

use crate::lang::Lang;
use crate::markdown::split_front_matter;
use crate::spans::SpanMap;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WriteBackError {
    #[error("there is no text `{key}` in this file")]
    NoSuchText { key: String },
    #[error("`{key}` could not be written so that it reads back as the same text")]
    Unreadable { key: String },
    #[error("this guide file has no front matter")]
    NoFrontMatter,
}

/// Set the `lang` text of the kk/ru/en map at `path` (adding the language if the map
/// lacks it).
pub fn set_translation(
    yaml: &str,
    path: &str,
    lang: Lang,
    new: &str,
) -> Result<String, WriteBackError> {
    let spans = SpanMap::parse(yaml);
    if !spans.translations().iter().any(|t| t.path == path) {
        return Err(WriteBackError::NoSuchText { key: path.into() });
    }
    let key = join(path, lang.code());
    let written = if has_key(&spans, yaml, &key) {
        set_scalar(yaml, &spans, &key, new)?
    } else {
        let order = Lang::ALL.map(Lang::code);
        insert_sibling(yaml, &spans, path, &order, lang.code(), new)?
    };
    check(&written, &key, new)?;
    Ok(written)
}

/// Set the plain key `key` (a guide's `title` or `summary`) of a YAML document.
pub fn set_plain_key(yaml: &str, key: &str, new: &str) -> Result<String, WriteBackError> {
    let spans = SpanMap::parse(yaml);
    if !has_key(&spans, yaml, key) {
        return Err(WriteBackError::NoSuchText { key: key.into() });
    }
    let written = set_scalar(yaml, &spans, key, new)?;
    check(&written, key, new)?;
    Ok(written)
}

/// Set a guide file's `title`, `summary` (in its front matter) or `body`.
pub fn set_guide_text(markdown: &str, key: &str, new: &str) -> Result<String, WriteBackError> {
    let split = split_front_matter(markdown).ok_or(WriteBackError::NoFrontMatter)?;
    let yaml_start = split.yaml.as_ptr() as usize - markdown.as_ptr() as usize;
    let body_start = split.body.as_ptr() as usize - markdown.as_ptr() as usize;
    let head = &markdown[..yaml_start];
    let fence = &markdown[yaml_start + split.yaml.len()..body_start];
    if key == "body" {
        // The blank lines after the front matter stay as they were (one if there were
        // none); an indented first line (a code block) keeps its indentation.
        let blank = split.body.len() - split.body.trim_start_matches(['\n', '\r']).len();
        let blank = if blank == 0 {
            "\n"
        } else {
            &split.body[..blank]
        };
        return Ok(format!(
            "{}{blank}{}\n",
            &markdown[..body_start],
            new.trim_start_matches(['\n', '\r']).trim_end()
        ));
    }
    let yaml = set_plain_key(split.yaml, key, new)?;
    Ok(format!("{head}{yaml}{fence}{}", split.body))
}

/// A new guide file in one language.
pub fn new_guide_file(title: &str, summary: &str, body: &str) -> String {
    format!(
        "---\ntitle: {}\nsummary: {}\n---\n\n{}\n",
        scalar_line(title, Style::Plain, false),
        scalar_line(summary, Style::Plain, false),
        body.trim()
    )
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

/// Whether `key` is written in the file itself (SpanMap falls back to parents).
fn has_key(spans: &SpanMap, yaml: &str, key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    spans
        .find(key)
        .and_then(|p| offset(yaml, p.line, p.column))
        .is_some_and(|at| yaml[at..].starts_with(last))
        && spans.find(key) != spans.find(key.rsplit_once('.').map_or("", |(p, _)| p))
}

/// The byte offset of a 1-based line and (character) column.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut at = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(l.len());
            return Some(at + col);
        }
        at += l.len();
    }
    None
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    /// `|` or `>`, with the header as written (`>-`, `|+`, `>2`).
    Block,
}

/// Where a key's value is: (start, end) in bytes, its style, whether it is inside a
/// `{…}` map, and the key's column (its indentation).
struct Value {
    start: usize,
    end: usize,
    style: Style,
    flow: bool,
    key_col: usize,
}

fn locate(yaml: &str, spans: &SpanMap, key: &str) -> Result<Value, WriteBackError> {
    let none = || WriteBackError::NoSuchText { key: key.into() };
    let pos = spans.find(key).ok_or_else(none)?;
    let key_at = offset(yaml, pos.line, pos.column).ok_or_else(none)?;
    let key_col = key_at - line_start(yaml, key_at);
    let flow = in_flow(yaml, key_at);
    // The value starts after `key:` and the spaces after it.
    let colon = yaml[key_at..]
        .find(':')
        .map(|i| key_at + i)
        .ok_or_else(none)?;
    let mut start = colon + 1;
    while yaml[start..].starts_with(' ') {
        start += 1;
    }
    let rest = &yaml[start..];
    let style = match rest.chars().next() {
        Some('"') => Style::Double,
        Some('\'') => Style::Single,
        Some('|') | Some('>') => Style::Block,
        _ => Style::Plain,
    };
    let end = match style {
        Style::Double => start + quoted_end(rest, '"').ok_or_else(none)?,
        Style::Single => start + quoted_end(rest, '\'').ok_or_else(none)?,
        Style::Block => block_end(yaml, start, key_col),
        Style::Plain if flow => start + rest.find([',', '}']).unwrap_or(rest.len()).min(rest.len()),
        Style::Plain => plain_end(yaml, start, key_col),
    };
    let end = start + yaml[start..end].trim_end().len();
    Ok(Value {
        start,
        end,
        style,
        flow,
        key_col,
    })
}

/// Whether the key at `at` is inside `{…}`: more `{` than `}` before it on its way
/// back to the start of the enclosing block line.
fn in_flow(yaml: &str, at: usize) -> bool {
    let mut depth = 0i32;
    for c in yaml[line_start(yaml, at)..at].chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

fn quoted_end(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(i + c.len_utf8());
        }
    }
    None
}

/// A block scalar runs to the last line indented more than its key.
fn block_end(yaml: &str, start: usize, key_col: usize) -> usize {
    let header_end = yaml[start..].find('\n').map_or(yaml.len(), |i| start + i);
    let mut end = header_end;
    let mut at = header_end;
    while at < yaml.len() {
        let line_end = yaml[at + 1..].find('\n').map_or(yaml.len(), |i| at + 1 + i);
        let line = &yaml[(at + 1).min(yaml.len())..line_end];
        if line.trim().is_empty() {
            at = line_end;
            continue;
        }
        if line.chars().take_while(|c| *c == ' ').count() <= key_col {
            break;
        }
        end = line_end;
        at = line_end;
    }
    end
}

/// A plain scalar: the rest of its line (before a ` #` comment) and any lines after it
/// indented more than its key.
fn plain_end(yaml: &str, start: usize, key_col: usize) -> usize {
    let line_end = yaml[start..].find('\n').map_or(yaml.len(), |i| start + i);
    let first = &yaml[start..line_end];
    let mut end = start + first.find(" #").unwrap_or(first.len());
    let mut at = line_end;
    while at < yaml.len() {
        let next_end = yaml[at + 1..].find('\n').map_or(yaml.len(), |i| at + 1 + i);
        let line = &yaml[(at + 1).min(yaml.len())..next_end];
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            at = next_end;
            continue;
        }
        if line.len() - trimmed.len() <= key_col || trimmed.starts_with('#') {
            break;
        }
        end = next_end;
        at = next_end;
    }
    end
}

fn set_scalar(yaml: &str, spans: &SpanMap, key: &str, new: &str) -> Result<String, WriteBackError> {
    let v = locate(yaml, spans, key)?;
    let old = &yaml[v.start..v.end];
    let replacement = if v.style == Style::Block && !v.flow {
        let header = old.lines().next().unwrap_or("|-");
        let content_indent = old
            .lines()
            .skip(1)
            .find(|l| !l.trim().is_empty())
            .map(|l| l.chars().take_while(|c| *c == ' ').count())
            .unwrap_or(v.key_col + 2);
        // Wrap as the editor did: at the longest line they wrote, 88 at the least.
        let width = old
            .lines()
            .skip(1)
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
            .max(88);
        block(header, new, content_indent, width)
    } else if new.contains('\n') && !v.flow {
        block("|-", new, v.key_col + 2, 88)
    } else {
        scalar_line(new, v.style, v.flow)
    };
    Ok(format!(
        "{}{}{}",
        &yaml[..v.start],
        replacement,
        &yaml[v.end..]
    ))
}

/// A block scalar: folded text is wrapped at `width` columns; text with line breaks of its
/// own is written literally (`|`), keeping the header's chomping.
fn block(header: &str, new: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let chomp: String = header
        .chars()
        .skip(1)
        .filter(|c| *c == '-' || *c == '+')
        .collect();
    let new = new.trim_end_matches('\n');
    if header.starts_with('>') && !new.contains('\n') && !new.starts_with(' ') {
        let mut out = format!(">{chomp}");
        let mut line = String::new();
        for word in new.split(' ') {
            if !line.is_empty() && indent + line.chars().count() + 1 + word.chars().count() > width
            {
                out.push('\n');
                out.push_str(&pad);
                out.push_str(&line);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push('\n');
        out.push_str(&pad);
        out.push_str(&line);
        return out;
    }
    let mut out = format!("|{chomp}");
    for l in new.split('\n') {
        out.push('\n');
        if !l.is_empty() {
            out.push_str(&pad);
            out.push_str(l);
        }
    }
    out
}

/// A one-line scalar in the style it had, when that style can hold it; else quoted.
fn scalar_line(new: &str, style: Style, flow: bool) -> String {
    match style {
        Style::Plain if plain_is_safe(new, flow) => new.to_owned(),
        Style::Single if !new.contains('\n') => format!("'{}'", new.replace('\'', "''")),
        _ => serde_json::to_string(new).unwrap_or_default(),
    }
}

/// A conservative test: what YAML would read back as this very string.
fn plain_is_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let risky_start = "-?:,[]{}#&*!|>'\"%@`".contains(first) || first == ' ';
    let risky = s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.ends_with(' ')
        || s.contains('\n')
        || s.contains('\t')
        || (flow && s.contains([',', '[', ']', '{', '}']));
    let typed = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
    ) || s.parse::<f64>().is_ok();
    !risky_start && !risky && !typed
}

/// Add `new_key` to the map at `parent`, keeping the keys in `order`: before the first
/// key that comes after it, or after the last one there.
fn insert_sibling(
    yaml: &str,
    spans: &SpanMap,
    parent: &str,
    order: &[&str],
    new_key: &str,
    new: &str,
) -> Result<String, WriteBackError> {
    let none = || WriteBackError::NoSuchText {
        key: join(parent, new_key),
    };
    let present = |k: &&&str| has_key(spans, yaml, &join(parent, k));
    // A key that opens a list item (`- en: …`) has nothing before it to insert after,
    // so the new key then goes after the last one instead.
    let opens_item = |k: &&&str| {
        spans
            .find(&join(parent, k))
            .and_then(|p| offset(yaml, p.line, p.column))
            .is_some_and(|at| yaml[line_start(yaml, at)..at].trim_start().starts_with('-'))
    };
    let next = order
        .iter()
        .skip_while(|k| **k != new_key)
        .skip(1)
        .find(present)
        .filter(|k| !opens_item(k));
    let last = order.iter().rev().find(present).ok_or_else(none)?;
    let sibling = locate(yaml, spans, &join(parent, last))?;
    if sibling.flow {
        let close = yaml[sibling.end..]
            .find('}')
            .map(|i| sibling.end + i)
            .ok_or_else(none)?;
        let value = scalar_line(new, Style::Double, true);
        return Ok(match next {
            // Before the next key, in the braces.
            Some(n) => {
                let p = spans.find(&join(parent, n)).ok_or_else(none)?;
                let at = offset(yaml, p.line, p.column).ok_or_else(none)?;
                format!("{}{new_key}: {value}, {}", &yaml[..at], &yaml[at..])
            }
            None => format!(
                "{}, {new_key}: {value}{}",
                yaml[..close].trim_end(),
                &yaml[close..]
            ),
        });
    }
    let pad = " ".repeat(sibling.key_col);
    let value = if new.contains('\n') {
        block("|-", new, sibling.key_col + 2, 88)
    } else {
        scalar_line(new, Style::Plain, false)
    };
    let line = format!("{pad}{new_key}: {value}\n");
    let at = match next {
        Some(n) => {
            let p = spans.find(&join(parent, n)).ok_or_else(none)?;
            line_start(yaml, offset(yaml, p.line, p.column).ok_or_else(none)?)
        }
        None => yaml[sibling.end..]
            .find('\n')
            .map_or(yaml.len(), |i| sibling.end + i + 1),
    };
    let mut out = String::with_capacity(yaml.len() + line.len());
    out.push_str(&yaml[..at]);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&line);
    out.push_str(&yaml[at..]);
    Ok(out)
}

/// Set a UI string (`key`) or one plural form of it (`key.few`) in a catalogue file,
/// adding the key at the end, or the form among the others, when it is not there.
pub fn set_interface_text(yaml: &str, key: &str, new: &str) -> Result<String, WriteBackError> {
    const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
    let spans = SpanMap::parse(yaml);
    let written = if has_key(&spans, yaml, key) {
        set_scalar(yaml, &spans, key, new)?
    } else if let Some((parent, form)) = key.rsplit_once('.')
        && FORMS.contains(&form)
    {
        insert_sibling(yaml, &spans, parent, &FORMS, form, new)?
    } else {
        let value = if new.contains('\n') {
            block("|-", new, 2, 88)
        } else {
            scalar_line(new, Style::Double, false)
        };
        let sep = if yaml.ends_with('\n') || yaml.is_empty() {
            ""
        } else {
            "\n"
        };
        format!("{yaml}{sep}{key}: {value}\n")
    };
    check(&written, key, new)?;
    Ok(written)
}

/// The file reads back, and `key` holds the new text (up to how YAML ends a block).
fn check(written: &str, key: &str, new: &str) -> Result<(), WriteBackError> {
    let bad = || WriteBackError::Unreadable { key: key.into() };
    let value: serde_yaml::Value = serde_yaml::from_str(written).map_err(|_| bad())?;
    let mut v = &value;
    for part in key.split('.') {
        v = match part.parse::<usize>() {
            Ok(i) if v.is_sequence() => v.get(i).ok_or_else(bad)?,
            _ => v.get(part).ok_or_else(bad)?,
        };
    }
    let got = v.as_str().ok_or_else(bad)?;
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if got.trim_end() == new.trim_end() || words(got) == words(new) {
        Ok(())
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# A comment that must stay.\n\
title:\n  kk: Жатақхана\n  ru: Общежитие   # the source\n  en: Dormitory\n\
summary:\n  kk: >-\n    Студент онлайн\n    өтініш береді.\n  ru: >-\n    Студент подаёт\n    заявку.\n\
short: {kk: 'Бір', ru: Один}\n\
list:\n  - kk: \"A: b\"\n    ru: В\n";

    #[test]
    fn changes_only_the_value() {
        let out = set_translation(FILE, "title", Lang::En, "A dormitory").unwrap();
        assert_eq!(out, FILE.replace("en: Dormitory", "en: A dormitory"));
        let out = set_translation(FILE, "title", Lang::Ru, "Общежитие: место").unwrap();
        assert!(
            out.contains("  ru: \"Общежитие: место\"   # the source\n"),
            "{out}"
        );
    }

    #[test]
    fn keeps_a_folded_block_folded_and_wrapped() {
        let long = "Студент өтінішті онлайн береді, ".repeat(5);
        let out = set_translation(FILE, "summary", Lang::Kk, long.trim()).unwrap();
        assert!(out.contains("  kk: >-\n    Студент өтінішті"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() <= 88), "{out}");
        assert!(
            out.contains("  ru: >-\n    Студент подаёт\n    заявку.\n"),
            "{out}"
        );
        let out = set_translation(FILE, "summary", Lang::Kk, "Бірінші.\n\nЕкінші.").unwrap();
        assert!(
            out.contains("  kk: |-\n    Бірінші.\n\n    Екінші.\n  ru:"),
            "{out}"
        );
    }

    #[test]
    fn adds_a_missing_language_in_its_place() {
        let out = set_translation(FILE, "summary", Lang::En, "Students apply online.").unwrap();
        assert!(
            out.contains("    заявку.\n  en: Students apply online.\nshort:"),
            "{out}"
        );
        let out = set_translation(FILE, "short", Lang::En, "One").unwrap();
        assert!(
            out.contains("short: {kk: 'Бір', ru: Один, en: \"One\"}\n"),
            "{out}"
        );
        let out = set_translation(FILE, "list.0", Lang::En, "C, d").unwrap();
        assert!(out.contains("    ru: В\n    en: C, d\n"), "{out}");
        let out = set_translation(FILE, "list.0", Lang::Kk, "Жаңа").unwrap();
        assert!(out.contains("  - kk: \"Жаңа\"\n"), "{out}");
        // A list item that starts with a later language gets the new one after it.
        let en_first = "list:\n  - en: A\n    ru: Б\n  - en: C\n";
        let out = set_translation(en_first, "list.0", Lang::Kk, "Ә").unwrap();
        assert_eq!(out, "list:\n  - en: A\n    kk: Ә\n    ru: Б\n  - en: C\n");
        let out =
            set_translation("list:\n  - en: A\n  - en: C\n", "list.0", Lang::Ru, "Б").unwrap();
        assert_eq!(out, "list:\n  - en: A\n    ru: Б\n  - en: C\n");
    }

    #[test]
    fn sets_ui_strings_and_adds_the_plural_forms_a_language_needs() {
        let ru = "# Слова интерфейса.\nnav_home: Главная\ndays: {one: \"{n} день\", other: \"{n} дня\"}\n";
        let out = set_interface_text(ru, "nav_home", "Начало").unwrap();
        assert_eq!(out, ru.replace("Главная", "Начало"));
        let out = set_interface_text(ru, "days.few", "{n} дня").unwrap();
        assert!(
            out.contains(r#"days: {one: "{n} день", few: "{n} дня", other: "{n} дня"}"#),
            "{out}"
        );
        let out = set_interface_text(&out, "days.many", "{n} дней").unwrap();
        assert!(
            out.contains(r#"few: "{n} дня", many: "{n} дней", other"#),
            "{out}"
        );
        let out = set_interface_text(ru, "search_none", "Ничего: не найдено").unwrap();
        assert!(
            out.ends_with("search_none: \"Ничего: не найдено\"\n"),
            "{out}"
        );
    }

    #[test]
    fn quotes_what_plain_text_cannot_hold() {
        for text in [
            "- a list?",
            "yes",
            "12",
            "a: b",
            "#hash",
            "ends with colon:",
        ] {
            let out = set_translation(FILE, "title", Lang::En, text).unwrap();
            assert!(
                out.contains(&format!("en: {}\n", serde_json::to_string(text).unwrap())),
                "{out}"
            );
        }
    }

    #[test]
    fn a_guide_keeps_its_front_matter_and_gets_its_new_body() {
        let md = "---\ntitle: Жатақхана\nsummary: Қалай өтініш беру керек.\n---\n\nЕскі мәтін.\n";
        let out = set_guide_text(md, "body", "## Жаңа\n\nЖаңа мәтін.").unwrap();
        assert_eq!(
            out,
            "---\ntitle: Жатақхана\nsummary: Қалай өтініш беру керек.\n---\n\n## Жаңа\n\nЖаңа мәтін.\n"
        );
        let out = set_guide_text(md, "title", "Жатақханаға орналасу").unwrap();
        assert!(
            out.starts_with("---\ntitle: Жатақханаға орналасу\nsummary:"),
            "{out}"
        );
        let tight = "---\ntitle: A\nsummary: B\n---\nOld.\n";
        assert_eq!(
            set_guide_text(tight, "body", "    code\n\nNew.").unwrap(),
            "---\ntitle: A\nsummary: B\n---\n\n    code\n\nNew.\n"
        );
        assert_eq!(
            set_guide_text("no front matter", "title", "x"),
            Err(WriteBackError::NoFrontMatter)
        );
    }
}

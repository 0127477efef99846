//! XLIFF 2.0 (OASIS), the exchange format CAT tools (OmegaT, memoQ, Trados, Crowdin)
//! read and write: one `<file>` per content file, one `<unit>` per text, its id the
//! text's key. Placeholders travel as `<ph>` codes with their text in `<originalData>`,
//! so a tool shows them as tags a translator cannot mistype; a translator who types
//! `{min:abl}` instead is understood too.

use crate::lang::Lang;
use crate::placeholders::placeholders;
use quick_xml::Reader;
use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub source: Lang,
    pub target: Lang,
    pub files: Vec<File>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The content file (or guide folder), as the record names it.
    pub original: String,
    pub units: Vec<Unit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The text's key: `summary`, `rows.3.activity`.
    pub id: String,
    pub notes: Vec<Note>,
    pub source: String,
    /// `None` or empty: not translated.
    pub target: Option<String>,
    pub state: State,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub category: Option<String>,
    pub text: String,
}

/// A segment's state, as XLIFF 2.0 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    Initial,
    Translated,
    Reviewed,
    Final,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Initial => "initial",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
            State::Final => "final",
        }
    }

    fn parse(s: &str) -> Option<State> {
        Some(match s {
            "initial" => State::Initial,
            "translated" => State::Translated,
            "reviewed" => State::Reviewed,
            "final" => State::Final,
            _ => return None,
        })
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum XliffError {
    #[error("line {line}: this is not well-formed XML ({message})")]
    Xml { line: usize, message: String },
    #[error(
        "this is not an XLIFF 2.0 document: its root must be <xliff version=\"2.0\"> in {NAMESPACE}"
    )]
    NotXliff2,
    #[error("line {line}: <{element}> has no {attribute}=\"…\"")]
    MissingAttribute {
        line: usize,
        element: String,
        attribute: String,
    },
    #[error("line {line}: `{code}` is not a language of the site (kk, ru or en)")]
    Language { line: usize, code: String },
    #[error("line {line}: state=\"{state}\" is not one of initial, translated, reviewed, final")]
    State { line: usize, state: String },
    #[error("the file ends before </xliff>: it was cut short, so nothing of it is imported")]
    Truncated,
    #[error(
        "{file}, unit {unit}: only some of its segments are translated; translate the rest or leave the whole unit empty"
    )]
    PartlyTranslated { file: String, unit: String },
    #[error("{file}, unit {unit}: <ph dataRef=\"{data}\"/> names no <data> of the unit")]
    UnknownData {
        file: String,
        unit: String,
        data: String,
    },
}

/// The document as XLIFF 2.0 text.
pub fn write(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<xliff xmlns="{NAMESPACE}" version="2.0" srcLang="{}" trgLang="{}">"#,
        doc.source, doc.target
    );
    for (i, f) in doc.files.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"  <file id="f{}" original="{}">"#,
            i + 1,
            escape(f.original.as_str())
        );
        for u in &f.units {
            write_unit(&mut out, u);
        }
        let _ = writeln!(out, "  </file>");
    }
    out.push_str("</xliff>\n");
    out
}

fn write_unit(out: &mut String, u: &Unit) {
    let _ = writeln!(out, r#"    <unit id="{}">"#, escape(u.id.as_str()));
    if !u.notes.is_empty() {
        let _ = writeln!(out, "      <notes>");
        for n in &u.notes {
            let category = n
                .category
                .as_ref()
                .map(|c| format!(r#" category="{}""#, escape(c.as_str())))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "        <note{category}>{}</note>",
                escape(n.text.as_str())
            );
        }
        let _ = writeln!(out, "      </notes>");
    }
    // One <data> per distinct placeholder, shared by source and target.
    let mut data: Vec<String> = Vec::new();
    let source = coded(&u.source, &mut data);
    let target = u.target.as_deref().map(|t| coded(t, &mut data));
    if !data.is_empty() {
        let _ = writeln!(out, "      <originalData>");
        for (i, d) in data.iter().enumerate() {
            let _ = writeln!(
                out,
                r#"        <data id="d{}">{}</data>"#,
                i + 1,
                escape(d.as_str())
            );
        }
        let _ = writeln!(out, "      </originalData>");
    }
    let _ = writeln!(out, r#"      <segment state="{}">"#, u.state.as_str());
    let _ = writeln!(
        out,
        r#"        <source xml:space="preserve">{source}</source>"#
    );
    if let Some(t) = target {
        let _ = writeln!(out, r#"        <target xml:space="preserve">{t}</target>"#);
    }
    let _ = writeln!(out, "      </segment>");
    let _ = writeln!(out, "    </unit>");
}

/// Escaped text with each placeholder as `<ph id="…" dataRef="d…"/>`.
fn coded(text: &str, data: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (n, p) in placeholders(text).into_iter().enumerate() {
        let start = text[..p.end].rfind('{').unwrap_or(at);
        out.push_str(&escape(&text[at..start]));
        let raw = &text[start..p.end];
        let index = match data.iter().position(|d| d == raw) {
            Some(i) => i,
            None => {
                data.push(raw.to_owned());
                data.len() - 1
            }
        };
        let _ = write!(out, r#"<ph id="{}" dataRef="d{}"/>"#, n + 1, index + 1);
        at = p.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// Where the reader is inside a unit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Nothing,
    Note,
    Data,
    Source,
    Target,
}

/// Text of a source or target as read: literal text and references to `<data>`.
enum Piece {
    Text(String),
    Data(String),
}

/// Read an XLIFF 2.0 document. Segments of a unit are joined in order (a tool may
/// split a text into sentences), with the text of `<ignorable>` between them.
pub fn read(xml: &str) -> Result<Document, XliffError> {
    let mut reader = Reader::from_str(xml);
    // Lines counted as the reader goes, not from the start at each event.
    let (mut counted_to, mut counted_lines) = (0usize, 1usize);
    let mut line_at = |pos: u64| {
        let pos = (pos as usize).min(xml.len());
        if pos >= counted_to {
            counted_lines += xml.as_bytes()[counted_to..pos]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = pos;
        }
        counted_lines
    };
    let mut doc: Option<Document> = None;
    let mut file: Option<File> = None;
    let mut unit: Option<(String, State)> = None;
    let mut notes: Vec<Note> = Vec::new();
    let mut note_category: Option<String> = None;
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    let mut data_id = String::new();
    let mut source: Vec<Piece> = Vec::new();
    let mut target: Vec<Piece> = Vec::new();
    let mut has_target = false;
    let mut inside = In::Nothing;
    let mut text = String::new();
    // Elements of other namespaces (a tool's `<mtc:matches>` of candidate translations,
    // with their own <source> and <target>) are skipped whole.
    let mut skipping = 0usize;
    // A unit's segments, and how many of them have a target.
    let (mut segments, mut targets) = (0usize, 0usize);
    let mut closed = false;
    loop {
        let pos = reader.buffer_position();
        // An error's line is where the event that failed starts.
        let event = reader.read_event().map_err(|e| XliffError::Xml {
            line: line_at(pos),
            message: e.to_string(),
        })?;
        let line = line_at(pos);
        if skipping > 0 {
            match &event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        if let Event::Start(e) = &event
            && e.name().prefix().is_some()
        {
            skipping = 1;
            continue;
        }
        if let Event::Empty(e) = &event
            && e.name().prefix().is_some()
        {
            continue;
        }
        match event {
            Event::Start(e) | Event::Empty(e) if is(&e, b"xliff") => {
                if attr(&e, "version").as_deref() != Some("2.0")
                    || attr(&e, "xmlns").as_deref() != Some(NAMESPACE)
                {
                    return Err(XliffError::NotXliff2);
                }
                let lang = |name: &str| -> Result<Lang, XliffError> {
                    let code = required(&e, "xliff", name, line)?;
                    // Tools often write a region too: `kk-KZ`, `ru-RU`, `en-GB`.
                    let base = code
                        .split(['-', '_'])
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    Lang::from_code(&base).ok_or(XliffError::Language { line, code })
                };
                doc = Some(Document {
                    source: lang("srcLang")?,
                    target: lang("trgLang")?,
                    files: Vec::new(),
                });
            }
            _ if doc.is_none()
                && !matches!(
                    event,
                    Event::Decl(_)
                        | Event::Comment(_)
                        | Event::Text(_)
                        | Event::DocType(_)
                        | Event::PI(_)
                ) =>
            {
                return Err(XliffError::NotXliff2);
            }
            Event::Start(e) if is(&e, b"file") => {
                file = Some(File {
                    original: required(&e, "file", "original", line)?,
                    units: Vec::new(),
                });
            }
            Event::Start(e) if is(&e, b"unit") => {
                unit = Some((required(&e, "unit", "id", line)?, State::Initial));
                notes.clear();
                data.clear();
                source.clear();
                target.clear();
                has_target = false;
                (segments, targets) = (0, 0);
            }
            Event::Start(e) if is(&e, b"note") => {
                note_category = attr(&e, "category");
                inside = In::Note;
                text.clear();
            }
            Event::Start(e) if is(&e, b"data") => {
                data_id = required(&e, "data", "id", line)?;
                inside = In::Data;
                text.clear();
            }
            Event::Start(e) | Event::Empty(e) if is(&e, b"segment") => {
                segments += 1;
                if let (Some(state), Some((_, s))) = (attr(&e, "state"), unit.as_mut()) {
                    let parsed = State::parse(&state).ok_or(XliffError::State { line, state })?;
                    // The unit is only as far along as its least advanced segment.
                    *s = if source.is_empty() {
                        parsed
                    } else {
                        (*s).min(parsed)
                    };
                }
            }
            Event::Start(e) if is(&e, b"source") => inside = In::Source,
            Event::Start(e) if is(&e, b"target") => {
                inside = In::Target;
                has_target = true;
                targets += 1;
            }
            Event::Empty(e) if is(&e, b"target") => {
                has_target = true;
                targets += 1;
            }
            Event::Empty(e) | Event::Start(e) if is(&e, b"ph") => {
                let piece = Piece::Data(required(&e, "ph", "dataRef", line)?);
                match inside {
                    In::Source => source.push(piece),
                    In::Target => target.push(piece),
                    _ => {}
                }
            }
            Event::Text(t) => {
                // XML reads line ends as \n whatever the file's (a tool on Windows writes \r\n).
                let s = t.xml_content().map_err(|e| XliffError::Xml {
                    line,
                    message: e.to_string(),
                })?;
                push_text(inside, &s, &mut text, &mut source, &mut target);
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                push_text(inside, &s, &mut text, &mut source, &mut target);
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => resolve_predefined_entity(&name)
                        .map(str::to_owned)
                        .ok_or_else(|| XliffError::Xml {
                            line,
                            message: format!("unknown entity &{name};"),
                        })?,
                };
                push_text(inside, &s, &mut text, &mut source, &mut target);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"note" => {
                    notes.push(Note {
                        category: note_category.take(),
                        text: std::mem::take(&mut text),
                    });
                    inside = In::Nothing;
                }
                b"data" => {
                    data.insert(std::mem::take(&mut data_id), std::mem::take(&mut text));
                    inside = In::Nothing;
                }
                b"source" | b"target" => inside = In::Nothing,
                b"unit" => {
                    let (Some((id, state)), Some(f)) = (unit.take(), file.as_mut()) else {
                        continue;
                    };
                    let join = |pieces: &[Piece]| -> Result<String, XliffError> {
                        let mut s = String::new();
                        for p in pieces {
                            match p {
                                Piece::Text(t) => s.push_str(t),
                                Piece::Data(d) => s.push_str(data.get(d).ok_or_else(|| {
                                    XliffError::UnknownData {
                                        file: f.original.clone(),
                                        unit: id.clone(),
                                        data: d.clone(),
                                    }
                                })?),
                            }
                        }
                        Ok(s)
                    };
                    let source_text = join(&source)?;
                    // Ignorable parts carry a target only alongside translated segments.
                    if has_target && targets < segments {
                        return Err(XliffError::PartlyTranslated {
                            file: f.original.clone(),
                            unit: id,
                        });
                    }
                    let target_text = if has_target {
                        Some(join(&target)?)
                    } else {
                        None
                    };
                    f.units.push(Unit {
                        id,
                        notes: std::mem::take(&mut notes),
                        source: source_text,
                        target: target_text,
                        state,
                    });
                }
                b"xliff" => closed = true,
                b"file" => {
                    if let (Some(f), Some(d)) = (file.take(), doc.as_mut()) {
                        d.files.push(f);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    match doc {
        Some(_) if !closed => Err(XliffError::Truncated),
        Some(d) => Ok(d),
        None => Err(XliffError::NotXliff2),
    }
}

fn push_text(
    inside: In,
    s: &str,
    text: &mut String,
    source: &mut Vec<Piece>,
    target: &mut Vec<Piece>,
) {
    match inside {
        In::Note | In::Data => text.push_str(s),
        In::Source => source.push(Piece::Text(s.to_owned())),
        In::Target => target.push(Piece::Text(s.to_owned())),
        In::Nothing => {}
    }
}

fn is(e: &BytesStart, name: &[u8]) -> bool {
    e.local_name().as_ref() == name
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn required(e: &BytesStart, element: &str, name: &str, line: usize) -> Result<String, XliffError> {
    attr(e, name).ok_or_else(|| XliffError::MissingAttribute {
        line,
        element: element.to_owned(),
        attribute: name.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document {
            source: Lang::Ru,
            target: Lang::Kk,
            files: vec![File {
                original: "services/dormitory.yaml".into(),
                units: vec![
                    Unit {
                        id: "fines.0.amount".into(),
                        notes: vec![Note {
                            category: Some("location".into()),
                            text: "services/dormitory.yaml:40 <ru>".into(),
                        }],
                        source: "От {min} до {max} МРП & «штраф»\n\nвторой абзац".into(),
                        target: Some("{min:abl} {max} АЕК-ке дейін".into()),
                        state: State::Translated,
                    },
                    Unit {
                        id: "title".into(),
                        notes: vec![],
                        source: "Общежитие".into(),
                        target: None,
                        state: State::Initial,
                    },
                ],
            }],
        }
    }

    #[test]
    fn reads_what_it_writes() {
        let xml = write(&doc());
        assert!(xml.contains(r#"<ph id="1" dataRef="d1"/>"#), "{xml}");
        assert!(xml.contains(r#"<data id="d3">{min:abl}</data>"#), "{xml}");
        assert_eq!(read(&xml).unwrap(), doc());
    }

    #[test]
    fn joins_segments_a_tool_split_and_takes_typed_placeholders() {
        let xml = r#"<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru" trgLang="en">
 <file id="f1" original="forms/dormitory.yaml"><unit id="intro">
  <originalData><data id="d1">{n}</data></originalData>
  <segment state="translated"><source>Один. </source><target>One. </target></segment>
  <ignorable><source> </source><target> </target></ignorable>
  <segment state="initial"><source>Два <ph id="1" dataRef="d1"/>.</source><target>Two {n}&amp;&#x41;.</target></segment>
 </unit></file></xliff>"#;
        let d = read(xml).unwrap();
        let u = &d.files[0].units[0];
        assert_eq!(u.source, "Один.  Два {n}.");
        assert_eq!(u.target.as_deref(), Some("One.  Two {n}&A."));
        assert_eq!(u.state, State::Initial);
    }

    #[test]
    fn skips_a_tools_candidate_matches_and_refuses_what_is_cut_short_or_half_done() {
        let xml = write(&doc()).replace(
            "      <segment state=\"translated\">",
            "      <mtc:matches xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\"><mtc:match ref=\"#1\"><originalData><data id=\"d1\">X</data></originalData><source>match</source><target>кандидат</target></mtc:match></mtc:matches>\n      <segment state=\"translated\">",
        );
        assert_eq!(read(&xml).unwrap(), doc());
        let crlf = write(&doc()).replace('\n', "\r\n");
        assert_eq!(read(&crlf).unwrap(), doc());
        let regional = write(&doc())
            .replace(r#"srcLang="ru""#, r#"srcLang="ru-RU""#)
            .replace(
                r#"<ph id="1" dataRef="d1"/>"#,
                r#"<ph id="1" dataRef="d1"></ph>"#,
            );
        assert_eq!(read(&regional).unwrap(), doc());
        let cut = write(&doc());
        let cut = &cut[..cut.find("  </file>").unwrap()];
        assert_eq!(read(cut), Err(XliffError::Truncated));
        let half = write(&doc()).replace(
            "</segment>\n    </unit>\n    <unit id=\"title\">",
            "</segment>\n      <segment><source>Ещё.</source></segment>\n    </unit>\n    <unit id=\"title\">",
        );
        assert!(
            matches!(read(&half), Err(XliffError::PartlyTranslated { unit, .. }) if unit == "fines.0.amount")
        );
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(read("<xliff version=\"1.2\"/>"), Err(XliffError::NotXliff2));
        let bad_ref = write(&doc()).replace(r#"dataRef="d2""#, r#"dataRef="d9""#);
        assert!(matches!(
            read(&bad_ref),
            Err(XliffError::UnknownData { unit, data, .. }) if unit == "fines.0.amount" && data == "d9"
        ));
        // The source has two line breaks, so its end tag is on line 16.
        let broken = write(&doc()).replace("</source>", "</sauce>");
        assert!(
            matches!(read(&broken), Err(XliffError::Xml { line: 16, .. })),
            "{:?}",
            read(&broken)
        );
    }
}

//! Gold files for `whosaid eval`: JSON Lines in the gold format of DESIGN.md
//! in, checked [`GoldDoc`]s out.
//!
//! Every list (`quotes`, `timexes`, `entities`) is optional; a document
//! without the key is not annotated for that layer, so predictions there are
//! not scored (a MEANTIME article has quotes nobody annotated). Offsets are
//! checked against the text (inside it, on char boundaries, end ≥ start) and
//! a bad line stops the run with the file and line named: a silently skipped
//! line would move the figures without anyone noticing.
//!
//! It does not check that an item's `text` equals the slice its offsets
//! give; gold converters differ in whitespace trimming, and the offsets are
//! what is scored.

use crate::error::{Error, Result};
use crate::model::Span;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

/// Gold quote kinds, as the gold format names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum GoldKind {
    Direct,
    Indirect,
    Mixed,
}

impl GoldKind {
    pub const ALL: [GoldKind; 3] = [GoldKind::Direct, GoldKind::Indirect, GoldKind::Mixed];

    pub const fn as_str(self) -> &'static str {
        match self {
            GoldKind::Direct => "direct",
            GoldKind::Indirect => "indirect",
            GoldKind::Mixed => "mixed",
        }
    }

    pub const fn index(self) -> usize {
        self as usize
    }
}

/// Where a gold speaker name came from (PolNeAR's `speaker_from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerFrom {
    Mention,
    MentionNer,
    Coref,
    /// Not given, or a value this version does not know.
    Other,
}

impl SpeakerFrom {
    pub const ALL: [SpeakerFrom; 4] = [
        SpeakerFrom::Mention,
        SpeakerFrom::MentionNer,
        SpeakerFrom::Coref,
        SpeakerFrom::Other,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            SpeakerFrom::Mention => "mention",
            SpeakerFrom::MentionNer => "mention_ner",
            SpeakerFrom::Coref => "coref",
            SpeakerFrom::Other => "other",
        }
    }

    pub const fn index(self) -> usize {
        self as usize
    }

    fn parse(s: Option<&str>) -> SpeakerFrom {
        match s {
            Some("mention") => SpeakerFrom::Mention,
            Some("mention_ner") => SpeakerFrom::MentionNer,
            Some("coref") => SpeakerFrom::Coref,
            _ => SpeakerFrom::Other,
        }
    }
}

#[derive(Debug, Clone)]
pub struct GoldQuote {
    pub span: Span,
    pub kind: GoldKind,
    pub speaker: Option<String>,
    /// The annotated source mention (`speaker_start..speaker_end`).
    pub speaker_span: Option<Span>,
    /// Its text: `speaker_mention`, else the text at `speaker_span`.
    pub speaker_mention: Option<String>,
    pub speaker_from: SpeakerFrom,
}

/// TimeML types of gold timexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub const fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

#[derive(Debug, Clone)]
pub struct GoldTimex {
    pub span: Span,
    pub kind: TimexType,
    pub value: String,
}

/// Coarse entity types the gold uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoarseType {
    Person,
    Org,
    GpeOrLoc,
    Other,
}

impl CoarseType {
    pub const fn as_str(self) -> &'static str {
        match self {
            CoarseType::Person => "PERSON",
            CoarseType::Org => "ORG",
            CoarseType::GpeOrLoc => "GPE_OR_LOC",
            CoarseType::Other => "OTHER",
        }
    }

    /// Gold and predicted type names alike: MEDIA counts as ORG, GPE and LOC
    /// as GPE_OR_LOC, NORP as OTHER (DESIGN.md "Gold format").
    pub fn parse(s: &str) -> Option<CoarseType> {
        Some(match s.trim().to_ascii_uppercase().as_str() {
            "PERSON" | "PER" => CoarseType::Person,
            "ORG" | "ORGANIZATION" | "MEDIA" => CoarseType::Org,
            "GPE_OR_LOC" | "GPE" | "LOC" | "LOCATION" => CoarseType::GpeOrLoc,
            "OTHER" | "NORP" | "MISC" => CoarseType::Other,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct GoldEntity {
    pub span: Span,
    pub kind: CoarseType,
}

/// One gold article. `None` layers were not annotated.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    pub dct: Option<NaiveDate>,
    pub quotes: Option<Vec<GoldQuote>>,
    pub timexes: Option<Vec<GoldTimex>>,
    pub entities: Option<Vec<GoldEntity>>,
}

// Raw serde shapes; unknown keys (`source`, `meta`, `tid` …) are ignored.
#[derive(Deserialize)]
struct RawDoc {
    id: Option<String>,
    text: Option<String>,
    dct: Option<String>,
    quotes: Option<Vec<RawQuote>>,
    timexes: Option<Vec<RawTimex>>,
    entities: Option<Vec<RawEntity>>,
}

#[derive(Deserialize)]
struct RawQuote {
    start: usize,
    end: usize,
    kind: String,
    speaker: Option<String>,
    speaker_start: Option<usize>,
    speaker_end: Option<usize>,
    speaker_mention: Option<String>,
    speaker_from: Option<String>,
}

#[derive(Deserialize)]
struct RawTimex {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    value: Option<String>,
}

#[derive(Deserialize)]
struct RawEntity {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
}

/// Reads and checks a whole gold file.
pub fn read(path: &Path) -> Result<Vec<GoldDoc>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_from(std::io::BufReader::new(file), path)
}

/// Reads gold lines from any reader; `path` names the source in errors.
pub fn read_from(reader: impl BufRead, path: &Path) -> Result<Vec<GoldDoc>> {
    let mut docs = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in reader.lines().enumerate() {
        let line_no = i + 1;
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| Error::Parse {
            path: path.to_path_buf(),
            line: line_no,
            message,
        };
        let raw: RawDoc =
            serde_json::from_str(line).map_err(|e| err(format!("not a gold JSON object: {e}")))?;
        let doc = check(raw).map_err(err)?;
        if let Some(first) = seen.insert(doc.id.clone(), line_no) {
            return Err(err(format!(
                "id {:?} is already used on line {first}",
                doc.id
            )));
        }
        docs.push(doc);
    }
    Ok(docs)
}

/// A span checked against the text: inside it, end ≥ start, both ends on
/// char boundaries (offsets are UTF-8 bytes, so a char-counted offset into
/// `café` lands inside the `é` and is caught here).
fn span(text: &str, what: &str, start: usize, end: usize) -> Result<Span, String> {
    if end < start {
        return Err(format!("{what}: end {end} is before start {start}"));
    }
    if end > text.len() {
        return Err(format!(
            "{what}: offsets {start}..{end} run past the text ({} bytes)",
            text.len()
        ));
    }
    for pos in [start, end] {
        if !text.is_char_boundary(pos) {
            return Err(format!(
                "{what}: offset {pos} is inside a UTF-8 character (offsets are byte offsets)"
            ));
        }
    }
    Ok(Span::new(start, end))
}

fn check(raw: RawDoc) -> Result<GoldDoc, String> {
    let id = raw.id.ok_or("missing \"id\"")?;
    let text = raw
        .text
        .ok_or_else(|| format!("article {id:?}: missing \"text\""))?;
    let dct = match raw.dct.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(
            d.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .ok_or_else(|| format!("article {id:?}: dct {d:?} is not a YYYY-MM-DD date"))?,
        ),
    };
    let quotes = match raw.quotes {
        None => None,
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (n, q) in items.into_iter().enumerate() {
                let what = format!("article {id:?}, quote {}", n + 1);
                let kind = match q.kind.as_str() {
                    "direct" => GoldKind::Direct,
                    "indirect" => GoldKind::Indirect,
                    "mixed" => GoldKind::Mixed,
                    other => {
                        return Err(format!(
                            "{what}: kind {other:?} is not direct, indirect or mixed"
                        ))
                    }
                };
                let qspan = span(&text, &what, q.start, q.end)?;
                let speaker_span = match (q.speaker_start, q.speaker_end) {
                    (Some(s), Some(e)) => Some(span(&text, &format!("{what}, speaker"), s, e)?),
                    _ => None,
                };
                let speaker_mention = q
                    .speaker_mention
                    .or_else(|| speaker_span.map(|s| text[s.start..s.end].to_string()));
                out.push(GoldQuote {
                    span: qspan,
                    kind,
                    speaker: q.speaker.filter(|s| !s.trim().is_empty()),
                    speaker_span,
                    speaker_mention,
                    speaker_from: SpeakerFrom::parse(q.speaker_from.as_deref()),
                });
            }
            Some(out)
        }
    };
    let timexes = match raw.timexes {
        None => None,
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (n, t) in items.into_iter().enumerate() {
                let what = format!("article {id:?}, timex {}", n + 1);
                let kind = match t.kind.to_ascii_uppercase().as_str() {
                    "DATE" => TimexType::Date,
                    "TIME" => TimexType::Time,
                    "DURATION" => TimexType::Duration,
                    "SET" => TimexType::Set,
                    other => {
                        return Err(format!(
                            "{what}: type {other:?} is not DATE, TIME, DURATION or SET"
                        ))
                    }
                };
                out.push(GoldTimex {
                    span: span(&text, &what, t.start, t.end)?,
                    kind,
                    value: t.value.unwrap_or_default(),
                });
            }
            Some(out)
        }
    };
    let entities = match raw.entities {
        None => None,
        Some(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (n, e) in items.into_iter().enumerate() {
                let what = format!("article {id:?}, entity {}", n + 1);
                let kind = CoarseType::parse(&e.kind).ok_or_else(|| {
                    format!(
                        "{what}: type {:?} is not PERSON, ORG, GPE_OR_LOC or OTHER",
                        e.kind
                    )
                })?;
                out.push(GoldEntity {
                    span: span(&text, &what, e.start, e.end)?,
                    kind,
                });
            }
            Some(out)
        }
    };
    Ok(GoldDoc {
        id,
        text,
        dct,
        quotes,
        timexes,
        entities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vec<GoldDoc>> {
        read_from(s.as_bytes(), Path::new("gold.jsonl"))
    }

    fn parse_error(s: &str) -> (usize, String) {
        match parse(s) {
            Err(Error::Parse { line, message, .. }) => (line, message),
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn reads_layers_and_leaves_missing_ones_out() {
        let docs = parse(concat!(
            r#"{"id": "a", "text": "He said \"yes\".", "quotes": [{"start": 9, "end": 12, "kind": "direct", "speaker": "Tom", "speaker_start": 0, "speaker_end": 2, "extra": 1}]}"#,
            "\n\n",
            r#"{"id": "b", "text": "Today.", "dct": "2013-12-10", "timexes": [{"start": 0, "end": 5, "type": "DATE", "value": "2013-12-10"}], "meta": {}}"#,
            "\n"
        ))
        .unwrap_or_default();
        assert_eq!(docs.len(), 2);
        let q = &docs[0].quotes.as_ref().map(|q| q[0].clone());
        let q = q.as_ref().map(|q| (q.span, q.speaker_mention.clone()));
        assert_eq!(q, Some((Span::new(9, 12), Some("He".to_string()))));
        assert!(docs[0].timexes.is_none());
        assert!(docs[1].quotes.is_none());
        assert_eq!(docs[1].dct, NaiveDate::from_ymd_opt(2013, 12, 10));
    }

    #[test]
    fn malformed_lines_name_their_line() {
        let good = r#"{"id": "a", "text": "abc"}"#;
        let (line, msg) = parse_error(&format!("{good}\n{{\"id\": \"b\", \"text\": \n"));
        assert_eq!(line, 2);
        assert!(msg.contains("not a gold JSON object"), "{msg}");

        let (line, msg) = parse_error(&format!(
            "{good}\n\n{}\n",
            r#"{"id": "b", "text": "abc", "quotes": [{"start": 1, "end": 9, "kind": "direct", "speaker": null}]}"#
        ));
        assert_eq!(line, 3);
        assert!(msg.contains("run past the text"), "{msg}");

        let (_, msg) = parse_error(
            r#"{"id": "c", "text": "abc", "timexes": [{"start": 2, "end": 1, "type": "DATE", "value": ""}]}"#,
        );
        assert!(msg.contains("end 1 is before start 2"), "{msg}");

        // `é` is two bytes: offset 2 falls inside it.
        let (_, msg) = parse_error(
            r#"{"id": "d", "text": "café au lait", "entities": [{"start": 0, "end": 4, "type": "ORG"}]}"#,
        );
        assert!(msg.contains("inside a UTF-8 character"), "{msg}");

        let (_, msg) = parse_error(r#"{"text": "abc"}"#);
        assert!(msg.contains("missing \"id\""), "{msg}");
        let (_, msg) = parse_error(r#"{"id": "e"}"#);
        assert!(msg.contains("missing \"text\""), "{msg}");
        let (line, msg) = parse_error(&format!("{good}\n{good}\n"));
        assert_eq!(line, 2);
        assert!(msg.contains("already used on line 1"), "{msg}");
        let (_, msg) = parse_error(r#"{"id": "f", "text": "abc", "dct": "10/12/2013"}"#);
        assert!(msg.contains("dct"), "{msg}");
        let (_, msg) = parse_error(
            r#"{"id": "g", "text": "abc", "quotes": [{"start": 0, "end": 1, "kind": "quoted"}]}"#,
        );
        assert!(msg.contains("kind \"quoted\""), "{msg}");
    }

    #[test]
    fn error_message_names_file_and_line() {
        let e = parse("\n{oops}\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.starts_with("gold.jsonl:2: "), "{e}");
    }
}

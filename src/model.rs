//! Plain data types that flow between the stages.
//!
//! Every stage takes these by reference and returns new values; no stage keeps
//! state between articles and none reaches back into an earlier stage. All
//! positions are [`Span`]s: byte offsets into [`Article::text`], end exclusive,
//! so `&article.text[span.start..span.end]` is always the text a row shows.

use chrono::NaiveDate;
use serde::Serialize;

/// A half-open byte range `[start, end)` into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The text this span covers. Panics only if the span was built against a
    /// different text, which is a bug in the stage that built it.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    pub const fn contains(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }

    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub const fn covers(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// One news article as read from disk or stdin, decoded to UTF-8.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// See DESIGN.md "Article identity": relative path without extension,
    /// the JSONL/CSV `id`, or `<file id>:<line>`.
    pub id: String,
    /// The file the article came from, as given on the command line.
    pub path: String,
    pub title: String,
    /// Publication date from metadata; the pipeline fills it from the text
    /// (dateline, print-edition line) when metadata has none.
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    /// The decoded text. Offsets everywhere refer to these bytes.
    pub text: String,
    /// Problems met while reading (`decoded as Windows-1252`, ...).
    pub warnings: Vec<String>,
    /// Lines of scraped-page boilerplate (`Advertisement`, `Trending on …`,
    /// share/subscribe lines), found by ingest. They keep their place in the
    /// text and its offsets but are skipped by extraction.
    pub boilerplate: Vec<Span>,
}

/// A file or record that could not be read as an article. It is reported (in
/// articles.csv and on stderr) and skipped; the run goes on.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub id: String,
    pub path: String,
    pub problem: String,
}

/// What segmentation found: paragraphs, sentences and tokens of one text.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    /// Scraped-page boilerplate (`Advertisement`, share lines). Kept so that
    /// indexes and offsets stay stable, but skipped by extraction.
    pub boilerplate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Segmented::paragraphs`].
    pub paragraph: usize,
    /// Index range into [`Segmented::tokens`].
    pub tokens: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens or periods
    /// (`don't`, `air-to-air`, `U.S.`).
    Word,
    /// Digits, possibly with inner `.`, `,`, `:` or `/` (`2,000`, `3.5`, `07/27/2011`).
    Number,
    /// A quotation mark (straight or typographic, single or double; an
    /// apostrophe inside or at the end of a word is part of the word).
    Quote,
    /// Any other non-space character.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// The first char is an upper-case letter (`Kerry`, `U.S.`, `Ukrainian-born`).
    /// Segment sees it anyway; entities asks it of every word, so it is kept
    /// here rather than decoded again (the field fills padding: a token stays
    /// 24 bytes).
    pub upper: bool,
    /// The token has a `-` inside (`al-Assad`, `air-to-air`, `1996-12-06`):
    /// most words have none, and those need no search for one.
    pub hyphen: bool,
}

/// Coarse entity types of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityType {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "MEDIA")]
    Media,
    #[serde(rename = "GPE")]
    Gpe,
    #[serde(rename = "NORP")]
    Norp,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "OTHER")]
    Other,
}

impl EntityType {
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Media => "MEDIA",
            EntityType::Gpe => "GPE",
            EntityType::Norp => "NORP",
            EntityType::Loc => "LOC",
            EntityType::Other => "OTHER",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub const fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionForm {
    /// A proper name (`Michael Elleman`, `Elleman`, `U.N.`).
    Name,
    /// A personal pronoun (`he`, `she`, `they`).
    Pronoun,
    /// A common-noun description (`the officer`, `a U.N. report`).
    Description,
}

/// One mention of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub entity: usize,
    pub kind: EntityType,
    pub form: MentionForm,
    pub sentence: usize,
}

/// An entity of one article: every mention of it linked by in-article
/// coreference (surname to full name, acronym to expansion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Canonical name: the fullest name the article gives.
    pub name: String,
    pub kind: EntityType,
    pub gender: Option<Gender>,
    pub first_start: usize,
}

/// Entities and their mentions in one article; `Mention::entity` indexes
/// `entities`. Mentions are sorted by start.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
}

impl QuoteKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerType {
    Person,
    Organization,
    Media,
    Document,
    Group,
    Anonymous,
    Unknown,
}

impl SpeakerType {
    /// Every type, in DESIGN.md's order.
    pub const ALL: [SpeakerType; 7] = [
        SpeakerType::Person,
        SpeakerType::Organization,
        SpeakerType::Media,
        SpeakerType::Document,
        SpeakerType::Group,
        SpeakerType::Anonymous,
        SpeakerType::Unknown,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            SpeakerType::Person => "person",
            SpeakerType::Organization => "organization",
            SpeakerType::Media => "media",
            SpeakerType::Document => "document",
            SpeakerType::Group => "group",
            SpeakerType::Anonymous => "anonymous",
            SpeakerType::Unknown => "unknown",
        }
    }
}

/// One quote with its attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// The quoted content without its quotation marks; for indirect speech,
    /// the reported clause.
    pub span: Span,
    /// Canonical speaker (fullest name, or the description of an unnamed
    /// source); empty when nobody could be found.
    pub speaker: String,
    pub speaker_type: SpeakerType,
    /// The words the attribution rests on (may be a pronoun).
    pub speaker_mention: Option<Span>,
    /// The entity the speaker was resolved to, if any.
    pub entity: Option<usize>,
    pub cue: Option<Span>,
    pub paragraph: usize,
    pub sentence: usize,
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    Date,
    Month,
    Year,
    Relative,
    Duration,
    Time,
    Set,
}

impl DateKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            DateKind::Date => "date",
            DateKind::Month => "month",
            DateKind::Year => "year",
            DateKind::Relative => "relative",
            DateKind::Duration => "duration",
            DateKind::Time => "time",
            DateKind::Set => "set",
        }
    }
}

/// A temporal expression with its TimeML value (empty when it cannot be
/// resolved, e.g. `last week` without a publication date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    pub span: Span,
    pub value: String,
    pub kind: DateKind,
    pub sentence: usize,
}

/// Everything extracted from one article: what the writer turns into rows.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub article: Article,
    pub paragraphs: usize,
    pub sentences: usize,
    pub entities: Entities,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateExpr>,
}

impl Segmented {
    /// Index of the sentence that contains byte `pos` (or the last one that
    /// starts before it).
    pub fn sentence_at(&self, pos: usize) -> usize {
        self.sentences
            .partition_point(|s| s.span.start <= pos)
            .saturating_sub(1)
    }

    /// Index of the paragraph that contains byte `pos` (or the last one that
    /// starts before it).
    pub fn paragraph_at(&self, pos: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.span.start <= pos)
            .saturating_sub(1)
    }

    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        let (a, b) = self.sentences[i].tokens;
        &self.tokens[a..b]
    }
}

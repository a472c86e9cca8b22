//! write: extractions in, CSV or JSONL rows out.
//!
//! In: one [`Extraction`] (or [`Rejected`]) at a time, in the order the run
//! loop wants them in the output. Out: the tables of DESIGN.md, either as six
//! CSV files in an output folder ([`CsvSink`]) or as JSON Lines, one object per
//! row with a `record` field naming its table ([`JsonlSink`]). Both sinks tally
//! the run as they go and hand back a [`Summary`] from [`Sink::finish`].
//!
//! Every row is described once, as a list of [`Cell`]s in DESIGN.md's column
//! order (`row!` in `article_rows`); the CSV and JSONL writers only differ
//! in how they spell a cell, so the two formats cannot drift apart (the
//! spelling is in `write/encode.rs`).
//!
//! A sink hands out its [`Renderer`] so that the run's worker threads can
//! encode each article's rows into bytes ([`Rendered`]); the sink's thread
//! then only appends those bytes in input order ([`Sink::write_rendered`]),
//! keeps the tally and owns the files. [`Sink::write`] does both steps on
//! the calling thread, with the same encoder, for callers without workers.
//!
//! Files appear atomically: rows go to hidden temporary files in the output
//! folder (`.quotes.csv.tmp`) that are renamed into place by `finish`, so a
//! crashed or interrupted run never leaves a half-written quotes.csv that a
//! script could mistake for a finished one (each file is atomic on its own;
//! the six renames are not one transaction).
//!
//! Memory does not grow with the run: speakers.csv's tally spills to sorted
//! temporary files past a fixed budget (see `write/tally.rs`).
//!
//! It does not decide anything about content: no filtering, no re-ordering
//! beyond putting each article's rows in text order, no text normalisation.
//! The one exception is the spreadsheet formula guard (see [`guard_needed`]).

use crate::error::{Error, Result};
use crate::model::{Extraction, Rejected, Span};
use std::fmt;
use std::fs::{self, File};
use std::io::IoSlice;
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod encode;
mod tally;
pub use encode::guard_needed;
use encode::Spelling;
use tally::Tally;

/// Where extracted rows go. The run loop is generic over it.
pub trait Sink: Send {
    /// Appends the rows of one article.
    fn write(&mut self, extraction: &Extraction) -> Result<()>;
    /// The renderer that encodes rows for [`Sink::write_rendered`] on other
    /// threads, or `None` if the sink encodes them itself in `write`.
    fn renderer(&self) -> Option<Renderer> {
        None
    }
    /// Appends the rows of one article that this sink's renderer encoded
    /// (from `extraction`). A sink that gets rows of another renderer
    /// writes `extraction` itself.
    fn write_rendered(&mut self, extraction: &Extraction, rendered: &Rendered) -> Result<()> {
        let _ = rendered;
        self.write(extraction)
    }
    /// Appends an articles row for a file or record that could not be read.
    fn write_rejected(&mut self, rejected: &Rejected) -> Result<()>;
    /// Called after each batch of articles; a streaming sink flushes here so
    /// that a reader on the other end of a pipe sees whole articles promptly.
    fn end_batch(&mut self) -> Result<()> {
        Ok(())
    }
    /// Writes what can only be written at the end (speakers.csv), puts the
    /// files in place and returns the run's summary.
    fn finish(&mut self) -> Result<Summary>;
}

/// Options shared by the sinks.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Write text cells exactly as they are, without the formula guard.
    pub raw_cells: bool,
}

/// Column names, in the order DESIGN.md lists them.
pub const QUOTES_COLUMNS: [&str; 17] = [
    "article_id",
    "quote_id",
    "kind",
    "quote_text",
    "quote_start",
    "quote_end",
    "speaker",
    "speaker_type",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "cue",
    "cue_start",
    "cue_end",
    "paragraph",
    "sentence",
    "confidence",
];
pub const ENTITIES_COLUMNS: [&str; 8] = [
    "article_id",
    "entity_id",
    "name",
    "type",
    "gender",
    "mentions",
    "first_start",
    "quotes",
];
pub const MENTIONS_COLUMNS: [&str; 7] = [
    "article_id",
    "entity_id",
    "text",
    "start",
    "end",
    "type",
    "sentence",
];
pub const DATES_COLUMNS: [&str; 7] = [
    "article_id",
    "text",
    "start",
    "end",
    "value",
    "kind",
    "sentence",
];
pub const ARTICLES_COLUMNS: [&str; 12] = [
    "article_id",
    "path",
    "title",
    "published",
    "bytes",
    "paragraphs",
    "sentences",
    "quotes",
    "attributed",
    "entities",
    "dates",
    "warnings",
];
pub const SPEAKERS_COLUMNS: [&str; 6] = [
    "speaker",
    "speaker_type",
    "quotes",
    "articles",
    "first_article",
    "sample_quote",
];

/// The output tables. The discriminant indexes [`CsvSink`]'s open files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Quotes,
    Entities,
    Mentions,
    Dates,
    Articles,
    Speakers,
}

impl Table {
    pub const ALL: [Table; 6] = [
        Table::Quotes,
        Table::Entities,
        Table::Mentions,
        Table::Dates,
        Table::Articles,
        Table::Speakers,
    ];

    pub const fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Quotes => &QUOTES_COLUMNS,
            Table::Entities => &ENTITIES_COLUMNS,
            Table::Mentions => &MENTIONS_COLUMNS,
            Table::Dates => &DATES_COLUMNS,
            Table::Articles => &ARTICLES_COLUMNS,
            Table::Speakers => &SPEAKERS_COLUMNS,
        }
    }

    /// The CSV file name.
    pub const fn file_name(self) -> &'static str {
        match self {
            Table::Quotes => "quotes.csv",
            Table::Entities => "entities.csv",
            Table::Mentions => "mentions.csv",
            Table::Dates => "dates.csv",
            Table::Articles => "articles.csv",
            Table::Speakers => "speakers.csv",
        }
    }

    /// The `record` field of its JSONL objects.
    pub const fn record(self) -> &'static str {
        match self {
            Table::Quotes => "quote",
            Table::Entities => "entity",
            Table::Mentions => "mention",
            Table::Dates => "date",
            Table::Articles => "article",
            Table::Speakers => "speaker",
        }
    }
}

/// Whether `name` is a file a run writes in its output folder (a table, the
/// JSONL file, or one of their temporary files), so that a run over a folder
/// that contains its output does not read that output as articles.
pub fn is_output_file(name: &str) -> bool {
    let bare = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .unwrap_or(name);
    bare == JSONL_FILE || Table::ALL.iter().any(|t| t.file_name() == bare)
}

/// One value of a row.
///
/// Besides plain text, three kinds of cell say what their text is, so that
/// an encoder can spell them without looking at their bytes: the CSV
/// encoder writes an article's id a hundred times (once per mention, and
/// again inside every quote and entity id), and scanning it each time was
/// a good part of its work (see `write/encode.rs`). Each is spelled exactly
/// as the [`Cell::Text`] of the same text would be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text; subject to the formula guard in CSV.
    Text(&'a str),
    /// A word of a fixed vocabulary (`direct`, `PERSON`, `female`): ASCII
    /// letters only, so never quoted nor guarded (a test holds every
    /// vocabulary of `model.rs` to this).
    Word(&'static str),
    /// The article id the row belongs to.
    Id(&'a str),
    /// An id built on the article id: `<id><sep><n>`, as in quote_id
    /// `world/001#3` and entity_id `world/001/e12`. `sep` is ASCII
    /// punctuation and letters that need no quotes (`#`, `/e`).
    SubId(&'a str, &'static str, u64),
    Num(u64),
    /// An offset that may be absent (`speaker_start` with no speaker
    /// mention): an empty CSV cell, JSON `null`.
    Opt(Option<usize>),
    /// A 0..1 confidence, printed with two decimals.
    Conf(f32),
}

/// What a run did, for the summary on stderr.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub articles: u64,
    pub rejected: u64,
    pub quotes: u64,
    /// Quotes with a non-empty speaker.
    pub attributed: u64,
    /// Warnings on articles that were read (rejections not included).
    pub warnings: u64,
    /// Bytes of article text processed.
    pub bytes: u64,
    /// The five most quoted speakers with their quote counts.
    pub top_speakers: Vec<(String, u64)>,
    /// From the sink's creation to `finish`.
    pub elapsed: Duration,
}

impl Summary {
    /// Share of quotes that have a speaker, 0..1 (0 when there are none).
    pub fn share_attributed(&self) -> f64 {
        if self.quotes == 0 {
            0.0
        } else {
            self.attributed as f64 / self.quotes as f64
        }
    }

    /// Throughput in megabytes (10^6 bytes) of text per second.
    pub fn mb_per_s(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs <= 0.0 {
            0.0
        } else {
            self.bytes as f64 / 1e6 / secs
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} articles, {} quotes ({:.0}% attributed), {} warnings, {} rejected",
            self.articles,
            self.quotes,
            self.share_attributed() * 100.0,
            self.warnings,
            self.rejected
        )?;
        if !self.top_speakers.is_empty() {
            let top: Vec<String> = self
                .top_speakers
                .iter()
                .map(|(name, n)| format!("{name} ({n})"))
                .collect();
            writeln!(f, "top speakers: {}", top.join(", "))?;
        }
        write!(
            f,
            "{:.1} MB in {:.2} s: {:.1} MB/s",
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            self.mb_per_s()
        )
    }
}

// ---------------------------------------------------------------------------
// Rows

/// The text a span covers, or "" when the span does not fit the text. A span
/// that does not fit is a bug in the stage that made it; writing an empty
/// cell keeps the run going instead of panicking on one article.
fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// Per-article work buffers, kept by a sink so that rows need no allocation
/// beyond the few id strings.
#[derive(Debug, Default)]
struct Scratch {
    /// Quote indexes in text order.
    quotes: Vec<usize>,
    /// Entity indexes in order of first mention (entity_id n-1 → index).
    entities: Vec<usize>,
    /// Entity index → its n in `<article_id>/e<n>`.
    entity_n: Vec<usize>,
    entity_mentions: Vec<u64>,
    entity_quotes: Vec<u64>,
    mentions: Vec<usize>,
    dates: Vec<usize>,
    /// The articles row's `published` and `warnings` cells.
    published: String,
    warnings: String,
}

impl Scratch {
    fn prepare(&mut self, x: &Extraction) {
        let n_entities = x.entities.entities.len();
        self.quotes.clear();
        self.quotes.extend(0..x.quotes.len());
        self.quotes
            .sort_by_key(|&i| (x.quotes[i].span.start, x.quotes[i].span.end));
        self.entities.clear();
        self.entities.extend(0..n_entities);
        self.entities
            .sort_by_key(|&i| x.entities.entities[i].first_start);
        self.entity_n.clear();
        self.entity_n.resize(n_entities, 0);
        for (n, &i) in self.entities.iter().enumerate() {
            self.entity_n[i] = n + 1;
        }
        self.entity_mentions.clear();
        self.entity_mentions.resize(n_entities, 0);
        for m in &x.entities.mentions {
            if let Some(c) = self.entity_mentions.get_mut(m.entity) {
                *c += 1;
            }
        }
        self.entity_quotes.clear();
        self.entity_quotes.resize(n_entities, 0);
        for q in &x.quotes {
            if let Some(c) = q.entity.and_then(|e| self.entity_quotes.get_mut(e)) {
                *c += 1;
            }
        }
        self.mentions.clear();
        self.mentions.extend(0..x.entities.mentions.len());
        self.mentions.sort_by_key(|&i| {
            let s = x.entities.mentions[i].span;
            (s.start, s.end)
        });
        self.dates.clear();
        self.dates.extend(0..x.dates.len());
        self.dates
            .sort_by_key(|&i| (x.dates[i].span.start, x.dates[i].span.end));
        self.published.clear();
        if let Some(date) = x.article.published {
            push_date(&mut self.published, date);
        }
        self.warnings.clear();
        for (i, w) in x.article.warnings.iter().enumerate() {
            if i > 0 {
                self.warnings.push(';');
            }
            self.warnings.push_str(w);
        }
    }
}

/// Appends one row to an [`ArticleRows`]: `row!(out, Table::Dates, [cell,
/// …])`. Written out cell by cell rather than passed as a slice, so that
/// once inlined each cell is spelled by the code for its kind, without a
/// loop and a `match` per cell (they were a third of the CSV encoder's
/// work).
macro_rules! row {
    ($out:expr, $table:expr, [$($cell:expr),+ $(,)?] $(,)?) => {{
        let out = &mut *$out;
        out.start($table);
        $(out.cell($cell);)+
        out.end()
    }};
}

/// Appends every row of one article to `out`, table by table, each table's
/// rows in text order. `scratch` must have been prepared for `x`.
fn article_rows<S: Spelling>(
    x: &Extraction,
    scratch: &mut Scratch,
    out: &mut ArticleRows<'_, S>,
) -> io::Result<()> {
    let a = &x.article;
    let text = a.text.as_str();
    let id = a.id.as_str();
    let Scratch {
        quotes,
        entities,
        entity_n,
        entity_mentions,
        entity_quotes,
        mentions,
        dates,
        published,
        warnings,
    } = scratch;

    for (n, &qi) in quotes.iter().enumerate() {
        let q = &x.quotes[qi];
        let mention = q.speaker_mention.map(|s| slice(text, s)).unwrap_or("");
        let cue = q.cue.map(|s| slice(text, s)).unwrap_or("");
        row!(
            out,
            Table::Quotes,
            [
                Cell::Id(id),
                Cell::SubId(id, "#", n as u64 + 1),
                Cell::Word(q.kind.as_str()),
                Cell::Text(slice(text, q.span)),
                Cell::Num(q.span.start as u64),
                Cell::Num(q.span.end as u64),
                Cell::Text(&q.speaker),
                Cell::Word(q.speaker_type.as_str()),
                Cell::Text(mention),
                Cell::Opt(q.speaker_mention.map(|s| s.start)),
                Cell::Opt(q.speaker_mention.map(|s| s.end)),
                Cell::Text(cue),
                Cell::Opt(q.cue.map(|s| s.start)),
                Cell::Opt(q.cue.map(|s| s.end)),
                Cell::Num(q.paragraph as u64),
                Cell::Num(q.sentence as u64),
                Cell::Conf(q.confidence),
            ],
        )?;
    }

    for (n, &ei) in entities.iter().enumerate() {
        let e = &x.entities.entities[ei];
        row!(
            out,
            Table::Entities,
            [
                Cell::Id(id),
                Cell::SubId(id, ENTITY_SEP, n as u64 + 1),
                Cell::Text(&e.name),
                Cell::Word(e.kind.as_str()),
                Cell::Word(e.gender.map(|g| g.as_str()).unwrap_or("")),
                Cell::Num(entity_mentions[ei]),
                Cell::Num(e.first_start as u64),
                Cell::Num(entity_quotes[ei]),
            ],
        )?;
    }

    for &mi in mentions.iter() {
        let m = &x.entities.mentions[mi];
        // A mention of no entity (a bug upstream) gets an empty entity_id.
        let entity = match entity_n.get(m.entity) {
            Some(&n) => Cell::SubId(id, ENTITY_SEP, n as u64),
            None => Cell::Word(""),
        };
        row!(
            out,
            Table::Mentions,
            [
                Cell::Id(id),
                entity,
                Cell::Text(slice(text, m.span)),
                Cell::Num(m.span.start as u64),
                Cell::Num(m.span.end as u64),
                Cell::Word(m.kind.as_str()),
                Cell::Num(m.sentence as u64),
            ],
        )?;
    }

    for &di in dates.iter() {
        let d = &x.dates[di];
        row!(
            out,
            Table::Dates,
            [
                Cell::Id(id),
                Cell::Text(slice(text, d.span)),
                Cell::Num(d.span.start as u64),
                Cell::Num(d.span.end as u64),
                Cell::Text(&d.value),
                Cell::Word(d.kind.as_str()),
                Cell::Num(d.sentence as u64),
            ],
        )?;
    }

    let attributed = x.quotes.iter().filter(|q| !q.speaker.is_empty()).count();
    row!(
        out,
        Table::Articles,
        [
            Cell::Id(id),
            Cell::Text(&a.path),
            Cell::Text(&a.title),
            Cell::Text(published),
            Cell::Num(text.len() as u64),
            Cell::Num(x.paragraphs as u64),
            Cell::Num(x.sentences as u64),
            Cell::Num(x.quotes.len() as u64),
            Cell::Num(attributed as u64),
            Cell::Num(x.entities.entities.len() as u64),
            Cell::Num(x.dates.len() as u64),
            Cell::Text(warnings),
        ],
    )
}

fn rejected_row(
    r: &Rejected,
    emit: &mut dyn FnMut(Table, &[Cell]) -> io::Result<()>,
) -> io::Result<()> {
    let zero = Cell::Num(0);
    emit(
        Table::Articles,
        &[
            Cell::Text(&r.id),
            Cell::Text(&r.path),
            Cell::Text(""),
            Cell::Text(""),
            zero,
            zero,
            zero,
            zero,
            zero,
            zero,
            zero,
            Cell::Text(&r.problem),
        ],
    )
}

/// What comes between the article id and the number in an entity_id.
const ENTITY_SEP: &str = "/e";

/// `2024-05-04`, as chrono's `%Y-%m-%d` spells it, without its formatting
/// machinery for the years it spells as four plain digits.
fn push_date(buf: &mut String, date: chrono::NaiveDate) {
    use chrono::Datelike;
    let year = date.year();
    if !(0..=9999).contains(&year) {
        // chrono writes a sign (`+10000-01-01`); left to chrono.
        buf.push_str(&date.format("%Y-%m-%d").to_string());
        return;
    }
    let digits = |buf: &mut String, n: u32, width: u32| {
        for place in (0..width).rev() {
            buf.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
        }
    };
    digits(buf, year as u32, 4);
    buf.push('-');
    digits(buf, date.month(), 2);
    buf.push('-');
    digits(buf, date.day(), 2);
}

// ---------------------------------------------------------------------------
// Rendering on the worker threads

/// How a sink spells its rows, as a small value any thread can hold.
///
/// Encoding rows was most of the writer thread's work (about five bytes of
/// CSV per byte of text), and with one writer thread it capped the run
/// however many workers extracted. So the run loop asks the sink for its
/// renderer, the workers encode each article's rows with it
/// ([`Renderer::render`]), and the sink's thread only appends the finished
/// bytes in input order ([`Sink::write_rendered`]) and keeps the tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// The five CSV tables; `guard` puts the formula guard on text cells.
    Csv { guard: bool },
    /// JSON Lines records.
    Jsonl,
}

/// Tables whose rows an article has (speakers.csv is written at the end).
const ARTICLE_TABLES: usize = 5;

/// Work buffers for [`Renderer::render`], one per worker (the run loop makes
/// one per rayon job with `map_init`): they grow to the largest article seen
/// and are reused from article to article, so rendering allocates only the
/// [`Rendered`] it hands out.
#[derive(Debug, Default)]
pub struct RenderScratch {
    rows: Scratch,
    /// The article id as a CSV cell (see [`encode::CsvRows`]).
    id_cell: Vec<u8>,
}

/// Buffers larger than this are given back before the next article instead
/// of being kept: one 40 MB article should not leave 200 MB of buffers
/// behind in a long-lived scratch (a sink's own, for [`Sink::write`]).
const KEEP_SCRATCH: usize = 4 << 20;

/// One article's rows, encoded by a [`Renderer`].
#[derive(Debug)]
pub struct Rendered {
    renderer: Renderer,
    /// Every row, table after table; shared with the files that write
    /// them (see [`CsvFile`]).
    bytes: Arc<Vec<u8>>,
    /// End of each table's rows in `bytes`, by [`Table`] discriminant.
    ends: [usize; ARTICLE_TABLES],
    /// The article's quote indexes in text order, for the tally.
    quotes: Vec<usize>,
}

impl Rendered {
    /// Where the rows of `table` are in `bytes` (empty for speakers).
    fn range(&self, table: Table) -> Range<usize> {
        table_range(&self.ends, self.bytes.len(), table)
    }
}

/// Where the rows of `table` are in `len` bytes of rows whose tables end at
/// `ends`; empty for a table without rows of its own (speakers) or bounds
/// that do not fit.
fn table_range(ends: &[usize; ARTICLE_TABLES], len: usize, table: Table) -> Range<usize> {
    let i = table as usize;
    let start = i.checked_sub(1).and_then(|j| ends.get(j)).map_or(0, |&s| s);
    match ends.get(i) {
        Some(&end) if start <= end && end <= len => start..end,
        _ => 0..0,
    }
}

/// The rows of `table` in `bytes`, whose tables end at `ends`.
fn table_rows<'b>(bytes: &'b [u8], ends: &[usize; ARTICLE_TABLES], table: Table) -> &'b [u8] {
    bytes
        .get(table_range(ends, bytes.len(), table))
        .unwrap_or(&[])
}

impl Renderer {
    /// Encodes the rows of `x`, or `None` if the encoder failed (it cannot
    /// for in-memory buffers; the sink's own [`Sink::write`] then reports
    /// it).
    pub fn render(self, x: &Extraction, scratch: &mut RenderScratch) -> Option<Rendered> {
        // The rows are encoded straight into the buffer handed out, sized
        // from a generous estimate and trimmed after (in place: a shrinking
        // `realloc` does not move the bytes). Encoded in a kept buffer and
        // copied out, as they were, the copy of five bytes of CSV per byte
        // of text cost more than a tenth of the encoding.
        let mut bytes = Vec::with_capacity(self.estimate(x));
        let ends = self.render_into(x, scratch, &mut bytes).ok()?;
        // Sized exactly: batches of rendered rows wait in the channels.
        bytes.shrink_to_fit();
        Some(Rendered {
            renderer: self,
            bytes: Arc::new(bytes),
            ends,
            quotes: scratch.rows.quotes.clone(),
        })
    }

    /// Appends the rows of `x` to the empty `out`, table after table, and
    /// returns where each table's rows end.
    fn render_into(
        self,
        x: &Extraction,
        scratch: &mut RenderScratch,
        out: &mut Vec<u8>,
    ) -> io::Result<[usize; ARTICLE_TABLES]> {
        let RenderScratch { rows, id_cell } = scratch;
        rows.prepare(x);
        match self {
            Renderer::Csv { guard } => {
                let csv = encode::CsvRows::new(&x.article.id, guard, id_cell);
                ArticleRows::new(out, csv).all(x, rows)
            }
            Renderer::Jsonl => ArticleRows::new(out, encode::JsonRows::default()).all(x, rows),
        }
    }

    /// A guess at the bytes of `x`'s rows that is rarely short: each row's
    /// texts, its article ids and a generous allowance for its numbers and
    /// words (and, in JSON, its keys). A short guess only costs the
    /// buffer's growing.
    fn estimate(self, x: &Extraction) -> usize {
        let id = x.article.id.len() + 2;
        let row = |table: Table, ids: usize| {
            let columns = table.columns();
            let keys = match self {
                Renderer::Csv { .. } => 0,
                Renderer::Jsonl => 16 + columns.iter().map(|c| c.len() + 6).sum::<usize>(),
            };
            ids * id + 8 * columns.len() + 24 + keys
        };
        let len = |span: Span| span.end.saturating_sub(span.start);
        let opt_len = |span: Option<Span>| span.map_or(0, len);
        let quotes = x
            .quotes
            .iter()
            .map(|q| len(q.span) + q.speaker.len() + opt_len(q.speaker_mention) + opt_len(q.cue))
            .sum::<usize>()
            + x.quotes.len() * row(Table::Quotes, 2);
        let entities = x
            .entities
            .entities
            .iter()
            .map(|e| e.name.len())
            .sum::<usize>()
            + x.entities.entities.len() * row(Table::Entities, 2);
        let mentions = x
            .entities
            .mentions
            .iter()
            .map(|m| len(m.span))
            .sum::<usize>()
            + x.entities.mentions.len() * row(Table::Mentions, 2);
        let dates = x
            .dates
            .iter()
            .map(|d| len(d.span) + d.value.len())
            .sum::<usize>()
            + x.dates.len() * row(Table::Dates, 1);
        let a = &x.article;
        let warnings = a.warnings.iter().map(|w| w.len() + 1).sum::<usize>();
        let article = a.path.len() + a.title.len() + warnings + row(Table::Articles, 1);
        let texts = quotes + entities + mentions + dates + article;
        // Quotes doubled inside quoted cells, escapes in JSON.
        texts + texts / 8
    }

    /// Appends one row in this renderer's format.
    fn row(self, buf: &mut Vec<u8>, table: Table, cells: &[Cell]) -> io::Result<()> {
        match self {
            Renderer::Csv { guard } => {
                encode::csv_row(buf, cells, guard);
                Ok(())
            }
            Renderer::Jsonl => encode::json_row(buf, table, cells),
        }
    }
}

/// One article's rows being appended to one buffer, table after table, in
/// the format of `S`.
struct ArticleRows<'b, S> {
    buf: &'b mut Vec<u8>,
    spelling: S,
    /// Where each table's rows end, once the next table has begun.
    ends: [usize; ARTICLE_TABLES],
    /// The table whose rows are being appended.
    at: usize,
}

impl<'b, S: Spelling> ArticleRows<'b, S> {
    fn new(buf: &'b mut Vec<u8>, spelling: S) -> ArticleRows<'b, S> {
        ArticleRows {
            buf,
            spelling,
            ends: [0; ARTICLE_TABLES],
            at: 0,
        }
    }

    /// Appends the rows of `x` and returns where each table's rows end.
    fn all(mut self, x: &Extraction, rows: &mut Scratch) -> io::Result<[usize; ARTICLE_TABLES]> {
        article_rows(x, rows, &mut self)?;
        for end in &mut self.ends[self.at..] {
            *end = self.buf.len();
        }
        Ok(self.ends)
    }

    #[inline(always)]
    fn start(&mut self, table: Table) {
        // `article_rows` gives the tables in order, so each table ends
        // where the next one begins.
        let t = table as usize;
        debug_assert!(t >= self.at, "{table:?} after table {}", self.at);
        while self.at < t.min(ARTICLE_TABLES) {
            self.ends[self.at] = self.buf.len();
            self.at += 1;
        }
        self.spelling.start(self.buf, table);
    }

    #[inline(always)]
    fn cell(&mut self, cell: Cell) {
        self.spelling.cell(self.buf, cell);
    }

    #[inline(always)]
    fn end(&mut self) -> io::Result<()> {
        self.spelling.end(self.buf)
    }
}

/// Empties a sink's row buffer for the next article, giving it back if one
/// article made it huge (see [`KEEP_SCRATCH`]).
fn reuse(buf: &mut Vec<u8>) {
    if buf.capacity() > KEEP_SCRATCH {
        *buf = Vec::new();
    }
    buf.clear();
}

// ---------------------------------------------------------------------------
// CSV

/// Rows waiting to be written to a CSV file.
#[derive(Debug)]
enum Chunk {
    /// A table's rows in an article's [`Rendered`] bytes, shared with it.
    Shared(Arc<Vec<u8>>, Range<usize>),
    /// Rows encoded by the sink itself.
    Owned(Vec<u8>),
}

impl Chunk {
    fn bytes(&self) -> &[u8] {
        match self {
            Chunk::Shared(bytes, range) => bytes.get(range.clone()).unwrap_or(&[]),
            Chunk::Owned(bytes) => bytes,
        }
    }
}

/// An open temporary CSV file and where it goes when finished.
///
/// Rows rendered by the workers are not copied into a write buffer: the
/// file keeps a share of each article's bytes and writes them all with one
/// `writev` when the sink says so ([`CsvSink::write_rendered`]). Copying
/// them, five bytes of CSV per byte of text, was half of the writer
/// thread's work.
struct CsvFile {
    file: Option<File>,
    tmp: PathBuf,
    path: PathBuf,
    /// Rows appended and not yet written, in order.
    pending: Vec<Chunk>,
    /// Bytes of `pending`'s owned chunks.
    owned: usize,
    /// Bytes appended since the last background sync started.
    unsynced: u64,
    /// The background sync under way, if any (see [`CsvFile::sync_behind`]).
    syncing: Option<std::thread::JoinHandle<io::Result<()>>>,
}

/// Bytes a file takes between background syncs. What is left unsynced when
/// the run ends is synced with both cores idle: at 32 MB a file, that last
/// sync took 0.11 s at the end of a 2 s run (PolNeAR x35, 250 MB of CSV),
/// and 2-thread runs writing to disk kept 1.62-1.74 cores busy against
/// 1.89-1.91 writing to tmpfs. At 4 MB it takes 0.02 s and the same runs
/// keep 1.80-1.84 busy, for ~60 more syncs of ~17 ms each off the workers.
const SYNC_EVERY: u64 = 4 << 20;

impl CsvFile {
    /// Appends encoded rows; a write error names the temporary file.
    fn append(&mut self, rows: &[u8]) -> Result<()> {
        self.push(rows).map_err(|e| Error::io(&self.tmp, e))
    }

    /// [`CsvFile::append`] with the bare error.
    fn push(&mut self, rows: &[u8]) -> io::Result<()> {
        if self.file.is_none() || rows.is_empty() {
            return Ok(());
        }
        match self.pending.last_mut() {
            Some(Chunk::Owned(last)) => last.extend_from_slice(rows),
            _ => self.pending.push(Chunk::Owned(rows.to_vec())),
        }
        self.owned += rows.len();
        self.appended(rows.len())?;
        if self.owned >= CSV_BUFFER {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Appends the rows `range` of an article's rendered `bytes`, without
    /// copying them. They stay in memory until [`CsvFile::write_pending`].
    fn append_shared(&mut self, bytes: &Arc<Vec<u8>>, range: Range<usize>) -> Result<()> {
        if self.file.is_none() || range.is_empty() {
            return Ok(());
        }
        let len = range.len();
        self.pending.push(Chunk::Shared(Arc::clone(bytes), range));
        self.appended(len).map_err(|e| Error::io(&self.tmp, e))
    }

    /// Counts appended bytes towards the next background sync.
    fn appended(&mut self, len: usize) -> io::Result<()> {
        self.unsynced += len as u64;
        // While the last sync is still under way the rows go on piling up
        // for the next one: waiting for the disk here would stall the
        // writer thread, and the workers behind it.
        let syncing = self.syncing.as_ref().is_some_and(|s| !s.is_finished());
        if self.unsynced >= SYNC_EVERY && !syncing {
            self.sync_behind()?;
        }
        Ok(())
    }

    /// Writes the pending rows to the file.
    fn write_pending(&mut self) -> io::Result<()> {
        if let Some(file) = self.file.as_mut() {
            write_chunks(file, &self.pending)?;
        }
        self.pending.clear();
        self.owned = 0;
        Ok(())
    }

    /// Starts putting what the file holds so far on disk, on a thread of
    /// its own. Each file is synced before it is renamed into place; done
    /// only then, the sync of 250 MB of CSV (a 50 MB run) took 0.5 s at
    /// the end of a 3.6 s run, with both cores idle. Synced along the way,
    /// the disk works while the workers do, and the last sync is short.
    fn sync_behind(&mut self) -> io::Result<()> {
        self.wait_for_sync()?;
        self.write_pending()?;
        let Some(file) = self.file.as_ref() else {
            return Ok(());
        };
        let file = file.try_clone()?;
        self.syncing = Some(std::thread::spawn(move || file.sync_data()));
        self.unsynced = 0;
        Ok(())
    }

    /// Waits for the background sync, if one is under way, and reports its
    /// error.
    fn wait_for_sync(&mut self) -> io::Result<()> {
        let Some(syncing) = self.syncing.take() else {
            return Ok(());
        };
        syncing
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the thread syncing it panicked")))
    }
}

/// Writes `chunks` in order, as many at a time as one `writev` takes.
fn write_chunks(file: &mut File, chunks: &[Chunk]) -> io::Result<()> {
    let mut slices: Vec<IoSlice> = chunks.iter().map(|c| IoSlice::new(c.bytes())).collect();
    let mut rest = &mut slices[..];
    IoSlice::advance_slices(&mut rest, 0);
    while !rest.is_empty() {
        match file.write_vectored(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes the six CSV files of DESIGN.md into a folder.
pub struct CsvSink {
    /// quotes, entities, mentions, dates, articles (by [`Table`]
    /// discriminant); speakers.csv is written whole by `finish`.
    files: Vec<CsvFile>,
    dir: PathBuf,
    renderer: Renderer,
    tally: Tally,
    /// For articles given to [`Sink::write`] rather than rendered by a
    /// worker, and for the rows encoded here (rejections, speakers).
    scratch: RenderScratch,
    row: Vec<u8>,
    /// Bytes of rendered articles the files hold (see [`CSV_HOLD`]).
    held: usize,
    started: Instant,
    finished: bool,
}

/// Bytes of its own rows a file buffers before writing them.
const CSV_BUFFER: usize = 1 << 18;

/// Bytes of rendered articles the files may hold before writing them out.
/// An article's bytes stay in memory until the last of its tables is
/// written, so all files write at once: the memory is this, not five times
/// it, and articles.csv's short rows do not keep a thousand articles alive.
const CSV_HOLD: usize = 1 << 20;

fn tmp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.tmp"))
}

fn open_csv(dir: &Path, table: Table) -> Result<CsvFile> {
    let path = dir.join(table.file_name());
    let tmp = tmp_path(dir, table.file_name());
    let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let mut header = Vec::new();
    let columns: Vec<Cell> = table.columns().iter().map(|c| Cell::Text(c)).collect();
    encode::csv_row(&mut header, &columns, false);
    let mut file = CsvFile {
        file: Some(file),
        tmp,
        path,
        pending: Vec::new(),
        owned: 0,
        unsynced: 0,
        syncing: None,
    };
    file.append(&header)?;
    Ok(file)
}

/// Flushes, syncs and renames a finished CSV into place.
fn close_csv(file: &mut CsvFile) -> Result<()> {
    let written = file.wait_for_sync().and_then(|()| file.write_pending());
    let io_err = |e: io::Error| Error::io(&file.tmp, e);
    written.map_err(io_err)?;
    let Some(inner) = file.file.take() else {
        return Ok(());
    };
    // Synced before the rename so that a crash cannot leave a renamed but
    // empty file behind.
    inner.sync_all().map_err(io_err)?;
    fs::rename(&file.tmp, &file.path).map_err(|e| Error::io(&file.path, e))
}

impl CsvSink {
    /// Creates `dir` (and its parents) if needed and opens the temporary
    /// files with their header rows.
    pub fn create(dir: &Path, options: WriteOptions) -> Result<CsvSink> {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut sink = CsvSink {
            files: Vec::with_capacity(5),
            dir: dir.to_path_buf(),
            renderer: Renderer::Csv {
                guard: !options.raw_cells,
            },
            tally: Tally::new(dir.to_path_buf()),
            scratch: RenderScratch::default(),
            row: Vec::new(),
            held: 0,
            started: Instant::now(),
            finished: false,
        };
        // Pushed one by one so that Drop removes the ones already created
        // if a later one fails.
        for table in &Table::ALL[..ARTICLE_TABLES] {
            sink.files.push(open_csv(dir, *table)?);
        }
        Ok(sink)
    }

    /// Appends the rows of each table to its file.
    fn append<'a>(&mut self, tables: impl Iterator<Item = &'a [u8]>) -> Result<()> {
        for (file, rows) in self.files.iter_mut().zip(tables) {
            file.append(rows)?;
        }
        Ok(())
    }
}

impl Sink for CsvSink {
    fn renderer(&self) -> Option<Renderer> {
        Some(self.renderer)
    }

    fn write(&mut self, x: &Extraction) -> Result<()> {
        let mut rows = std::mem::take(&mut self.row);
        reuse(&mut rows);
        let rendered = self.renderer.render_into(x, &mut self.scratch, &mut rows);
        let appended = match rendered {
            Ok(ends) => self.append(Table::ALL.iter().map(|&t| table_rows(&rows, &ends, t))),
            Err(e) => Err(Error::io(&self.dir, e)),
        };
        self.row = rows;
        appended?;
        self.tally.add(x, &self.scratch.rows.quotes)
    }

    fn write_rendered(&mut self, x: &Extraction, rendered: &Rendered) -> Result<()> {
        if rendered.renderer != self.renderer {
            return self.write(x);
        }
        for (file, &table) in self.files.iter_mut().zip(&Table::ALL) {
            file.append_shared(&rendered.bytes, rendered.range(table))?;
        }
        self.held += rendered.bytes.len();
        if self.held >= CSV_HOLD {
            for file in &mut self.files {
                file.write_pending().map_err(|e| Error::io(&file.tmp, e))?;
            }
            self.held = 0;
        }
        self.tally.add(x, &rendered.quotes)
    }

    fn write_rejected(&mut self, r: &Rejected) -> Result<()> {
        self.row.clear();
        let (row, renderer) = (&mut self.row, self.renderer);
        rejected_row(r, &mut |table, cells| renderer.row(row, table, cells))
            .map_err(|e| Error::io(&self.dir, e))?;
        let articles = Table::Articles as usize;
        if let Some(file) = self.files.get_mut(articles) {
            file.append(&self.row)?;
        }
        self.tally.reject();
        Ok(())
    }

    fn finish(&mut self) -> Result<Summary> {
        if self.finished {
            return Ok(self.tally.summary(self.started.elapsed()));
        }
        let mut speakers = open_csv(&self.dir, Table::Speakers)?;
        {
            let (row, renderer) = (&mut self.row, self.renderer);
            let tmp = speakers.tmp.clone();
            let mut emit = |table: Table, cells: &[Cell]| -> io::Result<()> {
                row.clear();
                renderer.row(row, table, cells)?;
                speakers.push(row)
            };
            self.tally.speaker_rows(&tmp, &mut emit)?;
        }
        self.files.push(speakers);
        // The files' last syncs run side by side, then each is renamed.
        for file in &mut self.files {
            file.sync_behind().map_err(|e| Error::io(&file.tmp, e))?;
        }
        for file in &mut self.files {
            close_csv(file)?;
        }
        self.finished = true;
        Ok(self.tally.summary(self.started.elapsed()))
    }
}

impl Drop for CsvSink {
    /// A sink dropped before `finish` (an error ended the run) removes its
    /// temporary files: the folder keeps whatever a previous finished run
    /// left there, never a half-written table.
    fn drop(&mut self) {
        for file in &mut self.files {
            // Its error, if any, no longer matters: the file goes.
            let _ = file.wait_for_sync();
            if file.file.take().is_some() {
                let _ = fs::remove_file(&file.tmp);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// JSONL

/// Writes every row as a JSON object on its own line, `{"record": "quote",
/// "article_id": …}`, with the CSV columns as keys in the same order (numbers
/// as numbers, an absent offset as `null`). At the end come the `speaker`
/// records of speakers.csv. No formula guard: JSON is read by programs.
pub struct JsonlSink {
    out: Option<BufWriter<Box<dyn Write + Send>>>,
    /// Temporary file and final path when writing `records.jsonl` in a folder.
    target: Option<(PathBuf, PathBuf)>,
    /// How errors name the destination.
    label: PathBuf,
    tally: Tally,
    scratch: RenderScratch,
    row: Vec<u8>,
    started: Instant,
    finished: bool,
}

/// The file a JSONL run writes in its output folder.
pub const JSONL_FILE: &str = "records.jsonl";

const JSONL_BUFFER: usize = 1 << 18;

impl JsonlSink {
    /// Writes `records.jsonl` in `dir` (created if needed), atomically.
    pub fn create(dir: &Path) -> Result<JsonlSink> {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(JSONL_FILE);
        let tmp = tmp_path(dir, JSONL_FILE);
        let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let mut sink = JsonlSink::to_writer(Box::new(file), tmp.clone());
        sink.target = Some((tmp, path));
        sink.tally = Tally::new(dir.to_path_buf());
        Ok(sink)
    }

    /// Streams records to standard output, flushed after every batch.
    pub fn stdout() -> JsonlSink {
        JsonlSink::to_writer(Box::new(io::stdout()), PathBuf::from("<stdout>"))
    }

    /// Streams records to any writer; `label` names it in error messages.
    /// A speaker tally too large for memory spills to the system's
    /// temporary folder.
    pub fn to_writer(out: Box<dyn Write + Send>, label: PathBuf) -> JsonlSink {
        JsonlSink {
            out: Some(BufWriter::with_capacity(JSONL_BUFFER, out)),
            target: None,
            label,
            tally: Tally::new(std::env::temp_dir()),
            scratch: RenderScratch::default(),
            row: Vec::new(),
            started: Instant::now(),
            finished: false,
        }
    }

    fn err(&self, e: io::Error) -> Error {
        Error::io(&self.label, e)
    }

    /// Appends encoded records.
    fn append(&mut self, records: &[u8]) -> Result<()> {
        match self.out.as_mut() {
            Some(out) => out
                .write_all(records)
                .map_err(|e| Error::io(&self.label, e)),
            None => Ok(()),
        }
    }
}

impl Sink for JsonlSink {
    fn renderer(&self) -> Option<Renderer> {
        Some(Renderer::Jsonl)
    }

    fn write(&mut self, x: &Extraction) -> Result<()> {
        let mut rows = std::mem::take(&mut self.row);
        reuse(&mut rows);
        let rendered = Renderer::Jsonl.render_into(x, &mut self.scratch, &mut rows);
        let appended = match rendered {
            Ok(_) => self.append(&rows),
            Err(e) => Err(self.err(e)),
        };
        self.row = rows;
        appended?;
        self.tally.add(x, &self.scratch.rows.quotes)
    }

    fn write_rendered(&mut self, x: &Extraction, rendered: &Rendered) -> Result<()> {
        if rendered.renderer != Renderer::Jsonl {
            return self.write(x);
        }
        self.append(&rendered.bytes)?;
        self.tally.add(x, &rendered.quotes)
    }

    fn write_rejected(&mut self, r: &Rejected) -> Result<()> {
        let mut row = std::mem::take(&mut self.row);
        row.clear();
        let encoded = rejected_row(r, &mut |t, cells| encode::json_row(&mut row, t, cells));
        let written = encoded
            .map_err(|e| self.err(e))
            .and_then(|()| self.append(&row));
        self.row = row;
        written?;
        self.tally.reject();
        Ok(())
    }

    fn end_batch(&mut self) -> Result<()> {
        if self.target.is_none() {
            if let Some(out) = self.out.as_mut() {
                out.flush().map_err(|e| Error::io(&self.label, e))?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<Summary> {
        if let Some(mut out) = self.out.take() {
            let row = &mut self.row;
            let mut emit = |t: Table, cells: &[Cell]| -> io::Result<()> {
                row.clear();
                encode::json_row(row, t, cells)?;
                out.write_all(row)
            };
            self.tally.speaker_rows(&self.label, &mut emit)?;
            out.flush().map_err(|e| self.err(e))?;
            drop(out);
            if let Some((tmp, path)) = &self.target {
                // Re-opened to sync: the boxed writer hides the File.
                File::open(tmp)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io(tmp, e))?;
                fs::rename(tmp, path).map_err(|e| Error::io(path, e))?;
            }
            self.finished = true;
        }
        Ok(self.tally.summary(self.started.elapsed()))
    }
}

impl Drop for JsonlSink {
    fn drop(&mut self) {
        if !self.finished {
            if let Some((tmp, _)) = &self.target {
                self.out = None;
                let _ = fs::remove_file(tmp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    /// An article with two quotes (given out of text order), two entities
    /// (given out of first-mention order) and a date.
    fn sample() -> Extraction {
        let text = "Anna Berg said: \"=SUM(A1)\", a claim. Later, Berg said \"prices, \
                    she added, \"\"rose\"\"\nsharply\". The Ledger reported it on 3 May."
            .to_string();
        let pos = |s: &str| text.find(s).unwrap();
        let span = |s: &str| Span::new(pos(s), pos(s) + s.len());
        let q2_text = "prices, she added, \"\"rose\"\"\nsharply";
        let article = Article {
            id: "world/001".into(),
            path: "corpus/world/001.txt".into(),
            title: "-5 degrees".into(),
            published: chrono::NaiveDate::from_ymd_opt(2024, 5, 4),
            text: text.clone(),
            warnings: vec!["decoded as Windows-1252".into(), "odd".into()],
            ..Article::default()
        };
        let ledger = Entity {
            name: "The Ledger".into(),
            kind: EntityType::Media,
            gender: None,
            first_start: pos("The Ledger"),
        };
        let anna = Entity {
            name: "Anna Berg".into(),
            kind: EntityType::Person,
            gender: Some(Gender::Female),
            first_start: 0,
        };
        let mention = |s: &str, entity, kind, sentence| Mention {
            span: span(s),
            entity,
            kind,
            form: MentionForm::Name,
            sentence,
        };
        let quote = |kind, s: &str, speaker: &str, m: &str, entity| Quote {
            kind,
            span: span(s),
            speaker: speaker.into(),
            speaker_type: SpeakerType::Person,
            speaker_mention: Some(span(m)),
            entity,
            cue: Some(span("said")),
            paragraph: 0,
            sentence: 0,
            confidence: 0.875,
        };
        Extraction {
            paragraphs: 2,
            sentences: 3,
            entities: Entities {
                entities: vec![ledger, anna],
                mentions: vec![
                    mention("Anna Berg", 1, EntityType::Person, 0),
                    mention("Berg said \"", 1, EntityType::Person, 1),
                    mention("The Ledger", 0, EntityType::Media, 2),
                ],
            },
            quotes: vec![
                quote(QuoteKind::Partial, q2_text, "Anna Berg", "Berg", Some(1)),
                quote(
                    QuoteKind::Direct,
                    "=SUM(A1)",
                    "Anna Berg",
                    "Anna Berg",
                    Some(1),
                ),
            ],
            dates: vec![DateExpr {
                span: span("3 May"),
                value: "2024-05-03".into(),
                kind: DateKind::Date,
                sentence: 2,
            }],
            article,
        }
    }

    fn read_csv(path: &Path) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(path)
            .unwrap();
        r.records()
            .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    fn run_csv(options: WriteOptions, xs: &[Extraction]) -> (tempfile::TempDir, Summary) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut sink = CsvSink::create(&out, options).unwrap();
        for x in xs {
            sink.write(x).unwrap();
        }
        let summary = sink.finish().unwrap();
        (dir, summary)
    }

    #[test]
    fn headers_follow_the_design_order() {
        let (dir, _) = run_csv(WriteOptions::default(), &[]);
        let out = dir.path().join("out");
        for table in Table::ALL {
            let rows = read_csv(&out.join(table.file_name()));
            assert_eq!(rows.len(), 1, "{table:?}");
            assert_eq!(rows[0], table.columns(), "{table:?}");
        }
        let quotes = std::fs::read_to_string(out.join("quotes.csv")).unwrap();
        assert!(quotes.starts_with("article_id,quote_id,kind,quote_text,quote_start,"));
        let articles = std::fs::read_to_string(out.join("articles.csv")).unwrap();
        assert_eq!(
            articles,
            "article_id,path,title,published,bytes,paragraphs,sentences,quotes,\
             attributed,entities,dates,warnings\n"
        );
    }

    #[test]
    fn quotes_are_numbered_in_text_order_with_sliced_text() {
        let x = sample();
        let (dir, _) = run_csv(WriteOptions::default(), std::slice::from_ref(&x));
        let rows = read_csv(&dir.path().join("out/quotes.csv"));
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1][1], "world/001#1");
        assert_eq!(rows[1][2], "direct");
        assert_eq!(rows[2][1], "world/001#2");
        assert_eq!(rows[2][2], "partial");
        // Offsets point at exactly the cell's text (modulo the guard on #1).
        let start: usize = rows[2][4].parse().unwrap();
        let end: usize = rows[2][5].parse().unwrap();
        assert_eq!(&x.article.text[start..end], rows[2][3]);
        assert_eq!(rows[2][8], "Berg");
        assert_eq!(rows[2][11], "said");
        assert_eq!(rows[2][16], "0.88");
    }

    #[test]
    fn formula_guard_on_by_default_and_off_with_raw_cells() {
        let x = sample();
        let (dir, _) = run_csv(WriteOptions::default(), std::slice::from_ref(&x));
        let quotes = read_csv(&dir.path().join("out/quotes.csv"));
        assert_eq!(quotes[1][3], "'=SUM(A1)");
        // Numbers are never guarded, only text.
        assert_eq!(
            quotes[1][4],
            x.article.text.find("=SUM").unwrap().to_string()
        );
        let articles = read_csv(&dir.path().join("out/articles.csv"));
        assert_eq!(articles[1][2], "'-5 degrees");

        let (dir, _) = run_csv(WriteOptions { raw_cells: true }, std::slice::from_ref(&x));
        let quotes = read_csv(&dir.path().join("out/quotes.csv"));
        assert_eq!(quotes[1][3], "=SUM(A1)");
        let articles = read_csv(&dir.path().join("out/articles.csv"));
        assert_eq!(articles[1][2], "-5 degrees");
    }

    #[test]
    fn output_file_names() {
        for name in [
            "quotes.csv",
            "speakers.csv",
            ".mentions.csv.tmp",
            "records.jsonl",
        ] {
            assert!(is_output_file(name), "{name}");
        }
        for name in [
            "quotes.csv.tmp",
            ".quotes.csv",
            "interviews.csv",
            "quotes.jsonl",
        ] {
            assert!(!is_output_file(name), "{name}");
        }
    }

    #[test]
    fn guard_covers_the_formula_openers_only() {
        for s in ["=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1"] {
            assert!(guard_needed(s), "{s:?}");
        }
        for s in ["", "1-2", "a=b", "'=1", " =1", "über"] {
            assert!(!guard_needed(s), "{s:?}");
        }
    }

    #[test]
    fn cells_with_commas_quotes_and_newlines_round_trip() {
        let x = sample();
        let (dir, _) = run_csv(WriteOptions::default(), std::slice::from_ref(&x));
        let raw = std::fs::read_to_string(dir.path().join("out/quotes.csv")).unwrap();
        // The quote cell is wrapped in quotes, inner quotes doubled.
        assert!(raw.contains("\"prices, she added, \"\"\"\"rose\"\"\"\"\nsharply\""));
        let rows = read_csv(&dir.path().join("out/quotes.csv"));
        assert_eq!(rows[2][3], "prices, she added, \"\"rose\"\"\nsharply");
    }

    #[test]
    fn entities_are_numbered_by_first_mention_and_counted() {
        let x = sample();
        let (dir, _) = run_csv(WriteOptions::default(), std::slice::from_ref(&x));
        let entities = read_csv(&dir.path().join("out/entities.csv"));
        let anna_start = "0".to_string();
        assert_eq!(
            entities[1],
            [
                "world/001",
                "world/001/e1",
                "Anna Berg",
                "PERSON",
                "female",
                "2",
                &anna_start,
                "2"
            ]
        );
        assert_eq!(entities[2][1], "world/001/e2");
        assert_eq!(entities[2][2], "The Ledger");
        assert_eq!(entities[2][4], "");
        assert_eq!(entities[2][7], "0");

        let mentions = read_csv(&dir.path().join("out/mentions.csv"));
        assert_eq!(mentions.len(), 4);
        let ids: Vec<&str> = mentions[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(ids, ["world/001/e1", "world/001/e1", "world/001/e2"]);
        assert_eq!(mentions[2][2], "Berg said \"");
        assert_eq!(mentions[3][5], "MEDIA");
    }

    #[test]
    fn articles_row_counts_and_dates_row() {
        let x = sample();
        let (dir, summary) = run_csv(WriteOptions::default(), std::slice::from_ref(&x));
        let articles = read_csv(&dir.path().join("out/articles.csv"));
        let bytes = x.article.text.len().to_string();
        assert_eq!(
            articles[1],
            [
                "world/001",
                "corpus/world/001.txt",
                "'-5 degrees",
                "2024-05-04",
                &bytes,
                "2",
                "3",
                "2",
                "2",
                "2",
                "1",
                "decoded as Windows-1252;odd"
            ]
        );
        let dates = read_csv(&dir.path().join("out/dates.csv"));
        assert_eq!(dates[1][1], "3 May");
        assert_eq!(dates[1][4], "2024-05-03");
        assert_eq!(dates[1][5], "date");
        assert_eq!(summary.articles, 1);
        assert_eq!(summary.quotes, 2);
        assert_eq!(summary.attributed, 2);
        assert_eq!(summary.warnings, 2);
        assert_eq!(summary.bytes, x.article.text.len() as u64);
    }

    /// A one-quote-per-speaker article for the speaker tests.
    fn said(id: &str, text: &str, speakers: &[(&str, SpeakerType, QuoteKind)]) -> Extraction {
        let quotes = speakers
            .iter()
            .enumerate()
            .map(|(i, (name, t, kind))| Quote {
                kind: *kind,
                span: Span::new(i, i + 1),
                speaker: name.to_string(),
                speaker_type: *t,
                speaker_mention: None,
                entity: None,
                cue: None,
                paragraph: 0,
                sentence: 0,
                confidence: 1.0,
            })
            .collect();
        Extraction {
            article: Article {
                id: id.into(),
                text: text.into(),
                ..Article::default()
            },
            quotes,
            ..Extraction::default()
        }
    }

    #[test]
    fn speakers_aggregate_across_articles_and_sort_by_quotes_then_name() {
        use QuoteKind::*;
        use SpeakerType::*;
        let xs = [
            said(
                "a",
                "xyzw",
                &[
                    ("Zoe Ng", Person, Indirect),
                    ("Zoe Ng", Person, Direct),
                    ("", Unknown, Direct),
                    ("Acme", Organization, Direct),
                ],
            ),
            said(
                "b",
                "pq",
                &[("Acme", Organization, Direct), ("Bo", Person, Direct)],
            ),
            said("c", "r", &[("Zoe Ng", Organization, Direct)]),
        ];
        let (dir, summary) = run_csv(WriteOptions::default(), &xs);
        let rows = read_csv(&dir.path().join("out/speakers.csv"));
        assert_eq!(rows[0], SPEAKERS_COLUMNS);
        assert_eq!(rows[1], ["Zoe Ng", "person", "3", "2", "a", "y"]);
        assert_eq!(rows[2], ["Acme", "organization", "2", "2", "a", "w"]);
        assert_eq!(rows[3], ["Bo", "person", "1", "1", "b", "q"]);
        assert_eq!(rows.len(), 4, "the empty speaker gets no row");
        assert_eq!(summary.quotes, 7);
        assert_eq!(summary.attributed, 6);
        assert_eq!(
            summary.top_speakers,
            [
                ("Zoe Ng".to_string(), 3),
                ("Acme".to_string(), 2),
                ("Bo".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_spilling_tally_writes_the_same_speakers_csv_and_leaves_no_files() {
        use QuoteKind::*;
        use SpeakerType::*;
        let names: Vec<String> = (0..40).map(|i| format!("Speaker {}", i % 17)).collect();
        let xs: Vec<Extraction> = names
            .windows(3)
            .enumerate()
            .map(|(i, w)| {
                said(
                    &format!("a{i}"),
                    "xyz",
                    &[
                        (&w[0], Person, Indirect),
                        (&w[1], Organization, Direct),
                        (&w[2], Person, Partial),
                    ],
                )
            })
            .collect();
        let (dir, mut want) = run_csv(WriteOptions::default(), &xs);
        let want_csv = std::fs::read(dir.path().join("out/speakers.csv")).unwrap();

        let out = dir.path().join("spilled");
        let mut sink = CsvSink::create(&out, WriteOptions::default()).unwrap();
        sink.tally = Tally::with_bounds(out.clone(), 0, 2);
        for x in &xs {
            sink.write(x).unwrap();
        }
        assert!(
            std::fs::read_dir(&out).unwrap().count() > 5,
            "the tally has spilled"
        );
        let mut got = sink.finish().unwrap();
        assert_eq!(std::fs::read(out.join("speakers.csv")).unwrap(), want_csv);
        (want.elapsed, got.elapsed) = (Duration::ZERO, Duration::ZERO);
        assert_eq!(got, want);
        let mut left: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "articles.csv",
                "dates.csv",
                "entities.csv",
                "mentions.csv",
                "quotes.csv",
                "speakers.csv"
            ]
        );

        let other = dir.path().join("unfinished");
        let mut sink = JsonlSink::create(&other).unwrap();
        sink.tally = Tally::with_bounds(other.clone(), 0, 2);
        for x in &xs {
            sink.write(x).unwrap();
        }
        drop(sink);
        let left: Vec<_> = std::fs::read_dir(&other).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn nothing_appears_until_finish_and_an_unfinished_sink_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nested/out");
        let mut sink = CsvSink::create(&out, WriteOptions::default()).unwrap();
        sink.write(&sample()).unwrap();
        assert!(!out.join("quotes.csv").exists());
        assert!(out.join(".quotes.csv.tmp").exists());
        sink.finish().unwrap();
        for table in Table::ALL {
            assert!(out.join(table.file_name()).exists(), "{table:?}");
            assert!(!tmp_path(&out, table.file_name()).exists(), "{table:?}");
        }
        drop(sink);
        assert!(
            out.join("quotes.csv").exists(),
            "drop after finish keeps files"
        );

        let other = dir.path().join("other");
        let mut sink = CsvSink::create(&other, WriteOptions::default()).unwrap();
        sink.write(&sample()).unwrap();
        drop(sink);
        let left: Vec<_> = std::fs::read_dir(&other).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn multibyte_text_and_bad_spans_do_not_panic() {
        let text = "«Ça ira», a dit Zoë. 東京で「はい」と述べた。".to_string();
        let start = text.find("Ça").unwrap();
        let end = text.find('»').unwrap();
        let mut x = said(
            "fr",
            &text,
            &[("Zoë", SpeakerType::Person, QuoteKind::Direct)],
        );
        x.quotes[0].span = Span::new(start, end);
        let mut bad = x.quotes[0].clone();
        bad.span = Span::new(start + 1, end); // inside `Ç`
        bad.speaker_mention = Some(Span::new(0, 10_000));
        x.quotes.push(bad);
        let (dir, _) = run_csv(WriteOptions::default(), std::slice::from_ref(&x));
        let rows = read_csv(&dir.path().join("out/quotes.csv"));
        assert_eq!(rows[1][3], "Ça ira");
        assert_eq!(
            rows[2][3], "",
            "a span off a char boundary writes an empty cell"
        );
        let speakers = read_csv(&dir.path().join("out/speakers.csv"));
        assert_eq!(speakers[1][0], "Zoë");
    }

    #[test]
    fn rejected_files_get_an_articles_row_of_zeros() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut sink = CsvSink::create(&out, WriteOptions::default()).unwrap();
        sink.write_rejected(&Rejected {
            id: "bad".into(),
            path: "corpus/bad.jsonl".into(),
            problem: "line 3: expected `,`".into(),
        })
        .unwrap();
        let summary = sink.finish().unwrap();
        let rows = read_csv(&out.join("articles.csv"));
        assert_eq!(
            rows[1],
            [
                "bad",
                "corpus/bad.jsonl",
                "",
                "",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "line 3: expected `,`"
            ]
        );
        assert_eq!(summary.rejected, 1);
        assert_eq!(summary.articles, 0);
    }

    /// Writes `xs` into `out` as the run loop does: rendered with the
    /// sink's renderer (or with `renderer`, if given), then appended.
    fn run_rendered(out: &Path, xs: &[Extraction], renderer: Option<Renderer>) -> Summary {
        let mut sink = CsvSink::create(out, WriteOptions::default()).unwrap();
        let renderer = renderer.or(sink.renderer()).unwrap();
        let mut scratch = RenderScratch::default();
        for x in xs {
            let rendered = renderer.render(x, &mut scratch).unwrap();
            sink.write_rendered(x, &rendered).unwrap();
        }
        sink.finish().unwrap()
    }

    #[test]
    fn rows_rendered_elsewhere_are_the_rows_write_writes() {
        let mut other = sample();
        other.article.id = "world/002".into();
        other.article.published = None;
        other.quotes.pop();
        let xs = [sample(), other];
        let (dir, mut want) = run_csv(WriteOptions::default(), &xs);
        let rendered = dir.path().join("rendered");
        let mut got = run_rendered(&rendered, &xs, None);
        // Rows of another format are not appended: the sink writes its own.
        let fallback = dir.path().join("fallback");
        let mut fell_back = run_rendered(&fallback, &xs, Some(Renderer::Jsonl));
        for s in [&mut want, &mut got, &mut fell_back] {
            s.elapsed = Duration::ZERO;
        }
        assert_eq!(got, want);
        assert_eq!(fell_back, want);
        for table in Table::ALL {
            let name = table.file_name();
            let want = std::fs::read(dir.path().join("out").join(name)).unwrap();
            assert_eq!(std::fs::read(rendered.join(name)).unwrap(), want, "{name}");
            assert_eq!(std::fs::read(fallback.join(name)).unwrap(), want, "{name}");
        }
    }

    #[test]
    fn jsonl_rendered_elsewhere_is_what_write_writes() {
        let x = sample();
        let records = |rendered: bool| {
            let dir = tempfile::tempdir().unwrap();
            let mut sink = JsonlSink::create(dir.path()).unwrap();
            if rendered {
                let r = sink.renderer().unwrap();
                let bytes = r.render(&x, &mut RenderScratch::default()).unwrap();
                sink.write_rendered(&x, &bytes).unwrap();
            } else {
                sink.write(&x).unwrap();
            }
            sink.finish().unwrap();
            std::fs::read(dir.path().join(JSONL_FILE)).unwrap()
        };
        assert_eq!(records(true), records(false));
    }

    #[test]
    fn published_dates_are_spelled_as_chrono_spells_them() {
        for (y, m, d) in [
            (2024, 5, 4),
            (1, 1, 1),
            (0, 12, 31),
            (999, 10, 9),
            (9999, 12, 31),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut s = String::new();
            push_date(&mut s, date);
            assert_eq!(s, date.format("%Y-%m-%d").to_string());
        }
        for y in [-1, 10_000, 262_000] {
            let date = chrono::NaiveDate::from_ymd_opt(y, 1, 2).unwrap();
            let mut s = String::new();
            push_date(&mut s, date);
            assert_eq!(s, date.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn number_and_confidence_formatting() {
        use super::encode::{format_conf, format_num};
        let mut b = [0u8; 20];
        assert_eq!(format_num(0, &mut b), b"0");
        assert_eq!(format_num(1907, &mut b), b"1907");
        assert_eq!(
            format_num(u64::MAX, &mut b),
            u64::MAX.to_string().as_bytes()
        );
        let mut c = [0u8; 4];
        assert_eq!(format_conf(0.875, &mut c), b"0.88");
        assert_eq!(format_conf(1.0, &mut c), b"1.00");
        assert_eq!(format_conf(0.05, &mut c), b"0.05");
        assert_eq!(format_conf(1.7, &mut c), b"1.00");
        assert_eq!(format_conf(-0.2, &mut c), b"0.00");
        assert_eq!(format_conf(f32::NAN, &mut c), b"0.00");
    }

    #[test]
    fn jsonl_records_mirror_the_csv_columns() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut sink = JsonlSink::create(&out).unwrap();
        let mut x = sample();
        x.quotes[1].cue = None;
        sink.write(&x).unwrap();
        assert!(!out.join(JSONL_FILE).exists());
        sink.finish().unwrap();
        let raw = std::fs::read_to_string(out.join(JSONL_FILE)).unwrap();
        let records: Vec<serde_json::Value> = raw
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let kinds: Vec<&str> = records
            .iter()
            .map(|r| r["record"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "quote", "quote", "entity", "entity", "mention", "mention", "mention", "date",
                "article", "speaker"
            ]
        );
        let q = &records[0];
        assert_eq!(q["quote_id"], "world/001#1");
        assert_eq!(q["quote_text"], "=SUM(A1)", "no formula guard in JSON");
        assert!(q["quote_start"].is_u64());
        assert_eq!(q["cue_start"], serde_json::Value::Null);
        assert_eq!(q["confidence"].as_f64(), Some(0.88));
        let keys: Vec<&String> = q.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), QUOTES_COLUMNS.len() + 1);
        assert_eq!(records[8]["bytes"], x.article.text.len() as u64);
        assert_eq!(records[9]["speaker"], "Anna Berg");
    }

    #[test]
    fn a_file_synced_along_the_way_ends_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = open_csv(dir.path(), Table::Quotes).unwrap();
        file.append(b"a,1\n").unwrap();
        file.sync_behind().unwrap();
        file.append(b"b,2\n").unwrap();
        // A second sync waits for the first one before it starts.
        file.sync_behind().unwrap();
        file.append(b"c,3\n").unwrap();
        close_csv(&mut file).unwrap();
        let written = std::fs::read_to_string(dir.path().join("quotes.csv")).unwrap();
        let rows: Vec<&str> = written.lines().skip(1).collect();
        assert_eq!(rows, ["a,1", "b,2", "c,3"]);
        assert!(!file.tmp.exists());
    }
}

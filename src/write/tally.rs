//! write::tally: the run's running counts, and speakers.csv in bounded memory.
//!
//! In: every article the sink writes (with its quotes in text order) and every
//! rejection. Out: the run's [`Summary`] and speakers.csv's rows, sorted by
//! quotes descending, then name.
//!
//! speakers.csv is the one table that needs the whole run before its first
//! row, and its tally grows with the number of distinct speakers, not with the
//! batches in flight: 300,000 short articles each quoting a different made-up
//! person took about 125 MB of tally alone. So the tally holds at most about
//! `budget` bytes of speakers. Past that it spills them, sorted by name, to a
//! run file in a hidden temporary folder (in the output folder, or the system
//! temporary folder when streaming to stdout), and starts over. At the end the
//! runs are merged by name (combining a speaker's partial tallies), and the
//! merged rows go through a second external sort by quotes descending, then
//! name. A run that never exceeds the budget (every corpus we have seen) never
//! touches the disk. The folder goes away when the tally does, finished or not.
//!
//! Runs are cut between articles, never inside one, and a speaker's partial
//! tallies are combined in run order, which is article order: that is what
//! keeps `articles`, `first_article` and `sample_quote` exactly what one
//! in-memory pass would give (see [`SpeakerAgg::absorb`]).
//!
//! It does not choose or normalise speakers (the quotes stage does): a
//! speaker is its name, byte for byte.

use super::{slice, Cell, Summary, Table};
use crate::entities::lex::HashMap;
use crate::error::{Error, Result};
use crate::model::{Extraction, QuoteKind, SpeakerType};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::time::Duration;

/// Longest sample_quote in speakers.csv, in characters. A speaker's first
/// quote can be a whole paragraph of indirect speech; the sample is there to
/// recognise the speaker, not to read the quote.
const SAMPLE_CHARS: usize = 280;

/// Bytes of speakers held in memory before spilling (about 50,000 speakers).
/// 16 MiB keeps the tally a small share of the 200 MB the whole run may use,
/// and is more than any real corpus we have run needs (1.1 GB of news: 2,433
/// speakers), so those never spill.
const DEFAULT_BUDGET: usize = 16 << 20;

/// Runs merged at once. Each open run holds a read buffer, so this bounds the
/// merge's memory; more runs than this are merged in rounds.
const DEFAULT_FAN_IN: usize = 64;

const RUN_READ_BUFFER: usize = 1 << 16;
const RUN_WRITE_BUFFER: usize = 1 << 18;

/// What one speaker's quotes add up to.
#[derive(Debug, Default, Clone, PartialEq)]
struct SpeakerAgg {
    /// Quotes per [`SpeakerType`], by discriminant.
    types: [u64; 7],
    quotes: u64,
    articles: u64,
    /// Serial number of the last article counted in `articles` (in memory
    /// only: a run holds whole articles, so runs never share one).
    last_article: u64,
    first_article: String,
    sample: String,
    sample_is_direct: bool,
    /// Whether any quote counted is direct; [`SpeakerAgg::absorb`] needs it.
    has_direct: bool,
}

impl SpeakerAgg {
    /// The type the speaker was given most often; ties go to the earlier type
    /// in DESIGN.md's list, so the choice does not depend on input order.
    fn speaker_type(&self) -> &'static str {
        const TYPES: [SpeakerType; 7] = SpeakerType::ALL;
        let mut best = 0;
        for i in 1..TYPES.len() {
            if self.types[i] > self.types[best] {
                best = i;
            }
        }
        TYPES[best].as_str()
    }

    /// Counts one quote of the article with serial number `serial`.
    /// Returns the change in the heap bytes the sample holds.
    fn count(&mut self, serial: u64, kind: QuoteKind, t: SpeakerType, text: &str) -> isize {
        self.quotes += 1;
        self.types[t as usize] += 1;
        if self.last_article != serial {
            self.last_article = serial;
            self.articles += 1;
        }
        // The first direct quote makes the best sample: it is the speaker's
        // own words; otherwise the first quote of any kind.
        let direct = kind == QuoteKind::Direct;
        self.has_direct |= direct;
        if self.sample.is_empty() || (direct && !self.sample_is_direct) {
            let before = self.sample.capacity() as isize;
            self.sample = truncate_chars(text, SAMPLE_CHARS);
            self.sample_is_direct = direct;
            return self.sample.capacity() as isize - before;
        }
        0
    }

    /// Adds the tally of the same speaker over later articles, so that the
    /// result is what counting all the quotes in one pass gives.
    ///
    /// Counts add up, and the first article stays this one's. The sample is
    /// the rule of [`SpeakerAgg::count`] continued over `later`'s quotes: a
    /// direct sample never changes; a sample that is not direct gives way to
    /// `later`'s first direct quote, and from there `later`'s own pass took
    /// the same steps, so it ends on `later`'s sample; an empty sample (a
    /// quote whose span fit no text) gives way to `later`'s first quote, and
    /// again ends on `later`'s sample.
    fn absorb(&mut self, later: SpeakerAgg) {
        for (a, b) in self.types.iter_mut().zip(later.types) {
            *a += b;
        }
        self.quotes += later.quotes;
        self.articles += later.articles;
        if self.sample.is_empty() || (!self.sample_is_direct && later.has_direct) {
            self.sample = later.sample;
            self.sample_is_direct = later.sample_is_direct;
        }
        self.has_direct |= later.has_direct;
    }
}

fn truncate_chars(s: &str, max: usize) -> String {
    // Most samples are shorter than `max` bytes, so than `max` characters:
    // no need to walk their characters to find that out.
    if s.len() <= max {
        return s.to_string();
    }
    match s.char_indices().nth(max) {
        Some((cut, _)) => {
            let mut sample = String::with_capacity(cut + '…'.len_utf8());
            sample.push_str(&s[..cut]);
            sample.push('…');
            sample
        }
        None => s.to_string(),
    }
}

/// Heap bytes of one map entry besides its strings: the entry itself, the
/// hash table's control byte, and the table's spare capacity (it is between
/// 1/2 and 7/8 full).
const ENTRY_OVERHEAD: usize = std::mem::size_of::<(String, SpeakerAgg)>() * 3 / 2 + 2;

fn entry_bytes(name: &str, agg: &SpeakerAgg) -> usize {
    ENTRY_OVERHEAD + name.len() + agg.first_article.capacity() + agg.sample.capacity()
}

/// Running counts for the summary and speakers.csv.
#[derive(Debug)]
pub(super) struct Tally {
    summary: Summary,
    speakers: HashMap<String, SpeakerAgg>,
    /// Heap bytes `speakers` holds, by [`entry_bytes`].
    bytes: usize,
    budget: usize,
    fan_in: usize,
    spill: Spill,
    /// Spilled runs sorted by name, in article order.
    runs: Vec<PathBuf>,
}

impl Tally {
    /// A tally that spills, if it has to, into a temporary folder in `dir`.
    pub(super) fn new(dir: PathBuf) -> Tally {
        Tally::with_bounds(dir, DEFAULT_BUDGET, DEFAULT_FAN_IN)
    }

    /// [`Tally::new`] with a memory budget in bytes and a merge fan-in (at
    /// least 2), so that tests can make it spill and merge in rounds.
    pub(super) fn with_bounds(dir: PathBuf, budget: usize, fan_in: usize) -> Tally {
        Tally {
            summary: Summary::default(),
            speakers: HashMap::default(),
            bytes: 0,
            budget,
            fan_in: fan_in.max(2),
            spill: Spill::new(dir),
            runs: Vec::new(),
        }
    }

    /// Counts one article; `order` is its quotes in text order, so that
    /// first_article and the sample quote are the first in reading order.
    pub(super) fn add(&mut self, x: &Extraction, order: &[usize]) -> Result<()> {
        let s = &mut self.summary;
        s.articles += 1;
        s.quotes += x.quotes.len() as u64;
        s.warnings += x.article.warnings.len() as u64;
        s.bytes += x.article.text.len() as u64;
        let serial = s.articles;
        for q in order.iter().filter_map(|&qi| x.quotes.get(qi)) {
            if q.speaker.is_empty() {
                continue;
            }
            s.attributed += 1;
            let agg = match self.speakers.get_mut(q.speaker.as_str()) {
                Some(agg) => agg,
                None => {
                    let agg = SpeakerAgg {
                        first_article: x.article.id.clone(),
                        ..SpeakerAgg::default()
                    };
                    self.bytes += entry_bytes(&q.speaker, &agg);
                    self.speakers.entry(q.speaker.clone()).or_insert(agg)
                }
            };
            let text = slice(&x.article.text, q.span);
            let grown = agg.count(serial, q.kind, q.speaker_type, text);
            self.bytes = self.bytes.saturating_add_signed(grown);
        }
        // Between articles, never inside one: see the module comment.
        if self.bytes > self.budget {
            self.spill_map()?;
        }
        Ok(())
    }

    pub(super) fn reject(&mut self) {
        self.summary.rejected += 1;
    }

    /// Writes the in-memory speakers to a run sorted by name and empties
    /// the map (keeping its table for the next run).
    fn spill_map(&mut self) -> Result<()> {
        if self.speakers.is_empty() {
            return Ok(());
        }
        let mut entries: Vec<(&String, &SpeakerAgg)> = self.speakers.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut run = self.spill.create()?;
        for (name, agg) in entries {
            run.push(name, agg)?;
        }
        self.runs.push(run.finish()?);
        self.speakers.clear();
        self.bytes = 0;
        Ok(())
    }

    /// Calls `emit` with speakers.csv's rows in order and keeps the first
    /// five for the summary. Empties the tally; `label` names the output in
    /// errors from `emit`.
    pub(super) fn speaker_rows(
        &mut self,
        label: &Path,
        emit: &mut dyn FnMut(Table, &[Cell]) -> io::Result<()>,
    ) -> Result<()> {
        let mut top = Vec::with_capacity(5);
        let mut row = |name: &str, agg: &SpeakerAgg| -> Result<()> {
            if top.len() < 5 {
                top.push((name.to_string(), agg.quotes));
            }
            emit(
                Table::Speakers,
                &[
                    Cell::Text(name),
                    Cell::Word(agg.speaker_type()),
                    Cell::Num(agg.quotes),
                    Cell::Num(agg.articles),
                    Cell::Text(&agg.first_article),
                    Cell::Text(&agg.sample),
                ],
            )
            .map_err(|e| Error::io(label, e))
        };
        if self.runs.is_empty() {
            let mut v: Vec<_> = self.speakers.iter().collect();
            v.sort_unstable_by(|a, b| by_rank((a.0, a.1), (b.0, b.1)));
            for (name, agg) in v {
                row(name, agg)?;
            }
        } else {
            // The last speakers are the latest run; then the map's table
            // (cleared, not freed) goes too, before the merge buffers fill.
            self.spill_map()?;
            self.speakers = HashMap::default();
            self.external_rows(&mut row)?;
            self.spill.remove();
        }
        self.speakers = HashMap::default();
        self.bytes = 0;
        self.summary.top_speakers = top;
        Ok(())
    }

    /// The spilled path of [`Tally::speaker_rows`]: merge the name-sorted
    /// runs, combining each speaker's tallies; cut the combined stream into
    /// budget-sized runs sorted by rank; merge those by rank into `row`.
    fn external_rows(
        &mut self,
        row: &mut dyn FnMut(&str, &SpeakerAgg) -> Result<()>,
    ) -> Result<()> {
        let runs = std::mem::take(&mut self.runs);
        let by_name = self.merge_rounds(runs, Order::Name)?;
        let mut ranked = Vec::new();
        let mut buffer: Vec<(String, SpeakerAgg)> = Vec::new();
        let mut bytes = 0;
        let budget = self.budget;
        let spill = &mut self.spill;
        let mut cut = |buffer: &mut Vec<(String, SpeakerAgg)>| -> Result<PathBuf> {
            buffer.sort_unstable_by(|a, b| by_rank((&a.0, &a.1), (&b.0, &b.1)));
            let mut run = spill.create()?;
            for (name, agg) in buffer.drain(..) {
                run.push(&name, &agg)?;
            }
            run.finish()
        };
        merge(&by_name, Order::Name, &mut |name, agg| {
            bytes += entry_bytes(&name, &agg);
            buffer.push((name, agg));
            if bytes > budget {
                ranked.push(cut(&mut buffer)?);
                bytes = 0;
            }
            Ok(())
        })?;
        remove_runs(&by_name);
        if ranked.is_empty() {
            // Combined, the speakers fit after all: sort them here.
            buffer.sort_unstable_by(|a, b| by_rank((&a.0, &a.1), (&b.0, &b.1)));
            for (name, agg) in &buffer {
                row(name, agg)?;
            }
            return Ok(());
        }
        if !buffer.is_empty() {
            ranked.push(cut(&mut buffer)?);
        }
        drop(buffer);
        let ranked = self.merge_rounds(ranked, Order::Rank)?;
        merge(&ranked, Order::Rank, &mut |name, agg| row(&name, &agg))?;
        remove_runs(&ranked);
        Ok(())
    }

    /// Merges consecutive groups of `fan_in` runs into one run each until at
    /// most `fan_in` are left. Consecutive, so that name runs stay in
    /// article order.
    fn merge_rounds(&mut self, mut runs: Vec<PathBuf>, order: Order) -> Result<Vec<PathBuf>> {
        while runs.len() > self.fan_in {
            let mut next = Vec::with_capacity(runs.len().div_ceil(self.fan_in));
            for group in runs.chunks(self.fan_in) {
                let mut run = self.spill.create()?;
                merge(group, order, &mut |name, agg| run.push(&name, &agg))?;
                next.push(run.finish()?);
                remove_runs(group);
            }
            runs = next;
        }
        Ok(runs)
    }

    /// The run's summary. Its top speakers are known once
    /// [`Tally::speaker_rows`] has run.
    pub(super) fn summary(&self, elapsed: Duration) -> Summary {
        let mut s = self.summary.clone();
        s.elapsed = elapsed;
        s
    }
}

/// speakers.csv's order: quotes descending, then name. Names are unique in a
/// finished tally, so no two rows tie.
fn by_rank(a: (&String, &SpeakerAgg), b: (&String, &SpeakerAgg)) -> Ordering {
    b.1.quotes.cmp(&a.1.quotes).then_with(|| a.0.cmp(b.0))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Order {
    /// By name; equal names (one speaker in several runs) are combined.
    Name,
    /// speakers.csv's order ([`by_rank`]).
    Rank,
}

/// One record at the head of a run, in the merge's heap.
struct Head {
    name: String,
    agg: SpeakerAgg,
    run: usize,
    order: Order,
}

impl Ord for Head {
    fn cmp(&self, other: &Head) -> Ordering {
        let key = match self.order {
            Order::Name => self.name.cmp(&other.name),
            Order::Rank => by_rank((&self.name, &self.agg), (&other.name, &other.agg)),
        };
        // Equal names come out in run order, which is article order.
        key.then(self.run.cmp(&other.run))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Head) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Head) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head {}

/// k-way merge of sorted runs into `out`, in `order`; by name, the tallies
/// of one speaker are combined in run order first.
fn merge(
    runs: &[PathBuf],
    order: Order,
    out: &mut dyn FnMut(String, SpeakerAgg) -> Result<()>,
) -> Result<()> {
    let mut readers = Vec::with_capacity(runs.len());
    let mut heap = BinaryHeap::with_capacity(runs.len());
    for (run, path) in runs.iter().enumerate() {
        let mut reader = RunReader::open(path)?;
        if let Some((name, agg)) = reader.next()? {
            heap.push(Reverse(Head {
                name,
                agg,
                run,
                order,
            }));
        }
        readers.push(reader);
    }
    let mut pending: Option<(String, SpeakerAgg)> = None;
    while let Some(Reverse(head)) = heap.pop() {
        if let Some((name, agg)) = readers[head.run].next()? {
            heap.push(Reverse(Head {
                name,
                agg,
                run: head.run,
                order,
            }));
        }
        if order == Order::Rank {
            out(head.name, head.agg)?;
            continue;
        }
        match &mut pending {
            Some((name, agg)) if *name == head.name => agg.absorb(head.agg),
            _ => {
                if let Some((name, agg)) = pending.replace((head.name, head.agg)) {
                    out(name, agg)?;
                }
            }
        }
    }
    if let Some((name, agg)) = pending {
        out(name, agg)?;
    }
    Ok(())
}

fn remove_runs(runs: &[PathBuf]) {
    for run in runs {
        let _ = fs::remove_file(run);
    }
}

// ---------------------------------------------------------------------------
// Run files

/// The temporary folder for runs, made on the first spill and removed with
/// everything in it when dropped.
#[derive(Debug)]
struct Spill {
    parent: PathBuf,
    dir: Option<PathBuf>,
    files: u64,
}

/// Tells apart the spill folders of the sinks of one process (tests run
/// many at once in the system temporary folder).
static SPILL_SERIAL: AtomicU64 = AtomicU64::new(0);

impl Spill {
    fn new(parent: PathBuf) -> Spill {
        Spill {
            parent,
            dir: None,
            files: 0,
        }
    }

    fn create(&mut self) -> Result<RunWriter> {
        let dir = match &self.dir {
            Some(dir) => dir.clone(),
            None => {
                // Hidden, so that a run reading the output folder skips it.
                let serial = SPILL_SERIAL.fetch_add(1, AtomicOrdering::Relaxed);
                let name = format!(".whosaid-speakers-{}-{serial}.tmp", std::process::id());
                let dir = self.parent.join(name);
                fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                self.dir = Some(dir.clone());
                dir
            }
        };
        self.files += 1;
        let path = dir.join(format!("run{}", self.files));
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(RunWriter {
            out: BufWriter::with_capacity(RUN_WRITE_BUFFER, file),
            path,
        })
    }

    /// Removes the folder and its runs (a later spill makes a new one).
    fn remove(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A run being written: records `name, types, quotes, articles,
/// first_article, sample, flags`, numbers as LEB128 varints, strings as a
/// length and their bytes.
struct RunWriter {
    out: BufWriter<File>,
    path: PathBuf,
}

impl RunWriter {
    fn push(&mut self, name: &str, agg: &SpeakerAgg) -> Result<()> {
        self.record(name, agg).map_err(|e| Error::io(&self.path, e))
    }

    fn record(&mut self, name: &str, agg: &SpeakerAgg) -> io::Result<()> {
        let w = &mut self.out;
        put_str(w, name)?;
        for n in agg.types {
            put_u64(w, n)?;
        }
        put_u64(w, agg.quotes)?;
        put_u64(w, agg.articles)?;
        put_str(w, &agg.first_article)?;
        put_str(w, &agg.sample)?;
        let flags = u8::from(agg.sample_is_direct) | u8::from(agg.has_direct) << 1;
        w.write_all(&[flags])
    }

    fn finish(self) -> Result<PathBuf> {
        let RunWriter { out, path } = self;
        match out.into_inner() {
            Ok(_) => Ok(path),
            Err(e) => Err(Error::io(&path, e.into_error())),
        }
    }
}

fn put_u64(w: &mut impl Write, mut n: u64) -> io::Result<()> {
    let mut buf = [0u8; 10];
    let mut i = 0;
    while n >= 0x80 {
        buf[i] = (n as u8) | 0x80;
        n >>= 7;
        i += 1;
    }
    buf[i] = n as u8;
    w.write_all(&buf[..=i])
}

fn put_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    put_u64(w, s.len() as u64)?;
    w.write_all(s.as_bytes())
}

struct RunReader {
    input: BufReader<File>,
    path: PathBuf,
}

impl RunReader {
    fn open(path: &Path) -> Result<RunReader> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        Ok(RunReader {
            input: BufReader::with_capacity(RUN_READ_BUFFER, file),
            path: path.to_path_buf(),
        })
    }

    fn next(&mut self) -> Result<Option<(String, SpeakerAgg)>> {
        self.record().map_err(|e| Error::io(&self.path, e))
    }

    fn record(&mut self) -> io::Result<Option<(String, SpeakerAgg)>> {
        let r = &mut self.input;
        if r.fill_buf()?.is_empty() {
            return Ok(None);
        }
        let name = get_str(r)?;
        let mut agg = SpeakerAgg::default();
        for n in &mut agg.types {
            *n = get_u64(r)?;
        }
        agg.quotes = get_u64(r)?;
        agg.articles = get_u64(r)?;
        agg.first_article = get_str(r)?;
        agg.sample = get_str(r)?;
        let mut flags = [0u8];
        r.read_exact(&mut flags)?;
        agg.sample_is_direct = flags[0] & 1 != 0;
        agg.has_direct = flags[0] & 2 != 0;
        Ok(Some((name, agg)))
    }
}

fn bad_run() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "damaged speaker tally run")
}

fn get_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let mut b = [0u8];
        r.read_exact(&mut b)?;
        n |= u64::from(b[0] & 0x7f) << shift;
        if b[0] & 0x80 == 0 {
            return Ok(n);
        }
    }
    Err(bad_run())
}

fn get_str(r: &mut impl Read) -> io::Result<String> {
    let len = usize::try_from(get_u64(r)?).map_err(|_| bad_run())?;
    let mut bytes = Vec::new();
    // `take` so that a damaged length cannot ask for more than the file has.
    r.take(len as u64).read_to_end(&mut bytes)?;
    if bytes.len() != len {
        return Err(bad_run());
    }
    String::from_utf8(bytes).map_err(|_| bad_run())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Quote, Span};

    /// An article whose quotes (one per entry) cover one byte of `text`
    /// each, or none when the entry's text is empty (a span that fits no
    /// text gives an empty sample).
    fn article(id: usize, quotes: &[(String, SpeakerType, QuoteKind, bool)]) -> Extraction {
        let text: String = (0..quotes.len())
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let quotes = quotes
            .iter()
            .enumerate()
            .map(|(i, (name, t, kind, empty))| Quote {
                kind: *kind,
                span: if *empty {
                    Span::new(i + 1000, i + 1001)
                } else {
                    Span::new(i, i + 1)
                },
                speaker: name.clone(),
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
                id: format!("art{id}"),
                text,
                ..Article::default()
            },
            quotes,
            ..Extraction::default()
        }
    }

    /// A few hundred speakers over a few hundred articles: counts with
    /// many ties, types that tie, direct and other quotes in every order,
    /// and some quotes with no text, drawn from a fixed pseudo-random
    /// sequence.
    fn corpus() -> Vec<Extraction> {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let kinds = [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Partial];
        (0..400)
            .map(|id| {
                let quotes: Vec<_> = (0..next(6))
                    .map(|_| {
                        // Few names are popular, most are rare, all distinct
                        // by a byte somewhere.
                        let who = if next(4) == 0 { next(12) } else { next(300) };
                        (
                            format!("Speaker {who:03}"),
                            SpeakerType::ALL[next(3) as usize],
                            kinds[next(3) as usize],
                            next(8) == 0,
                        )
                    })
                    .collect();
                article(id, &quotes)
            })
            .collect()
    }

    fn rows(mut tally: Tally, xs: &[Extraction]) -> (Vec<Vec<String>>, Summary) {
        for x in xs {
            let order: Vec<usize> = (0..x.quotes.len()).collect();
            tally.add(x, &order).unwrap();
        }
        let mut out = Vec::new();
        tally
            .speaker_rows(Path::new("test"), &mut |_, cells| {
                out.push(
                    cells
                        .iter()
                        .map(|c| match c {
                            Cell::Text(s) | Cell::Word(s) => s.to_string(),
                            Cell::Num(n) => n.to_string(),
                            other => format!("{other:?}"),
                        })
                        .collect(),
                );
                Ok(())
            })
            .unwrap();
        (out, tally.summary(Duration::ZERO))
    }

    #[test]
    fn spilled_tally_gives_the_rows_of_the_in_memory_one() {
        let xs = corpus();
        let dir = tempfile::tempdir().unwrap();
        let (want, want_summary) = rows(Tally::new(dir.path().into()), &xs);
        assert!(want.len() > 250, "{}", want.len());
        assert!(
            want.windows(2).any(|w| w[0][2] == w[1][2]),
            "the corpus has ties on quotes"
        );
        // Budget 0: a run per article, merged in rounds of 2, 3 or 64; a
        // few KB: runs of dozens of speakers, each cut again for the sort by
        // quotes.
        for (budget, fan_in) in [(0, 2), (0, 3), (0, 64), (3000, 2), (20_000, 4)] {
            let tally = Tally::with_bounds(dir.path().into(), budget, fan_in);
            let (got, summary) = rows(tally, &xs);
            assert_eq!(got, want, "budget {budget}, fan-in {fan_in}");
            assert_eq!(summary, want_summary, "budget {budget}, fan-in {fan_in}");
        }
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "spill folders are removed: {left:?}");
    }

    #[test]
    fn samples_are_cut_at_a_character_count() {
        let short = "é".repeat(SAMPLE_CHARS);
        assert_eq!(
            truncate_chars(&short, SAMPLE_CHARS),
            short,
            "560 bytes, 280 chars"
        );
        let long = format!("{short}ü");
        assert_eq!(truncate_chars(&long, SAMPLE_CHARS), format!("{short}…"));
        assert_eq!(truncate_chars("abc", 2), "ab…");
        assert_eq!(truncate_chars("ab", 2), "ab");
    }

    #[test]
    fn absorb_continues_the_sample_rule_across_runs() {
        use QuoteKind::*;
        let one = |quotes: &[(QuoteKind, &str)]| {
            let mut agg = SpeakerAgg::default();
            for (kind, text) in quotes {
                agg.count(1, *kind, SpeakerType::Person, text);
            }
            agg
        };
        let cases: [&[(QuoteKind, &str)]; 5] = [
            &[(Indirect, "a"), (Direct, "b"), (Direct, "c")],
            &[(Direct, ""), (Indirect, "a"), (Direct, "b")],
            &[(Indirect, "a"), (Direct, ""), (Indirect, "b")],
            &[(Indirect, ""), (Indirect, "a"), (Direct, "")],
            &[(Direct, "a"), (Direct, "b")],
        ];
        for quotes in cases {
            // Every tally counts at least one quote.
            for cut in 1..quotes.len() {
                let (early, late) = quotes.split_at(cut);
                let mut split = one(early);
                split.absorb(one(late));
                let whole = one(quotes);
                assert_eq!(split.sample, whole.sample, "{quotes:?} cut at {cut}");
                assert_eq!(split.sample_is_direct, whole.sample_is_direct);
                assert_eq!(split.has_direct, whole.has_direct);
            }
        }
    }

    #[test]
    fn run_records_round_trip_and_damage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::new(dir.path().into());
        let agg = SpeakerAgg {
            types: [1, 0, 300, 0, 0, u64::MAX, 7],
            quotes: 1 << 40,
            articles: 127,
            first_article: "world/ü1".into(),
            sample: "«Ça ira», a dit Zoë".into(),
            sample_is_direct: false,
            has_direct: true,
            ..SpeakerAgg::default()
        };
        let mut run = spill.create().unwrap();
        run.push("Zoë", &agg).unwrap();
        run.push("", &SpeakerAgg::default()).unwrap();
        let path = run.finish().unwrap();
        let mut r = RunReader::open(&path).unwrap();
        assert_eq!(r.next().unwrap(), Some(("Zoë".to_string(), agg)));
        assert_eq!(
            r.next().unwrap(),
            Some((String::new(), SpeakerAgg::default()))
        );
        assert_eq!(r.next().unwrap(), None);

        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let mut r = RunReader::open(&path).unwrap();
        assert!(r.next().is_ok());
        assert!(r.next().is_err(), "a cut record");
        fs::write(&path, [0xff; 12]).unwrap();
        assert!(
            RunReader::open(&path).unwrap().next().is_err(),
            "a runaway varint"
        );
        drop(spill);
        assert!(!path.exists());
    }
}

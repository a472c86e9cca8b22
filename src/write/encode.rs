//! write::encode: one row of [`Cell`]s in, its CSV or JSON bytes out.
//!
//! In: a row's cells and the byte buffer to append it to. Out: the row's
//! bytes at the end of the buffer, ending in `\n`. CSV is spelled as the
//! `csv` crate spells it by default (RFC 4180: a field is quoted when it
//! holds `,`, `"`, `\r` or `\n`, inner quotes are doubled, rows end in `\n`);
//! JSON strings are spelled by `serde_json`.
//!
//! This is the hot loop of the writer: rows are encoded by the million
//! (about four bytes of CSV per byte of text), most cells are short (ids,
//! kinds, offsets) and a few are long (quote texts), so the fast paths here
//! are about not paying a function call, a `fmt` round trip, a scan or a
//! `match` per cell: an article's id is spelled once ([`CsvRows`]), words
//! of a fixed vocabulary are copied without a scan, numbers come from a
//! table of digit pairs, and article rows are spelled cell by cell as the
//! compiler sees them ([`Spelling`]). It appends to an in-memory buffer
//! only: no I/O, no choice of which rows to write.

use super::{Cell, Table};
use std::io;

/// Appends one CSV row. With `guard`, text cells that a spreadsheet would
/// run as a formula get a leading `'` (see [`guard_needed`]).
pub(super) fn csv_row(buf: &mut Vec<u8>, cells: &[Cell], guard: bool) {
    CsvRows::new("", guard, &mut Vec::new()).row(buf, cells);
}

/// How the CSV rows of one article are spelled: [`csv_row`] with the
/// article id spelled once.
///
/// Every row opens with the article id, and the second column of three
/// tables is built on it (`<id>#3`, `<id>/e12`). Ids are long (sixty bytes
/// for a PolNeAR file name) and mentions.csv, the bulk of the output, has
/// two of them a row: scanning them for bytes that need quotes on every
/// row was a third of the encoder's work. Here the id is scanned and
/// spelled once per article (quotes, doubled inner quotes and formula
/// guard included), and its [`Cell::Id`] and [`Cell::SubId`] cells are
/// copies of that spelling: what follows the id in a sub-id (`#`, `/e`,
/// digits) never needs quotes nor changes the guard, which looks at the
/// first byte only.
#[derive(Debug, Clone, Copy)]
pub(super) struct CsvRows<'a> {
    guard: bool,
    id: &'a str,
    /// The id's cell and the comma after it.
    id_cell: &'a [u8],
    /// The id's cell up to its closing quote, if it has one.
    id_open: &'a [u8],
    /// Whether the id's cell is quoted.
    id_quoted: bool,
}

impl<'a> CsvRows<'a> {
    /// The rows of the article `id` (`""` for rows of no article); `buf`
    /// holds the id's spelling.
    pub(super) fn new(id: &'a str, guard: bool, buf: &'a mut Vec<u8>) -> CsvRows<'a> {
        if id.is_empty() {
            // Rows of no article (headers, rejections, speakers), encoded
            // one at a time: nothing to spell, and no buffer to fill per row.
            return CsvRows {
                guard,
                id,
                id_cell: b",",
                id_open: b"",
                id_quoted: false,
            };
        }
        buf.clear();
        let id_quoted = needs_quotes(id.as_bytes());
        csv_text(buf, id.as_bytes(), guard && guard_needed(id));
        let open = buf.len() - usize::from(id_quoted);
        buf.push(b',');
        let buf: &'a Vec<u8> = buf;
        CsvRows {
            guard,
            id,
            id_cell: buf,
            id_open: buf.get(..open).unwrap_or(buf),
            id_quoted,
        }
    }

    /// Appends one row.
    pub(super) fn row(&mut self, buf: &mut Vec<u8>, cells: &[Cell]) {
        match cells {
            // A row of one empty cell is `""`, or it would read as no row.
            [Cell::Text("") | Cell::Word("") | Cell::Id("") | Cell::Opt(None)] => {
                buf.extend_from_slice(b"\"\"\n");
            }
            [] => buf.push(b'\n'),
            _ => {
                for &cell in cells {
                    Spelling::cell(self, buf, cell);
                }
                end_row(buf);
            }
        }
    }

    /// Appends one cell, without a separator.
    #[inline(always)]
    fn value(&self, buf: &mut Vec<u8>, cell: Cell) {
        match cell {
            Cell::Text(s) => csv_text(buf, s.as_bytes(), self.guard && guard_needed(s)),
            // Letters only: nothing to quote or guard (see `Cell::Word`).
            Cell::Word(w) => buf.extend_from_slice(w.as_bytes()),
            // (`Spelling::cell` copies it with its comma.)
            Cell::Id(id) if self.is_id(id) => {
                let id_cell = self.id_cell;
                buf.extend_from_slice(id_cell.get(..id_cell.len() - 1).unwrap_or(id_cell));
            }
            Cell::SubId(id, sep, n) if self.is_id(id) => {
                buf.extend_from_slice(self.id_open);
                buf.extend_from_slice(sep.as_bytes());
                push_num(buf, n);
                self.close_id(buf);
            }
            // The id of another article (no row has one): spelled as text.
            Cell::Id(id) => csv_text(buf, id.as_bytes(), self.guard && guard_needed(id)),
            Cell::SubId(id, sep, n) => {
                let text = sub_id(id, sep, n);
                csv_text(buf, text.as_bytes(), self.guard && guard_needed(&text));
            }
            Cell::Num(n) => push_num(buf, n),
            Cell::Opt(Some(n)) => push_num(buf, n as u64),
            Cell::Opt(None) => {}
            Cell::Conf(c) => buf.extend_from_slice(format_conf(c, &mut [0; 4])),
        }
    }

    /// Whether `id` is this article's id (the same string, not a copy:
    /// rows borrow it from the article).
    #[inline(always)]
    fn is_id(&self, id: &str) -> bool {
        std::ptr::eq(id, self.id)
    }

    #[inline(always)]
    fn close_id(&self, buf: &mut Vec<u8>) {
        if self.id_quoted {
            buf.push(b'"');
        }
    }
}

impl Spelling for CsvRows<'_> {
    #[inline(always)]
    fn start(&mut self, _: &mut Vec<u8>, _: Table) {}

    /// Each cell is followed by a comma, and [`Spelling::end`] turns the
    /// last one into the row's newline: no test for the first cell.
    #[inline(always)]
    fn cell(&mut self, buf: &mut Vec<u8>, cell: Cell) {
        match cell {
            // Cells whose comma can go in the same copy.
            Cell::Id(id) if self.is_id(id) => buf.extend_from_slice(self.id_cell),
            Cell::Num(n) => push_num_comma(buf, n),
            Cell::Opt(Some(n)) => push_num_comma(buf, n as u64),
            _ => {
                self.value(buf, cell);
                buf.push(b',');
            }
        }
    }

    #[inline(always)]
    fn end(&mut self, buf: &mut Vec<u8>) -> io::Result<()> {
        end_row(buf);
        Ok(())
    }
}

/// Turns the comma after a CSV row's last cell into the row's newline.
#[inline(always)]
fn end_row(buf: &mut Vec<u8>) {
    match buf.last_mut() {
        Some(comma) => *comma = b'\n',
        None => buf.push(b'\n'),
    }
}

/// How rows are spelled cell by cell: `start`, a `cell` per column, `end`.
///
/// The article rows call it cell by cell with cells the compiler can see
/// (see `row!` in write.rs), so that each call is inlined and the match on
/// the kind of cell is settled at compile time; [`spell_row`] spells a row
/// given as a slice, for the few rows that are not an article's.
pub(super) trait Spelling {
    /// Begins a row of `table`.
    fn start(&mut self, buf: &mut Vec<u8>, table: Table);
    /// Appends the row's next cell.
    fn cell(&mut self, buf: &mut Vec<u8>, cell: Cell);
    /// Ends a row of at least one cell.
    fn end(&mut self, buf: &mut Vec<u8>) -> io::Result<()>;
}

/// Appends a row given as a slice of at least one cell.
fn spell_row(
    spelling: &mut impl Spelling,
    buf: &mut Vec<u8>,
    table: Table,
    cells: &[Cell],
) -> io::Result<()> {
    spelling.start(buf, table);
    for &cell in cells {
        spelling.cell(buf, cell);
    }
    spelling.end(buf)
}

/// The text of a [`Cell::SubId`].
fn sub_id(id: &str, sep: &str, n: u64) -> String {
    let mut digits = [0; 20];
    let digits = format_num(n, &mut digits);
    let mut text = String::with_capacity(id.len() + sep.len() + digits.len());
    text.push_str(id);
    text.push_str(sep);
    text.extend(digits.iter().map(|&d| char::from(d)));
    text
}

/// Appends a text field, quoted if it needs to be, `'`-prefixed if
/// `guarded` (inside the quotes: the `'` is part of the cell's value).
// (Inlined into the row loop, with the check for quotes: as calls they
// cost as much as the check itself for the short cells most are.)
#[inline(always)]
pub(super) fn csv_text(buf: &mut Vec<u8>, field: &[u8], guarded: bool) {
    if !needs_quotes(field) {
        if guarded {
            buf.push(b'\'');
        }
        buf.extend_from_slice(field);
        return;
    }
    csv_quoted(buf, field, guarded);
}

/// [`csv_text`] for a field that needs quotes.
#[inline(never)]
fn csv_quoted(buf: &mut Vec<u8>, field: &[u8], guarded: bool) {
    buf.push(b'"');
    if guarded {
        buf.push(b'\'');
    }
    let mut from = 0;
    for quote in memchr::memchr_iter(b'"', field) {
        // Up to and including the quote, then the quote again.
        buf.extend_from_slice(&field[from..=quote]);
        buf.push(b'"');
        from = quote + 1;
    }
    buf.extend_from_slice(&field[from..]);
    buf.push(b'"');
}

/// The bytes that make a CSV field need quotes.
const fn is_special(b: u8) -> bool {
    matches!(b, b',' | b'"' | b'\n' | b'\r')
}

/// [`is_special`] as a table, for fields too short for a block.
static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_special(b as u8);
        b += 1;
    }
    table
};

/// Whether a field holds `,`, `"`, `\r` or `\n`.
///
/// Most fields are short (an id, a kind, a name): a call to `memchr3` plus
/// one to `memchr` for the fourth byte cost more in set-up than the field
/// has bytes, and were most of the writer's time. So the field is tested in
/// fixed-size blocks that the compiler turns into a few SIMD compares, the
/// last block overlapping the one before it rather than leaving a tail to
/// test byte by byte; only fields under 8 bytes go through a table. Long
/// fields (quote texts) do go to `memchr`, whose set-up their length repays
/// and which uses AVX2 when the processor has it (the blocks here are
/// compiled for the baseline SSE2).
#[inline(always)]
pub(super) fn needs_quotes(field: &[u8]) -> bool {
    if field.len() >= 96 {
        memchr::memchr3(b',', b'"', b'\n', field).is_some()
            || memchr::memchr(b'\r', field).is_some()
    } else if field.len() >= 16 {
        let (blocks, _) = field.as_chunks::<16>();
        blocks.iter().any(has_special) || field.last_chunk::<16>().is_some_and(has_special)
    } else if field.len() >= 8 {
        let first = field.first_chunk::<8>();
        let last = field.last_chunk::<8>();
        first.is_some_and(has_special) || last.is_some_and(has_special)
    } else {
        field.iter().any(|&b| SPECIAL[usize::from(b)])
    }
}

/// [`is_special`] over a whole block at once: the block is compared with
/// each special byte in turn and the results ORed together, without `||`
/// (short-circuiting would keep the compiler from comparing the block in
/// one go). One pass per special byte, rather than the four tests per
/// byte of one pass, is what the compiler turns into four plain SIMD
/// compares; the single pass came out as twice the instructions, spent
/// spreading each byte over four lanes.
#[inline]
fn has_special<const N: usize>(block: &[u8; N]) -> bool {
    let hits = |special: u8| {
        block
            .iter()
            .fold(0u8, |acc, &b| acc | u8::from(b == special))
    };
    (hits(b',') | hits(b'"') | hits(b'\n') | hits(b'\r')) != 0
}

/// Whether a text cell needs the formula guard. A spreadsheet treats a cell
/// starting with `=`, `+`, `-` or `@` as a formula, so a quote such as
/// `=HYPERLINK("http://…")` in a scraped page, or a file named `+cmd.txt`,
/// would run when a journalist opens quotes.csv (CSV injection, OWASP). Tab
/// and carriage return are on OWASP's list too, since some spreadsheets strip
/// them and then see the formula behind them.
pub fn guard_needed(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Appends one JSON object: `{"record":"quote","article_id":…,…}` and `\n`.
pub(super) fn json_row(buf: &mut Vec<u8>, table: Table, cells: &[Cell]) -> io::Result<()> {
    spell_row(&mut JsonRows::default(), buf, table, cells)
}

/// JSON objects, one a row, keyed by the table's column names (cells past
/// the last column are left out).
#[derive(Debug, Default)]
pub(super) struct JsonRows {
    columns: &'static [&'static str],
    /// The column of the next cell.
    next: usize,
    /// The row's first error, reported by `end`.
    error: Option<io::Error>,
}

impl Spelling for JsonRows {
    fn start(&mut self, buf: &mut Vec<u8>, table: Table) {
        buf.extend_from_slice(b"{\"record\":\"");
        buf.extend_from_slice(table.record().as_bytes());
        buf.push(b'"');
        self.columns = table.columns();
        self.next = 0;
    }

    fn cell(&mut self, buf: &mut Vec<u8>, cell: Cell) {
        let Some(name) = self.columns.get(self.next) else {
            return;
        };
        self.next += 1;
        buf.extend_from_slice(b",\"");
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(b"\":");
        let written = match cell {
            Cell::Text(s) | Cell::Word(s) | Cell::Id(s) => serde_json::to_writer(&mut *buf, s),
            // `<id><sep><n>`: the id's JSON string is reopened to take the
            // separator and digits, which need no escaping, rather than
            // built in a new String for every row.
            Cell::SubId(id, sep, n) => serde_json::to_writer(&mut *buf, id).map(|()| {
                buf.pop();
                buf.extend_from_slice(sep.as_bytes());
                push_num(buf, n);
                buf.push(b'"');
            }),
            Cell::Num(n) => {
                push_num(buf, n);
                Ok(())
            }
            Cell::Opt(Some(n)) => {
                push_num(buf, n as u64);
                Ok(())
            }
            Cell::Opt(None) => {
                buf.extend_from_slice(b"null");
                Ok(())
            }
            Cell::Conf(c) => {
                buf.extend_from_slice(format_conf(c, &mut [0; 4]));
                Ok(())
            }
        };
        if let Err(e) = written {
            self.error.get_or_insert(e.into());
        }
    }

    fn end(&mut self, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.extend_from_slice(b"}\n");
        self.error.take().map_or(Ok(()), Err)
    }
}

/// Appends the decimal digits of `n`.
///
/// Offsets inside an article, counts and sentence numbers are nearly all
/// below 100,000, so those are appended as a copy of a known size (a few
/// moves) from a table of digit pairs; the general path ends in a copy whose
/// length is known only at run time, which is a call to `memcpy`. It is a
/// function of its own, out of line, so that this one is inlined into the
/// row loop without the general path's stack frame (a call and a frame
/// were half the cost of a number).
#[inline(always)]
pub(super) fn push_num(buf: &mut Vec<u8>, n: u64) {
    push_digits::<false>(buf, n);
}

/// [`push_num`] and the comma that ends a CSV cell, in the same copy (each
/// append checks the buffer's room and stores its length again).
#[inline(always)]
fn push_num_comma(buf: &mut Vec<u8>, n: u64) {
    push_digits::<true>(buf, n);
}

#[inline(always)]
fn push_digits<const COMMA: bool>(buf: &mut Vec<u8>, n: u64) {
    let pair = |n: u64| PAIRS[(n % 100) as usize];
    let digit = |n: u64| b'0' + (n % 10) as u8;
    // The digits, then the comma if asked for, as one copy of known size.
    macro_rules! put {
        ($($d:expr),+) => {
            if COMMA {
                buf.extend_from_slice(&[$($d),+, b','])
            } else {
                buf.extend_from_slice(&[$($d),+])
            }
        };
    }
    match n {
        0..=9 => put!(digit(n)),
        10..=99 => {
            let [a, b] = pair(n);
            put!(a, b)
        }
        100..=999 => {
            let [b, c] = pair(n);
            put!(digit(n / 100), b, c)
        }
        1_000..=9_999 => {
            let ([a, b], [c, d]) = (pair(n / 100), pair(n));
            put!(a, b, c, d)
        }
        10_000..=99_999 => {
            let ([b, c], [d, e]) = (pair(n / 100), pair(n));
            put!(digit(n / 10_000), b, c, d, e)
        }
        _ => push_long_num(buf, n, COMMA),
    }
}

/// [`push_num`] for numbers of six digits or more.
#[cold]
#[inline(never)]
fn push_long_num(buf: &mut Vec<u8>, n: u64, comma: bool) {
    buf.extend_from_slice(format_num(n, &mut [0; 20]));
    if comma {
        buf.push(b',');
    }
}

/// `"00" "01" … "99"`: two digits per division by 100.
static PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

/// Decimal digits of `n` without going through `fmt`.
pub(super) fn format_num(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut start = buf.len();
    while n >= 100 {
        start -= 2;
        buf[start..start + 2].copy_from_slice(&PAIRS[(n % 100) as usize]);
        n /= 100;
    }
    if n >= 10 {
        start -= 2;
        buf[start..start + 2].copy_from_slice(&PAIRS[n as usize]);
    } else {
        start -= 1;
        buf[start] = b'0' + n as u8;
    }
    &buf[start..]
}

/// A confidence as `0.00`..`1.00`. Values outside 0..1 (or NaN) are clamped:
/// the column promises 0..1.
pub(super) fn format_conf(c: f32, buf: &mut [u8; 4]) -> &[u8; 4] {
    let hundredths = if c.is_finite() {
        (c.clamp(0.0, 1.0) * 100.0).round() as u8
    } else {
        0
    };
    buf[0] = b'0' + hundredths / 100;
    buf[1] = b'.';
    buf[2] = b'0' + (hundredths / 10) % 10;
    buf[3] = b'0' + hundredths % 10;
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(cells: &[Cell], guard: bool) -> String {
        let mut buf = Vec::new();
        csv_row(&mut buf, cells, guard);
        String::from_utf8(buf).unwrap()
    }

    /// What the `csv` crate writes for the same fields, the reference this
    /// module must match byte for byte.
    fn reference(fields: &[&str]) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(fields).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn special_bytes_are_found_in_blocks_and_in_the_tail() {
        let plain = "The mayor spoke at the town hall on Tuesday evening";
        assert!(!needs_quotes(plain.as_bytes()));
        for special in [',', '"', '\n', '\r'] {
            // Every position: in the first block, a later block, the tail.
            for at in 0..plain.len() {
                let mut s = plain.to_string();
                s.insert(at, special);
                assert!(needs_quotes(s.as_bytes()), "{special:?} at {at}");
            }
        }
        for s in ["", "a", "it's fine; really", "über-Größe", "tab\there"] {
            assert!(!needs_quotes(s.as_bytes()), "{s:?}");
        }
    }

    #[test]
    fn numbers_match_to_string() {
        let mut buf = Vec::new();
        let mut powers: Vec<u64> = (0..20).map(|p| 10u64.pow(p)).collect();
        powers.extend(powers.clone().iter().map(|p| p - 1));
        for n in (0..100_000).chain(powers).chain([u64::MAX, u64::MAX / 3]) {
            buf.clear();
            buf.extend_from_slice(b"x,");
            push_num(&mut buf, n);
            assert_eq!(buf, format!("x,{n}").as_bytes());
            assert_eq!(format_num(n, &mut [0; 20]), n.to_string().as_bytes());
        }
    }

    proptest::proptest! {
        #[test]
        fn quoting_is_decided_as_a_byte_by_byte_scan_would(
            field in "[a-z \u{e9}]{0,70}[,\"\n\r]?[a-z \u{e9}]{0,70}"
        ) {
            let scan = field.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
            proptest::prop_assert_eq!(needs_quotes(field.as_bytes()), scan);
            proptest::prop_assert_eq!(
                csv(&[Cell::Text(&field), Cell::Text("x")], false),
                reference(&[&field, "x"])
            );
        }
    }

    /// `Cell::Word` skips the scan for quotes and the guard: every word of
    /// every vocabulary a row takes one from must need neither.
    #[test]
    fn vocabulary_words_need_no_quotes_nor_guard() {
        use crate::model::*;
        use EntityType as E;
        let words = [
            QuoteKind::Direct.as_str(),
            QuoteKind::Partial.as_str(),
            QuoteKind::Indirect.as_str(),
            Gender::Male.as_str(),
            Gender::Female.as_str(),
        ]
        .into_iter()
        .chain(SpeakerType::ALL.map(SpeakerType::as_str))
        .chain(
            [
                E::Person,
                E::Org,
                E::Media,
                E::Gpe,
                E::Norp,
                E::Loc,
                E::Other,
            ]
            .map(E::as_str),
        )
        .chain(
            [
                DateKind::Date,
                DateKind::Month,
                DateKind::Year,
                DateKind::Relative,
                DateKind::Duration,
                DateKind::Time,
                DateKind::Set,
            ]
            .map(DateKind::as_str),
        );
        for word in words {
            assert!(word.bytes().all(|b| b.is_ascii_alphabetic()), "{word:?}");
            assert_eq!(
                csv(&[Cell::Word(word), Cell::Num(1)], true),
                reference(&[word, "1"])
            );
        }
    }

    #[test]
    fn ids_spelled_once_are_spelled_as_text() {
        for id in ["world/001", "", "=1+2", "a,b", "say \"hi\"", "-x\n"] {
            for guard in [false, true] {
                let mut spelled = Vec::new();
                let mut rows = CsvRows::new(id, guard, &mut spelled);
                let mut got = Vec::new();
                let cells = [Cell::Id(id), Cell::SubId(id, "/e", 12), Cell::Word("x")];
                rows.row(&mut got, &cells);
                let entity = format!("{id}/e12");
                let text = [Cell::Text(id), Cell::Text(&entity), Cell::Text("x")];
                assert_eq!(got, csv(&text, guard).into_bytes(), "{id:?}");
                // Another article's id takes the general path.
                let other = id.to_string();
                let mut got = Vec::new();
                let cells = [
                    Cell::Id(&other),
                    Cell::SubId(&other, "/e", 12),
                    Cell::Word("x"),
                ];
                rows.row(&mut got, &cells);
                assert_eq!(got, csv(&text, guard).into_bytes(), "{id:?}");
            }
        }
    }

    #[test]
    fn rows_match_the_csv_crate() {
        let long = "He said, \"we will\" and then\nleft; the council met at 7 p.m.";
        for fields in [
            vec!["a", "b", "c"],
            vec!["", "x", ""],
            vec![long, "Ça ira", "say \"cheese\""],
            vec!["line\r\nbreak", "comma, here", "\""],
        ] {
            let cells: Vec<Cell> = fields.iter().map(|s| Cell::Text(s)).collect();
            assert_eq!(csv(&cells, false), reference(&fields), "{fields:?}");
        }
        assert_eq!(csv(&[Cell::Text("")], false), "\"\"\n");
        assert_eq!(csv(&[Cell::Opt(None)], false), "\"\"\n");
    }

    #[test]
    fn numbers_and_absent_offsets() {
        let cells = [
            Cell::Num(0),
            Cell::Num(7),
            Cell::Num(10),
            Cell::Num(1907),
            Cell::Opt(None),
            Cell::Opt(Some(42)),
            Cell::Conf(0.5),
        ];
        assert_eq!(csv(&cells, true), "0,7,10,1907,,42,0.50\n");
    }

    #[test]
    fn the_guard_goes_inside_the_quotes() {
        assert_eq!(
            csv(&[Cell::Text("=1"), Cell::Text("-2")], true),
            "'=1,'-2\n"
        );
        assert_eq!(csv(&[Cell::Text("=a,b")], true), "\"'=a,b\"\n");
        assert_eq!(csv(&[Cell::Text("=a,b")], false), "\"=a,b\"\n");
    }

    #[test]
    fn json_rows_name_their_table_and_columns() {
        let mut buf = Vec::new();
        json_row(
            &mut buf,
            Table::Dates,
            &[
                Cell::Text("a/1"),
                Cell::Text("on \"Monday\""),
                Cell::Num(3),
                Cell::Num(14),
                Cell::Text("2024-05-06"),
                Cell::Text("date"),
                Cell::Opt(None),
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "{\"record\":\"date\",\"article_id\":\"a/1\",\"text\":\"on \\\"Monday\\\"\",\
             \"start\":3,\"end\":14,\"value\":\"2024-05-06\",\"kind\":\"date\",\"sentence\":null}\n"
        );
    }
}

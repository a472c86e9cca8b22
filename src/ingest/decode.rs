//! Bytes to text, and the small metadata helpers every format shares.
//!
//! In: raw bytes of a file, line or field. Out: a `String` (plus a warning
//! when it was not plain UTF-8), a binary/text verdict on a sample, a title,
//! an ISO date. It does not normalise anything in the decoded text.

use chrono::NaiveDate;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// The warning an article carries when its bytes were not UTF-8.
pub(super) const WARN_CP1252: &str = "not valid UTF-8: decoded as Windows-1252";

/// How many leading bytes the binary check looks at.
pub(super) const SNIFF_BYTES: usize = 8 * 1024;

/// Decodes a whole file (or record). UTF-8 is taken as is, without copying;
/// a UTF-8 BOM is dropped. Anything that is not valid UTF-8 is decoded as
/// Windows-1252, the usual encoding of older Western newsroom exports
/// (`caf\xe9` → `café`); every byte maps to some character, so this never
/// fails. Files with a UTF-16 BOM (Windows Notepad's "Unicode") are decoded
/// as UTF-16 rather than rejected as binary.
pub(super) fn decode(mut bytes: Vec<u8>) -> (String, Option<String>) {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        if encoding == UTF_8 {
            bytes.drain(..bom);
            return match String::from_utf8(bytes) {
                Ok(text) => (text, None),
                // The BOM says UTF-8, so a few bad bytes are damage, not
                // another encoding: Windows-1252 would turn every é into Ã©.
                Err(err) => (
                    String::from_utf8_lossy(err.as_bytes()).into_owned(),
                    Some(
                        "not valid UTF-8 after its UTF-8 byte order mark: bad bytes replaced with U+FFFD"
                            .to_string(),
                    ),
                ),
            };
        }
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let warning = format!("decoded as {} (byte order mark)", encoding.name());
        return (text.into_owned(), Some(warning));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => (cp1252(err.as_bytes()), Some(WARN_CP1252.to_string())),
    }
}

/// Decodes a borrowed record (a JSONL line, a CSV field): UTF-8 if it is,
/// else Windows-1252. The flag says whether the fallback was used.
pub(super) fn decode_slice(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => (Cow::Owned(cp1252(bytes)), true),
    }
}

fn cp1252(bytes: &[u8]) -> String {
    WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// What the first bytes of a file say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sniff {
    Text,
    /// Why it is not text, for the rejection message.
    Binary(&'static str),
    /// UTF-16 with a byte order mark: fine for a whole `.txt` file, but not
    /// something a line- or row-based reader can split.
    Utf16(&'static str),
}

/// Classifies a sample of a file's first bytes. A NUL byte never occurs in
/// text (a JPEG, PDF or Word file has them within the first few hundred
/// bytes); without NULs, more than one control character in ten means a
/// binary format (`\t`, `\n`, `\r` and form feed are text).
pub(super) fn sniff(sample: &[u8]) -> Sniff {
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        if encoding != UTF_8 {
            return Sniff::Utf16(encoding.name());
        }
    }
    let sample = &sample[..sample.len().min(SNIFF_BYTES)];
    if memchr::memchr(0, sample).is_some() {
        return Sniff::Binary("NUL bytes near the start");
    }
    // Counted in blocks of at most 255 into a `u8`, which the compiler turns
    // into wide vector adds; a plain `filter().count()` went byte by byte and
    // cost as much as decoding the file.
    let control: usize = sample
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .map(|&b| u8::from(matches!(b, 0..=8 | 0x0B | 0x0E..=0x1F | 0x7F)))
                .fold(0u8, u8::wrapping_add) as usize
        })
        .sum();
    if control * 10 > sample.len() {
        return Sniff::Binary("mostly control characters near the start");
    }
    Sniff::Text
}

/// The problem text for a file that [`sniff`] found binary.
pub(super) fn binary_problem(why: &str) -> String {
    format!("binary file, not text ({why}); whosaid reads plain-text articles")
}

/// The problem text for a UTF-16 JSONL or CSV file.
pub(super) fn utf16_problem(encoding: &str) -> String {
    format!("file is {encoding}, which cannot be read line by line; save it as UTF-8 and run again")
}

/// The title of a `.txt` article: its first non-empty line, trimmed, cut to
/// [`super::MAX_TITLE_CHARS`] at a word boundary.
pub(super) fn first_line_title(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    cap_title(line)
}

fn cap_title(line: &str) -> String {
    let max = super::MAX_TITLE_CHARS;
    let Some((cut, _)) = line.char_indices().nth(max) else {
        return line.to_string();
    };
    let head = &line[..cut];
    // Prefer a word boundary in the last fifth, so `…` does not split a word.
    let cut = match head.rfind(char::is_whitespace) {
        Some(space) if space > cut * 4 / 5 => space,
        _ => cut,
    };
    format!("{}…", line[..cut].trim_end())
}

/// Parses a metadata date: ISO `YYYY-MM-DD`, or a timestamp that starts
/// with one (`2017-08-26T10:00:00Z`, `2017-08-26 10:00`), whose date part is
/// kept as written (no time-zone shift). An empty value is no date; any other
/// value is an error whose text becomes a warning on the article.
pub(super) fn parse_date(raw: &str) -> Result<Option<NaiveDate>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let date_part = match raw.as_bytes().get(10) {
        None => Some(raw),
        Some(b'T' | b't' | b' ' | b'_') => raw.get(..10),
        Some(_) => None,
    };
    date_part
        .filter(|d| d.len() == 10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(Some)
        .ok_or_else(|| format!("date {raw:?} is not an ISO date (YYYY-MM-DD); ignored"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_and_bom_dropped() {
        let (text, warning) = decode("\u{feff}Kyiv café".as_bytes().to_vec());
        assert_eq!(text, "Kyiv café");
        assert_eq!(warning, None);
    }

    #[test]
    fn invalid_utf8_is_windows_1252_with_warning() {
        // "café “quoted”" in Windows-1252.
        let (text, warning) = decode(b"caf\xe9 \x93quoted\x94".to_vec());
        assert_eq!(text, "café “quoted”");
        assert_eq!(warning.as_deref(), Some(WARN_CP1252));
    }

    #[test]
    fn damaged_utf8_with_bom_is_repaired_not_reencoded() {
        let mut bytes = "\u{feff}café ".as_bytes().to_vec();
        bytes.push(0xff);
        let (text, warning) = decode(bytes);
        assert_eq!(text, "café \u{fffd}");
        assert!(warning.is_some());
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Hi é".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(sniff(&bytes), Sniff::Utf16("UTF-16LE"));
        let (text, warning) = decode(bytes);
        assert_eq!(text, "Hi é");
        assert_eq!(
            warning.as_deref(),
            Some("decoded as UTF-16LE (byte order mark)")
        );
    }

    #[test]
    fn sniff_tells_binary_from_text() {
        assert_eq!(sniff(b"Plain words.\n\tIndented.\r\n"), Sniff::Text);
        assert_eq!(sniff(b"caf\xe9 au lait"), Sniff::Text);
        assert!(matches!(sniff(b"%PDF-1.4\n\x00\x01"), Sniff::Binary(_)));
        let controls: Vec<u8> = (0..100)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(matches!(sniff(&controls), Sniff::Binary(_)));
        assert_eq!(sniff(b""), Sniff::Text);
    }

    #[test]
    fn title_is_first_nonempty_line_capped() {
        assert_eq!(
            first_line_title("\n  \n  Spies caught  \nBody"),
            "Spies caught"
        );
        assert_eq!(first_line_title("   "), "");
        let long = "word ".repeat(200);
        let title = first_line_title(&long);
        assert!(title.ends_with("word…"), "{title}");
        assert!(title.chars().count() <= super::super::MAX_TITLE_CHARS + 1);
        // No spaces at all: cut at the limit, on a char boundary.
        let title = first_line_title(&"é".repeat(1000));
        assert_eq!(title.chars().count(), super::super::MAX_TITLE_CHARS + 1);
    }

    #[test]
    fn dates_iso_and_timestamps() {
        let d = NaiveDate::from_ymd_opt(2017, 8, 26);
        assert_eq!(parse_date("2017-08-26"), Ok(d));
        assert_eq!(parse_date(" 2017-08-26T10:00:00Z "), Ok(d));
        assert_eq!(parse_date("2017-08-26 10:00"), Ok(d));
        assert_eq!(parse_date(""), Ok(None));
        assert!(parse_date("26/08/2017").is_err());
        assert!(parse_date("2017-02-30").is_err());
        assert!(parse_date("2017-08-26X").is_err());
        assert!(parse_date("2017-08-2é").is_err());
    }
}

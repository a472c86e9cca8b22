//! ingest: input paths in, [`Article`]s out.
//!
//! Walks folders (sorted, recursively, following symlinks, skipping hidden
//! entries), reads `.txt`, `.jsonl`/`.ndjson` and `.csv` files, decodes them to
//! UTF-8 (BOM dropped, invalid UTF-8 decoded as Windows-1252 with a warning),
//! assigns article ids (DESIGN.md), takes the title and metadata date, and
//! marks boilerplate lines. JSONL and CSV are streamed record by record, so a
//! file of a million articles is never held in memory.
//!
//! It does not look inside the text beyond that: dates in the text are the
//! dates stage's job, and nothing in the text is normalised (no Unicode
//! normalisation, no whitespace or quote folding), because every offset the
//! later stages write refers to these exact bytes.
//!
//! It never panics on input: a file, line or row that cannot be read becomes
//! a [`Rejected`] whose `problem` says what went wrong (with the line or row
//! number inside the file) and, where it helps, what to do; the run goes on.
//!
//! Submodules: `walk` (finding the files), `decode` (bytes to text, binary
//! sniffing, title and date helpers), `txt`, `jsonl` and `table` (the three
//! formats), `boilerplate` (page-furniture lines).

mod boilerplate;
mod decode;
mod jsonl;
mod table;
mod txt;
mod walk;

use crate::model::{Article, Rejected, Span};
use std::path::{Path, PathBuf};

/// The largest single article ingest accepts, in bytes: a whole `.txt` file,
/// one JSONL line or one CSV row. Anything larger is rejected with its size
/// rather than read, because a "text" that big is almost always a mistake
/// (a database dump or a log given as one article) and would hold gigabytes
/// in memory through every later stage.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// Titles are metadata for a spreadsheet column; a `.txt` file that is one
/// long line (a scrape without newlines) would otherwise repeat all of its
/// text there. Longer first lines are cut at a word boundary and end in `…`.
pub const MAX_TITLE_CHARS: usize = 300;

/// One input file and how to read it.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// `path` relative to the input root, without extension, `/`-separated;
    /// the file stem for a file given directly.
    pub id: String,
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Jsonl,
    Csv,
}

impl Format {
    /// The format a file name's extension (case-insensitive) stands for:
    /// `.txt`, `.jsonl`/`.ndjson`, `.csv`; `None` for anything else.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("txt") {
            Some(Format::Txt)
        } else if ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson") {
            Some(Format::Jsonl)
        } else if ext.eq_ignore_ascii_case("csv") {
            Some(Format::Csv)
        } else {
            None
        }
    }
}

/// Finds the input files under `paths` (files or folders), folders walked in
/// file-name order. Paths that cannot be read (missing, dangling symlinks,
/// permission errors, symlink loops) and files given directly with an
/// unsupported extension come back as rejections.
pub fn discover(paths: &[PathBuf]) -> (Vec<Source>, Vec<Rejected>) {
    walk::discover(paths)
}

/// Reads the articles of one source, streaming: a large JSONL or CSV file is
/// never held in memory whole. Nothing is opened until the iterator is first
/// advanced, so holding many of these costs no file handles.
pub fn read(source: &Source) -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
    read_with_limit(source, MAX_ARTICLE_BYTES)
}

/// [`read`] with a different per-article size limit (bytes).
pub fn read_with_limit(
    source: &Source,
    limit: u64,
) -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
    let source = source.clone();
    match source.format {
        Format::Txt => Box::new(std::iter::once_with(move || txt::read(&source, limit))),
        Format::Jsonl => jsonl::read_file(source, limit),
        Format::Csv => table::read_file(source, limit),
    }
}

/// Reads JSONL articles from any reader (stdin in `whosaid extract -`).
/// `file_id` is used for ids of records without an `id` (`<file_id>:<line>`)
/// and `path` is what [`Article::path`] and [`Rejected::path`] show.
pub fn read_jsonl<R: std::io::BufRead + Send + 'static>(
    reader: R,
    file_id: &str,
    path: &Path,
) -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
    Box::new(jsonl::JsonlReader::new(
        reader,
        file_id.to_string(),
        path.display().to_string(),
        MAX_ARTICLE_BYTES,
    ))
}

/// Builds an article from text already in memory (used by `eval` on gold
/// texts): boilerplate marked, title from the first non-empty line.
pub fn article_from_text(id: &str, text: String, published: Option<chrono::NaiveDate>) -> Article {
    let boilerplate = find_boilerplate(&text);
    let title = decode::first_line_title(&text);
    Article {
        id: id.to_string(),
        path: String::new(),
        title,
        published,
        url: None,
        text,
        warnings: Vec::new(),
        boilerplate,
    }
}

/// The lines of `text` that are scraped-page boilerplate, each as the span of
/// the line's content without surrounding whitespace. See
/// `data/boilerplate.txt` for the patterns and how they are applied.
pub fn find_boilerplate(text: &str) -> Vec<Span> {
    boilerplate::find(text)
}

/// A rejection of a whole source or of one record in it.
fn reject(id: impl Into<String>, path: impl Into<String>, problem: impl Into<String>) -> Rejected {
    Rejected {
        id: id.into(),
        path: path.into(),
        problem: problem.into(),
    }
}

/// An I/O error as a problem text: what we were doing, what failed, and the
/// fix for the usual causes.
fn io_problem(action: &str, err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let hint = match err.kind() {
        ErrorKind::NotFound => "; was it moved or deleted during the run?",
        ErrorKind::PermissionDenied => "; check the file's read permission",
        _ => "",
    };
    format!("{action}: {err}{hint}")
}

/// A byte count for a message: `64 MB`, `65.5 MB`, `12 KB`, `10 bytes`.
fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        if bytes.is_multiple_of(MB) {
            format!("{} MB", bytes / MB)
        } else {
            format!("{:.1} MB", bytes as f64 / MB as f64)
        }
    } else if bytes >= KB {
        format!("{} KB", bytes / KB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn assert_send<T: Send>(_: &T) {}

    /// A folder the way users hand them over: good articles beside every
    /// kind of bad file. Every file ends up as articles or rejections, in
    /// file-name order, and nothing panics.
    #[cfg(unix)]
    #[test]
    fn mixed_corpus_end_to_end() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        fs::create_dir_all(corpus.join("world/asia")).expect("mkdir");
        let put = |name: &str, bytes: &[u8]| fs::write(corpus.join(name), bytes).expect("write");
        put(
            "world/001.txt",
            "Spies caught\n\nTwo men were jailed, the court said.\n".as_bytes(),
        );
        put(
            "world/asia/002.txt",
            "\u{feff}Seoul reacts\nOfficials said little.".as_bytes(),
        );
        put("world/003.txt", b"Caf\xe9 owner said \x93no\x94.");
        put("empty.txt", b"");
        put("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
        put(
            "long.txt",
            "The minister said the talks would go on. "
                .repeat(250_000)
                .as_bytes(),
        );
        put(
            "feed.jsonl",
            b"{\"id\": \"f1\", \"text\": \"One.\"}\nnot json\n{\"text\": \"Three.\"}\n",
        );
        put("sheet.csv", b"id,headline\n1,Spies\n");
        std::os::unix::fs::symlink(corpus.join("nowhere.txt"), corpus.join("dangling.txt"))
            .expect("symlink");

        let (sources, mut rejected) = discover(std::slice::from_ref(&corpus));
        let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "empty",
                "feed",
                "image",
                "long",
                "sheet",
                "world/001",
                "world/003",
                "world/asia/002"
            ]
        );
        let mut articles = Vec::new();
        for source in &sources {
            let iter = read(source);
            assert_send(&iter);
            for item in iter {
                match item {
                    Ok(article) => articles.push(article),
                    Err(r) => rejected.push(r),
                }
            }
        }
        let accepted: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            accepted,
            [
                "f1",
                "feed:3",
                "long",
                "world/001",
                "world/003",
                "world/asia/002"
            ]
        );
        let problems: Vec<(&str, &str)> = rejected
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    r.problem.split([':', '(', ';']).next().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            problems,
            [
                ("dangling", "dangling symlink"),
                ("empty", "empty file"),
                ("feed:2", "line 2"),
                ("image", "binary file, not text "),
                ("sheet", "no text/content/body column"),
            ]
        );
        let cp1252 = articles
            .iter()
            .find(|a| a.id == "world/003")
            .expect("cp1252 article");
        assert_eq!(
            cp1252.warnings,
            ["not valid UTF-8: decoded as Windows-1252"]
        );
        let bom = articles
            .iter()
            .find(|a| a.id == "world/asia/002")
            .expect("bom article");
        assert!(bom.text.starts_with("Seoul reacts"));
        assert_eq!(bom.title, "Seoul reacts");
    }

    #[test]
    fn article_from_text_marks_boilerplate_and_title() {
        let art = article_from_text("g1", "\nHeadline here\nBody.\nAdvertisement\n".into(), None);
        assert_eq!(art.title, "Headline here");
        assert_eq!(art.boilerplate.len(), 1);
        assert_eq!(art.boilerplate[0].of(&art.text), "Advertisement");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_text(MAX_ARTICLE_BYTES), "64 MB");
        assert_eq!(size_text(MAX_ARTICLE_BYTES + 512 * 1024), "64.5 MB");
        assert_eq!(size_text(12 * 1024 + 5), "12 KB");
        assert_eq!(size_text(10), "10 bytes");
    }

    #[test]
    fn formats_by_extension_case_insensitive() {
        assert_eq!(Format::of_path(Path::new("a/B.TXT")), Some(Format::Txt));
        assert_eq!(Format::of_path(Path::new("x.NDJSON")), Some(Format::Jsonl));
        assert_eq!(Format::of_path(Path::new("x.csv")), Some(Format::Csv));
        assert_eq!(Format::of_path(Path::new("x.json")), None);
        assert_eq!(Format::of_path(Path::new("README")), None);
    }
}

//! ingest: input paths in, [`Article`]s out.
//!
//! Walks folders (sorted, recursively), reads `.txt`, `.jsonl`/`.ndjson` and
//! `.csv` files, decodes them to UTF-8 (BOM dropped, invalid UTF-8 decoded as
//! Windows-1252 with a warning), assigns article ids (DESIGN.md), takes the
//! title and metadata date, and marks boilerplate lines. It does not look
//! inside the text beyond that: dates in the text are the dates stage's job.
//! A file that cannot be read becomes a [`Rejected`] and the run goes on.

use crate::model::{Article, Rejected, Span};
use std::path::{Path, PathBuf};

/// One input file and how to read it.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// `path` relative to the input root, without extension, `/`-separated.
    pub id: String,
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Jsonl,
    Csv,
}

/// Finds the input files under `paths` (files or folders), sorted by path.
/// Paths that cannot be read (dangling symlinks, permission errors) come back
/// as rejections.
pub fn discover(_paths: &[PathBuf]) -> (Vec<Source>, Vec<Rejected>) {
    todo!("ingest::discover")
}

/// Reads the articles of one source, streaming: a large JSONL or CSV file is
/// never held in memory whole.
pub fn read(_source: &Source) -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
    todo!("ingest::read")
}

/// Reads JSONL articles from any reader (stdin in `whosaid extract -`).
pub fn read_jsonl<R: std::io::BufRead + Send + 'static>(
    _reader: R,
    _file_id: &str,
    _path: &Path,
) -> Box<dyn Iterator<Item = Result<Article, Rejected>> + Send> {
    todo!("ingest::read_jsonl")
}

/// Builds an article from text already in memory (used by `eval` on gold
/// texts): boilerplate marked, title from the first non-empty line.
pub fn article_from_text(id: &str, text: String, published: Option<chrono::NaiveDate>) -> Article {
    let boilerplate = find_boilerplate(&text);
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string();
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

/// The lines of `text` that are scraped-page boilerplate.
pub fn find_boilerplate(_text: &str) -> Vec<Span> {
    Vec::new()
}

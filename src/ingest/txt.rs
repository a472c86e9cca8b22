//! `.txt` files: one file in, one article (or one rejection) out.
//!
//! The whole file is the article text; its first non-empty line is the
//! title. It does not guess a date or split a file into several articles.

use super::decode::{self, Sniff};
use super::{io_problem, reject, size_text, Source};
use crate::model::{Article, Rejected};
use std::io::Read;

pub(super) fn read(source: &Source, limit: u64) -> Result<Article, Rejected> {
    let path = source.path.display().to_string();
    let fail = |problem: String| reject(&source.id, &path, problem);

    let file =
        std::fs::File::open(&source.path).map_err(|e| fail(io_problem("cannot open", &e)))?;
    let size = file
        .metadata()
        .map_err(|e| fail(io_problem("cannot read", &e)))?
        .len();
    if size > limit {
        return Err(fail(too_big(size, limit)));
    }
    // `take` guards against a file that grows between the size check and
    // the read (a log being appended to).
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| fail(io_problem("cannot read", &e)))?;
    if bytes.len() as u64 > limit {
        return Err(fail(too_big(bytes.len() as u64, limit)));
    }
    if bytes.is_empty() {
        return Err(fail("empty file".to_string()));
    }
    if let Sniff::Binary(why) = decode::sniff(&bytes) {
        return Err(fail(decode::binary_problem(why)));
    }
    let (text, warning) = decode::decode(bytes);
    if text.trim().is_empty() {
        return Err(fail("empty file: only whitespace".to_string()));
    }
    let boilerplate = super::find_boilerplate(&text);
    Ok(Article {
        id: source.id.clone(),
        path,
        title: decode::first_line_title(&text),
        published: None,
        url: None,
        warnings: warning.into_iter().collect(),
        boilerplate,
        text,
    })
}

fn too_big(size: u64, limit: u64) -> String {
    format!(
        "file is {}, over the {} limit for one article; split it into one file per \
         article, or into a .jsonl file with one article a line",
        size_text(size),
        size_text(limit)
    )
}

#[cfg(test)]
mod tests {
    use super::super::{read, read_with_limit, Format, Source, MAX_ARTICLE_BYTES};
    use crate::model::{Article, Rejected};
    use std::path::Path;

    fn read_txt(path: &Path) -> Result<Article, Rejected> {
        let source = Source {
            path: path.to_path_buf(),
            id: "doc".into(),
            format: Format::Txt,
        };
        let mut all: Vec<_> = read(&source).collect();
        assert_eq!(all.len(), 1);
        all.remove(0)
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    #[test]
    fn good_article_has_title_text_and_boilerplate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = "\n  Spies caught in Kyiv garage \n\nTwo men were jailed, the court said.\n\nAdvertisement\n";
        let art = read_txt(&write(dir.path(), "a.txt", text.as_bytes())).expect("accepted");
        assert_eq!(art.id, "doc");
        assert_eq!(art.title, "Spies caught in Kyiv garage");
        assert_eq!(art.text, text, "text is not normalised");
        assert!(art.warnings.is_empty());
        assert_eq!(art.boilerplate.len(), 1);
        assert_eq!(art.boilerplate[0].of(&art.text), "Advertisement");
        assert!(art.path.ends_with("a.txt"));
    }

    #[test]
    fn bom_is_dropped_and_offsets_follow_decoded_text() {
        let dir = tempfile::tempdir().expect("tempdir");
        let art = read_txt(&write(
            dir.path(),
            "b.txt",
            "\u{feff}Title\nBody".as_bytes(),
        ))
        .expect("accepted");
        assert_eq!(art.text, "Title\nBody");
        assert_eq!(art.title, "Title");
        assert!(art.warnings.is_empty());
    }

    #[test]
    fn windows_1252_file_is_decoded_with_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let art = read_txt(&write(
            dir.path(),
            "w.txt",
            b"Caf\xe9 owner said \x93no\x94.",
        ))
        .expect("accepted");
        assert_eq!(art.text, "Café owner said “no”.");
        assert_eq!(art.warnings, ["not valid UTF-8: decoded as Windows-1252"]);
    }

    #[test]
    fn empty_and_whitespace_files_are_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = read_txt(&write(dir.path(), "e.txt", b"")).expect_err("rejected");
        assert_eq!(err.problem, "empty file");
        assert_eq!(err.id, "doc");
        let err = read_txt(&write(dir.path(), "w.txt", b" \n\t\r\n")).expect_err("rejected");
        assert!(err.problem.starts_with("empty file"), "{}", err.problem);
    }

    #[test]
    fn binary_file_is_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = read_txt(&write(
            dir.path(),
            "img.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        ))
        .expect_err("rejected");
        assert!(
            err.problem.starts_with("binary file, not text"),
            "{}",
            err.problem
        );
    }

    #[test]
    fn oversized_file_is_rejected_with_its_size_without_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("huge.txt");
        let file = std::fs::File::create(&path).expect("create");
        // Sparse: costs no disk, but reports 65 MB.
        file.set_len(MAX_ARTICLE_BYTES + 1024 * 1024)
            .expect("set_len");
        let err = read_txt(&path).expect_err("rejected");
        assert!(
            err.problem
                .starts_with("file is 65 MB, over the 64 MB limit for one article;"),
            "{}",
            err.problem
        );

        let small = write(dir.path(), "s.txt", b"0123456789 words");
        let source = Source {
            path: small,
            id: "s".into(),
            format: Format::Txt,
        };
        let got: Vec<_> = read_with_limit(&source, 10).collect();
        assert!(
            matches!(&got[..], [Err(r)] if r.problem.starts_with("file is 16 bytes, over the 10 bytes limit")),
            "{got:?}"
        );
    }

    #[test]
    fn ten_megabyte_single_line_is_one_long_article() {
        let dir = tempfile::tempdir().expect("tempdir");
        let line = "The minister said the talks would go on. ".repeat(250_000);
        assert!(line.len() >= 10_000_000);
        let art = read_txt(&write(dir.path(), "long.txt", line.as_bytes())).expect("accepted");
        assert_eq!(art.text.len(), line.len());
        assert!(art.title.starts_with("The minister said"));
        assert!(art.title.chars().count() <= super::super::MAX_TITLE_CHARS + 1);
        assert!(art.boilerplate.is_empty());
    }

    #[test]
    fn missing_file_is_rejected_not_panicking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = read_txt(&dir.path().join("gone.txt")).expect_err("rejected");
        assert!(err.problem.starts_with("cannot open: "), "{}", err.problem);
        assert!(err.problem.contains("moved or deleted"), "{}", err.problem);
    }
}

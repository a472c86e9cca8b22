//! Finding the input files: paths given on the command line in, [`Source`]s
//! (path, article id, format) and rejections out.
//!
//! Folders are walked recursively in file-name order (so ids and output
//! rows come out the same on every machine), following symlinks, skipping
//! hidden files and folders (`.git`, `.DS_Store`, editor swap files) and any
//! file whose extension is not `.txt`, `.jsonl`, `.ndjson` or `.csv`. It does
//! not open files: reading, and the problems reading finds, are `read`'s.

use super::{reject, Format, Source};
use crate::model::Rejected;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use walkdir::WalkDir;

pub(super) fn discover(paths: &[PathBuf]) -> (Vec<Source>, Vec<Rejected>) {
    let mut sources = Vec::new();
    let mut rejected = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => rejected.push(reject(
                stem_id(root),
                shown(root),
                missing_problem(root, &e),
            )),
            Ok(meta) if meta.is_dir() => walk(root, &mut sources, &mut rejected),
            Ok(meta) if meta.is_file() => match Format::of_path(root) {
                Some(format) => sources.push(Source {
                    path: root.clone(),
                    id: stem_id(root),
                    format,
                }),
                None => rejected.push(reject(stem_id(root), shown(root), unsupported(root))),
            },
            Ok(_) => rejected.push(reject(
                stem_id(root),
                shown(root),
                "not a regular file or folder (a device, pipe or socket); give files or folders",
            )),
        }
    }
    (sources, rejected)
}

fn walk(root: &Path, sources: &mut Vec<Source>, rejected: &mut Vec<Rejected>) {
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in entries {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_file() {
                    continue; // folders are walked; pipes and sockets skipped
                }
                if let Some(format) = Format::of_path(entry.path()) {
                    sources.push(Source {
                        path: entry.path().to_path_buf(),
                        id: relative_id(root, entry.path()),
                        format,
                    });
                }
            }
            Err(err) => {
                let Some(path) = err.path() else { continue };
                if path.file_name().is_some_and(is_hidden) || !could_be_input(path) {
                    continue;
                }
                let problem = if let Some(ancestor) = err.loop_ancestor() {
                    format!(
                        "symlink loop: it leads back to {}; skipped",
                        ancestor.display()
                    )
                } else if let Some(io) = err.io_error() {
                    missing_problem(path, io)
                } else {
                    format!("cannot read: {err}")
                };
                rejected.push(reject(relative_id(root, path), shown(path), problem));
            }
        }
    }
}

/// Whether a path we could not look at might have been an input: a
/// supported extension, or none (it may have been a folder). A broken link
/// named `photo.jpg` would have been skipped anyway and is not worth a row.
fn could_be_input(path: &Path) -> bool {
    path.extension().is_none() || Format::of_path(path).is_some()
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// What went wrong looking at `path`, in words a user can act on.
fn missing_problem(path: &Path, err: &std::io::Error) -> String {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && err.kind() == std::io::ErrorKind::NotFound {
        return match std::fs::read_link(path) {
            Ok(target) => format!(
                "dangling symlink: target does not exist ({})",
                target.display()
            ),
            Err(_) => "dangling symlink: target does not exist".to_string(),
        };
    }
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied; check the read permission of the file or folder".to_string()
        }
        _ => format!("cannot read: {err}"),
    }
}

fn unsupported(path: &Path) -> String {
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_else(|| "no extension".to_string());
    let hint = if ext.eq_ignore_ascii_case(".json") {
        "; if it holds one JSON object a line, rename it to .jsonl"
    } else {
        ""
    };
    format!("unsupported file type ({ext}): whosaid reads .txt, .jsonl, .ndjson and .csv{hint}")
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The id of a file given directly: its file stem (`notes/kyiv.txt` →
/// `kyiv`).
fn stem_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The id of a file found under `root`: its path relative to the root,
/// without extension, `/`-separated on every platform
/// (`corpus/world/001.txt` under `corpus` → `world/001`).
fn relative_id(root: &Path, path: &Path) -> String {
    let Ok(relative) = path.strip_prefix(root) else {
        return stem_id(path);
    };
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some((last, folders)) = parts.split_last() else {
        return stem_id(path);
    };
    let stem = Path::new(last)
        .file_stem()
        .map_or_else(|| last.clone(), |s| s.to_string_lossy().into_owned());
    let mut id = folders.join("/");
    if !id.is_empty() {
        id.push('/');
    }
    id.push_str(&stem);
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn ids(sources: &[Source]) -> Vec<&str> {
        sources.iter().map(|s| s.id.as_str()).collect()
    }

    #[test]
    fn nested_folders_sorted_ids_and_filters() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        for sub in ["world/asia", "business", ".git", "world/.cache"] {
            fs::create_dir_all(corpus.join(sub)).expect("mkdir");
        }
        for file in [
            "world/002.txt",
            "world/001.TXT",
            "world/asia/kr.txt",
            "business/feed.ndjson",
            "business/sheet.Csv",
            "business/wire.jsonl",
            "business/photo.jpg",
            "business/notes.md",
            "a.txt",
            ".hidden.txt",
            ".git/HEAD.txt",
            "world/.cache/x.txt",
        ] {
            fs::write(corpus.join(file), "x").expect("write");
        }
        let (sources, rejected) = discover(std::slice::from_ref(&corpus));
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(
            ids(&sources),
            [
                "a",
                "business/feed",
                "business/sheet",
                "business/wire",
                "world/001",
                "world/002",
                "world/asia/kr"
            ]
        );
        let formats: Vec<Format> = sources.iter().map(|s| s.format).collect();
        assert_eq!(
            formats,
            [
                Format::Txt,
                Format::Jsonl,
                Format::Csv,
                Format::Jsonl,
                Format::Txt,
                Format::Txt,
                Format::Txt
            ]
        );
        assert_eq!(sources[6].path, corpus.join("world/asia/kr.txt"));
    }

    #[test]
    fn file_given_directly_has_its_stem_as_id() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("kyiv.report.txt");
        fs::write(&file, "x").expect("write");
        let json = dir.path().join("dump.json");
        fs::write(&json, "{}").expect("write");
        let missing = dir.path().join("nope.txt");
        let (sources, rejected) = discover(&[file.clone(), json, missing]);
        assert_eq!(ids(&sources), ["kyiv.report"]);
        assert_eq!(sources[0].path, file);
        assert_eq!(rejected.len(), 2);
        assert_eq!(rejected[0].id, "dump");
        assert!(rejected[0]
            .problem
            .starts_with("unsupported file type (.json)"));
        assert!(rejected[0].problem.contains("rename it to .jsonl"));
        assert_eq!(rejected[1].id, "nope");
        assert_eq!(rejected[1].problem, "no such file or folder");
    }

    #[test]
    fn root_given_with_trailing_slash_or_dot_gives_same_ids() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join("c/world")).expect("mkdir");
        fs::write(dir.path().join("c/world/001.txt"), "x").expect("write");
        let with_slash = PathBuf::from(format!("{}/", dir.path().join("c").display()));
        let (sources, _) = discover(&[with_slash]);
        assert_eq!(ids(&sources), ["world/001"]);
        let dotted = dir.path().join("c").join(".");
        let (sources, _) = discover(&[dotted]);
        assert_eq!(ids(&sources), ["world/001"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_followed_dangling_and_loops_rejected() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = dir.path().join("outside");
        fs::create_dir_all(&outside).expect("mkdir");
        fs::write(outside.join("linked.txt"), "x").expect("write");
        let corpus = dir.path().join("corpus");
        fs::create_dir_all(&corpus).expect("mkdir");
        fs::write(corpus.join("real.txt"), "x").expect("write");
        symlink(&outside, corpus.join("more")).expect("symlink dir");
        symlink(corpus.join("gone.txt"), corpus.join("broken.txt")).expect("symlink");
        symlink(corpus.join("gone.jpg"), corpus.join("broken.jpg")).expect("symlink");
        symlink(&corpus, corpus.join("loop")).expect("symlink loop");

        let (sources, rejected) = discover(std::slice::from_ref(&corpus));
        assert_eq!(ids(&sources), ["more/linked", "real"]);
        assert_eq!(rejected.len(), 2, "{rejected:?}");
        let broken = rejected
            .iter()
            .find(|r| r.id == "broken")
            .expect("broken link rejected");
        assert!(
            broken
                .problem
                .starts_with("dangling symlink: target does not exist"),
            "{}",
            broken.problem
        );
        assert!(broken.path.ends_with("broken.txt"));
        let looped = rejected
            .iter()
            .find(|r| r.id == "loop")
            .expect("loop rejected");
        assert!(
            looped.problem.starts_with("symlink loop"),
            "{}",
            looped.problem
        );

        // Given directly, a dangling link is a rejection too.
        let (sources, rejected) = discover(&[corpus.join("broken.txt")]);
        assert!(sources.is_empty());
        assert!(rejected[0].problem.starts_with("dangling symlink"));
    }
}

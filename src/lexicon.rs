//! lexicon: the word lists whosaid ships, under `data/`, one entry a line,
//! `#` comments, each file headed by its source and licence. They are
//! compiled into the binary with `include_str!`, so a run needs no files
//! beside the executable.

/// The entries of a word list: trimmed, non-empty lines that are not `#`
/// comments.
pub fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub const ABBREVIATIONS: &str = include_str!("../data/abbreviations.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_comments_and_blanks() {
        let got: Vec<_> = entries("# source\n\n a \nb\n# c\n").collect();
        assert_eq!(got, ["a", "b"]);
    }
}

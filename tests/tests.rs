//! whosaid's integration tests, as one test binary (one link step).
//!
//! They run the built `whosaid` binary (and the library where a data type is
//! the thing under test) the way users do: over corpus/, over generated
//! articles, over folders of bad files, and over the gold files. Each module
//! proves one group of the "must hold" lists of issues 2 and 3:
//!
//! - `seeds`: the attributions and dates of the two seed articles;
//! - `corpus_gold`: accuracy floors on tests/gold/corpus.jsonl;
//! - `robustness`: good articles beside bad files, `--strict`, no panics;
//! - `determinism`: byte-identical output with one and two threads;
//! - `spans`: every written span slices the article text exactly;
//! - `cli`: the default run, pipes, JSONL, the formula guard, eval errors;
//! - `diff`: `whosaid diff` shows exactly the changed rows;
//! - `ratchet`: accuracy floors on ../shared/eval, when it is there;
//! - `shard`: `--shard K/N` splits a run without losing or repeating a row
//!   (issue 6), and the Spark `rdd.pipe` check when `WHOSAID_SPARK=1`;
//! - `spacy_compare`: entity F1 beside spaCy's small English model on the
//!   corpus gold (issue 5), when `WHOSAID_SPACY=1`.

mod cli;
mod corpus_gold;
mod determinism;
mod diff;
mod ratchet;
mod robustness;
mod seeds;
mod shard;
mod spacy_compare;
mod spans;
mod util;

//! whosaid: who said what in news articles.
//!
//! Staged processing, data flowing one way:
//! [`ingest`] (files to [`Article`]s) → [`segment`] (paragraphs, sentences,
//! tokens) → extraction ([`entities`], then [`quotes`], which resolves speakers
//! against the entities, and [`dates`]) → [`write`] (CSV or JSONL rows).
//! [`pipeline`] ties the stages together and runs articles in parallel;
//! [`eval`] scores the output against gold annotations.

pub mod dates;
pub mod entities;
pub mod error;
pub mod eval;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod pipeline;
pub mod quotes;
pub mod segment;
#[cfg(test)]
mod test_texts;
pub mod write;

pub use error::Error;
pub use model::*;

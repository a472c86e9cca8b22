//! Unit tests of the reporting patterns, each on sentences written for it.

use super::*;
use crate::ingest::article_from_text;
use crate::segment::segment;

fn quotes_of(text: &str) -> Vec<(QuoteKind, String, String)> {
    let article = article_from_text("t", text.to_string(), None);
    let seg = segment(&article.text, &article.boilerplate);
    let ents = crate::entities::extract(&article, &seg);
    extract(&article, &seg, &ents)
        .into_iter()
        .map(|q| (q.kind, q.span.of(text).to_string(), q.speaker))
        .collect()
}

#[test]
#[ignore]
fn dump() {
    let path = std::env::var("DUMP").unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    for q in quotes_of(&text) {
        println!("{:?} [{}] <= {:?}", q.0, q.1, q.2);
    }
}

#[test]
#[ignore]
fn dump_sentences() {
    let path = std::env::var("DUMP").unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let seg = segment(&text, &[]);
    for s in &seg.sentences {
        println!("[{}] {}", s.paragraph, s.span.of(&text));
    }
}

#[test]
#[ignore]
fn dump_classes() {
    let text = "The same NY Times report said";
    let seg = segment(text, &[]);
    let c = words::classify(text, &seg.tokens);
    for (t, w) in seg.tokens.iter().zip(c) {
        println!("{} {:?}", t.span.of(text), w);
    }
}

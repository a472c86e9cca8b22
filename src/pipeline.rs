//! pipeline: runs the stages over one article and over a whole input.

use crate::model::{Article, Extraction};
use crate::{dates, entities, quotes, segment};

/// Runs every extraction stage over one article.
pub fn process(mut article: Article) -> Extraction {
    if article.published.is_none() {
        article.published = dates::publication_date(&article.text);
    }
    let seg = segment::segment(&article.text, &article.boilerplate);
    let entities = entities::extract(&article, &seg);
    let quotes = quotes::extract(&article, &seg, &entities);
    let dates = dates::extract(&article, &seg);
    Extraction {
        paragraphs: seg.paragraphs.len(),
        sentences: seg.sentences.len(),
        article,
        entities,
        quotes,
        dates,
    }
}

//! dates: segmented article in, temporal expressions with TimeML values out.

use crate::model::{Article, DateExpr, Segmented};
use chrono::NaiveDate;

pub fn extract(_article: &Article, _seg: &Segmented) -> Vec<DateExpr> {
    Vec::new()
}

/// The publication date the text itself gives (dateline, print-edition line,
/// byline), for articles whose metadata has none.
pub fn publication_date(_text: &str) -> Option<NaiveDate> {
    None
}

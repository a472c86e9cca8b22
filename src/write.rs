//! write: extractions in, CSV or JSONL rows out.

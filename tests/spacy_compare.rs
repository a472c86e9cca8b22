//! Issue 5: entity mentions side by side with spaCy's small English model.
//! Runs scripts/compare/spacy_entities.sh over tests/gold/corpus.jsonl with
//! the binary under test, only when `WHOSAID_SPACY=1`: the first run makes a
//! venv and pip installs spaCy and the model (network, about 100 MB).
//!
//! It asserts the script succeeds and that whosaid's typed exact-span F1 is
//! not below spaCy's on the same gold, read from the JSON figures the script
//! leaves in target/compare-spacy/. It does not pin spaCy's own figures:
//! those belong to the model, not to whosaid.

use crate::util;

/// Typed exact-span entity F1 from a saved `whosaid eval --json` report.
fn exact_typed_f1(path: &std::path::Path) -> f64 {
    let raw = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let json: serde_json::Value =
        serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    json["entities"]["exact_typed"]["f1"]
        .as_f64()
        .unwrap_or_else(|| panic!("{}: no entities.exact_typed.f1", path.display()))
}

#[test]
fn whosaid_entities_not_below_spacy_sm() {
    let how = "spacy runs scripts/compare/spacy_entities.sh (installs spaCy from PyPI)";
    if !util::opted_in("WHOSAID_SPACY", "whosaid_entities_not_below_spacy_sm", how) {
        return;
    }
    let stdout = util::run_script("scripts/compare/spacy_entities.sh");
    assert!(
        stdout.contains("exact typed"),
        "no table printed:\n{stdout}"
    );
    let dir = util::root().join("target/compare-spacy");
    let whosaid = exact_typed_f1(&dir.join("whosaid.json"));
    let spacy = exact_typed_f1(&dir.join("spacy.json"));
    assert!(
        whosaid >= spacy,
        "typed exact F1: whosaid {whosaid:.3} below spaCy sm {spacy:.3}\n{stdout}"
    );
}

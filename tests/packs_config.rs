//! Packs and levels from lint.toml switch the calque and style packs on and off, and a rule's
//! own level overrides its default severity (and enables it outside the selected packs).

use std::path::PathBuf;

use translint::config::Config;
use translint::diagnostic::{Diagnostic, Severity};
use translint::document::Source;
use translint::engine::{Corpus, RuleSet, lint};

/// Trips calque and style rules and one spacing rule.
const TEXT: &str = "China News Service, January 15th. On April 1 and April 2, talks.\n\n\
On the 15th local time, the Japanese side met about the original comfort women.\n\n\
It ended in the \"comfort women\" system The person apologized.  Then it ended.\n";

fn run(config: &str) -> Vec<Diagnostic> {
    let mut corpus = Corpus::new();
    let id = corpus.add_source(Source::new("lint.toml", config));
    let config = Config::parse(corpus.source(id), id, PathBuf::new()).expect("config parses");
    let rules = RuleSet::build(&mut corpus, &config).expect("rules build");
    corpus.add_document("a.txt", TEXT);
    lint(&corpus, &rules)
}

fn severity(diags: &[Diagnostic], rule: &str) -> Option<Severity> {
    diags.iter().find(|d| d.rule == rule).map(|d| d.severity)
}

#[test]
fn all_packs_run_by_default() {
    let d = run("");
    for rule in [
        "calque/original-for-former",
        "calque/local-time-date",
        "calque/run-on-sentence",
        "spacing/double-space",
    ] {
        assert_eq!(severity(&d, rule), Some(Severity::Warning), "{rule}");
    }
    for rule in ["calque/side-for-government", "style/date-ordinal"] {
        assert_eq!(severity(&d, rule), Some(Severity::Info), "{rule}");
    }
}

#[test]
fn spacing_pack_alone_disables_calque_and_style() {
    let d = run("packs = [\"spacing\"]\n");
    assert!(d.iter().any(|d| d.rule == "spacing/double-space"));
    let other: Vec<&str> = d
        .iter()
        .map(|d| d.rule.as_str())
        .filter(|r| r.starts_with("calque/") || r.starts_with("style/"))
        .collect();
    assert!(other.is_empty(), "{other:?}");
}

#[test]
fn rule_levels_override_severity_and_packs() {
    let d = run("packs = [\"spacing\", \"calque\"]\n\n[rules]\n\
         \"calque/original-for-former\" = \"off\"\n\
         \"calque/side-for-government\" = \"warning\"\n\
         \"calque/run-on-sentence\" = \"error\"\n\
         \"style/date-ordinal\" = \"error\"\n");
    assert_eq!(severity(&d, "calque/original-for-former"), None);
    assert_eq!(
        severity(&d, "calque/side-for-government"),
        Some(Severity::Warning)
    );
    assert_eq!(
        severity(&d, "calque/run-on-sentence"),
        Some(Severity::Error)
    );
    assert_eq!(
        severity(&d, "calque/local-time-date"),
        Some(Severity::Warning)
    );
    // Named in [rules], so it runs although its pack is not selected.
    assert_eq!(severity(&d, "style/date-ordinal"), Some(Severity::Error));
}

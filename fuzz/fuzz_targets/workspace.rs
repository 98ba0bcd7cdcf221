//! A project on disk, as `translint check` loads it: the fuzz input, split at 0xFF bytes
//! (which UTF-8 text never holds), becomes the end of a lint.toml that names a rule file and
//! a names data file, the rule file, the data file and a document, all written into a
//! temporary folder. The workspace layer loads the config and the files it names; the rule
//! set is built and the document linted, or every error points into a file of the run.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use translint::document::Document;
use translint::engine::{self, Corpus, RuleSet};
use translint::workspace::{ConfigChoice, load_config};

/// One folder per fuzzing process, its files rewritten for every input.
static DIR: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("a temporary folder"));

const HEAD: &str = "rule-files = [\"rules.toml\"]\n\n[names]\ndata = [\"names.toml\"]\n";

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0xFF);
    let mut next = || std::str::from_utf8(parts.next().unwrap_or_default()).ok();
    let (Some(config), Some(rules), Some(names), Some(text)) = (next(), next(), next(), next())
    else {
        return;
    };
    let dir = DIR.path();
    for (name, contents) in [
        ("lint.toml", format!("{HEAD}{config}")),
        ("rules.toml", rules.to_string()),
        ("names.toml", names.to_string()),
    ] {
        std::fs::write(dir.join(name), contents).expect("write into the temporary folder");
    }
    let mut corpus = Corpus::new();
    let config = match load_config(&ConfigChoice::File(dir.join("lint.toml")), &mut corpus) {
        Ok(config) => config,
        Err(errors) => return translint_fuzz::check_diagnostics(&corpus, &errors),
    };
    let rules = match RuleSet::build(&mut corpus, &config) {
        Ok(rules) => rules,
        Err(errors) => return translint_fuzz::check_diagnostics(&corpus, &errors),
    };
    corpus.push_document(Document::new(corpus.next_id(), "doc.txt", text));
    let diagnostics = engine::lint(&corpus, &rules);
    translint_fuzz::check_diagnostics(&corpus, &diagnostics);
});

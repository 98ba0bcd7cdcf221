//! Arbitrary text parsed as lint.toml; a config that parses must also build a rule set
//! (or fail with config diagnostics that point into the file).
#![no_main]

use libfuzzer_sys::fuzz_target;
use translint::config::Config;
use translint::document::Source;
use translint::engine::{Corpus, RuleSet};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut corpus = Corpus::new();
    let id = corpus.add_source(Source::new("lint.toml", text));
    // A root that holds no rule files, so `rule-files` entries fail to read, never escape.
    let root = std::path::PathBuf::from("/nonexistent-translint-fuzz");
    match Config::parse(corpus.source(id), id, root) {
        Ok(config) => {
            let _ = config.include_globs();
            let _ = config.exclude_globs();
            let _ = config.levels().count();
            if let Err(errors) = RuleSet::build(&mut corpus, &config) {
                translint_fuzz::check_diagnostics(&corpus, &errors);
            }
        }
        Err(errors) => translint_fuzz::check_diagnostics(&corpus, &errors),
    }
});

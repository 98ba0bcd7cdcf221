//! Inputs far larger than libFuzzer's usual few kilobytes: the fuzz input, read as a
//! document, is repeated to at least 64 KiB (as one long line when the first byte is odd),
//! then linted with the default rules, findings cap included. Every invariant of `lint`
//! holds, and a rule past the cap has one summary in the file.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use translint::cap::is_summary;
use translint::config::Config;
use translint::engine::{self, Corpus, RuleSet};

const SIZE: usize = 64 << 10;

static CAPPED: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::build(&mut Corpus::new(), &Config::default()).expect("built-in rules load")
});

fuzz_target!(|data: &[u8]| {
    let Some((format, text)) = translint_fuzz::read(data) else {
        return;
    };
    if text.is_empty() {
        return;
    }
    let one_line = data[0] & 2 != 0;
    let unit = if one_line {
        text.replace(['\n', '\r'], " ")
    } else {
        text
    };
    let large = unit.repeat(SIZE.div_ceil(unit.len()));
    let corpus = translint_fuzz::corpus_with(format, &large);
    translint_fuzz::check_document(&corpus.docs[0]);
    let diagnostics = engine::lint(&corpus, &CAPPED);
    translint_fuzz::check_diagnostics(&corpus, &diagnostics);
    // One summary per rule and file at most (corpus rules are not capped, so the findings
    // shown beside it are not counted here).
    let mut summaries: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| is_summary(d)) {
        *summaries.entry((d.file(), d.rule.as_str())).or_default() += 1;
    }
    for ((_, rule), n) in summaries {
        assert_eq!(n, 1, "{rule}: one summary per file");
    }
});

//! Arbitrary text loaded as a user rule pack; the rules it defines are then run over their
//! own examples and a fixed mixed-script text, with every invariant checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use translint::diagnostic::Diagnostic;
use translint::document::{Document, Source};
use translint::engine::Corpus;
use translint::rules::data::load_pack;
use translint::rules::facts::{CorpusFacts, DocFacts};

const TEXT: &str = "The the minister said , \u{201c}yes\" — 東京，北京。 café\u{301} https://x.org/a.\r\nNext line\rlast  line \n\n```\ncode\n```\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut corpus = Corpus::new();
    let id = corpus.add_source(Source::new("rules.toml", text));
    match load_pack(corpus.source(id), id) {
        Ok(rules) => {
            let mut samples = vec![TEXT.to_string()];
            for rule in &rules {
                samples.extend(rule.meta().examples.flag.iter().cloned());
                samples.extend(rule.meta().examples.pass.iter().cloned());
            }
            for (i, sample) in samples.into_iter().take(16).enumerate() {
                let name = if i % 2 == 0 { "a.md" } else { "a.txt" };
                corpus.push_document(Document::new(corpus.next_id(), name, sample));
            }
            let mut out: Vec<Diagnostic> = Vec::new();
            let extractors: Vec<_> = rules.iter().filter_map(|r| r.extractor()).collect();
            let facts: Vec<DocFacts> = corpus
                .docs
                .iter()
                .map(|doc| DocFacts::extract(doc, &extractors))
                .collect();
            let facts = CorpusFacts::new(facts.iter().collect());
            for rule in &rules {
                for doc in &corpus.docs {
                    rule.check_document(doc, &mut out);
                }
                rule.check_corpus(&corpus, &facts, &mut out);
            }
            translint_fuzz::check_diagnostics(&corpus, &out);
        }
        Err(errors) => translint_fuzz::check_diagnostics(&corpus, &errors),
    }
});

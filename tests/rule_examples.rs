//! Every rule's own examples: each `flag` text must raise that rule, each `pass` text must
//! not. Built-in rules must ship at least one of each, so no rule can ship untested.

use translint::config::Config;
use translint::diagnostic::Diagnostic;
use translint::document::{Bitext, Source};
use translint::engine::{Corpus, RuleSet};

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}')
}

/// The language of an example's source text, from its script.
fn source_language(text: &str) -> &'static str {
    if text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        "ko"
    } else if text.chars().any(|c| ('\u{3040}'..='\u{30FF}').contains(&c)) {
        "ja"
    } else {
        "zh"
    }
}

/// The built-in rules, compiled once: building them per example would dominate the test time.
struct Linter {
    corpus: Corpus,
    rules: RuleSet,
}

impl Linter {
    fn new() -> Linter {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).expect("built-in rules load");
        Linter { corpus, rules }
    }

    /// An example whose lines are `SOURCE<TAB>TARGET`, with a Chinese, Japanese or Korean
    /// source, is a bilingual document: the targets,
    /// read with the sources as an aligned pair.
    fn findings(&mut self, rule_id: &str, text: &str) -> Vec<Diagnostic> {
        self.corpus.docs.clear();
        // `source/*` examples are TSV units (`SOURCE<TAB>TARGET`, any languages).
        if rule_id.starts_with("source/") {
            self.corpus.add_document("example.tsv", text);
            return translint::engine::lint(&self.corpus, &self.rules)
                .into_iter()
                .filter(|d| d.rule == rule_id)
                .collect();
        }
        let pairs: Option<Vec<(&str, &str)>> = text
            .lines()
            .map(|l| l.split_once('\t').filter(|p| p.0.chars().any(is_cjk)))
            .collect();
        match pairs {
            Some(pairs) => {
                let target: String = pairs.iter().map(|p| format!("{}\n", p.1)).collect();
                let source: String = pairs.iter().map(|p| format!("{}\n", p.0)).collect();
                let lang = source_language(&source);
                let id = self.corpus.add_document("example.en", target);
                let doc = &mut self.corpus.docs[id - self.corpus.aux.len()];
                doc.bitext = Some(Box::new(
                    Bitext::aligned(&doc.source, &Source::new("example.src", source), None, lang)
                        .expect("example lines align"),
                ));
            }
            None => {
                self.corpus.add_document("example.txt", text);
            }
        }
        translint::engine::lint(&self.corpus, &self.rules)
            .into_iter()
            .filter(|d| d.rule == rule_id)
            .collect()
    }
}

#[test]
fn every_rule_flags_its_flag_examples_and_passes_its_pass_examples() {
    let mut corpus = Corpus::new();
    let rules = RuleSet::registry(&mut corpus, &Config::default()).expect("built-in rules load");
    let mut linter = Linter::new();
    let mut failures = Vec::new();
    for rule in &rules {
        let meta = rule.meta();
        if meta.examples.flag.is_empty() || meta.examples.pass.is_empty() {
            failures.push(format!(
                "{}: needs at least one flag and one pass example",
                meta.id
            ));
        }
        for text in &meta.examples.flag {
            if linter.findings(&meta.id, text).is_empty() {
                failures.push(format!("{}: did not flag {text:?}", meta.id));
            }
        }
        for text in &meta.examples.pass {
            let found = linter.findings(&meta.id, text);
            if !found.is_empty() {
                failures.push(format!(
                    "{}: flagged {text:?}: {}",
                    meta.id, found[0].message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rule_ids_are_kebab_case_family_slash_name() {
    let mut corpus = Corpus::new();
    for rule in RuleSet::registry(&mut corpus, &Config::default()).unwrap() {
        let id = &rule.meta().id;
        let ok = id.split('/').count() == 2
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/');
        assert!(ok, "bad rule id {id}");
    }
}

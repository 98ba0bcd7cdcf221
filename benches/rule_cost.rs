//! Per-rule cost: how long each enabled rule takes over a folder of text, single-threaded,
//! so the slowest rule is easy to find. Not run by `cargo test`.
//!
//! usage: cargo bench --bench rule_cost -- DIR   (e.g. a corpus built by scripts/bench.py --keep DIR)

use std::time::Instant;

use translint::config::Config;
use translint::engine::{Corpus, RuleSet};

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench rule_cost -- DIR");
        return;
    };
    let mut corpus = Corpus::new();
    let rules = RuleSet::build(&mut corpus, &Config::default()).expect("built-in rules load");
    let mut bytes = 0;
    let start = Instant::now();
    for entry in ignore::Walk::new(&dir).flatten() {
        if entry.file_type().is_some_and(|t| t.is_file())
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            bytes += text.len();
            corpus.add_document(entry.path().display().to_string(), text);
        }
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} documents, {mb:.1} MB, read + masked in {:.3} s",
        corpus.docs.len(),
        start.elapsed().as_secs_f64()
    );
    let mut rows = Vec::new();
    for rule in rules.rules() {
        let mut out = Vec::new();
        let t = Instant::now();
        for doc in &corpus.docs {
            rule.check_document(doc, &mut out);
        }
        rule.check_corpus(&corpus, &mut out);
        rows.push((t.elapsed().as_secs_f64(), rule.meta().id.clone(), out.len()));
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = rows.iter().map(|r| r.0).sum();
    for (secs, id, found) in rows {
        println!(
            "{id:45} {secs:7.3} s {:9.1} MB/s {found:8} findings",
            mb / secs
        );
    }
    println!(
        "{:45} {total:7.3} s {:9.1} MB/s (one thread)",
        "all rules",
        mb / total
    );
}

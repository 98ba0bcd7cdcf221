//! Per-rule throughput: runs each rule alone over every `.txt` file under a folder, five
//! times, and prints MB/s of CPU time (the process's, from /proc on Linux, so other load on
//! the machine does not skew it; wall time elsewhere), slowest first. Usage:
//! `cargo run --release --example rule_speed -- FOLDER`

use std::time::Instant;
use translint::rules::facts::{CorpusFacts, extract_all};

const ROUNDS: usize = 5;

/// CPU time the process has used (all threads: corpus rules run in parallel), in seconds,
/// where Linux says (user + system clock ticks, at the usual 100 Hz); wall time otherwise.
fn clock(start: Instant) -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name, which is in parentheses and may hold spaces.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?) as f64 / 100.0)
        })
        .unwrap_or_else(|| start.elapsed().as_secs_f64())
}

use translint::config::Config;
use translint::engine::{Corpus, RuleSet};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: rule_speed FOLDER");
        std::process::exit(2);
    };
    let mut corpus = Corpus::new();
    let rules = RuleSet::build(&mut corpus, &Config::default()).expect("built-in rules load");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut bytes = 0;
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("UTF-8 file");
        bytes += text.len();
        corpus.add_document(p.display().to_string(), text);
    }
    let mb = bytes as f64 / 1e6;
    let epoch = Instant::now();
    let mut rows = Vec::new();
    for rule in rules.rules() {
        let start = clock(epoch);
        let mut out = Vec::new();
        for _ in 0..ROUNDS {
            out.clear();
            for doc in &corpus.docs {
                rule.check_document(doc, &mut out);
            }
            // The facts its corpus check decides over are part of its cost.
            let extractors: Vec<_> = rule.extractor().into_iter().collect();
            let facts = extract_all(&corpus.docs, &extractors);
            rule.check_corpus(&corpus, &CorpusFacts::new(facts.iter().collect()), &mut out);
        }
        let secs = (clock(epoch) - start) / ROUNDS as f64;
        rows.push((secs, rule.meta().id, out.len()));
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = rows.iter().map(|r| r.0).sum();
    println!(
        "{mb:.1} MB in {} files; all rules in sequence: {:.0} MB/s",
        paths.len(),
        mb / total
    );
    for (secs, id, n) in rows {
        println!("{:>9.0} MB/s  {:>6} findings  {id}", mb / secs, n);
    }
}

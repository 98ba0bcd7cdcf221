//! Scale benchmark of the names rules: a generated corpus of N documents holding 10·N
//! distinct name strings, linted with the names pack only, at two sizes (0.1x and 1x of
//! 10,000 documents / 100,000 names by default). Prints time and peak memory per size so the
//! growth can be read off. Not part of `cargo test`.
//!
//! `cargo bench --bench names_scale` (or `-- 1 10` for 1x and 10x).

use std::time::Instant;

use translint::config::Config;
use translint::document::Source;
use translint::engine::{Corpus, RuleSet, lint};

const BASE_DOCS: usize = 10_000;
const NAMES_PER_DOC: usize = 10;

/// A deterministic generator, so every run lints the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te", "to",
    "na", "ni", "no", "ha", "hi", "fu", "ho", "ma", "mi", "mu", "mo", "ya", "yu", "yo", "ra", "ri",
    "ru", "re", "ro", "wa", "ga", "gi", "go", "da", "do", "ba", "bu", "jin", "yong", "sang",
    "hyun", "min", "jae", "wei", "ling", "hua", "ming",
];

fn word(rng: &mut Lcg, syllables: usize) -> String {
    let mut w: String = (0..syllables)
        .map(|_| SYLLABLES[rng.next() % SYLLABLES.len()])
        .collect();
    if let Some(first) = w.get(..1) {
        let upper = first.to_uppercase();
        w.replace_range(..1, &upper);
    }
    w
}

/// `n` distinct two-word names, with a share of them written a second way (order flipped,
/// hyphenated), as machine translation does.
fn names(n: usize, rng: &mut Lcg) -> Vec<String> {
    let mut seen = std::collections::HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let (fl, gl) = (2 + rng.next() % 2, 2 + rng.next() % 2);
        let family = word(rng, fl);
        let given = word(rng, gl);
        let name = match rng.next() % 10 {
            0 => format!("{given} {family}"),
            1 => {
                let mut g = given.clone();
                g.insert(2, '-');
                format!("{family} {g}")
            }
            _ => format!("{family} {given}"),
        };
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

fn corpus(docs: usize) -> (Corpus, RuleSet, usize) {
    let mut rng = Lcg(42);
    let pool = names(docs * NAMES_PER_DOC, &mut rng);
    let mut corpus = Corpus::new();
    let id = corpus.add_source(Source::new("lint.toml", "packs = [\"names\"]\n"));
    let config = Config::parse(corpus.source(id), id, Default::default()).expect("config");
    let rules = RuleSet::build(&mut corpus, &config).expect("rules");
    let mut bytes = 0;
    for d in 0..docs {
        let mut text = String::new();
        for k in 0..NAMES_PER_DOC {
            let own = &pool[d * NAMES_PER_DOC + k];
            // Every name is new once; popular names recur across documents.
            let popular = &pool[(rng.next() % 100).min(pool.len() - 1)];
            text.push_str(&format!(
                "On Monday, Minister {own} met {popular} in Tokyo to discuss trade. \
                 The ministry said the talks would continue next week.\n"
            ));
        }
        bytes += text.len();
        corpus.add_document(format!("doc{d:05}.txt"), text);
    }
    (corpus, rules, bytes)
}

/// Peak resident memory of this process since the last reset, in MB (Linux; 0 elsewhere).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds this process has used (user + system), all threads; Linux, 0 elsewhere.
/// Reported beside wall time because the machine may be shared.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the parenthesised command name; utime and stime are 12th and 13th.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn reset_peak() {
    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let scales: Vec<f64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let scales = if scales.is_empty() {
        vec![0.1, 1.0]
    } else {
        scales
    };
    println!(
        "scale  docs    distinct-names  MB-text  build-s  lint-s  lint-cpu-s  MB/s   peak-MB  diagnostics"
    );
    for scale in scales {
        let docs = ((BASE_DOCS as f64) * scale).round() as usize;
        reset_peak();
        let t0 = Instant::now();
        let (corpus, rules, bytes) = corpus(docs);
        let build = t0.elapsed().as_secs_f64();
        let t1 = Instant::now();
        let c1 = cpu_secs();
        let found = lint(&corpus, &rules);
        let secs = t1.elapsed().as_secs_f64();
        let cpu = cpu_secs() - c1;
        println!(
            "{scale:<6} {docs:<7} {:<15} {:<8.1} {build:<8.2} {secs:<7.2} {cpu:<11.2} {:<6.1} {:<8.0} {}",
            docs * NAMES_PER_DOC,
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs,
            peak_mb(),
            found.len()
        );
    }
}

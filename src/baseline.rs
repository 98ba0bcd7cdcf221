//! Baselines: today's findings recorded by fingerprint, so later runs report only new ones.
//!
//! A fingerprint hashes what a finding is, not where it is: the file (path relative to the
//! baseline file), the rule, the flagged text, the text of its line with whitespace collapsed,
//! and its occurrence index among findings with that same key in the file. Lines added or
//! removed elsewhere do not change it; editing the flagged line does, and so does fixing it.
//! The file is JSON, one entry per finding, in a stable order so it diffs well in review.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::document::FileId;
use crate::engine::Corpus;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One recorded finding. Only `fingerprint` is used for matching; the rest is for people.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    pub message: String,
}

/// Whether a diagnostic is a finding about the text (and so can be baselined), rather than a
/// config or I/O error, which must always be seen.
pub fn is_finding(d: &Diagnostic) -> bool {
    !(d.rule.starts_with("config/") || d.rule.starts_with("io/"))
}

/// The fingerprint of each diagnostic, in order. `path_of` names each file as the baseline
/// records it. Diagnostics must be sorted (as [`crate::engine::lint`] returns them), so that
/// occurrence indices count in position order.
pub fn fingerprints(
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    path_of: impl Fn(FileId) -> String,
) -> Vec<String> {
    let mut seen: BTreeMap<(FileId, String), usize> = BTreeMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let source = corpus.source(d.file());
            let snippet = source.slice(d.span.range.clone()).unwrap_or("");
            let line = source.line_range(source.line_index(d.span.range.start));
            let line_text = source.slice(line).unwrap_or("");
            let normalised: Vec<&str> = line_text.split_whitespace().collect();
            let key = [
                path_of(d.file()).as_str(),
                &d.rule,
                snippet,
                &normalised.join(" "),
            ]
            .join("\0");
            let n = seen.entry((d.file(), key.clone())).or_insert(0);
            let index = *n;
            *n += 1;
            format!("{:016x}", fnv1a(format!("{key}\0{index}").as_bytes()))
        })
        .collect()
}

/// FNV-1a, 64 bit: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Baseline {
    /// A baseline of every finding in `diagnostics` (fingerprints from [`fingerprints`]).
    pub fn record(
        diagnostics: &[Diagnostic],
        fingerprints: &[String],
        path_of: impl Fn(FileId) -> String,
    ) -> Baseline {
        let mut findings: Vec<Entry> = diagnostics
            .iter()
            .zip(fingerprints)
            .filter(|(d, _)| is_finding(d))
            .map(|(d, fp)| Entry {
                path: path_of(d.file()),
                rule: d.rule.to_string(),
                fingerprint: fp.clone(),
                message: d.message.to_string(),
            })
            .collect();
        findings.sort();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if baseline.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("plain data always serialises");
        s.push('\n');
        s
    }

    /// Keeps the diagnostics that are not in the baseline. Each recorded fingerprint hides
    /// one finding, so a second identical finding is still new. Returns how many were hidden.
    pub fn filter(&self, diagnostics: &mut Vec<Diagnostic>, fingerprints: &[String]) -> usize {
        let mut budget: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.findings {
            *budget.entry(e.fingerprint.as_str()).or_insert(0) += 1;
        }
        let mut keep = Vec::with_capacity(diagnostics.len());
        for (d, fp) in diagnostics.iter().zip(fingerprints) {
            let known = is_finding(d)
                && budget.get_mut(fp.as_str()).is_some_and(|n| {
                    let hit = *n > 0;
                    *n = n.saturating_sub(1);
                    hit
                });
            keep.push(!known);
        }
        let before = diagnostics.len();
        let mut flags = keep.into_iter();
        diagnostics.retain(|_| flags.next().unwrap_or(true));
        before - diagnostics.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::{RuleSet, lint};

    fn prints(text: &str) -> (Vec<Diagnostic>, Vec<String>) {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        corpus.add_document("a.txt", text);
        let d = lint(&corpus, &rules);
        let f = fingerprints(&corpus, &d, |_| "a.txt".to_string());
        (d, f)
    }

    #[test]
    fn fingerprints_survive_lines_added_above_and_tell_repeats_apart() {
        let (_, before) = prints("the two  sides met\nthe two  sides met\n");
        let (_, after) = prints("A new first line.\n\nthe two  sides met\nthe two  sides met\n");
        assert_eq!(before.len(), 2);
        assert_ne!(before[0], before[1]);
        assert_eq!(before, after);
    }

    #[test]
    fn filter_hides_recorded_findings_and_reports_new_ones() {
        let (d, f) = prints("the two  sides met\n");
        let baseline = Baseline::record(&d, &f, |_| "a.txt".to_string());
        let baseline = Baseline::parse(&baseline.to_json()).unwrap();
        let (mut d, f) = prints("the two  sides met\nthe two  sides met\nthe  end\n");
        assert_eq!(baseline.filter(&mut d, &f), 1);
        assert_eq!(d.len(), 2);
    }
}

//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning and other result viewers
//! read. One run; `tool.driver.rules` holds every rule of the run with its documentation;
//! each result carries its rule, level, message, location, related locations (the secondary
//! labels, possibly in other files), its fix, and the baseline fingerprint so viewers can
//! track a finding across commits. Columns are Unicode code points, as declared by
//! `columnKind`. Checked against the official schema in `tests/e2e_integrations.rs`.

use serde_json::{Value, json};

use super::position;
use crate::baseline;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::FileId;
use crate::engine::Corpus;
use crate::rules::RuleMeta;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative reference for a path: `/` separators, anything outside RFC 3986's unreserved
/// set percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(corpus: &Corpus, file: FileId, range: &std::ops::Range<usize>) -> Value {
    let start = position(corpus, file, range.start);
    let end = position(corpus, file, range.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn location(corpus: &Corpus, file: FileId, range: &std::ops::Range<usize>) -> Value {
    json!({
        "artifactLocation": { "uri": uri(&corpus.source(file).name) },
        "region": region(corpus, file, range),
    })
}

fn rule_descriptor(m: &RuleMeta) -> Value {
    let explanation = if m.explanation.is_empty() {
        m.summary.clone()
    } else {
        m.explanation.clone()
    };
    json!({
        "id": m.id,
        "shortDescription": { "text": m.summary },
        "fullDescription": { "text": explanation },
        "help": { "text": explanation, "markdown": format!("**{}**\n\n{}", m.summary, explanation) },
        "defaultConfiguration": { "level": level(m.default_severity) },
        "properties": { "tags": [m.family()], "fixable": m.fixable },
    })
}

pub fn render(corpus: &Corpus, diagnostics: &[Diagnostic], rules: &[&RuleMeta]) -> String {
    let log = Log::new(rules);
    let mut s = log.head.clone();
    s.push_str(&log.results(corpus, diagnostics, true));
    s.push_str(&log.tail(diagnostics.is_empty()));
    s
}

/// The log in parts, for a report shown in chunks: its head up to the first result, the
/// results of each chunk ([`Log::results`]), then its tail ([`Log::tail`]); together, as
/// `serde_json::to_string_pretty` writes the whole log.
pub struct Log<'a> {
    /// The rules, sorted by id (a result's `ruleIndex` is its rule's place).
    rules: Vec<&'a RuleMeta>,
    pub head: String,
    /// What follows the results array.
    after: String,
}

/// Stands for the results in the log written around them: no rule text holds it.
const RESULTS: &str = "\u{1}results\u{1}";

/// The indent of a result: the results array is the value of a key of the run (depth 3).
const RESULT_INDENT: &str = "        ";

impl<'a> Log<'a> {
    pub fn new(rules: &[&'a RuleMeta]) -> Log<'a> {
        let mut rules: Vec<&RuleMeta> = rules.to_vec();
        rules.sort_by_key(|r| r.id);
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "translint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|m| rule_descriptor(m)).collect::<Vec<_>>(),
                }},
                "columnKind": "unicodeCodePoints",
                "results": RESULTS,
            }],
        });
        let mut s = serde_json::to_string_pretty(&log).expect("plain data always serialises");
        s.push('\n');
        let marker = serde_json::to_string(RESULTS).expect("a string always serialises");
        let (head, after) = s.split_once(&marker).expect("the log holds its results");
        Log {
            rules,
            head: format!("{head}["),
            after: after.to_string(),
        }
    }

    /// The results of `diagnostics` (all the findings of each of their files), each after a
    /// comma but the log's `first`.
    pub fn results(&self, corpus: &Corpus, diagnostics: &[Diagnostic], first: bool) -> String {
        let fingerprints =
            baseline::fingerprints(corpus, diagnostics, |id| corpus.source(id).name.clone());
        let mut out = String::new();
        for (i, (d, fp)) in diagnostics.iter().zip(&fingerprints).enumerate() {
            let result = self.result(corpus, d, fp);
            let pretty =
                serde_json::to_string_pretty(&result).expect("plain data always serialises");
            out.push_str(if first && i == 0 { "\n" } else { ",\n" });
            // JSON strings hold no line break: each line is one of the result's.
            for (j, line) in pretty.lines().enumerate() {
                if j > 0 {
                    out.push('\n');
                }
                out.push_str(RESULT_INDENT);
                out.push_str(line);
            }
        }
        out
    }

    /// What follows the last result: `empty` when there was none.
    pub fn tail(&self, empty: bool) -> String {
        let close = if empty { "]" } else { "\n      ]" };
        format!("{close}{}", self.after)
    }

    fn result(&self, corpus: &Corpus, d: &Diagnostic, fingerprint: &str) -> Value {
        let mut text = d.message.to_string();
        if let Some(help) = &d.help {
            text.push_str(&format!("\nhelp: {help}"));
        }
        let mut result = json!({
            "ruleId": d.rule,
            "level": level(d.severity),
            "message": { "text": text },
            "locations": [{ "physicalLocation": location(corpus, d.file(), &d.span.range) }],
            "partialFingerprints": { "translint/v1": fingerprint },
        });
        if let Ok(index) = (self.rules).binary_search_by(|r| r.id.as_str().cmp(&d.rule)) {
            result["ruleIndex"] = json!(index);
        }
        if !d.labels.is_empty() {
            result["relatedLocations"] = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i,
                        "physicalLocation": location(corpus, l.span.file, &l.span.range),
                        "message": { "text": l.message },
                    })
                })
                .collect();
        }
        if let Some(fix) = &d.fix {
            result["fixes"] = json!([{
                "description": { "text": d.help.as_deref().unwrap_or("apply the suggested replacement") },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri(&corpus.source(d.file()).name) },
                    "replacements": [{
                        "deletedRegion": region(corpus, d.file(), &fix.range),
                        "insertedContent": { "text": fix.replacement },
                    }],
                }],
            }]);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(uri("docs/a b#1.md"), "docs/a%20b%231.md");
        assert_eq!(uri("dir\\ü.txt"), "dir/%C3%BC.txt");
    }
}

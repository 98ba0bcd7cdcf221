//! `--format json`: the stable machine-readable contract (version 1). Fields are only ever
//! added, never renamed or removed, without bumping `version`.

use serde::Serialize;

use super::{Summary, position};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Corpus;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Diagnostics<'a>,
    summary: Summary,
}

/// The diagnostics, serialised one at a time as they are written: a report over an archive
/// is never held whole in memory.
struct Diagnostics<'a> {
    corpus: &'a Corpus,
    diagnostics: &'a [Diagnostic],
}

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.diagnostics.iter().map(|d| json(self.corpus, d)))
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    snippet: std::borrow::Cow<'a, str>,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    byte_start: usize,
    byte_end: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    replacement: &'a str,
    byte_start: usize,
    byte_end: usize,
    /// "safe" (applied by `--fix`) or "unsafe" (only with `--unsafe-fixes`).
    applicability: &'a str,
}

/// Longest snippet, in bytes: a span over a megabyte-long value (in a config, say) is cut
/// short, marked with `…`, rather than copied into every report.
const MAX_SNIPPET: usize = 1024;

fn snippet(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_SNIPPET {
        return text.into();
    }
    let mut end = MAX_SNIPPET;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end]).into()
}

/// Writes the report to `out`.
pub fn write(
    out: &mut dyn std::io::Write,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> std::io::Result<()> {
    let output = Output {
        version: 1,
        diagnostics: Diagnostics {
            corpus,
            diagnostics,
        },
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    out.write_all(b"\n")
}

fn json<'a>(corpus: &'a Corpus, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let source = corpus.source(d.file());
    let range = d.span.range.clone();
    let start = position(corpus, d.file(), range.start);
    let end = position(corpus, d.file(), range.end);
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity,
        message: &d.message,
        help: d.help.as_deref(),
        path: &source.name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_start: range.start,
        byte_end: range.end,
        snippet: snippet(source.slice(range).unwrap_or("")),
        labels: d
            .labels
            .iter()
            .map(|l| {
                let p = position(corpus, l.span.file, l.span.range.start);
                JsonLabel {
                    path: &corpus.source(l.span.file).name,
                    line: p.line,
                    column: p.column,
                    byte_start: l.span.range.start,
                    byte_end: l.span.range.end,
                    message: &l.message,
                }
            })
            .collect(),
        notes: &d.notes,
        fix: d.fix.as_ref().map(|f| JsonFix {
            replacement: &f.replacement,
            byte_start: f.range.start,
            byte_end: f.range.end,
            applicability: f.applicability.as_str(),
        }),
    }
}

//! `--format json`: the stable machine-readable contract (version 1). Fields are only ever
//! added, never renamed or removed, without bumping `version`.

use rayon::prelude::*;
use serde::Serialize;

use super::{Summary, position};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Corpus;

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

/// Findings rendered by one task, and written at a time: a report over an archive is never
/// held whole in memory.
const PER_TASK: usize = 256;
const PER_BATCH: usize = 16 * PER_TASK;

/// Writes the report to `out`: what `serde_json::to_writer_pretty` writes of an object with
/// `version`, `diagnostics` and `summary`, the diagnostics rendered in parallel, each alone
/// and indented to its depth.
pub fn write(
    out: &mut dyn std::io::Write,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> std::io::Result<()> {
    out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [")?;
    for (i, batch) in diagnostics.chunks(PER_BATCH).enumerate() {
        let rendered = batch
            .par_chunks(PER_TASK)
            .map(|task| {
                let (mut buf, mut one) = (Vec::new(), Vec::new());
                for d in task {
                    one.clear();
                    serde_json::to_writer_pretty(&mut one, &json(corpus, d))?;
                    buf.extend_from_slice(b",\n    ");
                    indent(&mut buf, &one, b"\n    ");
                }
                Ok(buf)
            })
            .collect::<std::io::Result<Vec<Vec<u8>>>>()?;
        for (j, task) in rendered.iter().enumerate() {
            // The first finding follows the bracket without a comma.
            let first = i == 0 && j == 0;
            out.write_all(&task[usize::from(first)..])?;
        }
    }
    out.write_all(match diagnostics.is_empty() {
        true => b"],\n  \"summary\": ",
        false => b"\n  ],\n  \"summary\": ",
    })?;
    let mut buf = Vec::new();
    indent(&mut buf, &serde_json::to_vec_pretty(&summary)?, b"\n  ");
    out.write_all(&buf)?;
    out.write_all(b"\n}\n")
}

/// Appends `json` to `out` with each line break written as `newline` (a line break and an
/// indent). A JSON text has no line break inside a string, so every line break of a pretty
/// one is one its writer put before an indent.
fn indent(out: &mut Vec<u8>, json: &[u8], newline: &[u8]) {
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', json) {
        out.extend_from_slice(&json[from..at]);
        out.extend_from_slice(newline);
        from = at + 1;
    }
    out.extend_from_slice(&json[from..]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    /// The report as one `to_writer_pretty` of the whole object writes it.
    #[derive(Serialize)]
    struct Whole<'a> {
        version: u32,
        diagnostics: Vec<JsonDiagnostic<'a>>,
        summary: Summary,
    }

    #[test]
    fn the_report_written_in_parallel_is_the_report_written_whole() {
        let mut corpus = Corpus::new();
        let a = corpus.add_document("a \"b\".txt", "Line one  here.\nSecond\tline é “quoted”.\n");
        let b = corpus.add_document("b.md", "# Title\n\nSome text.\n");
        let finding = |i: usize| {
            let d = Diagnostic::new(
                "house/test",
                Severity::Warning,
                Span::new(a, i % 20..i % 20 + 4),
                format!("finding {i}: \"quoted\"\nand a line break"),
            )
            .with_note("a note\twith a tab");
            match i % 3 {
                0 => d
                    .with_label(Span::new(b, 2..7), "the other form")
                    .with_fix("x"),
                1 => d.with_help("some help").with_unsafe_fix("y"),
                _ => d,
            }
        };
        for n in [0, 1, 2, PER_TASK + 1, PER_BATCH + PER_TASK + 3] {
            let diagnostics: Vec<Diagnostic> = (0..n).map(finding).collect();
            let summary = Summary::new(2, &diagnostics);
            let mut parallel = Vec::new();
            write(&mut parallel, &corpus, &diagnostics, summary).unwrap();
            let whole = Whole {
                version: 1,
                diagnostics: diagnostics.iter().map(|d| json(&corpus, d)).collect(),
                summary,
            };
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8(parallel).unwrap(),
                String::from_utf8(expected).unwrap(),
                "{n}"
            );
        }
    }
}

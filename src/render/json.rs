//! `--format json`: the stable machine-readable contract (version 1). Fields are only ever
//! added, never renamed or removed, without bumping `version`.
//!
//! Written by hand, byte for byte as `serde_json::to_writer_pretty` writes the report object
//! (the test below holds it to that): a report over an archive has tens of thousands of
//! findings, and going through serde's pretty printer and re-indenting each one took most of
//! a warm-cache run.

use rayon::prelude::*;

use super::{Summary, position, positions};
use crate::diagnostic::Diagnostic;
use crate::engine::Corpus;

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
/// held whole in memory. Four tasks a batch keep two cores busy; each task's buffer is some
/// 200 KB, and sixteen of them were 3 MB of the peak RSS of a run over 51 MB.
const PER_TASK: usize = 256;
const PER_BATCH: usize = 4 * PER_TASK;

/// Writes the report to `out`: an object with `version`, `diagnostics` and `summary`, the
/// diagnostics rendered in parallel.
pub fn write(
    out: &mut dyn std::io::Write,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> std::io::Result<()> {
    start(out)?;
    Findings::default().write(out, corpus, diagnostics, true)?;
    finish(out, diagnostics.is_empty(), summary)
}

/// The report up to its first finding ([`write`] in parts, for a report shown in chunks).
pub fn start(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [")
}

/// Writes findings of the report's `diagnostics` array, after [`start`], a chunk of the
/// report at a time.
#[derive(Default)]
pub struct Findings {
    /// Each task's buffer, kept from batch to batch and chunk to chunk: made anew, each was a
    /// fresh mapping of some 256 KB (glibc maps blocks that large on their own,
    /// `src/main.rs`), its pages faulted in again every time.
    buffers: Vec<Vec<u8>>,
}

impl Findings {
    /// Writes `diagnostics`; `first` when no finding was written before them.
    pub fn write(
        &mut self,
        out: &mut dyn std::io::Write,
        corpus: &Corpus,
        diagnostics: &[Diagnostic],
        first: bool,
    ) -> std::io::Result<()> {
        let buffers = &mut self.buffers;
        for (i, batch) in diagnostics.chunks(PER_BATCH).enumerate() {
            let tasks = batch.len().div_ceil(PER_TASK);
            if buffers.len() < tasks {
                buffers.resize_with(tasks, Vec::new);
            }
            batch
                .par_chunks(PER_TASK)
                .zip(buffers.par_iter_mut())
                .for_each(|(task, out)| {
                    out.clear();
                    // About what a finding takes, so the buffer is seldom grown and copied.
                    out.reserve(task.len() * 1024);
                    let mut w = Writer {
                        out: std::mem::take(out),
                    };
                    for d in task {
                        // Each task's first finding too: the report's is cut off below.
                        w.raw(concat!(",", newline!(2)));
                        diagnostic(&mut w, corpus, d);
                    }
                    *out = w.out;
                });
            for (j, task) in buffers[..tasks].iter().enumerate() {
                // The first finding follows the bracket without a comma.
                let first = first && i == 0 && j == 0;
                out.write_all(&task[usize::from(first)..])?;
            }
        }
        Ok(())
    }
}

/// The rest of the report, after every finding: `empty` when there was none.
pub fn finish(out: &mut dyn std::io::Write, empty: bool, summary: Summary) -> std::io::Result<()> {
    out.write_all(match empty {
        true => b"],\n  \"summary\": ",
        false => b"\n  ],\n  \"summary\": ",
    })?;
    let mut w = Writer::default();
    w.open(b'{');
    for (key, n) in [
        ("files", summary.files),
        ("errors", summary.errors),
        ("warnings", summary.warnings),
        ("infos", summary.infos),
        ("fixable", summary.fixable),
        ("unsafe_fixable", summary.unsafe_fixable),
    ] {
        w.key(2, key);
        w.number(n);
    }
    w.close(b'}', 2);
    out.write_all(&w.out)?;
    out.write_all(b"\n}\n")
}

/// A line break and the indent of an entry at `depth` (the report's keys are at 1).
macro_rules! newline {
    (1) => {
        "\n  "
    };
    (2) => {
        "\n    "
    };
    (3) => {
        "\n      "
    };
    (4) => {
        "\n        "
    };
    (5) => {
        "\n          "
    };
}
use newline;

/// What starts the entry `key` at `depth`: the object's first (after its `{`), or the next
/// (after a comma). A finding's entries are always there, in this order: each is written as
/// one literal.
macro_rules! first_key {
    ($depth:tt, $key:literal) => {
        concat!("{", newline!($depth), "\"", $key, "\": ")
    };
}
macro_rules! next_key {
    ($depth:tt, $key:literal) => {
        concat!(",", newline!($depth), "\"", $key, "\": ")
    };
}

/// One finding, as an object in the report's `diagnostics` array.
fn diagnostic(w: &mut Writer, corpus: &Corpus, d: &Diagnostic) {
    let source = corpus.source(d.file());
    let range = d.span.range.clone();
    let (start, end) = positions(corpus, d.file(), range.clone());
    w.raw(first_key!(3, "rule"));
    w.string(&d.rule);
    w.raw(next_key!(3, "severity"));
    w.string(d.severity.as_str());
    w.raw(next_key!(3, "message"));
    w.string(&d.message);
    w.raw(next_key!(3, "help"));
    w.optional(d.help.as_deref());
    w.raw(next_key!(3, "path"));
    w.string(&source.name);
    w.raw(next_key!(3, "line"));
    w.number(start.line);
    w.raw(next_key!(3, "column"));
    w.number(start.column);
    w.raw(next_key!(3, "end_line"));
    w.number(end.line);
    w.raw(next_key!(3, "end_column"));
    w.number(end.column);
    w.raw(next_key!(3, "byte_start"));
    w.number(range.start);
    w.raw(next_key!(3, "byte_end"));
    w.number(range.end);
    w.raw(next_key!(3, "snippet"));
    w.string(&snippet(source.slice(range).unwrap_or("")));
    w.raw(next_key!(3, "labels"));
    w.open(b'[');
    for label in &d.labels {
        let span = &label.span;
        let p = position(corpus, span.file, span.range.start);
        w.item(4);
        w.raw(first_key!(5, "path"));
        w.string(&corpus.source(span.file).name);
        w.raw(next_key!(5, "line"));
        w.number(p.line);
        w.raw(next_key!(5, "column"));
        w.number(p.column);
        w.raw(next_key!(5, "byte_start"));
        w.number(span.range.start);
        w.raw(next_key!(5, "byte_end"));
        w.number(span.range.end);
        w.raw(next_key!(5, "message"));
        w.string(&label.message);
        w.raw(concat!(newline!(4), "}"));
    }
    w.close(b']', 4);
    w.raw(next_key!(3, "notes"));
    w.open(b'[');
    for note in &d.notes {
        w.item(4);
        w.string(note);
    }
    w.close(b']', 4);
    w.raw(next_key!(3, "fix"));
    match &d.fix {
        None => w.raw("null"),
        Some(fix) => {
            w.raw(first_key!(4, "replacement"));
            w.string(&fix.replacement);
            w.raw(next_key!(4, "byte_start"));
            w.number(fix.range.start);
            w.raw(next_key!(4, "byte_end"));
            w.number(fix.range.end);
            w.raw(next_key!(4, "applicability"));
            w.string(fix.applicability.as_str());
            w.raw(concat!(newline!(3), "}"));
        }
    }
    w.raw(concat!(newline!(2), "}"));
}

/// Pretty JSON as serde_json writes it (two spaces an indent, `[]` and `{}` when empty),
/// into a buffer. Whether an entry is the first of its object or array, and whether one is
/// empty, is read from the last byte written: only an opening bracket ends in `{` or `[`.
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
}

/// A line break and the indent of the deepest entries written (depth 5: a label's).
const NEWLINE: &str = newline!(5);

impl Writer {
    fn newline(&mut self, depth: usize) {
        self.out
            .extend_from_slice(&NEWLINE.as_bytes()[..1 + 2 * depth]);
    }

    /// Opens an object or array.
    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
    }

    /// Closes the object or array (`bracket`) whose entries are at `depth`.
    fn close(&mut self, bracket: u8, depth: usize) {
        if !matches!(self.out.last(), Some(b'{' | b'[')) {
            self.newline(depth - 1);
        }
        self.out.push(bracket);
    }

    /// Starts an entry at `depth` (the report's keys are at 1).
    fn item(&mut self, depth: usize) {
        if !matches!(self.out.last(), Some(b'{' | b'[')) {
            self.out.push(b',');
        }
        self.newline(depth);
    }

    /// Starts the entry `key` (a name of this format: nothing to escape) at `depth`.
    fn key(&mut self, depth: usize, key: &str) {
        self.item(depth);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    /// Bytes written as they are: inlined, so that a literal's are copied without a call.
    #[inline(always)]
    fn raw(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }

    fn number(&mut self, n: usize) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn optional(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw("null"),
        }
    }

    /// A JSON string, escaped as serde_json escapes it: `"` and `\`, and control characters
    /// as `\n`-style escapes where JSON has one, else `\u00XX`.
    fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        // Most strings have nothing to escape: one test over all of them, then one copy.
        if !any_escaped(bytes) {
            self.out.extend_from_slice(bytes);
            self.out.push(b'"');
            return;
        }
        let mut from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let short = ESCAPE[usize::from(b)];
            if short == 0 {
                continue;
            }
            self.out.extend_from_slice(&bytes[from..i]);
            self.out.extend_from_slice(&[b'\\', short]);
            if short == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = [
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 15)],
                ];
                self.out.extend_from_slice(&hex);
            }
            from = i + 1;
        }
        self.out.extend_from_slice(&bytes[from..]);
        self.out.push(b'"');
    }
}

/// Whether `bytes` has one that JSON escapes: a control character, `"` or `\\`.
fn any_escaped(bytes: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: every x86_64 processor has SSE2.
    return unsafe { any_escaped_sse2(bytes) };
    #[cfg(not(target_arch = "x86_64"))]
    bytes.iter().any(|&b| ESCAPE[usize::from(b)] != 0)
}

/// [`any_escaped`] sixteen bytes to a compare, the last sixteen (or fewer, padded) at once:
/// a report's strings are short, and a loop a byte at a time over their ends (what the
/// compiler made of a byte test) was most of the time spent writing them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn any_escaped_sse2(bytes: &[u8]) -> bool {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let escaped = |block: &[u8; 16]| {
        // SAFETY: sixteen bytes to read, unaligned.
        let v = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
        // Below 0x20: the lesser of it and 0x1f is itself.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) != 0
    };
    let (blocks, rest) = bytes.as_chunks::<16>();
    if blocks.iter().any(escaped) {
        return true;
    }
    match bytes.last_chunk::<16>() {
        // Its first bytes were read already; read again, they change nothing.
        Some(last) => !rest.is_empty() && escaped(last),
        None => {
            let mut padded = [b' '; 16];
            padded[..rest.len()].copy_from_slice(rest);
            escaped(&padded)
        }
    }
}

/// How [`Writer::string`] escapes each byte: 0 not at all, else the letter after its
/// backslash (`u` for `\u00XX`).
const ESCAPE: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\t' as usize] = b't';
    table[0x08] = b'b';
    table[0x0c] = b'f';
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::document::Span;
    use serde::Serialize;

    /// The contract: the report as one `serde_json::to_writer_pretty` of these writes it.
    #[derive(Serialize)]
    struct Whole<'a> {
        version: u32,
        diagnostics: Vec<JsonDiagnostic<'a>>,
        summary: Summary,
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
        applicability: &'a str,
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

    #[test]
    fn the_report_written_by_hand_in_parallel_is_serde_jsons_whole() {
        let mut corpus = Corpus::new();
        let a = corpus.add_document("a \"b\".txt", "Line one  here.\nSecond\tline é “quoted”.\n");
        let b = corpus.add_document("b.md", "# Title\n\nSome text.\n");
        let finding = |i: usize| {
            let d = Diagnostic::new(
                "house/test",
                Severity::Warning,
                Span::new(a, i % 20..i % 20 + 4),
                format!("finding {i}: \"quoted\"\nand a line break\\ and a \u{7} bell"),
            )
            .with_note("a note\twith a tab");
            match i % 3 {
                0 => d
                    .with_label(Span::new(b, 2..7), "the other form")
                    .with_label(Span::new(a, 1..2), "here")
                    .with_fix("x\r\n")
                    .with_note("a second note"),
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

    /// Every byte value, at every place of strings of every length up to 40: both the blocks
    /// of sixteen and the end are read.
    #[test]
    fn any_escaped_finds_every_byte_json_escapes_wherever_it_is() {
        for len in 0..40 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let expected = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(any_escaped(&bytes), expected, "{len} {at} {b}");
                }
            }
            assert!(!any_escaped(&vec![b'a'; len]), "{len}");
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every ASCII character, and beyond ASCII.
        let ascii: String = (0u8..128).map(char::from).collect();
        for s in [ascii.as_str(), "é “q” \u{7f}\u{2028} 中文\"", "plain text"] {
            let mut w = Writer::default();
            w.string(s);
            let expected = serde_json::to_string(s).unwrap();
            assert_eq!(String::from_utf8(w.out).unwrap(), expected);
        }
    }
}

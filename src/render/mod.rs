//! Renderers: the only code that formats diagnostics for people or programs.
//!
//! Each takes the corpus (to resolve file ids to names and text) and the sorted diagnostics,
//! and writes one output format. None of them decides anything about what is reported.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Corpus;

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings `check --fix` would fix, as run (safe fixes, or all with `--unsafe-fixes`).
    pub fixable: usize,
    /// Findings only `--unsafe-fixes` would add to those.
    pub unsafe_fixable: usize,
}

impl Summary {
    pub fn new(files: usize, diagnostics: &[Diagnostic]) -> Self {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            fixable: 0,
            unsafe_fixable: 0,
        }
    }

    /// The summary as people read it: the counts, then what `--fix` would do.
    pub fn lines(&self) -> Vec<String> {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let found = self.errors + self.warnings + self.infos;
        let mut lines = vec![if found == 0 {
            format!("{}: no problems found", plural(self.files, "file"))
        } else {
            format!(
                "{} checked: {}, {}, {}",
                plural(self.files, "file"),
                plural(self.errors, "error"),
                plural(self.warnings, "warning"),
                plural(self.infos, "info")
            )
        }];
        let more = match self.unsafe_fixable {
            0 => String::new(),
            n => format!(" ({n} more with `--unsafe-fixes`)"),
        };
        if self.fixable > 0 {
            lines.push(format!(
                "[*] {} fixable with `translint check --fix`{more}",
                self.fixable
            ));
        } else if self.unsafe_fixable > 0 {
            lines.push(format!(
                "{} fixable with `translint check --fix --unsafe-fixes`",
                self.unsafe_fixable
            ));
        }
        lines
    }
}

/// Shows findings (a chunk of a report) with a corpus that holds the text they point into.
pub type Show<'a> = &'a mut dyn FnMut(&Corpus, &[Diagnostic]);

/// Whether `check --fix`, as run, would fix a finding: such findings are marked `[*]`.
pub type Fixable<'a> = &'a dyn Fn(&Diagnostic) -> bool;

/// A location as people count: 1-based line and column in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

pub fn position(corpus: &Corpus, file: usize, byte: usize) -> Position {
    let (line, column) = corpus.source(file).line_col(byte);
    Position { line, column }
}

/// The positions of a range's start and end ([`position`] of each, the end counted on from
/// the start when both are on one line).
pub fn positions(corpus: &Corpus, file: usize, range: Range<usize>) -> (Position, Position) {
    let ((line, column), (end_line, end_column)) = corpus.source(file).line_cols(range);
    (
        Position { line, column },
        Position {
            line: end_line,
            column: end_column,
        },
    )
}

//! Renderers: the only code that formats diagnostics for people or programs.
//!
//! Each takes the corpus (to resolve file ids to names and text) and the sorted diagnostics,
//! and writes one output format. None of them decides anything about what is reported.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Corpus;

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn new(files: usize, diagnostics: &[Diagnostic]) -> Self {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }
}

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

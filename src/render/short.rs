//! `--format short`: `path:line:col: severity[rule] message`, one per line, for grep and editors.

use std::fmt::Write;

use super::{Fixable, position};
use crate::diagnostic::Diagnostic;
use crate::engine::Corpus;

pub fn render(corpus: &Corpus, diagnostics: &[Diagnostic], fixable: Fixable) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let p = position(corpus, d.file(), d.span.range.start);
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}{}",
            corpus.source(d.file()).name,
            p.line,
            p.column,
            d.severity,
            d.rule,
            if fixable(d) { "[*] " } else { "" },
            d.message
        );
    }
    out
}

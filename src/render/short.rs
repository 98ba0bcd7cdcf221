//! `--format short`: `path:line:col: severity[rule] message`, one per line, for grep and editors.

use std::io::Write;

use super::{Fixable, position};
use crate::diagnostic::Diagnostic;
use crate::engine::Corpus;

/// Writes the lines of `diagnostics` to `out` as they are formatted: no string of them all,
/// which for a report of a whole archive grew (and was copied) to megabytes a chunk.
pub fn write(
    out: &mut dyn Write,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    fixable: Fixable,
) -> std::io::Result<()> {
    for d in diagnostics {
        let p = position(corpus, d.file(), d.span.range.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}{}",
            corpus.source(d.file()).name,
            p.line,
            p.column,
            d.severity,
            d.rule,
            if fixable(d) { "[*] " } else { "" },
            d.message
        )?;
    }
    Ok(())
}

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

use super::is_blank;

/// Spaces or tabs at the end of a line.
pub struct TrailingWhitespace {
    meta: RuleMeta,
}

impl TrailingWhitespace {
    pub fn new() -> Self {
        TrailingWhitespace {
            meta: rule_meta! {
                id: "spacing/trailing-whitespace",
                severity: Severity::Warning,
                summary: "whitespace at the end of a line",
                explanation: "
Trailing spaces are invisible, make diffs noisy and survive into published copy as stray
spaces. In Markdown, two or more trailing spaces before another line of the same paragraph are
a hard line break, which is structure, not a slip, and is left alone. The fix deletes the
trailing whitespace.",
                fixable: true,
                flag: ["The talks failed. \nNext line.", "tab at the end\t", "blank line with spaces\n   \nafter"],
                pass: ["The talks failed.\nNext line.", "crlf line endings\r\nare fine\r\n", "no newline at the end"],
            },
        }
    }
}

impl Rule for TrailingWhitespace {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let bytes = doc.prose.as_bytes();
        let lines = doc.source.line_starts().len();
        for line in 0..lines {
            let range = doc.source.line_range(line);
            let trimmed = bytes[range.clone()]
                .iter()
                .rposition(|&b| !is_blank(b))
                .map_or(range.start, |i| range.start + i + 1);
            if trimmed == range.end {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &self.meta.id,
                    self.meta.default_severity,
                    doc.span(trimmed..range.end),
                    "trailing whitespace",
                )
                .with_help("remove the whitespace at the end of the line")
                .with_fix(""),
            );
        }
    }
}

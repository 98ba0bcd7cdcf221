use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// Two or more spaces between words inside a line.
pub struct DoubleSpace {
    meta: RuleMeta,
}

static RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^ \t\r\n\x01|]( {2,})[^ \t\r\n\x01|]").unwrap());

impl DoubleSpace {
    pub fn new() -> Self {
        DoubleSpace {
            meta: rule_meta! {
                id: "spacing/double-space",
                severity: Severity::Warning,
                summary: "two or more spaces between words",
                explanation: "
A run of spaces inside a line of prose is invisible in the source and uneven in print. Machine
translation produces it where it drops a token; editing produces it where a word was deleted.

The fix leaves one space. Indentation at the start of a line, spaces at its end and table
cells (`|`) are left to other rules.",
                fixable: true,
                flag: [
                    "the two  sides met",
                    "Seoul   and Tokyo",
                    "He said so.  Then he left.",
                ],
                pass: [
                    "the two sides met",
                    "  indented is another rule",
                    "| a  | b |",
                ],
            },
        }
    }
}

impl Rule for DoubleSpace {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let mut at = 0;
        // Overlapping runs ("a  b  c") need the search to resume at the second word.
        while let Some(caps) = RUN.captures_at(&doc.prose, at) {
            let run = caps.get(1).expect("group 1 is not optional").range();
            at = run.end;
            out.push(
                Diagnostic::new(
                    &self.meta.id,
                    self.meta.default_severity,
                    doc.span(run.clone()),
                    format!("{} spaces between words", run.len()),
                )
                .with_help("use one space")
                .with_fix(" "),
            );
        }
    }
}

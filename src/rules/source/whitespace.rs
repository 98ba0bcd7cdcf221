//! `source/whitespace`: leading or trailing whitespace (or line break) that the translation
//! does not keep as the source has it.

use super::translated_strings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

fn leading(text: &str) -> &str {
    &text[..text.len() - text.trim_start().len()]
}

fn trailing(text: &str) -> &str {
    &text[text.trim_end().len()..]
}

/// What a run of whitespace means to a program: a line break, some space, or nothing.
fn kind(ws: &str) -> &'static str {
    if ws.contains('\n') {
        "a line break"
    } else if ws.is_empty() {
        "no whitespace"
    } else {
        "a space"
    }
}

pub struct Whitespace {
    meta: RuleMeta,
}

impl Whitespace {
    pub fn new() -> Self {
        Whitespace {
            meta: rule_meta! {
                id: "source/whitespace",
                severity: Severity::Warning,
                summary: "leading or trailing whitespace or line break that differs from the source",
                explanation: "
Programs join strings: a source that ends in a space or a line break (`\"Error: \"`,
`\"Done.\\n\"`) expects the translation to end the same way, or the output runs together or
breaks in the wrong place. The kind of whitespace is compared (a line break, a space, none),
not the number of spaces: an ideographic space for a space is fine.",
                fixable: false,
                flag: ["Error: \tエラー:", " Done\t完了"],
                pass: ["Error: \tエラー: ", "Done\t完了", "Error:  \tエラー:\u{3000}"],
            },
        }
    }
}

impl Rule for Whitespace {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for unit in translated_strings(doc) {
            for (side, s, t) in [
                ("starts", leading(unit.source()), leading(unit.target)),
                ("ends", trailing(unit.source()), trailing(unit.target)),
            ] {
                if kind(s) != kind(t) {
                    out.push(
                        unit.report(
                            doc,
                            &self.meta,
                            unit.segment.target.clone(),
                            format!(
                                "the source {side} with {}, the translation with {}",
                                kind(s),
                                kind(t)
                            ),
                            None,
                            "the source",
                        )
                        .with_help(format!(
                            "make the translation {} with {} too",
                            if side == "starts" { "start" } else { "end" },
                            kind(s)
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        super::super::test::examples(&Whitespace::new());
    }
}

//! `source/brackets`: brackets or quotes left open (or closed twice) in the translation
//! where the source balances them.

use super::units;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// Open minus closed, per kind: round brackets, square brackets, double quotes. Full-width
/// and CJK forms count as their kind (（ is (, 【 is [, 「 and 『 open a quote).
fn balance(text: &str) -> [i64; 3] {
    let mut b = [0i64; 3];
    let mut straight = 0;
    for c in text.chars() {
        match c {
            '(' | '（' => b[0] += 1,
            ')' | '）' => b[0] -= 1,
            '[' | '［' | '【' | '〔' => b[1] += 1,
            ']' | '］' | '】' | '〕' => b[1] -= 1,
            '“' | '「' | '『' | '«' => b[2] += 1,
            '”' | '」' | '』' | '»' => b[2] -= 1,
            '"' | '＂' => straight += 1,
            _ => {}
        }
    }
    b[2] += straight % 2;
    b
}

const KINDS: [&str; 3] = ["round brackets", "square brackets", "quotation marks"];

pub struct Brackets {
    meta: RuleMeta,
}

impl Brackets {
    pub fn new() -> Self {
        Brackets {
            meta: rule_meta! {
                id: "source/brackets",
                severity: Severity::Warning,
                summary: "brackets or quotes that the source balances and the translation does not",
                explanation: "
A bracket or quotation mark that the translation opens and never closes (or the reverse), where
the source balances its own: text dropped or merged in translation. Brackets and quotes of
every script count as their kind, so `（注）` and `(note)`, `「好」` and `\"good\"` agree. A unit
whose source is itself unbalanced (a quotation running over several lines) may be unbalanced
the same way; a translation that balances what its source leaves open is not reported.",
                fixable: false,
                flag: [
                    "他说：“我们会来。”\tHe said: \"We will come.",
                    "（注）见附件\t(Note see the attachment",
                ],
                pass: [
                    "他说：“我们会来。”\tHe said: \"We will come.\"",
                    "（注）见附件\t(Note) See the attachment",
                    "他说：“我们会来。\tHe said: \"We will come.",
                    "见附件\tSee the attachment (PDF)",
                ],
            },
        }
    }
}

impl Rule for Brackets {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for unit in units(doc) {
            if unit.target.trim().is_empty() {
                continue;
            }
            // A balanced translation is never reported: its source is read only when it is not.
            let t = balance(unit.target);
            if t == [0; 3] {
                continue;
            }
            let s = balance(unit.source());
            for (k, kind) in KINDS.iter().enumerate() {
                // A translation that balances what its source leaves open is fine.
                if s[k] != t[k] && t[k] != 0 {
                    let state = |n: i64| match n {
                        0 => "balanced".to_string(),
                        n if n > 0 => format!("{n} left open"),
                        n => format!("{} closed without opening", -n),
                    };
                    out.push(
                        unit.report(
                            doc,
                            &self.meta,
                            unit.segment.target.clone(),
                            format!(
                                "{kind}: {} in the source, {} in the translation",
                                state(s[k]),
                                state(t[k])
                            ),
                            None,
                            "the source",
                        )
                        .with_help(format!("open and close the {kind} as the source does")),
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
        super::super::test::examples(&Brackets::new());
    }
}

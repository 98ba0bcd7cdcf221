use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, MASK, ascii};
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

use super::is_blank;

/// A space before `, . ; : ! ?` ("solutions ."), which machine translation leaves behind
/// when it detokenises badly. Decimal fractions (" .5"), ellipses (" ...") and file
/// extensions (" .txt") are not punctuation and are left alone.
pub struct SpaceBeforePunct {
    meta: RuleMeta,
}

impl SpaceBeforePunct {
    pub fn new() -> Self {
        SpaceBeforePunct {
            meta: rule_meta! {
                id: "spacing/space-before-punct",
                severity: Severity::Warning,
                summary: "space before punctuation (\"solutions .\")",
                explanation: "
English sets `, . ; : ! ?` directly after the word they follow. A space before them is a
tokenisation artefact of machine translation and looks broken in print, and a line break can
land between the word and its punctuation.

The fix deletes the space. A space before a decimal fraction (`.5`), an ellipsis (`...`) or a
file extension (`.txt`) is not a space before punctuation and is left alone.",
                fixable: true,
                flag: [
                    "a more sincere attitude toward solutions .",
                    "Tokyo , Seoul and Beijing",
                    "What did he say ?",
                    "the talks ; then the vote",
                ],
                pass: [
                    "a more sincere attitude toward solutions.",
                    "the rate rose by .5 percent",
                    "and then ... nothing",
                    "save it as a .txt file",
                    "ratio 3 :1 is not punctuation here, but 3 :) is a smiley",
                ],
            },
        }
    }
}

impl Rule for SpaceBeforePunct {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let bytes = doc.prose.as_bytes();
        // Punctuation is frequent and a blank before it rare: only the pairs are looked at.
        let marks = [b'.', b',', b';', b':', b'!', b'?'];
        for punct in ascii::preceded(bytes, [b' ', b'\t'], marks) {
            let mut start = punct;
            while start > 0 && is_blank(bytes[start - 1]) {
                start -= 1;
            }
            // No space, or only indentation before it (another rule's business).
            if start == punct || start == 0 || matches!(bytes[start - 1], b'\n' | b'\r' | MASK) {
                continue;
            }
            let space = start..punct;
            // The end of a block (a PO or XLIFF unit's target) ends the sentence, whatever
            // markup follows it in the file.
            let block_end = doc
                .blocks
                .binary_search_by_key(&(punct + 1), |b| b.end)
                .is_ok();
            let next = bytes.get(punct + 1).copied().filter(|_| !block_end);
            let is_punctuation = match bytes[punct] {
                // Not a full stop: a decimal, an ellipsis, an extension or a leading-dot name
                // (also when the name is masked: ".a@b.org" reads as an address).
                b'.' => next.is_none_or(|b| {
                    !(b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == MASK)
                }),
                // Not a colon: a ratio or time ("3 :1") or a smiley (":)").
                b':' => next.is_none_or(|b| !(b.is_ascii_digit() || b == b')' || b == b'(')),
                _ => true,
            };
            if !is_punctuation {
                continue;
            }
            let mark = bytes[punct] as char;
            out.push(
                Diagnostic::new(
                    &self.meta.id,
                    self.meta.default_severity,
                    doc.span(space.start..punct + 1),
                    format!("space before `{mark}`"),
                )
                .with_help(format!("remove the space before `{mark}`"))
                .with_fix_at(space, ""),
            );
        }
    }
}

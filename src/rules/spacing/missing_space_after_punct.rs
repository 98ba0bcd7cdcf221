use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// A sentence that runs into the next with no space ("said.The"), where a translator or a
/// copy-paste joined two sentences or two articles.
pub struct MissingSpaceAfterPunct {
    meta: RuleMeta,
}

// A lowercase word, a sentence mark, then a capitalised word. Abbreviations with inner dots
// ("e.g.", "U.S.") and decimals never match: their letters are not a lowercase word run
// followed by a capital and a lowercase letter.
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)([A-Za-z]*[a-z]{2})([.!?;,])([A-Z][a-z]+)").unwrap());

impl MissingSpaceAfterPunct {
    pub fn new() -> Self {
        MissingSpaceAfterPunct {
            meta: rule_meta! {
                id: "spacing/missing-space-after-punct",
                severity: Severity::Warning,
                summary: "no space after sentence punctuation (\"said.The\")",
                explanation: "
Two sentences glued together (`said.The`) usually mean a lost line break or two texts joined
by copy-and-paste. Abbreviations with inner full stops (`e.g.`, `U.S.`, `Ph.D.`), decimals
(`3.5`), URLs, e-mail addresses and file names are left alone. The fix inserts a space.",
                fixable: true,
                flag: [
                    "one of the focuses.China News Service reported",
                    "He left early;Then he came back.",
                    "the talks failed,Japan said",
                ],
                pass: [
                    "the U.S. and Japan, e.g. in Tokyo",
                    "growth of 3.5 percent",
                    "see www.example.com or mail press@example.org",
                    "Ph.D. students and a.m. meetings",
                    "He left early. Then he came back.",
                ],
            },
        }
    }
}

impl Rule for MissingSpaceAfterPunct {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let bytes = doc.prose.as_bytes();
        for caps in GLUED.captures_iter(&doc.prose) {
            let word = caps.get(1).expect("group 1").range();
            // "x.y.Zzz" or "file.Name": a dotted token, not a sentence end.
            if word.start > 0 && matches!(bytes[word.start - 1], b'.' | b'@' | b'/' | b'_' | b'-') {
                continue;
            }
            let mark = caps.get(2).expect("group 2").range();
            let next = caps.get(3).expect("group 3").range();
            let after = bytes.get(next.end).copied();
            // "foo.Bar.baz" or "Foo.BarBaz": an identifier, not prose.
            if after.is_some_and(|b| {
                b == b'.'
                    && bytes
                        .get(next.end + 1)
                        .is_some_and(u8::is_ascii_alphanumeric)
            }) || after.is_some_and(|b| b.is_ascii_uppercase() || b == b'(' || b == b'_')
            {
                continue;
            }
            let m = bytes[mark.start] as char;
            out.push(
                Diagnostic::new(
                    &self.meta.id,
                    self.meta.default_severity,
                    doc.span(mark.start..next.end),
                    format!("no space after `{m}`"),
                )
                .with_help(format!("insert a space after `{m}`"))
                .with_fix_at(mark.end..mark.end, " "),
            );
        }
    }
}

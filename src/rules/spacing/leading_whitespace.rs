use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// Whitespace at the start of a prose paragraph. Machine-translated wire copy keeps the
/// source's full-width or double-space paragraph indent ("  According to reports, ...").
pub struct LeadingWhitespace {
    meta: RuleMeta,
}

impl LeadingWhitespace {
    pub fn new() -> Self {
        LeadingWhitespace {
            meta: rule_meta! {
                id: "spacing/leading-whitespace",
                severity: Severity::Warning,
                summary: "whitespace at the start of a paragraph",
                explanation: "
Paragraphs in published English copy are separated by blank lines, not indented with spaces.
An indent left over from the source text (two ASCII spaces, a tab or an ideographic space
U+3000) shows up as a ragged left edge, and in Markdown four spaces turn a paragraph into a
code block.

Only the first line of a paragraph is checked. List items, code blocks and lines that start
with a list marker are left alone; in Markdown so are the indents that belong to the
structure (a list item's continuation, a block quote, a table). The fix deletes the indent.",
                fixable: true,
                flag: [
                    "  According to reports, the talks failed.",
                    "\tThe resolution requires action.",
                    "First paragraph.\n\n\u{3000}Second paragraph.",
                ],
                pass: [
                    "According to reports, the talks failed.",
                    "Items:\n\n  - one\n  - two",
                    "  1. first\n  2. second",
                    "A wrapped line\n  continues here.",
                ],
            },
        }
    }
}

/// Whether text after an indent starts a list item ("- ", "* ", "+ ", "1. ", "a) ", "• ").
fn is_list_marker(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '·' | '>') => true,
        Some(c) if c.is_ascii_alphanumeric() => {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let after = rest[head.len()..].chars().next();
            head.len() <= 3
                && (head.chars().all(|c| c.is_ascii_digit()) || head.len() == 1)
                && matches!(after, Some('.' | ')'))
        }
        Some('(') => true,
        _ => false,
    }
}

impl Rule for LeadingWhitespace {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for para in doc.paragraphs() {
            let line = doc.source.line_range(doc.source.line_index(para.start));
            let prose = &doc.prose[line.clone()];
            let rest = prose.trim_start_matches([' ', '\t', '\u{3000}', '\u{a0}']);
            let indent = prose.len() - rest.len();
            if indent == 0 || rest.is_empty() || rest.starts_with('\u{1}') || is_list_marker(rest) {
                continue;
            }
            let range = line.start..line.start + indent;
            out.push(
                Diagnostic::new(
                    &self.meta.id,
                    self.meta.default_severity,
                    doc.span(range),
                    "paragraph starts with whitespace",
                )
                .with_help("remove the indent; separate paragraphs with a blank line")
                .with_fix(""),
            );
        }
    }
}

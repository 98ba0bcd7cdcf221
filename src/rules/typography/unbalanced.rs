use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Layout};
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// A double quote opened and never closed (or closed and never opened) within a paragraph
/// (a [`Document::blocks`] unit: a Markdown block, or a line of a segment-per-line file).
pub struct UnbalancedQuotes {
    meta: RuleMeta,
}

/// A bracket opened and never closed (or closed and never opened) within a paragraph.
pub struct UnbalancedBrackets {
    meta: RuleMeta,
}

impl UnbalancedQuotes {
    pub fn new() -> Self {
        UnbalancedQuotes {
            meta: rule_meta! {
                id: "typography/unbalanced-quotes",
                severity: Severity::Warning,
                summary: "a double quote without its partner in the paragraph",
                explanation: "
A quotation that opens and never closes leaves the reader unsure where the quoted words end;
machine translation often drops one of a pair. Double quotes are checked within each
paragraph (in Markdown each block: a paragraph, heading, list item or table cell; in a file
with one segment per line and no blank lines, each line, except that a quotation of several
sentences may open in one segment and close in one of the next three with no quote between).
A quotation that runs on into the next paragraph, which by convention opens with a
new quote mark and leaves the previous paragraph's quote unclosed, is accepted. Single quotes
are not checked: they double as apostrophes.",
                fixable: false,
                flag: [
                    "He said \"we will respond and left.",
                    "He said “we will respond and left.",
                    "He said we will respond” and left.",
                ],
                pass: [
                    "He said \"we will respond\" and left.",
                    "He said “we will respond” and left.",
                    "\"The first paragraph of a long quote,\n\n\"and the second,\" he said.",
                ],
            },
        }
    }
}

impl UnbalancedBrackets {
    pub fn new() -> Self {
        UnbalancedBrackets {
            meta: rule_meta! {
                id: "typography/unbalanced-brackets",
                severity: Severity::Warning,
                summary: "a bracket without its partner in the paragraph",
                explanation: "
An opening bracket with no closing bracket in the same paragraph (or the reverse) usually
means a dropped character. Like quotes, brackets pair within a Markdown block, or within a
line of a file with one segment per line. List enumerators such as `1)`, `4.)` or `a)` and
smileys are left alone.",
                fixable: false,
                flag: [
                    "The court (in Seoul ruled on Friday.",
                    "The court in Seoul) ruled on Friday.",
                    "He cited [the ruling and left.",
                ],
                pass: [
                    "The court (in Seoul) ruled on Friday.",
                    "1) first point\n2) second point",
                    "4.) I try again\n5.) It worked",
                    "a) first point and b) second point",
                ],
            },
        }
    }
}

impl Rule for UnbalancedQuotes {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let blocks = &doc.blocks;
        let found: Vec<BlockQuotes> = blocks
            .iter()
            .map(|b| BlockQuotes::of(&doc.prose, b))
            .collect();
        let continued = match doc.layout {
            Layout::Lines => quotations_across_segments(&doc.prose, &found),
            Layout::Paragraphs => vec![false; found.len()],
        };
        for (n, q) in found.iter().enumerate() {
            // A quotation that runs on into the next paragraph leaves this one's unclosed.
            let next_opens_quote = doc.layout != Layout::Lines
                && blocks
                    .get(n + 1)
                    .is_some_and(|p| doc.prose[p.clone()].trim_start().starts_with(['"', '“']));
            let excused = continued[n] || next_opens_quote;
            if !continued[n] {
                for &at in &q.stray_closers {
                    let message = "closing quote `”` with no opening quote";
                    out.push(self.finding(doc, at, '”', message));
                }
            }
            if q.straight.len() % 2 == 1 && !excused {
                let at = *q.straight.last().expect("odd count is not zero");
                out.push(self.finding(doc, at, '"', "quote `\"` is not closed in this paragraph"));
            }
            if !excused {
                for &at in &q.open_curly {
                    let message = "quote `“` is not closed in this paragraph";
                    out.push(self.finding(doc, at, '“', message));
                }
            }
        }
    }
}

/// The double quotes of one block: straight ones, curly openers left unclosed, curly closers
/// with no opener.
struct BlockQuotes {
    straight: Vec<usize>,
    open_curly: Vec<usize>,
    stray_closers: Vec<usize>,
    any: bool,
}

impl BlockQuotes {
    fn of(prose: &str, block: &std::ops::Range<usize>) -> BlockQuotes {
        let mut q = BlockQuotes {
            straight: Vec::new(),
            open_curly: Vec::new(),
            stray_closers: Vec::new(),
            any: false,
        };
        for (i, c) in quotes(&prose[block.clone()]) {
            let at = block.start + i;
            q.any = true;
            match c {
                '"' => q.straight.push(at),
                '“' => q.open_curly.push(at),
                _ => {
                    if q.open_curly.pop().is_none() {
                        q.stray_closers.push(at);
                    }
                }
            }
        }
        q
    }

    fn balanced(&self) -> bool {
        self.straight.len().is_multiple_of(2)
            && self.open_curly.is_empty()
            && self.stray_closers.is_empty()
    }

    /// Whether the block ends inside a quotation: its last straight quote opens one (after a
    /// space or at the start), or a curly one is left open.
    fn opens(&self, prose: &str) -> bool {
        let straight = self.straight.len() % 2 == 1
            && self.straight.last().is_some_and(|&at| opening(prose, at));
        let curly = !self.open_curly.is_empty() && self.stray_closers.is_empty();
        straight || curly
    }

    /// Whether the block starts inside a quotation: its first straight quote closes one
    /// (after a word or punctuation), or a curly closer has no opener.
    fn closes(&self, prose: &str) -> bool {
        let straight = self.straight.len() % 2 == 1
            && self.straight.first().is_some_and(|&at| !opening(prose, at));
        let curly = !self.stray_closers.is_empty() && self.open_curly.is_empty();
        straight || curly
    }
}

/// Whether the quote at `at` opens: at the start of its line or after a space or bracket.
fn opening(prose: &str, at: usize) -> bool {
    prose[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([{—–-\u{1}".contains(c))
}

/// Segments that quote across their line breaks: one whose quotation is left open, and a
/// later one, at most [`QUOTATION_SEGMENTS`] on with no quote mark between, that closes it
/// (a quotation of several sentences, one segment each). Each is balanced with the other, so
/// neither is reported; every other segment answers for its own quotes.
fn quotations_across_segments(prose: &str, found: &[BlockQuotes]) -> Vec<bool> {
    let mut continued = vec![false; found.len()];
    let mut open: Option<usize> = None;
    for (j, q) in found.iter().enumerate() {
        if q.balanced() {
            if q.any {
                open = None;
            }
            continue;
        }
        if let Some(i) = open.take()
            && j - i <= QUOTATION_SEGMENTS
            && q.closes(prose)
        {
            continued[i] = true;
            continued[j] = true;
            continue;
        }
        if q.opens(prose) {
            open = Some(j);
        }
    }
    continued
}

/// How many segments on a quotation may close.
const QUOTATION_SEGMENTS: usize = 3;

impl UnbalancedQuotes {
    fn finding(&self, doc: &Document, at: usize, c: char, message: &str) -> Diagnostic {
        Diagnostic::new(
            &self.meta.id,
            self.meta.default_severity,
            doc.span(at..at + c.len_utf8()),
            message,
        )
        .with_help("add the missing quote or remove this one")
    }
}

fn partner(close: char) -> char {
    match close {
        ')' => '(',
        ']' => '[',
        '}' => '{',
        '）' => '（',
        _ => '【',
    }
}

impl Rule for UnbalancedBrackets {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let all = brackets(&doc.prose);
        for para in &doc.blocks {
            let text = &doc.prose[para.clone()];
            let mut stack: Vec<(usize, char)> = Vec::new();
            for &(at, c) in in_block(&all, para) {
                let i = at - para.start;
                match c {
                    '(' | '[' | '{' | '（' | '【' => stack.push((at, c)),
                    ')' | ']' | '}' | '）' | '】' => {
                        if stack.last().is_some_and(|&(_, o)| o == partner(c)) {
                            stack.pop();
                        } else if !is_enumerator_or_smiley(&text[..i], c) {
                            out.push(self.finding(
                                doc,
                                at,
                                c,
                                format!("`{c}` closes a bracket that was never opened"),
                            ));
                        }
                    }
                    _ => {}
                }
            }
            for (at, c) in stack {
                out.push(self.finding(
                    doc,
                    at,
                    c,
                    format!("`{c}` is not closed in this paragraph"),
                ));
            }
        }
    }
}

/// "1)", "a)", "4.)" enumerators and ":)" smileys close nothing. `before` is the text
/// of the paragraph up to the bracket.
fn is_enumerator_or_smiley(before: &str, c: char) -> bool {
    if c != ')' {
        return false;
    }
    let line = before.rsplit('\n').next().unwrap_or(before).trim_start();
    let label = line.strip_suffix('.').unwrap_or(line);
    if !label.is_empty() && label.len() <= 3 && label.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return true;
    }
    let mut prev = before.chars().rev();
    match (prev.next(), prev.next()) {
        (Some(':' | ';' | '-'), _) => true,
        (Some(p), before) if p.is_ascii_alphanumeric() => {
            before.is_none_or(|b| !b.is_alphanumeric())
        }
        _ => false,
    }
}

/// Double quotes in `text` with their byte offsets: `"` and the curly pair (E2 80 9C/9D).
fn quotes(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'"', 0xE2, bytes).filter_map(move |i| match bytes[i] {
        b'"' => Some((i, '"')),
        _ => match bytes.get(i + 1..i + 3)? {
            [0x80, 0x9C] => Some((i, '“')),
            [0x80, 0x9D] => Some((i, '”')),
            _ => None,
        },
    })
}

/// The brackets of `all` (in offset order) inside `block`. The brackets of a document are
/// found in one search: a document of one segment a line has as many blocks as lines, too
/// many for three searches of their own. A block ends on a character, so a bracket is
/// inside it whole.
fn in_block<'a>(all: &'a [(usize, char)], block: &Range<usize>) -> &'a [(usize, char)] {
    let first = all.partition_point(|&(at, _)| at < block.start);
    let end = first + all[first..].partition_point(|&(at, _)| at < block.end);
    &all[first..end]
}

/// Brackets in `text` with their byte offsets, in order, ASCII and full-width (（） EF BC
/// 88/89, 【】 E3 80 90/91). Three vectorised byte searches: prose has few brackets, so
/// this costs a fraction of looking at every byte.
fn brackets(text: &str) -> Vec<(usize, char)> {
    let bytes = text.as_bytes();
    let ascii = |i: usize| (i, char::from(bytes[i]));
    let mut found: Vec<(usize, char)> = memchr::memchr3_iter(b'(', b')', b'[', bytes)
        .map(ascii)
        .collect();
    found.extend(memchr::memchr3_iter(b']', b'{', b'}', bytes).map(ascii));
    found.extend(memchr::memchr2_iter(0xE3, 0xEF, bytes).filter_map(
        |i| match bytes.get(i..i + 3)? {
            [0xEF, 0xBC, 0x88] => Some((i, '（')),
            [0xEF, 0xBC, 0x89] => Some((i, '）')),
            [0xE3, 0x80, 0x90] => Some((i, '【')),
            [0xE3, 0x80, 0x91] => Some((i, '】')),
            _ => None,
        },
    ));
    found.sort_unstable_by_key(|&(i, _)| i);
    found
}

impl UnbalancedBrackets {
    fn finding(&self, doc: &Document, at: usize, c: char, message: String) -> Diagnostic {
        Diagnostic::new(
            &self.meta.id,
            self.meta.default_severity,
            doc.span(at..at + c.len_utf8()),
            message,
        )
        .with_help("add the missing bracket or remove this one")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brackets_of_a_block_are_those_a_search_of_it_finds() {
        let text = "(a “b\n”c) [d\n】e\"（f\n\"）{g}【\n“h”\n";
        let doc = Document::new(0, "a.txt", text);
        assert!(doc.blocks.len() > 3, "{:?}", doc.blocks);
        let all = brackets(&doc.prose);
        for block in &doc.blocks {
            let shift = |found: Vec<(usize, char)>| -> Vec<(usize, char)> {
                found
                    .into_iter()
                    .map(|(i, c)| (block.start + i, c))
                    .collect()
            };
            let text = &doc.prose[block.clone()];
            assert_eq!(in_block(&all, block), shift(brackets(text)));
        }
    }
}

//! `source/end-punctuation`: a translation that ends with other punctuation than its source
//! (mapping 。？！：to . ? ! :).

use super::units;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// The sentence-final mark of a text, whatever its script, after closing quotes and
/// brackets: "stop", "question mark", "exclamation mark", "colon", "ellipsis" or none.
pub fn end_mark(text: &str) -> Option<&'static str> {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || closes(c));
    if t.ends_with("...") || t.ends_with('…') {
        return Some("ellipsis");
    }
    Some(match t.chars().next_back()? {
        '.' | '。' | '．' | '｡' => "stop",
        '?' | '？' => "question mark",
        '!' | '！' => "exclamation mark",
        ':' | '：' => "colon",
        _ => return None,
    })
}

/// Whether `c` is a closing quote or bracket, which may follow a sentence's final mark.
fn closes(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '「'
            | '」'
            | '『'
            | '』'
            | '）'
            | ')'
            | ']'
            | '】'
            | '》'
            | '〉'
            | '>'
            | '»'
            | '*'
    )
}

pub struct EndPunctuation {
    meta: RuleMeta,
}

impl EndPunctuation {
    pub fn new() -> Self {
        EndPunctuation {
            meta: rule_meta! {
                id: "source/end-punctuation",
                severity: Severity::Warning,
                summary: "the translation ends with other punctuation than the source (。？！： ↔ . ? ! :)",
                explanation: "
A question translated as a statement, a label that loses its colon, a sentence that loses its
full stop: the final punctuation of a unit usually carries over. Marks are compared across
scripts (。 is ., ？ is ?, ！ is !, ： is :, …… is ...), after closing quotes and brackets,
so `他说：“好。”` and `He said: \"Good.\"` agree.

Software strings (PO, XLIFF, TMX, TSV) are compared mark for mark. Edited prose (aligned text)
changes marks freely, a question reported as a statement, a colon, an ellipsis, a full stop
added to a fragment, so there only a final mark of the source that the translation loses is
reported.",
                fixable: false,
                flag: [
                    "文件已保存。\tThe file has been saved",
                    "Name:\t名前",
                    "Delete it?\t削除します。",
                ],
                pass: [
                    "文件已保存。\tThe file has been saved.",
                    "他说：“好。”\tHe said: \"Good.\"",
                    "Name:\t名前：",
                    "Loading...\t読み込み中……",
                ],
            },
        }
    }
}

impl Rule for EndPunctuation {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let prose = !super::is_software(doc);
        for unit in units(doc) {
            if unit.target.trim().is_empty() {
                continue;
            }
            let (s, t) = (end_mark(unit.source()), end_mark(unit.target));
            if s == t {
                continue;
            }
            // Edited prose changes marks freely (a question reported as a statement, a
            // colon, an ellipsis); a mark that disappears is what is reported there.
            if prose && (s.is_none() || t.is_some()) {
                continue;
            }
            let show =
                |m: Option<&str>| m.map_or("no punctuation".to_string(), |m| format!("a {m}"));
            out.push(
                unit.report(
                    doc,
                    &self.meta,
                    unit.segment.target.clone(),
                    format!(
                        "the source ends with {}, the translation with {}",
                        show(s),
                        show(t)
                    ),
                    None,
                    "the source",
                )
                .with_help(match s {
                    Some(m) => format!("end the translation with a {m}, as the source does"),
                    None => "end the translation without final punctuation, as the source does"
                        .to_string(),
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        super::super::test::examples(&EndPunctuation::new());
    }

    #[test]
    fn closing_quotes_and_brackets() {
        let written = "\"'“”‘’「」『』）)]】》〉>»*";
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(closes(c), written.contains(c), "{c:?}");
        }
    }

    #[test]
    fn marks_across_scripts() {
        assert_eq!(end_mark("好吗？"), Some("question mark"));
        assert_eq!(end_mark("He said \"yes.\" "), Some("stop"));
        assert_eq!(end_mark("（注意）"), None);
        assert_eq!(end_mark(""), None);
    }
}

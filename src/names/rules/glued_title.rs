use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::names::Context;
use crate::names::index::Index;
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/glued-title";

/// A title's abbreviation glued to the name ("Mr.Lu"): the period and the capital make it
/// unambiguous, and no word of English is written that way.
static GLUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:{})\.(\p{{Lu}}\p{{Ll}}+)\b",
        TITLES.join("|")
    ))
    .expect("valid regex")
});

/// The abbreviated titles [`GLUED`] finds, in its order.
const TITLES: [&str; 15] = [
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col", "Capt", "Lt", "Sgt",
    "Rev",
];

/// Whether `text` has a title and its period before a byte that may start a capital (an ASCII
/// capital or any byte outside ASCII): every match of [`GLUED`] does. Most documents have
/// none, and their periods are read faster than the regex reads their text.
fn may_glue(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'.', bytes).any(|i| {
        bytes
            .get(i + 1)
            .is_some_and(|&b| b.is_ascii_uppercase() || !b.is_ascii())
            && TITLES.iter().any(|t| bytes[..i].ends_with(t.as_bytes()))
    })
}

/// A title glued to the name without a space ("Mr.Lu").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a title glued to the name without a space (\"Mr.Lu\")",
        explanation: r#"
Chinese and Japanese write a title with no space before or after the name, and machine
translation sometimes keeps that: "Mr.Lu said", "Dr.Tanaka". English puts a space after the
period of an abbreviated title. Reported when one of Mr, Mrs, Ms, Mx, Dr, Prof, Sen, Rep,
Gov, Gen, Col, Capt, Lt, Sgt or Rev with its period is followed directly by a capitalised
word. Inside a web address or an e-mail address the text is left alone. The fix inserts the
space; it is certain, so `--fix` applies it."#,
        fixable: true,
        flag: [
            "Mr.Zhou said the plant would reopen.",
            "The patient was seen by Dr.Okada on Monday.",
        ],
        pass: [
            "Mr. Zhou said the plant would reopen.",
            "Write to mr.zhou@example.com for details.",
            "See www.Dr.Okada.example for details.",
        ],
    }
}

/// The glued titles of a text, as written: found in the per-document pass, so the decision
/// needs no text.
pub(in crate::names) fn hits(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    if !may_glue(text) {
        return out;
    }
    for m in GLUED.captures_iter(text) {
        let whole = m.get(0).expect("match");
        // Part of an address: a dot or "@" right before, or a dot, "@" or "/" right after.
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        if matches!(before, Some('.' | '@' | '/'))
            || matches!(after, Some('.' | '@' | '/')) && {
                let rest = &text[whole.end() + 1..];
                rest.starts_with(char::is_alphanumeric)
            }
        {
            continue;
        }
        out.push((whole.range(), whole.as_str().to_string()));
    }
    out
}

pub(super) fn find(_: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    for (doc, range, written) in (index.glued_titles.iter()).filter(|g| index.reported(g.0)) {
        // The title's abbreviation has no period of its own: the name follows the first one.
        let Some((title, name)) = written.split_once('.') else {
            continue;
        };
        let fixed = format!("{title}. {name}");
        let d = diagnostic(
            ID,
            Span::new(corpus.docs[*doc].id, range.clone()),
            format!("`{written}` glues the title to the name"),
        )
        .with_help(format!("put a space after the title: \"{fixed}\""));
        out.push(with_fix(d, fixed, true));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};
    use super::{GLUED, may_glue};

    #[test]
    fn a_glued_title_is_fixed_with_a_space() {
        let found = run(
            "names/glued-title",
            "",
            &[("a.txt", "Then Mrs.Park spoke.")],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "Mrs.Park");
        assert_eq!(found[0].2.fix.as_ref().unwrap().replacement, "Mrs. Park");
    }

    #[test]
    fn spaced_titles_lower_case_and_addresses_pass() {
        let docs = [(
            "a.txt",
            "Mr. Park spoke to Dr. Lee. Mail dr.lee@example.org or visit example.com/Dr.Lee.html.",
        )];
        assert!(flagged("names/glued-title", "", &docs).is_empty());
    }

    #[test]
    fn the_test_of_periods_lets_every_match_through() {
        let texts = [
            "",
            "Mr.Lu",
            "Mr.É",
            "Mr.Élan met Dr.Ōno",
            "U.S. and Prof.Li, Capt.Hook.",
            "Mr.lu and Mr. Lu and xMr.Lu and Mr.LU",
            "x.Mr.Lu",
            "Sgt.",
            ".Lu",
            "Mrs.Park\r\nRev.Kim",
            "é.Rev.Kim",
        ];
        for text in texts {
            let plain: Vec<_> = GLUED.find_iter(text).map(|m| m.range()).collect();
            assert!(plain.is_empty() || may_glue(text), "{text:?}");
        }
        assert!(!may_glue("U.S. and Dr. Lee. Mail dr.lee@example.org."));
    }
}

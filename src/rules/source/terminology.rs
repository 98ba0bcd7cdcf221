//! `source/terminology`: a glossary term of the source (lint.toml `[source] terms`) whose
//! required translation is not in the target.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::units;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

pub struct Terminology {
    meta: RuleMeta,
    /// Source terms, longest first where they overlap.
    finder: Option<AhoCorasick>,
    terms: Vec<(String, String)>,
}

impl Terminology {
    pub fn new(glossary: &BTreeMap<String, String>) -> Self {
        let terms: Vec<(String, String)> = glossary
            .iter()
            .filter(|(s, t)| !s.trim().is_empty() && !t.trim().is_empty())
            .map(|(s, t)| (s.clone(), t.clone()))
            .collect();
        let finder = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(terms.iter().map(|t| &t.0))
            .ok();
        Terminology {
            meta: rule_meta! {
                id: "source/terminology",
                severity: Severity::Warning,
                summary: "a glossary term of the source not translated with its required term",
                explanation: "
A glossary in lint.toml lists source terms and the target term each must be translated with:

```toml
[source.terms]
\"财政部\" = \"Ministry of Finance\"
\"Save\" = \"保存\"
```

When a unit's source has a term and its translation lacks the required target term, the unit is
reported, with a label on the term in the source. Latin letters are matched without regard to
case; a term is matched as a whole word where it is written in Latin letters.",
                fixable: false,
                flag: [],
                pass: [],
            },
            finder,
            terms,
        }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `range` of `text` is not part of a longer Latin word.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let edge_ok = |inner: u8, outer: Option<&u8>| {
        !is_word_byte(inner) || outer.is_none_or(|&o| !is_word_byte(o))
    };
    edge_ok(b[start], start.checked_sub(1).and_then(|i| b.get(i)))
        && edge_ok(b[end - 1], b.get(end))
}

impl Rule for Terminology {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let Some(finder) = &self.finder else { return };
        for unit in units(doc) {
            if unit.target.trim().is_empty() {
                continue;
            }
            let target = unit.target.to_lowercase();
            let mut seen = Vec::new();
            for m in finder.find_iter(unit.source()) {
                if !whole_word(unit.source(), m.start(), m.end()) || seen.contains(&m.pattern()) {
                    continue;
                }
                seen.push(m.pattern());
                let (term, required) = &self.terms[m.pattern().as_usize()];
                if target.contains(&required.to_lowercase()) {
                    continue;
                }
                let written = &unit.source()[m.range()];
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.segment.target.clone(),
                        format!("`{written}` is to be translated `{required}`, which the translation does not have"),
                        Some(written),
                        "the glossary term",
                    )
                    .with_note(format!("lint.toml: [source.terms] \"{term}\" = \"{required}\""))
                    .with_help(format!("use `{required}`")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::source::test::check;

    fn rule() -> Terminology {
        let glossary = [
            ("财政部", "Ministry of Finance"),
            ("Save", "保存"),
            ("file", "ファイル"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        Terminology::new(&glossary)
    }

    #[test]
    fn flags_a_term_translated_otherwise() {
        assert_eq!(
            check(&rule(), "美国财政部表示\tThe US Treasury said").len(),
            1
        );
        assert_eq!(check(&rule(), "Save the file\t記録する").len(), 2);
    }

    #[test]
    fn passes_the_required_term_and_other_words() {
        assert!(check(&rule(), "美国财政部表示\tThe US ministry of finance said").is_empty());
        assert!(check(&rule(), "Saved profile\tプロファイルを保存しました").is_empty());
        assert!(check(&rule(), "No term here\t用語なし").is_empty());
    }
}

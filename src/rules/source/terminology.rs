//! `source/terminology`: a glossary term of the source (lint.toml `[source] terms`, and the
//! termbases `[source] tbx` names) whose required translation is not in the target.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::units;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::document::ascii::is_word_byte;
use crate::document::formats::tbx::Concept;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// A source term and the target terms a translation must use one of.
#[derive(Debug, Clone)]
struct Entry {
    source: String,
    required: Vec<String>,
    /// Where the entry is defined, for the note.
    origin: String,
}

/// The glossary: lint.toml's terms, for documents of every language pair, and the concepts
/// of termbases, whose terms are by language.
pub struct Glossary {
    config: Vec<Entry>,
    /// Each concept with the termbase it is from, as lint.toml names it.
    concepts: Vec<(String, Concept)>,
}

impl Glossary {
    pub fn new(terms: &BTreeMap<String, String>) -> Self {
        let config = terms
            .iter()
            .filter(|(s, t)| !s.trim().is_empty() && !t.trim().is_empty())
            .map(|(s, t)| Entry {
                source: s.clone(),
                required: vec![t.clone()],
                origin: format!("lint.toml: [source.terms] \"{s}\" = \"{t}\""),
            })
            .collect();
        Glossary {
            config,
            concepts: Vec::new(),
        }
    }

    pub fn add_tbx(&mut self, file: &str, concepts: Vec<Concept>) {
        self.concepts
            .extend(concepts.into_iter().map(|c| (file.to_string(), c)));
    }

    /// The languages the termbases have terms in.
    fn languages(&self) -> BTreeSet<&str> {
        self.concepts
            .iter()
            .flat_map(|(_, c)| c.terms.iter().map(|t| t.lang.as_str()))
            .collect()
    }

    /// The entries for units translated from language `from` into `to`: lint.toml's terms,
    /// and each termbase term in `from` (deprecated ones too: they still name the concept)
    /// with the concept's terms in `to` that are not deprecated. A source term of two
    /// entries may be translated as either requires.
    fn entries(&self, from: &str, to: &str) -> Vec<Entry> {
        let mut out: Vec<Entry> = self.config.clone();
        for (file, concept) in &self.concepts {
            let mut required: Vec<String> = Vec::new();
            for t in concept
                .terms
                .iter()
                .filter(|t| t.lang == to && !t.deprecated)
            {
                if !required.contains(&t.text) {
                    required.push(t.text.clone());
                }
            }
            if required.is_empty() {
                continue;
            }
            let origin = match concept.id.as_str() {
                "" => format!("{file}: a concept with the terms {}", quoted(&required)),
                id => format!("{file}: concept `{id}`, {}", quoted(&required)),
            };
            for t in concept.terms.iter().filter(|t| t.lang == from) {
                match out.iter_mut().find(|e| e.source == t.text) {
                    Some(e) => {
                        for r in &required {
                            if !e.required.contains(r) {
                                e.required.push(r.clone());
                            }
                        }
                    }
                    None => out.push(Entry {
                        source: t.text.clone(),
                        required: required.clone(),
                        origin: origin.clone(),
                    }),
                }
            }
        }
        out
    }
}

/// `a`, `b` or `c`.
fn quoted(terms: &[String]) -> String {
    let all: Vec<String> = terms.iter().map(|t| format!("`{t}`")).collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => all.concat(),
    }
}

/// The source terms of a set of entries, found longest first where they overlap.
struct Finder {
    matcher: Option<AhoCorasick>,
    entries: Vec<Entry>,
}

impl Finder {
    fn new(entries: Vec<Entry>) -> Self {
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| &e.source))
            .ok();
        Finder { matcher, entries }
    }
}

pub struct Terminology {
    meta: RuleMeta,
    /// For each ordered pair of the termbases' languages: lint.toml's terms and theirs.
    by_languages: Vec<((String, String), Finder)>,
    /// For units of other languages: lint.toml's terms.
    config_only: Finder,
}

impl Terminology {
    pub fn new(glossary: Glossary) -> Self {
        let languages = glossary.languages();
        let mut by_languages = Vec::new();
        for from in &languages {
            for to in languages.iter().filter(|to| *to != from) {
                let finder = Finder::new(glossary.entries(from, to));
                by_languages.push(((from.to_string(), to.to_string()), finder));
            }
        }
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

Termbases in TBX (TBX-Basic, TBX 2008 `<martif>` and TBX v3 `<tbx>`), named relative to
lint.toml, add their concepts: a unit translated from one of a concept's languages into
another must use one of the concept's terms in the target language. Terms whose administrative
status is deprecated or superseded are never required, but still name the concept in a source.

```toml
[source]
tbx = [\"terms/glossary.tbx\"]
```

When a unit's source has a term and its translation lacks the required target term, the unit is
reported, with a label on the term in the source. Latin letters are matched without regard to
case; a term is matched as a whole word where it is written in Latin letters.",
                fixable: false,
                flag: [],
                pass: [],
            },
            by_languages,
            config_only: Finder::new(glossary.config),
        }
    }

    fn finder(&self, doc: &Document) -> &Finder {
        let languages = doc
            .bitext
            .as_ref()
            .map(|b| (b.source_lang.as_str(), b.target_lang.as_str()));
        languages
            .and_then(|(from, to)| {
                self.by_languages
                    .iter()
                    .find(|((f, t), _)| f == from && t == to)
            })
            .map_or(&self.config_only, |(_, finder)| finder)
    }
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
        let finder = self.finder(doc);
        let Some(matcher) = &finder.matcher else {
            return;
        };
        for unit in units(doc) {
            if unit.target.trim().is_empty() {
                continue;
            }
            let target = unit.target.to_lowercase();
            let mut seen = Vec::new();
            for m in matcher.find_iter(unit.source()) {
                if !whole_word(unit.source(), m.start(), m.end()) || seen.contains(&m.pattern()) {
                    continue;
                }
                seen.push(m.pattern());
                let entry = &finder.entries[m.pattern().as_usize()];
                if entry
                    .required
                    .iter()
                    .any(|r| target.contains(&r.to_lowercase()))
                {
                    continue;
                }
                let written = &unit.source()[m.range()];
                let required = quoted(&entry.required);
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.segment.target.clone(),
                        format!("`{written}` is to be translated {required}, which the translation does not have"),
                        Some(written),
                        "the glossary term",
                    )
                    .with_note(entry.origin.clone())
                    .with_help(format!("use `{}`", entry.required[0])),
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
        Terminology::new(Glossary::new(&glossary))
    }

    #[test]
    fn flags_a_term_translated_otherwise() {
        assert_eq!(
            check(&rule(), "美国财政部表示\tThe US Treasury said").len(),
            1
        );
        assert_eq!(check(&rule(), "Save the file\t記録する").len(), 2);
    }

    fn tbx_rule() -> Terminology {
        let tbx = crate::document::formats::tbx::sample_v3(
            r#"<conceptEntry id="file">
      <langSec xml:lang="en"><termSec><term>file</term></termSec></langSec>
      <langSec xml:lang="ja"><termSec><term>ファイル</term></termSec></langSec>
    </conceptEntry>"#,
        );
        let mut glossary = Glossary::new(&BTreeMap::new());
        glossary.add_tbx(
            "terms.tbx",
            crate::document::formats::tbx::parse(&tbx).unwrap(),
        );
        Terminology::new(glossary)
    }

    #[test]
    fn termbase_concepts_flag_a_unit_of_their_languages() {
        let found = check(&tbx_rule(), "Save the file\tそれをセーブする");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("`Save` is to be translated `保存`")
        );
        assert_eq!(found[0].notes, ["terms.tbx: concept `save`, `保存`"]);
        // Chinese: the concept's zh term is required, and "file" has none.
        assert_eq!(check(&tbx_rule(), "Save the file\t存储文件").len(), 1);
    }

    #[test]
    fn termbase_concepts_pass_a_preferred_term_and_other_languages() {
        let rule = tbx_rule();
        assert!(check(&rule, "Save the file\tファイルを保存する").is_empty());
        assert!(check(&rule, "Save the file\t保存文件").is_empty());
        // Korean is not in the termbase; the deprecated term alone is not required anywhere.
        assert!(check(&rule, "Save the file\t파일 저장").is_empty());
        assert!(check(&rule, "Nothing here\tここには何も").is_empty());
    }

    #[test]
    fn two_required_terms_are_both_accepted() {
        let mut glossary = Glossary::new(
            &[("Save".to_string(), "保存".to_string())]
                .into_iter()
                .collect(),
        );
        let tbx = r#"<martif><text><body><termEntry>
<langSet xml:lang="en"><tig><term>Save</term></tig></langSet>
<langSet xml:lang="ja"><tig><term>セーブ</term></tig></langSet>
</termEntry></body></text></martif>"#;
        glossary.add_tbx("g.tbx", crate::document::formats::tbx::parse(tbx).unwrap());
        let rule = Terminology::new(glossary);
        assert!(check(&rule, "Save\tセーブする").is_empty());
        assert!(check(&rule, "Save\t保存する").is_empty());
        let found = check(&rule, "Save\t記録する");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`保存` or `セーブ`"));
    }

    #[test]
    fn passes_the_required_term_and_other_words() {
        assert!(check(&rule(), "美国财政部表示\tThe US ministry of finance said").is_empty());
        assert!(check(&rule(), "Saved profile\tプロファイルを保存しました").is_empty());
        assert!(check(&rule(), "No term here\t用語なし").is_empty());
    }
}

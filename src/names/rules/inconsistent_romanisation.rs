use std::sync::Arc;

use super::{diagnostic, glossary_pointer, majority};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::glossary::roman_name;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::facts::{CorpusFacts, Extractor};
use crate::rules::{Rule, RuleMeta};

/// One name written several ways: order, hyphenation, diacritics, long vowels, normalisation.
pub struct InconsistentRomanisation {
    meta: RuleMeta,
    ctx: Arc<Context>,
}

impl InconsistentRomanisation {
    pub fn new(ctx: Arc<Context>) -> Self {
        InconsistentRomanisation {
            ctx,
            meta: rule_meta! {
                id: "names/inconsistent-romanisation",
                severity: Severity::Warning,
                summary: "one name written in several forms across the corpus (order, hyphens, macrons, Unicode form)",
                explanation: r#"
Reports a name written in more than one form anywhere in the corpus, when the forms differ
only in how the name is romanised: name order ("Funakoshi Takeshi" / "Takeshi Funakoshi"),
hyphenation or spacing ("Lee Sang-yeol" / "Lee Sangyeol"), diacritics and long vowels
("Katō" / "Kato" / "Katou"), or Unicode normalisation (a precomposed "ō" against "o" plus a
combining macron, which look identical but do not match in search).

The finding sits on each use of the rarer form, with a label on the form used most (in the
same file when it occurs there); the glossary's canonical form wins when the project
declares one. The fix writes the majority form. Case-only differences are left alone."#,
                fixable: true,
                flag: [
                    "Takeshi Funakoshi attended. Later, Funakoshi Takeshi and Takeshi Funakoshi left.",
                    "Lee Sang-yeol met Moon. Lee Sang-yeol spoke, then Lee Sangyeol left.",
                    "Talks in Tōkyō and Tōkyō again, then Tokyo.",
                    "Minister Kato\u{304} spoke, and Kat\u{14d} and Kat\u{14d} left.",
                ],
                pass: [
                    "Takeshi Funakoshi attended. Takeshi Funakoshi left.",
                    "Kim Jong-un met Kim Yo-jong and Kim Jong-il.",
                    "Lee Sang-yeol met Lee Sang-hee.",
                    "Takeshi Funakoshi met Takeshi Kitano and Kenji Funakoshi.",
                ],
            },
        }
    }
}

impl Rule for InconsistentRomanisation {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn extractor(&self) -> Option<Arc<dyn Extractor>> {
        Some(self.ctx.clone())
    }

    fn check_corpus(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        let ctx = &*self.ctx;
        let index = ctx.index(corpus, facts);
        for members in &index.groups {
            // A user-declared canonical form sets the standard, even when it is not used.
            let declared = members.iter().find_map(|&f| {
                let words = index.forms[f].word_strs();
                ctx.glossary
                    .by_roman(&roman_name(&ctx.data, &words))
                    .filter(|&e| !ctx.glossary.entities[e].builtin)
            });
            if members.len() < 2 && declared.is_none() {
                continue;
            }
            let standard = match declared {
                Some(e) => members
                    .iter()
                    .copied()
                    .find(|&f| index.forms[f].text == ctx.glossary.entities[e].canonical),
                None => Some(majority(corpus, &index, members)),
            };
            let target = match (standard, declared) {
                (Some(f), _) => index.forms[f].text.clone(),
                (None, Some(e)) => ctx.glossary.entities[e].canonical.clone(),
                (None, None) => continue,
            };
            for &f in members {
                let form = &index.forms[f];
                if Some(f) == standard
                    || form.text.to_lowercase() == target.to_lowercase()
                    || ctx.glossary.is_distinct(&form.text, &target)
                    || form.text.replace('’', "'") == target.replace('’', "'")
                {
                    continue;
                }
                let how = key::difference(&form.text, &target);
                for occ in &form.occ {
                    let d = diagnostic(
                        &self.meta,
                        index.span(corpus, f, occ),
                        format!("`{}` differs from `{target}` {how}", form.text),
                    )
                    .with_help(format!("write \"{target}\" everywhere"))
                    .with_fix(target.clone());
                    let d = match (standard, declared) {
                        (Some(s), _) => {
                            let near = index.nearest(corpus, s, occ);
                            d.with_label(
                                index.span(corpus, s, near),
                                format!(
                                    "`{target}` here ({})",
                                    super::uses(index.forms[s].occ.len())
                                ),
                            )
                        }
                        (None, Some(e)) => glossary_pointer(ctx, d, e),
                        (None, None) => d,
                    };
                    out.push(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn order_flip_across_files_points_at_the_majority_form() {
        let found = run(
            "names/inconsistent-romanisation",
            "",
            &[
                (
                    "a.txt",
                    "Director Takeshi Funakoshi spoke. He said Takeshi Funakoshi agreed.",
                ),
                ("b.txt", "Funakoshi Takeshi attended."),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "b.txt");
        assert_eq!(found[0].1, "Funakoshi Takeshi");
        assert!(
            found[0].2.message.contains("name order"),
            "{}",
            found[0].2.message
        );
        assert_eq!(
            found[0].2.fix.as_ref().unwrap().replacement,
            "Takeshi Funakoshi"
        );
        assert_eq!(found[0].2.labels.len(), 1);
    }

    #[test]
    fn normalisation_only_difference_is_named() {
        let found = run(
            "names/inconsistent-romanisation",
            "",
            &[("a.txt", "Then Ōno met Ōno, and O\u{304}no left.")],
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].2.message.contains("Unicode normalisation"));
    }

    #[test]
    fn the_glossary_canonical_form_wins() {
        let found = run(
            "names/inconsistent-romanisation",
            "[[names.entity]]\ncanonical = \"Lee Sang-yeol\"\n",
            &[("a.txt", "Lee Sangyeol met Lee Sangyeol.")],
        );
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].2.fix.as_ref().unwrap().replacement,
            "Lee Sang-yeol"
        );
    }

    #[test]
    fn different_people_and_case_only_pass() {
        assert!(
            flagged(
                "names/inconsistent-romanisation",
                "",
                &[("a.txt", "KIM Jong-un and Kim Jong-un met Kim Yo-jong.")]
            )
            .is_empty()
        );
    }
}

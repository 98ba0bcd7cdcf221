use std::collections::BTreeMap;
use std::sync::Arc;

use super::{diagnostic, majority};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::Context;
use crate::names::index::{Index, Person};
use crate::rule_meta;
use crate::rules::facts::{CorpusFacts, Extractor};
use crate::rules::{Rule, RuleMeta};

/// Family-name-first and given-name-first mixed for people of one origin.
pub struct Order {
    meta: RuleMeta,
    ctx: Arc<Context>,
}

impl Order {
    pub fn new(ctx: Arc<Context>) -> Self {
        Order {
            ctx,
            meta: rule_meta! {
                id: "names/order",
                severity: Severity::Warning,
                summary: "family-name-first and given-name-first mixed for people of one origin",
                explanation: r#"
English-language copy may write Japanese names family name first ("Kato Katsunobu", the
Japanese government's preference since 2019) or given name first ("Toshimitsu Motegi"), but
one text should not do both. The same holds for Korean and Chinese names, which are normally
family name first.

Which word is the family name comes from the glossary (`family = "..."`), from the surname
and given-name lists shipped in `rules/names/{ja,ko,zh}.toml` (a name counts as Japanese,
Korean or Chinese only when its words are made of that language's romanised syllables), and
from the corpus itself: a family name recognised in one name is recognised in another.

The finding sits on the first use in each file of a name written in the minority order, with
a label on a name in the majority order; the fix swaps the two words."#,
                fixable: true,
                flag: [
                    "Foreign Minister Toshimitsu Motegi met Takeshi Funakoshi and Kato Katsunobu.",
                    "Yoshihide Suga met Toshimitsu Motegi and Kishida Fumio.",
                    "Kim Jong-un met Moon Jae-in and Jae-in Lee.",
                ],
                pass: [
                    "Foreign Minister Toshimitsu Motegi met Takeshi Funakoshi and Katsunobu Kato.",
                    "Kato Katsunobu met Motegi Toshimitsu.",
                    "Kim Jong-un met Moon Jae-in and Anna Kim.",
                    "Toshimitsu Motegi met Peng Dawei and Wang Yi.",
                ],
            },
        }
    }
}

struct Entity {
    form: usize,
    person: Person,
    uses: usize,
}

/// The written form that stands for a group, and its person reading.
fn entity(corpus: &Corpus, index: &Index, members: &[usize]) -> Option<Entity> {
    let people: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&f| index.forms[f].person.is_some_and(|p| p.origin.is_some()))
        .collect();
    if people.is_empty() {
        return None;
    }
    let form = majority(corpus, index, &people);
    Some(Entity {
        form,
        person: index.forms[form].person?,
        uses: members.iter().map(|&f| index.forms[f].occ.len()).sum(),
    })
}

impl Rule for Order {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn extractor(&self) -> Option<Arc<dyn Extractor>> {
        Some(self.ctx.clone())
    }

    fn check_corpus(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        let ctx = &*self.ctx;
        let index = ctx.index(corpus, facts);
        // Per origin: [given-first entities, family-first entities].
        let mut by_origin: BTreeMap<usize, [Vec<Entity>; 2]> = BTreeMap::new();
        for members in &index.groups {
            if let Some(e) = entity(corpus, &index, members)
                && let Some(o) = e.person.origin
            {
                let family_first = usize::from(e.person.family == 0);
                by_origin.entry(o).or_default()[family_first].push(e);
            }
        }
        for (origin, sides) in by_origin {
            if sides[0].is_empty() || sides[1].is_empty() {
                continue;
            }
            let weight = |s: &Vec<Entity>| (s.len(), s.iter().map(|e| e.uses).sum::<usize>());
            // The minority order: fewer names, then fewer uses, then the one that came later.
            let minority = match weight(&sides[0]).cmp(&weight(&sides[1])) {
                std::cmp::Ordering::Less => 0,
                std::cmp::Ordering::Greater => 1,
                std::cmp::Ordering::Equal => {
                    let first = |s: &Vec<Entity>| s.iter().map(|e| e.form).min();
                    usize::from(first(&sides[1]) > first(&sides[0]))
                }
            };
            let order_name = |family_first: usize| {
                if family_first == 1 {
                    "family name first"
                } else {
                    "given name first"
                }
            };
            let standard = sides[1 - minority]
                .iter()
                .max_by_key(|e| (e.uses, std::cmp::Reverse(e.form)))
                .map(|e| e.form);
            let Some(standard) = standard else {
                continue;
            };
            let origin_name = &ctx.data.origins[origin].name;
            let standard_text = &index.forms[standard].text;
            for e in &sides[minority] {
                let form = &index.forms[e.form];
                if ctx.glossary.is_distinct(&form.text, standard_text) {
                    continue;
                }
                let swapped = format!("{} {}", form.word(1), form.word(0));
                // Occurrences come in document order: the first of each document is reported.
                let mut last_doc = None;
                for occ in &form.occ {
                    if last_doc == Some(occ.doc) {
                        continue;
                    }
                    last_doc = Some(occ.doc);
                    let near = index.nearest(corpus, standard, occ);
                    out.push(
                        diagnostic(
                            &self.meta,
                            index.span(corpus, e.form, occ),
                            format!(
                                "`{}` is written {}, unlike the other {origin_name} names in this corpus",
                                form.text,
                                order_name(minority)
                            ),
                        )
                        .with_label(
                            index.span(corpus, standard, near),
                            format!("`{standard_text}` is written {}", order_name(1 - minority)),
                        )
                        .with_note(format!(
                            "{origin_name} names here: {} {}, {} {}",
                            sides[1 - minority].len(),
                            order_name(1 - minority),
                            sides[minority].len(),
                            order_name(minority)
                        ))
                        .with_help(format!("write \"{swapped}\""))
                        .with_fix(swapped.clone()),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn the_minority_order_is_reported_with_a_label_on_the_majority() {
        let found = run(
            "names/order",
            "",
            &[
                (
                    "a.txt",
                    "Foreign Minister Toshimitsu Motegi spoke with Yoshihide Suga.",
                ),
                ("b.txt", "Chief Cabinet Secretary Kato Katsunobu agreed."),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "Kato Katsunobu");
        assert_eq!(
            found[0].2.fix.as_ref().unwrap().replacement,
            "Katsunobu Kato"
        );
        assert_ne!(found[0].2.labels[0].span.file, found[0].2.span.file);
    }

    #[test]
    fn origins_are_judged_apart() {
        // Korean names family first beside Japanese names given name first is normal.
        assert!(
            flagged(
                "names/order",
                "",
                &[(
                    "a.txt",
                    "Toshimitsu Motegi met Chung Eui-yong and Moon Jae-in."
                )]
            )
            .is_empty()
        );
        // Western names are never read as East Asian ones.
        assert!(
            flagged(
                "names/order",
                "",
                &[("a.txt", "Kim Jong-un met Anna Kim and David Lee.")]
            )
            .is_empty()
        );
    }
}

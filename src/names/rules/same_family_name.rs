use std::collections::BTreeMap;

use super::{diagnostic, majority};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::index::Index;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/same-family-name";

/// A rare family name with two different given names (Takeshi Funakoshi / Funakoshi Kenyu).
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a rare family name with two different given names: one person, mistranslated?",
        explanation: r#"
Machine translation often gets a Japanese given name wrong, because its kanji have several
readings: the same director is "Takeshi Funakoshi" in one article and "Funakoshi Kenyu" in
the next. When a rare family name appears with two different given names in one corpus,
written once given name first and once family name first (machine translation flips the
order as readily as it misreads a name), this rule reports the later one, with a label on
the earlier one, in whichever file it is. Two given names in one order are left alone: that
is usually two people, such as a family in one article.

Common family names (Kim, Lee, Park, Wang, Li, Zhang, Sato, Suzuki... the `common` lists in
`rules/names/*.toml`) never trigger it: Kim Jong-un and Kim Yo-jong are two people. The
family name must be recognised as one (glossary, surname lists, or a listed given name
beside it). If the two really are different people, declare them in lint.toml:
`names.distinct = [["Takeshi Funakoshi", "Funakoshi Kenyu"]]`."#,
        fixable: false,
        flag: [
            "Takeshi Funakoshi attended. Later Funakoshi Kenyu spoke.",
            "Toshimitsu Motegi met Motegi Hiroshi.",
            "Director Takeshi Hattori met Hattori Hideki.",
        ],
        pass: [
            "Kim Jong-un met Kim Yo-jong.",
            "Shinzo Abe met Akie Abe, and Yoshihide Suzuki met Ichiro Suzuki.",
            "Takeshi Funakoshi met Takeshi Kitano.",
            "Hillary Clinton met Bill Clinton.",
            "Miyamoto Keiichiro met Miyamoto Tsuneyasu.",
        ],
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    // Folded family name -> (first form of the group, the form that stands for it).
    let mut families: BTreeMap<(usize, String), Vec<(usize, usize)>> = BTreeMap::new();
    for members in &index.groups {
        let people: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&f| index.forms[f].person.is_some())
            .collect();
        if people.is_empty() {
            continue;
        }
        let form = majority(corpus, index, &people);
        let Some(p) = index.forms[form].person else {
            continue;
        };
        let family = key::fold(index.forms[form].word(p.family));
        if !ctx.data.is_common_surname(&family) {
            families
                .entry((index.forms[form].publication, family))
                .or_default()
                .push((members[0], form));
        }
    }
    // The earliest by file name and position comes first, whatever order files came in.
    let first_use = |f: usize| {
        index.forms[f]
            .occ
            .iter()
            .map(|o| (corpus.docs[o.doc()].name(), o.start()))
            .min()
    };
    for mut entries in families.into_values().filter(|e| e.len() > 1) {
        entries.sort_by_key(|&(_, f)| first_use(f));
        let (_, first) = entries[0];
        let first_form = &index.forms[first];
        let Some(first_given) = index.given(first) else {
            continue;
        };
        let first_sound = key::sound(&ctx.data, &first_given, true);
        for &(_, later) in &entries[1..] {
            let form = &index.forms[later];
            let Some(given) = index.given(later) else {
                continue;
            };
            // Near misses of one given name are another rule's business. Two given names
            // in one order are usually two people (a family in one article); one person
            // mistranslated shows up in both orders, as machine translation flips them.
            let same_order =
                form.person.map(|p| p.family == 0) == first_form.person.map(|p| p.family == 0);
            if same_order
                || key::sound(&ctx.data, &given, true) == first_sound
                || ctx.glossary.is_distinct(form.text, first_form.text)
            {
                continue;
            }
            let occ = form.occ.first();
            if !index.reported(occ.doc()) {
                continue;
            }
            let near = index.nearest(corpus, first, occ);
            let family = form.word(form.person.map_or(0, |p| p.family));
            out.push(
                diagnostic(
                    ID,
                    index.span(corpus, later, occ),
                    format!(
                        "`{}` and `{}` share the rare family name `{family}` with different given names",
                        form.text, first_form.text
                    ),
                )
                .with_label(
                    index.span(corpus, first, near),
                    format!("`{}` in {}", first_form.text, index.file_name(corpus, near)),
                )
                .with_help(format!(
                    "if they are one person, write the name one way; if two, declare them: `names.distinct = [[\"{}\", \"{}\"]]`",
                    first_form.text, form.text
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn both_forms_and_both_files_in_one_diagnostic() {
        let found = run(
            "names/same-family-name",
            "",
            &[
                ("a.txt", "Takeshi Funakoshi, Director of Asia, attended."),
                (
                    "b.txt",
                    "The Japanese side was attended by Funakoshi Kenyu.",
                ),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "b.txt");
        assert_eq!(found[0].1, "Funakoshi Kenyu");
        assert_eq!(found[0].2.labels.len(), 1);
        assert!(found[0].2.labels[0].message.contains("a.txt"));
    }

    #[test]
    fn distinct_declaration_silences_it() {
        let toml = "[names]\ndistinct = [[\"Takeshi Funakoshi\", \"Funakoshi Kenyu\"]]\n";
        let docs = [("a.txt", "Takeshi Funakoshi met Funakoshi Kenyu.")];
        assert_eq!(flagged("names/same-family-name", "", &docs).len(), 1);
        assert!(flagged("names/same-family-name", toml, &docs).is_empty());
    }
}

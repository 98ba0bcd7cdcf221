use crate::diagnostic::Severity;
use crate::rule_meta;
use crate::rules::RuleMeta;

/// One name written several ways: order, hyphenation, diacritics, long vowels, normalisation.
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: "names/inconsistent-romanisation",
        severity: Severity::Warning,
        summary: "one name written in several forms across the corpus (order, hyphens, macrons, Unicode form)",
        explanation: r#"
Reports a name written in more than one form anywhere in the corpus, when the forms differ
only in how the name is romanised: name order ("Funakoshi Takeshi" / "Takeshi Funakoshi"),
hyphenation or spacing ("Lee Sang-yeol" / "Lee Sangyeol"), diacritics and long vowels
("Katō" / "Kato" / "Katou"), or Unicode normalisation (a precomposed "ō" against "o" plus a
combining macron, which look identical but do not match in search).

Forms are compared within one publication (see `[names]` in the README): the standard is the
glossary's canonical form when the project declares one, else the form the publication uses
most, in the publication's order for that naming tradition. The finding sits on each use of
another form, with a label on the standard one (in the same file when it occurs there). The
fix writes the standard form; `--fix` applies it when the glossary declares it or the
publication uses it at least three times as often, else it is a suggestion
(`--unsafe-fixes`). A fix that only joins or splits the syllables ("Lan Xi" / "Lanxi") is
always a suggestion unless the glossary declares the form: a family and a given name and one
joined word (a place, a given name alone) may be different people. So is one that only
writes or drops pinyin's apostrophe ("Xiao'an" / "Xiaoan"): many publications drop it, and
the mark may be the right spelling. A tie is `names/unsettled-form`, with no fix. Case-only differences, and
the accents of a European name ("Mbappe" / "Mbappé"), are left alone; a difference only in
order is `names/order`'s."#,
        fixable: true,
        flag: [
            "Takeshi Funakoshi attended. Later, Takeshi Funakoshi and Takeshi Funakoshi met Takeshi Funakōshi.",
            "Lee Sang-yeol met Moon. Lee Sang-yeol spoke, then Lee Sangyeol left.",
            "Talks in Tōkyō and Tōkyō again, then Tokyo.",
            "Minister Kato\u{304} spoke, and Kat\u{14d} and Kat\u{14d} left.",
        ],
        pass: [
            "Takeshi Funakoshi attended. Takeshi Funakoshi left.",
            "Kylian Mbappé scored, and Mbappe left. Mbappe returned.",
            "Kim Jong-un met Kim Yo-jong and Kim Jong-il.",
            "Lee Sang-yeol met Lee Sang-hee.",
            "Takeshi Funakoshi met Takeshi Kitano and Kenji Funakoshi.",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn spelling_difference_across_files_points_at_the_majority_form() {
        let found = run(
            "names/inconsistent-romanisation",
            "",
            &[
                (
                    "a.txt",
                    "Lee Sang-yeol spoke. He said Lee Sang-yeol agreed.",
                ),
                ("b.txt", "Lee Sangyeol attended."),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "b.txt");
        assert_eq!(found[0].1, "Lee Sangyeol");
        assert!(found[0].2.message.contains("hyphenation"));
        // Two to one: a suggestion, not a safe fix.
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "Lee Sang-yeol");
        assert!(!fix.is_safe());
        assert_eq!(found[0].2.labels.len(), 1);
    }

    #[test]
    fn an_order_only_difference_is_left_to_names_order() {
        let docs = [
            (
                "a.txt",
                "Director Takeshi Funakoshi spoke with Yoshihide Suga. He said Takeshi Funakoshi agreed.",
            ),
            ("b.txt", "Funakoshi Takeshi attended."),
        ];
        assert!(flagged("names/inconsistent-romanisation", "", &docs).is_empty());
        let order = run("names/order", "", &docs);
        assert_eq!(order.len(), 1);
        assert_eq!(order[0].1, "Funakoshi Takeshi");
        assert_eq!(
            order[0].2.fix.as_ref().unwrap().replacement,
            "Takeshi Funakoshi"
        );
    }

    #[test]
    fn joining_the_syllables_of_a_name_is_only_a_suggestion() {
        let found = run(
            "names/inconsistent-romanisation",
            "",
            &[
                ("a.txt", "Lanxi said the plan works. Later Lanxi agreed."),
                ("b.txt", "Lanxi left early. Lanxi came back."),
                ("c.txt", "Lan Xi spoke to reporters."),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "Lan Xi");
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "Lanxi");
        // Four to one, but a spacing difference: the people may differ.
        assert!(!fix.is_safe());
    }

    #[test]
    fn a_pinyin_apostrophe_written_or_dropped_is_a_suggestion() {
        let found = run(
            "names/inconsistent-romanisation",
            "",
            &[
                ("a.txt", "Gu Xiaoan spoke. Later Gu Xiaoan agreed."),
                ("b.txt", "Gu Xiaoan left."),
                ("c.txt", "Gu Xiao'an attended."),
            ],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Gu Xiao'an");
        assert!(found[0].2.message.ends_with("in an apostrophe"));
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "Gu Xiaoan");
        // Three to one, but dropping pinyin's syllable mark may be the error.
        assert!(!fix.is_safe());
        // Declared in the glossary: certain.
        let declared = run(
            "names/inconsistent-romanisation",
            "[[names.entity]]\ncanonical = \"Gu Xiao'an\"\n",
            &[("a.txt", "Gu Xiao'an spoke."), ("b.txt", "Gu Xiaoan left.")],
        );
        assert_eq!(declared.len(), 1, "{declared:?}");
        assert!(declared[0].2.fix.as_ref().unwrap().is_safe());
    }

    #[test]
    fn a_clear_majority_spelling_keeps_its_safe_fix() {
        let found = run(
            "names/inconsistent-romanisation",
            "",
            &[
                (
                    "a.txt",
                    "Lee Sang-yeol spoke. He said Lee Sang-yeol agreed.",
                ),
                ("b.txt", "Lee Sang-yeol left."),
                ("c.txt", "Lee Sangyeol attended."),
            ],
        );
        assert_eq!(found.len(), 1);
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "Lee Sang-yeol");
        assert!(fix.is_safe());
    }

    #[test]
    fn a_declared_joined_form_is_fixed_safely() {
        let found = run(
            "names/inconsistent-romanisation",
            "[[names.entity]]\ncanonical = \"Lanxi\"\n",
            &[(
                "a.txt",
                "Lan Xi spoke to reporters. Later Lanxi agreed, and Lanxi left.",
            )],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].2.fix.as_ref().unwrap().is_safe());
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

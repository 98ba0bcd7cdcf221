use crate::diagnostic::Severity;
use crate::rule_meta;
use crate::rules::RuleMeta;

/// Family-name-first and given-name-first mixed for people of one origin.
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
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

The order is decided per publication (see `[names]` in the README): lint.toml may set it
(`[names] order = { ja = "family-first" }`, or per publication); otherwise the publication's
own usage decides it, when one order is used at least three times as often as the other. A
publication that writes both about equally has no settled order: names written both ways are
then `names/unsettled-form`, never corrected. Only persons are judged: a shrine, station or
plant named like a person ("Soma Nakamura Shrine", "Fukushima Daiichi") is not a name order.

The finding sits on each use of a name written against the convention, with a label on a name
written by it; the fix swaps the two words, applied by `--fix` when the order is set in
lint.toml, and by the publication's usage (at least three to one) otherwise."#,
        fixable: true,
        flag: [
            "Foreign Minister Toshimitsu Motegi met Yoshihide Suga, Takeshi Funakoshi and Kato Katsunobu.",
            "Yoshihide Suga met Toshimitsu Motegi, Taro Kono and Kishida Fumio.",
            "Kim Jong-un met Moon Jae-in, Chung Eui-yong and Jae-in Lee.",
        ],
        pass: [
            "Foreign Minister Toshimitsu Motegi met Takeshi Funakoshi and Katsunobu Kato.",
            "Kato Katsunobu met Motegi Toshimitsu.",
            "Kim Jong-un met Moon Jae-in and Anna Kim.",
            "Toshimitsu Motegi met Peng Dawei and Wang Yi.",
            "Toshimitsu Motegi and Yoshihide Suga visited Soma Nakamura Shrine.",
            "Toshimitsu Motegi met Kato Katsunobu, and Yoshihide Suga met Kishida Fumio.",
        ],
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
                    "Foreign Minister Toshimitsu Motegi spoke with Yoshihide Suga and Taro Kono.",
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
    fn no_swap_for_a_name_that_also_reads_as_chinese_as_written() {
        let family_first = "Kato Katsunobu met Motegi Toshimitsu, Kishida Fumio and Kono Taro.";
        // "Ren Sato" can only be a Japanese name given name first: the swap is certain.
        let found = run(
            "names/order",
            "",
            &[("a.txt", family_first), ("b.txt", "Then Ren Sato spoke.")],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2.fix.as_ref().unwrap().replacement, "Sato Ren");
        // "Ren Kan" is also the Chinese family name Ren and pinyin: reported, never swapped.
        let found = run(
            "names/order",
            "",
            &[("a.txt", family_first), ("b.txt", "Then Ren Kan spoke.")],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].2.fix.is_none());
        assert!(found[0].2.help.as_ref().unwrap().contains("Chinese"));
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

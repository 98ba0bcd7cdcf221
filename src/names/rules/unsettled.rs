use crate::diagnostic::Severity;
use crate::rule_meta;
use crate::rules::RuleMeta;

/// One name in several forms with nothing to decide between them: a hint, never a fix.
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: "names/unsettled-form",
        severity: Severity::Info,
        summary: "one name in two forms that its publication uses equally: no standard to correct to",
        explanation: r#"
When a publication writes one name two ways and nothing says which is right, translint does
not guess: a 1-to-1 tie, a name written in both orders in a publication that itself writes
Japanese names both ways about equally, or a place or facility hyphenated two ways
("Yufuin-cho" / "Yufuincho", a matter of house style). Each form is reported with a label on
the other, and no fix.

Settle it in lint.toml: declare the entity (`[[names.entity]] canonical = "..."`) or the
order (`[names] order = { ja = "family-first" }`); `names/inconsistent-romanisation` and
`names/order` then report the other form, with a fix. Info by default."#,
        fixable: false,
        flag: [
            "Lee Sang-yeol met Moon, and Lee Sangyeol left.",
            "Kenta Watanabe met Taro Aso. Later Watanabe Kenta met Kishida Fumio.",
        ],
        pass: [
            "Lee Sang-yeol met Moon. Lee Sang-yeol left, and Lee Sangyeol returned.",
            "Kenta Watanabe met Taro Aso and Watanabe Kenta met Fumio Kishida.",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn an_organisation_and_its_hyphenated_one_word_form_are_one_name() {
        // "Kanto League" is an organisation by its head word; "Kanto-League" is one word.
        let docs = [
            (
                "a.txt",
                "Then the Kanto League game. Then the Kanto League final.",
            ),
            ("b.txt", "Then the Kanto-League game ended."),
        ];
        let found = run("names/unsettled-form", "", &docs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Kanto-League");
        assert!(found[0].2.fix.is_none());
        // Two organisations that share no letters-only spelling stay apart.
        let apart = [
            ("a.txt", "Then the Kanto League game."),
            ("b.txt", "Then the Kansai-League game."),
        ];
        assert!(flagged("names/unsettled-form", "", &apart).is_empty());
    }

    #[test]
    fn an_office_hyphenated_two_ways_is_noted() {
        let docs = [
            (
                "a.txt",
                "Then the Swiss Consulate General in Osaka said so twice.",
            ),
            ("b.txt", "Then the Swiss Consulate General in Osaka agreed."),
            (
                "c.txt",
                "Then the Swiss Consulate-General in Osaka said so.",
            ),
        ];
        assert_eq!(
            flagged("names/unsettled-form", "", &docs),
            ["Swiss Consulate-General"]
        );
    }
}

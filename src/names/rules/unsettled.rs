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
("Yufuin-cho" / "Yufuincho", a matter of house style). So are a lake or a river with its
place word on either side ("Lake Chaohu" / "Chaohu Lake", "River Thames" / "Thames River":
English writes both, a publication should write one), a road, a station or another place
with a compass word on either side of its name ("Huancheng South Road" / "South Huancheng
Road"), and a name of a place, event or
organisation with and without the apostrophe of a plural inside it ("Teachers' Forum" /
"Teachers Forum": style guides differ). Each form is reported with a label on the other,
and no fix.

Settle it in lint.toml: declare the entity (`[[names.entity]] canonical = "..."`) or the
order (`[names] order = { ja = "family-first" }`); `names/inconsistent-romanisation` and
`names/order` then report the other form, with a fix. Info by default."#,
        fixable: false,
        flag: [
            "Lee Sang-yeol met Moon, and Lee Sangyeol left.",
            "Kenta Watanabe met Taro Aso. Later Watanabe Kenta met Kishida Fumio.",
            "Ferries cross Dianchi Lake daily, and in winter Lake Dianchi freezes.",
        ],
        pass: [
            "Lee Sang-yeol met Moon. Lee Sang-yeol left, and Lee Sangyeol returned.",
            "Kenta Watanabe met Taro Aso and Watanabe Kenta met Fumio Kishida.",
            "Ferries cross Dianchi Lake daily, and in winter Dianchi Lake freezes.",
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
    fn an_event_with_and_without_the_apostrophe_of_its_plural_is_noted() {
        let docs = [
            (
                "a.txt",
                "The Pacific Fishermen's Forum opened. The Harbour Pilots' Annual Conference met.",
            ),
            (
                "b.txt",
                "The Harbour Pilots Annual Conference met. The Harbour Pilots' Annual Conference closed.",
            ),
        ];
        let found = run("names/unsettled-form", "", &docs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Harbour Pilots Annual Conference");
        assert!(found[0].2.message.contains("(differing in an apostrophe)"));
        assert!(found[0].2.fix.is_none());
        // One form throughout: nothing to note.
        let docs = [
            ("a.txt", "The Harbour Pilots' Annual Conference met."),
            ("b.txt", "The Harbour Pilots' Annual Conference closed."),
        ];
        assert!(flagged("names/unsettled-form", "", &docs).is_empty());
    }

    #[test]
    fn a_name_with_an_inner_capital_counts_at_a_sentence_start() {
        let league = (
            "a.txt",
            "Then the Kanto League game. Then the Kanto League final.",
        );
        // A line opening with the name, as a sports result does: the inner capital says
        // it is a name.
        let docs = [league, ("b.txt", "(Kanto-League, round 3) Saitama won.")];
        assert_eq!(flagged("names/unsettled-form", "", &docs), ["Kanto-League"]);
        // A capitalised word seen only where any word is capitalised proves nothing.
        let docs = [
            league,
            ("b.txt", "(Kanto-league teams, round 3) Saitama won."),
        ];
        assert!(flagged("names/unsettled-form", "", &docs).is_empty());
    }

    #[test]
    fn a_lake_or_river_written_in_both_orders_is_one_place() {
        let docs = [
            (
                "a.txt",
                "Ferries cross Dianchi Lake daily. Dianchi Lake is shallow. The River Thames rose.",
            ),
            (
                "b.txt",
                "In winter, Lake Dianchi freezes. The Thames River rose.",
            ),
        ];
        let found = run("names/unsettled-form", "", &docs);
        let texts: Vec<&str> = found.iter().map(|(_, t, _)| t.as_str()).collect();
        assert_eq!(texts, ["River Thames", "Lake Dianchi", "Thames River"]);
        assert!(
            found[1]
                .2
                .message
                .contains("`Dianchi Lake` (differing in word order)")
        );
        assert!(found.iter().all(|(_, _, d)| d.fix.is_none()));
        // Moved and spaced otherwise: still word order, never a romanisation to correct.
        let spaced = [
            (
                "a.txt",
                "Rafts float down Blackwater River. Blackwater River is cold.",
            ),
            ("b.txt", "Rafts float down the River Black Water."),
        ];
        let found = run("names/unsettled-form", "", &spaced);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "River Black Water");
        assert!(found[0].2.message.contains("(differing in word order)"));
        assert!(flagged("names/inconsistent-romanisation", "", &spaced).is_empty());
        // Another place word keeps its side: two different places, or a lake and its town.
        let apart = [
            (
                "a.txt",
                "Ferries cross Dianchi Lake daily. Boats reach Dianchi Town.",
            ),
            (
                "b.txt",
                "In winter, Lake Erhai freezes. Boats reach Town Dianchi.",
            ),
        ];
        assert!(flagged("names/unsettled-form", "", &apart).is_empty());
    }

    #[test]
    fn a_road_with_its_compass_word_on_either_side_of_its_name_is_one_place() {
        let docs = [
            (
                "a.txt",
                "The clinic on Jinhua West Road opened. Jinhua West Road is closed.",
            ),
            ("b.txt", "Buses avoid West Jinhua Road today."),
        ];
        let found = run("names/unsettled-form", "", &docs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "West Jinhua Road");
        assert!(
            found[0]
                .2
                .message
                .contains("`Jinhua West Road` (differing in word order)")
        );
        assert!(found[0].2.fix.is_none());
        assert!(flagged("names/inconsistent-romanisation", "", &docs).is_empty());
        // Two roads, or a road and the one west of it: no finding from any names rule.
        let apart = [
            (
                "a.txt",
                "The clinic on Jinhua West Road opened. Jinhua Road is closed.",
            ),
            (
                "b.txt",
                "Buses avoid Jinhua East Road and West Jinhua Street.",
            ),
        ];
        for meta in super::super::METAS {
            let rule = meta().id;
            assert!(flagged(rule.as_str(), "", &apart).is_empty(), "{rule}");
        }
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

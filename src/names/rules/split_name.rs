use crate::diagnostic::Severity;
use crate::rule_meta;
use crate::rules::RuleMeta;

/// A Chinese given name split into capitalised syllables ("Fu Kun Bao").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: "names/split-name",
        severity: Severity::Warning,
        summary: "a Chinese given name split into capitalised syllables (\"Fu Kun Bao\" for \"Fu Kunbao\")",
        explanation: r#"
Machine translation sometimes writes each character of a Chinese given name as a word of its
own: "Fu Kun Bao", "Zheng Bao Rui". Pinyin writes a given name as one word ("Fu Kunbao"),
with an apostrophe before a syllable that opens with a, o or e ("Li Xi'an").

Reported when a name is a Chinese surname followed by two or three capitalised words that are
each one pinyin syllable, and at least one of its syllables cannot be Korean: Korean names
are written in separate syllables by some house styles ("Kim Jong Un"), and are left alone.
Hyphenated (Wade–Giles) given names are another system, not a split.

The name of a place, company or organisation is reported the same way when this form splits
into capitalised pinyin syllables a word its publication writes whole clearly more often (3
to 1), or just more often when the name has a word besides the syllables ("Feng Gui
Housekeeping" for "Fenggui Housekeeping"): syllables alone ("Hai Qing") may be a person with
a one-syllable given name, and need the clear majority. A space or hyphen between
longer words ("Hulun Buir") is house style and is only noted (`names/unsettled-form`). The fix joins the
syllables; it is a suggestion (`--unsafe-fixes`), with a label on the whole form when the
publication uses it. The rule belongs to the entity decision of
`names/inconsistent-romanisation`: the split form counts as the whole one, so the two never
disagree."#,
        fixable: true,
        flag: [
            "Police officer Fu Kun Bao said the case was closed.",
            "The company's founder Zheng Bao Rui spoke first.",
        ],
        pass: [
            "Police officer Fu Kunbao said the case was closed.",
            "North Korean leader Kim Jong Un met Moon Jae In.",
            "Taiwan's Lee Teng-hui and Tsai Ing-wen spoke.",
            "Han Ji Min starred in the film.",
            "Source: Wen Wei Po Author: Wang Sishuo",
            "Source: Wen Hui Bao Author: Wang Sishuo",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    const WHOLE: &str = "The Lianxin Bakery opened. Staff at Lianxin Bakery cheered, and \
                         Lianxin Bakery sold out.";

    #[test]
    fn a_place_or_company_split_into_syllables_is_reported_against_the_whole_word() {
        let docs = [
            ("a.txt", WHOLE),
            ("b.txt", "Later, Lian Xin Bakery closed."),
        ];
        let found = run("names/split-name", "", &docs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Lian Xin Bakery");
        assert_eq!(
            found[0].2.fix.as_ref().unwrap().replacement,
            "Lianxin Bakery"
        );
    }

    #[test]
    fn a_split_is_reported_when_the_whole_word_is_used_more_even_not_three_to_one() {
        let docs = [
            ("a.txt", "Staff at Lianxin Bakery cheered."),
            ("b.txt", "Lianxin Bakery sold out."),
            ("c.txt", "Later, Lian Xin Bakery closed."),
        ];
        let found = run("names/split-name", "", &docs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Lian Xin Bakery");
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Unsafe);
        // The split form used more: it is the standard, and the whole word no split.
        let docs = [
            ("a.txt", "Staff at Lian Xin Bakery cheered."),
            ("b.txt", "Lian Xin Bakery sold out."),
            ("c.txt", "Later, Lianxin Bakery closed."),
        ];
        assert!(flagged("names/split-name", "", &docs).is_empty());
        // Syllables alone, not clearly less used: a spacing style, or a person with a
        // one-syllable given name.
        let docs = [
            ("a.txt", "Tourists love Xiqiao. Hotels in Xiqiao are full."),
            ("b.txt", "Then Xi Qiao grew."),
        ];
        assert!(flagged("names/split-name", "", &docs).is_empty());
    }

    #[test]
    fn house_style_spacing_and_unsettled_counts_pass() {
        // Longer words, not syllables: a spacing style.
        let style = [
            (
                "a.txt",
                "Hulunbuir grew. Farms near Hulunbuir, and Hulunbuir again.",
            ),
            ("b.txt", "Later, Hulun Buir grew."),
        ];
        assert!(flagged("names/split-name", "", &style).is_empty());
        // Used once each: nothing is settled.
        let even = [
            ("a.txt", "Staff at Lianxin Bakery cheered."),
            ("b.txt", "Later, Lian Xin Bakery closed."),
        ];
        assert!(flagged("names/split-name", "", &even).is_empty());
    }
}

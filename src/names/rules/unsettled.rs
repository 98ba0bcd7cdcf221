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

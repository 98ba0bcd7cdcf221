use crate::diagnostic::Severity;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};
use crate::suppress::UNUSED;

/// A suppression comment or `[[ignore]]` entry that hides nothing. Reported by
/// `crate::suppress::apply`, at this rule's configured level.
pub struct Unused {
    meta: RuleMeta,
}

impl Unused {
    pub fn new() -> Self {
        Unused {
            meta: rule_meta! {
                id: UNUSED,
                severity: Severity::Info,
                summary: "a suppression that hides nothing",
                explanation: "
`<!-- translint-disable-next-line RULE -->`, `<!-- translint-disable RULE -->` …
`<!-- translint-enable RULE -->` and `[[ignore]]` entries in lint.toml hide findings. Once the
text is corrected, or the rule no longer fires, the suppression is stale: it would silently hide
a real finding later. Remove it. An `[[ignore]]` entry is only judged in runs that lint a file
its `path` glob matches. Set this rule to `off` to stop the reports.",
                fixable: false,
                flag: [
                    "<!-- translint-disable-next-line spacing/double-space -->\nthe two sides met",
                    "<!-- translint-enable -->",
                ],
                pass: [
                    "<!-- translint-disable-next-line spacing/double-space -->\nthe two  sides met",
                    "<!-- translint-disable spacing -->\nthe two  sides met\n<!-- translint-enable spacing -->",
                ],
            },
        }
    }
}

impl Rule for Unused {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

//! Properties of fixing: `fix::apply` never touches a byte outside the fixes' ranges, does
//! not depend on the order fixes are given, never panics on bad ranges; and fixing generated
//! texts with the built-in rules reaches a fixed point, after which another pass changes
//! nothing (what `check --fix` run twice relies on).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use proptest::prelude::*;
use translint::config::Config;
use translint::diagnostic::Fix;
use translint::engine::{Corpus, RuleSet, lint};
use translint::fix::apply;

#[path = "support/proptest_config.rs"]
mod proptest_config;
use proptest_config::config;

/// Text with multi-byte characters, so char boundaries matter.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a"),
            Just("é"),
            Just(" "),
            Just("，"),
            Just("\n"),
            Just("😀"),
            Just("."),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Non-overlapping fixes on char boundaries of `text`, as (start, end, replacement).
fn fixes_for(text: String) -> impl Strategy<Value = (String, Vec<Fix>)> {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let n = bounds.len();
    proptest::collection::vec((0..n, 0..n, "[xyz ]{0,3}"), 0..6).prop_map(move |raw| {
        let mut cuts: Vec<(usize, usize, String)> = raw
            .into_iter()
            .map(|(a, b, r)| (bounds[a.min(b)], bounds[a.max(b)], r))
            .collect();
        cuts.sort();
        // Keep a non-overlapping subset; insertions at one offset also count as overlapping.
        let mut fixes = Vec::new();
        let mut cursor = 0;
        let mut last_insert = None;
        for (start, end, replacement) in cuts {
            let insert = start == end;
            if start < cursor || (insert && last_insert == Some(start)) {
                continue;
            }
            if insert {
                last_insert = Some(start);
            }
            cursor = end;
            fixes.push(Fix::safe(start..end, replacement));
        }
        (text.clone(), fixes)
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn bytes_outside_fix_ranges_are_kept_in_place((text, fixes) in text().prop_flat_map(fixes_for)) {
        let result = apply(&text, &fixes);
        prop_assert_eq!((result.applied, result.skipped), (fixes.len(), 0));
        // Walk the original: every gap between fixes must appear verbatim at the place the
        // replacements before it put it.
        let mut out = 0;
        let mut at = 0;
        for fix in &fixes {
            let gap = &text[at..fix.range.start];
            prop_assert_eq!(&result.text[out..out + gap.len()], gap);
            out += gap.len();
            prop_assert_eq!(&result.text[out..out + fix.replacement.len()], fix.replacement.as_str());
            out += fix.replacement.len();
            at = fix.range.end;
        }
        prop_assert_eq!(&result.text[out..], &text[at..]);
    }

    #[test]
    fn order_of_fixes_does_not_matter((text, fixes) in text().prop_flat_map(fixes_for)) {
        let mut reversed = fixes.clone();
        reversed.reverse();
        // The same text and counts (`placed` names fixes by their index in the input).
        let (a, b) = (apply(&text, &fixes), apply(&text, &reversed));
        prop_assert_eq!((a.text, a.applied, a.skipped), (b.text, b.applied, b.skipped));
    }

    #[test]
    fn arbitrary_ranges_never_panic_and_keep_the_untouched_ends(
        text in text(),
        raw in proptest::collection::vec((0usize..200, 0usize..200, "[xy]{0,2}"), 0..6),
    ) {
        let fixes: Vec<Fix> = raw
            .into_iter()
            .map(|(a, b, replacement)| Fix::safe(a..b, replacement))
            .collect();
        let result = apply(&text, &fixes);
        let unique: BTreeSet<_> = fixes.iter().map(|f| (f.range.start, f.range.end, &f.replacement)).collect();
        prop_assert_eq!(result.applied + result.skipped, unique.len());
        let first = fixes.iter().map(|f| f.range.start).min().unwrap_or(text.len()).min(text.len());
        let first = (0..=first).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        prop_assert!(result.text.starts_with(&text[..first]));
    }

    #[test]
    fn fixing_with_the_builtin_rules_reaches_a_fixed_point(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("word"), Just("Seoul"), Just(" "), Just("  "), Just(","), Just(" ."),
                Just("，"), Just("。"), Just("\n"), Just("\n\n"), Just("\""), Just("“"),
                Just("”"), Just("'"), Just("’"), Just("("), Just(")"), Just("the the"),
                Just("\t"), Just(";"), Just("April 2-According"),
            ],
            0..30,
        )
    ) {
        let mut text = parts.concat();
        let mut settled = false;
        for _ in 0..8 {
            let next = fix_pass(&text);
            if next == text {
                settled = true;
                break;
            }
            text = next;
        }
        prop_assert!(settled, "no fixed point: {:?}", text);
        prop_assert_eq!(fix_pass(&text), text);
    }
}

/// The built-in rules and the ids of the fixable ones, built once.
static RULES: LazyLock<(RuleSet, BTreeSet<String>)> = LazyLock::new(|| {
    let rules =
        RuleSet::build(&mut Corpus::new(), &Config::default()).expect("built-in rules load");
    let fixable = rules
        .rules()
        .filter(|r| r.meta().fixable)
        .map(|r| r.meta().id.to_string())
        .collect();
    (rules, fixable)
});

/// One pass of what `check --fix` does: lint, then apply every fix of a fixable rule.
fn fix_pass(text: &str) -> String {
    let (rules, fixable) = &*RULES;
    let mut corpus = Corpus::new();
    corpus.add_document("generated.txt", text);
    let fixes: Vec<Fix> = lint(&corpus, rules)
        .into_iter()
        .filter(|d| fixable.contains(d.rule.as_str()))
        .filter_map(|d| d.fix.map(|f| *f))
        .collect();
    apply(text, &fixes).text
}

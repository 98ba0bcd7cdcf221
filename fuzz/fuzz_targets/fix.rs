//! Arbitrary bytes linted with the default rules, then fixed. Bytes outside the fix ranges
//! must be kept; each rule's fixes must be idempotent (after a round that skipped none, the
//! rule finds nothing more to fix); fixing with every rule must reach a fixed point within a
//! few rounds (one rule's fix may make work for another, so one round is not enough).
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use translint::diagnostic::Fix;
use translint::fix::apply;

fn of(fixes: &[(String, Fix)], rule: &str) -> Vec<Fix> {
    fixes
        .iter()
        .filter(|(r, _)| r == rule)
        .map(|(_, f)| f.clone())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((format, text)) = translint_fuzz::read(data) else {
        return;
    };
    let fixes = translint_fuzz::lint_and_check(format, &text);
    let rules: BTreeSet<&str> = fixes.iter().map(|(r, _)| r.as_str()).collect();
    for rule in rules {
        let mine = of(&fixes, rule);
        let once = apply(&text, &mine);
        translint_fuzz::check_fix_locality(&text, &mine, &once.text);
        if once.skipped == 0 {
            let again = of(&translint_fuzz::lint_and_check(format, &once.text), rule);
            let twice = apply(&once.text, &again);
            assert_eq!(
                twice.text, once.text,
                "{rule}: fixing a fixed text changed it"
            );
        }
    }
    let mut current = text;
    for _ in 0..8 {
        let all: Vec<Fix> = translint_fuzz::lint_and_check(format, &current)
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        let applied = apply(&current, &all);
        translint_fuzz::check_fix_locality(&current, &all, &applied.text);
        if applied.text == current {
            return;
        }
        current = applied.text;
    }
    panic!("fixes do not converge in 8 rounds: {current:?}");
});

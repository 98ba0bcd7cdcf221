//! Arbitrary bytes linted with the default rules, then fixed: bytes outside the fix ranges
//! must be kept, the result must lint cleanly of invariant violations, and fixing again
//! after a round with no skipped fix must change nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use translint::fix::apply;

fuzz_target!(|data: &[u8]| {
    let Some((format, text)) = translint_fuzz::read(data) else {
        return;
    };
    let fixes = translint_fuzz::lint_and_check(format, &text);
    let once = apply(&text, &fixes);
    assert_eq!(once.applied + once.skipped, {
        let mut unique = fixes.clone();
        unique.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.replacement).cmp(&(
                b.range.start,
                b.range.end,
                &b.replacement,
            ))
        });
        unique.dedup();
        unique.len()
    });
    translint_fuzz::check_fix_locality(&text, &fixes, &once.text);
    let again = translint_fuzz::lint_and_check(format, &once.text);
    if once.skipped == 0 {
        let twice = apply(&once.text, &again);
        assert_eq!(twice.text, once.text, "fixing a fixed text changed it");
    }
});

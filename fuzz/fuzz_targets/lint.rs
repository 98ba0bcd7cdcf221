//! Arbitrary bytes read as a document and linted with every default rule; every span,
//! label and fix must be a char range of its file, and every renderer must cope.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((format, text)) = translint_fuzz::read(data) {
        translint_fuzz::lint_and_check(format, &text);
    }
});

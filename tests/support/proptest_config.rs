//! The one proptest configuration of the property tests.

use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};

/// Deterministic by default, so `cargo test` gives the same verdict every run: a fixed seed
/// and the given number of cases, unless `PROPTEST_RNG_SEED` or `PROPTEST_CASES` ask for others (explore with `PROPTEST_RNG_SEED=$RANDOM
/// PROPTEST_CASES=2000 cargo test --test properties`). A failure found that way is recorded
/// under target/, never in the checkout; the ones worth keeping become plain tests.
pub fn config(cases: u32) -> Config {
    let defaults = Config::default();
    let mut config = Config {
        // `Config::default()` has read PROPTEST_CASES and PROPTEST_RNG_SEED, if set.
        cases: match std::env::var_os("PROPTEST_CASES") {
            Some(_) => defaults.cases,
            None => cases,
        },
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "target/proptest-regressions/failures.txt",
        ))),
        ..defaults
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x7472_616e_736c_696e);
    }
    config
}

//! `calque/*` rules written in code. Most calque rules are data (`rules/calque.toml`); the ones
//! here need a scan a regex cannot do fast.

mod untranslated_cjk;

use crate::rules::Rule;

pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(untranslated_cjk::UntranslatedCjk::new())]
}

//! `suppression/*`: reports about suppressions themselves. The suppressing is done by
//! `crate::suppress`, which reports under these ids; the rules here only carry the metadata,
//! so the ids are documented, listed and configurable like any other rule.

mod unused;

use crate::rules::Rule;

pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![Box::new(unused::Unused::new())]
}

//! `typography/*`: quotes, brackets and repeated words.

mod doubled_word;
mod mixed_quotes;
mod unbalanced;

use crate::rules::Rule;

pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(mixed_quotes::MixedQuotes::new()),
        Box::new(unbalanced::UnbalancedQuotes::new()),
        Box::new(unbalanced::UnbalancedBrackets::new()),
        Box::new(doubled_word::DoubledWord::new()),
    ]
}

//! `spacing/*`: stray, doubled and missing spaces. The rules with an obvious fix carry it.

mod double_space;
mod leading_whitespace;
mod missing_space_after_punct;
mod space_before_punct;
mod trailing_whitespace;

use crate::rules::Rule;

pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(space_before_punct::SpaceBeforePunct::new()),
        Box::new(double_space::DoubleSpace::new()),
        Box::new(leading_whitespace::LeadingWhitespace::new()),
        Box::new(trailing_whitespace::TrailingWhitespace::new()),
        Box::new(missing_space_after_punct::MissingSpaceAfterPunct::new()),
    ]
}

/// Whether a byte is horizontal whitespace in the prose view.
pub(crate) fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

//! Arbitrary bytes read as the CLI reads a file, then built into a plain or Markdown document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use translint::document::{Document, Format};

fuzz_target!(|data: &[u8]| {
    if let Some((format, text)) = translint_fuzz::read(data) {
        let doc = Document::with_format(0, "fuzz", text.as_str(), format);
        translint_fuzz::check_document(&doc);
        // The other format too: a `.txt` file may hold Markdown and vice versa.
        let other = if format == Format::Plain {
            Format::Markdown
        } else {
            Format::Plain
        };
        translint_fuzz::check_document(&Document::with_format(0, "fuzz", text, other));
    }
});

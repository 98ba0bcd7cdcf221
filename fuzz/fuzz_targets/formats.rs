//! Arbitrary text read as a bilingual file (the first byte picks PO, XLIFF, TMX, TSV or a TBX
//! termbase). A file that does not parse must give an error inside the file; one that parses
//! must give segments whose targets lie inside it, a prose view that keeps the length, and
//! diagnostics that hold every invariant, with every fix inside a target.
#![no_main]

use libfuzzer_sys::fuzz_target;
use translint::document::{Document, Format};
use translint::engine::{self, Corpus};

const FORMATS: &[(Format, &str)] = &[
    (Format::Po, "fuzz.po"),
    (Format::Xliff, "fuzz.xlf"),
    (Format::Tmx, "fuzz.tmx"),
    (Format::Tsv, "fuzz.tsv"),
];

fn char_range(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let pick = usize::from(first) % (FORMATS.len() + 1);
    let Some(&(format, name)) = FORMATS.get(pick) else {
        // A termbase: concepts with terms, or an error inside the file.
        match translint::document::formats::tbx::parse(text) {
            Ok(concepts) => assert!(concepts.iter().all(|c| !c.terms.is_empty())),
            Err(e) => assert!(char_range(text, &e.range), "error span {:?}", e.range),
        }
        return;
    };

    let mut corpus = Corpus::new();
    for source in &translint_fuzz::DEFAULTS.aux {
        corpus.add_source(source.clone());
    }
    let doc = Document::with_format(corpus.next_id(), name, text, format);
    if let Some(e) = &doc.format_error {
        assert!(char_range(text, &e.range), "error span {:?}", e.range);
        return;
    }
    // The prose view keeps every byte, masks it, or (a PO `\"` escape) shows its quote.
    assert_eq!(doc.prose.len(), text.len(), "prose view keeps the length");
    for (i, (p, t)) in doc.prose.bytes().zip(text.bytes()).enumerate() {
        assert!(
            p == t || p == translint::document::MASK || (p == b'"' && format == Format::Po),
            "prose byte {i} is neither the original, a mask nor a shown quote"
        );
        assert!(
            !(t == b'\n' || t == b'\r') || p == t,
            "line terminators survive masking"
        );
    }
    let targets: Vec<std::ops::Range<usize>> = doc
        .bitext
        .iter()
        .flat_map(|b| b.segments.iter().map(|s| s.target.clone()))
        .collect();
    for t in &targets {
        assert!(
            char_range(text, t),
            "target {t:?} is not a char range of the file"
        );
    }
    let id = doc.id;
    corpus.push_document(doc);
    let diagnostics = engine::lint(&corpus, &translint_fuzz::DEFAULTS.rules);
    translint_fuzz::check_diagnostics(&corpus, &diagnostics);
    for d in diagnostics.iter().filter(|d| d.span.file == id) {
        if let Some(fix) = &d.fix {
            assert!(
                targets
                    .iter()
                    .any(|t| t.start <= fix.range.start && fix.range.end <= t.end),
                "{}: fix {:?} is outside every target",
                d.rule,
                fix.range
            );
        }
    }
});

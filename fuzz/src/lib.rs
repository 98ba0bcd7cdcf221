//! Shared setup and invariant checks for the fuzz targets.
//!
//! Every check panics on violation, which libFuzzer reports as a crash: a span off a
//! character boundary or outside its file, a byte changed outside a fix, a renderer that
//! falls over. Building the default rule set compiles regexes, so it is done once.

use std::sync::LazyLock;

use translint::config::Config;
use translint::diagnostic::{Diagnostic, Fix};
use translint::document::{Document, Format, Source};
use translint::engine::{self, Corpus, RuleSet};
use translint::render::{self, Summary};
use translint::workspace::{ReadOutcome, classify};

/// The default rules, and the sources they registered (the built-in packs).
pub struct Defaults {
    pub aux: Vec<Source>,
    pub rules: RuleSet,
}

/// Without the findings cap: the fix targets check that fixing every finding converges,
/// which a cap (fixes of the first N findings only per round) would make depend on size.
/// `lint_large` runs the default, capped rules.
pub static DEFAULTS: LazyLock<Defaults> = LazyLock::new(|| {
    let mut corpus = Corpus::new();
    let mut config = Config::default();
    config.file.max_findings_per_rule = Some(0);
    let rules = RuleSet::build(&mut corpus, &config).expect("built-in rules load");
    Defaults {
        aux: corpus.aux,
        rules,
    }
});

/// Splits fuzz input into a format (first byte) and file bytes, and reads them as the CLI
/// does. `None` when the bytes are not a text file (binary or invalid UTF-8).
pub fn read(data: &[u8]) -> Option<(Format, String)> {
    let (&first, rest) = data.split_first()?;
    let format = if first & 1 == 0 {
        Format::Plain
    } else {
        Format::Markdown
    };
    match classify(rest.to_vec()) {
        ReadOutcome::Text(text) => Some((format, text)),
        ReadOutcome::InvalidUtf8 { valid, offset } => {
            assert_eq!(valid.len(), offset, "valid prefix ends at the bad byte");
            assert!(rest.starts_with(valid.as_bytes()));
            None
        }
        ReadOutcome::Binary => {
            assert!(rest.contains(&0));
            None
        }
        ReadOutcome::Failed(_) => {
            assert!(rest.starts_with(&[0xFF, 0xFE]) || rest.starts_with(&[0xFE, 0xFF]));
            None
        }
    }
}

/// A corpus of the default rules' sources plus one document.
pub fn corpus_with(format: Format, text: &str) -> Corpus {
    let mut corpus = Corpus::new();
    for source in &DEFAULTS.aux {
        corpus.add_source(source.clone());
    }
    let name = match format {
        Format::Plain => "fuzz.txt",
        Format::Markdown => "fuzz.md",
        Format::Po => "fuzz.po",
        Format::Xliff => "fuzz.xlf",
        Format::Tmx => "fuzz.tmx",
        Format::Tsv => "fuzz.tsv",
    };
    let doc = Document::with_format(corpus.next_id(), name, text, format);
    corpus.push_document(doc);
    corpus
}

/// The document model's own invariants.
pub fn check_document(doc: &Document) {
    let text = doc.text();
    assert_eq!(doc.prose.len(), text.len(), "prose view keeps the length");
    for (i, (p, t)) in doc.prose.bytes().zip(text.bytes()).enumerate() {
        assert!(
            p == t || p == translint::document::MASK,
            "prose byte {i} is neither the original nor a mask"
        );
        assert!(
            !(t == b'\n' || t == b'\r') || p == t,
            "line terminators survive masking"
        );
    }
    let starts = doc.source.line_starts();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "line starts ascend");
    for &s in starts {
        assert!(text.is_char_boundary(s));
    }
    for line in 0..starts.len() {
        let r = doc.source.line_range(line);
        assert!(r.start <= r.end && r.end <= text.len());
        let _ = doc.is_blank_line(line);
    }
    let mut last = 0;
    for para in doc.paragraphs() {
        assert!(para.start >= last && para.start <= para.end && para.end <= text.len());
        last = para.end;
    }
}

/// Every span, label and fix lies on character boundaries inside its file; positions and
/// every renderer work on them.
pub fn check_diagnostics(corpus: &Corpus, diagnostics: &[Diagnostic]) {
    let files = corpus.aux.len() + corpus.docs.len();
    let in_file = |file: usize, range: &std::ops::Range<usize>, what: &str| {
        assert!(file < files, "{what} in unknown file {file}");
        let text = &corpus.source(file).text;
        assert!(
            range.start <= range.end
                && range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end),
            "{what} {range:?} is not a char range of file {file} ({} bytes)",
            text.len()
        );
        let _ = corpus.source(file).line_col(range.start);
        let _ = corpus.source(file).line_col(range.end);
    };
    for d in diagnostics {
        in_file(d.span.file, &d.span.range, &format!("{} span", d.rule));
        for label in &d.labels {
            in_file(
                label.span.file,
                &label.span.range,
                &format!("{} label", d.rule),
            );
        }
        if let Some(fix) = &d.fix {
            in_file(d.span.file, &fix.range, &format!("{} fix", d.rule));
        }
    }
    let summary = Summary::new(corpus.docs.len(), diagnostics);
    let _ = render::human::render_to_string(corpus, diagnostics, Some(summary));
    render::short::write(&mut Vec::new(), corpus, diagnostics, &|d| d.fix.is_some())
        .expect("writes to memory");
    let mut json = Vec::new();
    render::json::write(&mut json, corpus, diagnostics, summary).expect("writes to memory");
    assert!(
        serde_json::from_slice::<serde_json::Value>(&json).is_ok(),
        "JSON output does not parse"
    );
}

/// Lints `text` with the default rules and checks every invariant; returns the fixes of the
/// document's diagnostics, each with its rule id.
pub fn lint_and_check(format: Format, text: &str) -> Vec<(String, Fix)> {
    let corpus = corpus_with(format, text);
    check_document(&corpus.docs[0]);
    let diagnostics = engine::lint(&corpus, &DEFAULTS.rules);
    check_diagnostics(&corpus, &diagnostics);
    let doc = corpus.docs[0].id;
    diagnostics
        .into_iter()
        .filter(|d| d.span.file == doc)
        .filter_map(|d| d.fix.map(|f| (d.rule.to_string(), *f)))
        .collect()
}

/// The bytes outside every fix range are kept, in order: `result` is
/// gap0 + r1 + gap1 + ... + gapN where the gaps are the text between the (merged) ranges.
pub fn check_fix_locality(text: &str, fixes: &[Fix], result: &str) {
    let mut ranges: Vec<_> = fixes.iter().map(|f| f.range.clone()).collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut gaps = Vec::new();
    let mut cursor = 0;
    for r in ranges {
        if r.start > cursor {
            gaps.push(&text[cursor..r.start]);
        }
        cursor = cursor.max(r.end);
    }
    let tail = &text[cursor.min(text.len())..];
    let mut rest = result;
    let Some((first, middle)) = gaps.split_first() else {
        assert!(result.ends_with(tail), "text after the last fix changed");
        return;
    };
    if fixes.iter().all(|f| f.range.start > 0) {
        assert!(rest.starts_with(first), "text before the first fix changed");
        rest = &rest[first.len()..];
    } else {
        let at = rest.find(first).expect("a gap between fixes is lost");
        rest = &rest[at + first.len()..];
    }
    for gap in middle {
        let at = rest.find(gap).expect("a gap between fixes is lost");
        rest = &rest[at + gap.len()..];
    }
    assert!(rest.ends_with(tail), "text after the last fix changed");
}

//! Every bug the fuzzers and property tests found, as a plain test that fails without the
//! fix. Each names where it was found and which file holds the fix.

use translint::config::Config;
use translint::diagnostic::Diagnostic;
use translint::document::Source;
use translint::engine::{Corpus, RuleSet, lint};
use translint::fix::apply;
use translint::rules::data::load_pack;
use translint::rules::facts::{CorpusFacts, extract_all};

fn lint_texts(docs: &[(&str, &str)]) -> (Corpus, Vec<Diagnostic>) {
    let mut corpus = Corpus::new();
    let rules = RuleSet::build(&mut corpus, &Config::default()).expect("built-in rules load");
    for (name, text) in docs {
        corpus.add_document(*name, *text);
    }
    let diagnostics = lint(&corpus, &rules);
    (corpus, diagnostics)
}

fn fix_once(text: &str) -> String {
    let (_, diagnostics) = lint_texts(&[("a.txt", text)]);
    let fixes: Vec<_> = diagnostics
        .into_iter()
        .filter_map(|d| d.fix.map(|f| *f))
        .collect();
    apply(text, &fixes).text
}

/// properties.rs (fixing twice): the rule's regex consumed the mark of one match, so a space
/// before the next mark went unseen until the first was fixed. Fixed in
/// src/rules/spacing/space_before_punct.rs (main's memchr rewrite looks back from each mark,
/// which also fixes it; this test keeps it fixed).
#[test]
fn space_before_consecutive_marks_is_found_in_one_pass() {
    let (_, diagnostics) = lint_texts(&[("a.txt", "the , !")]);
    let spaces = diagnostics
        .iter()
        .filter(|d| d.rule == "spacing/space-before-punct")
        .count();
    assert_eq!(spaces, 2);
    assert_eq!(fix_once("the , !"), "the,!");
}

/// properties.rs (file order): a tie between two forms of a corpus-scope consistency group
/// was broken by file id, so renumbering the files flipped which form was flagged.
/// Fixed in src/rules/data.rs (ties broken by file name, then position).
#[test]
fn consistency_tie_does_not_depend_on_file_order() {
    let pack = r#"
[[rule]]
id = "test/email"
kind = "consistency"
scope = "corpus"
summary = "s"
message = "`{form}` here, `{majority}` elsewhere"
groups = [["e-mail", "email"]]
"#;
    let flagged = |order: &[(&str, &str)]| {
        let mut corpus = Corpus::new();
        let id = corpus.add_source(Source::new("pack.toml", pack));
        let rules = load_pack(corpus.source(id), id).expect("pack loads");
        for (name, text) in order {
            corpus.add_document(*name, *text);
        }
        let mut out = Vec::new();
        let extractors: Vec<_> = rules[0].extractor().into_iter().collect();
        let facts = extract_all(&corpus.docs, &extractors);
        rules[0].check_corpus(&corpus, &CorpusFacts::new(facts.iter().collect()), &mut out);
        out.iter()
            .map(|d| corpus.source(d.span.file).name.clone())
            .collect::<Vec<_>>()
    };
    let a = ("a.txt", "Send an email.");
    let b = ("b.txt", "Send an e-mail.");
    assert_eq!(flagged(&[a, b]), ["b.txt"]);
    assert_eq!(flagged(&[b, a]), ["b.txt"]);
}

/// hostile.rs (10 MB single line): columns were counted from the line start for every
/// finding, quadratic on one long line; they now come from a character index kept every
/// 4 KiB. Checked here against a plain count, across many index boundaries and with
/// multi-byte characters straddling them. Fixed in src/document/mod.rs (and the human renderer
/// in src/render/human.rs uses the same count and stops printing over-long lines).
#[test]
fn columns_on_a_long_line_match_a_plain_count() {
    let text = format!("\u{feff}x\n{}", "é東a\u{301}😀 ".repeat(3000));
    let source = Source::new("long.txt", text.clone());
    let line_start = text.find('\n').unwrap() + 1;
    for byte in (line_start..=text.len())
        .filter(|&b| text.is_char_boundary(b))
        .step_by(7)
    {
        let expected = text[line_start..byte].chars().count() + 1;
        assert_eq!(source.line_col(byte), (2, expected), "at byte {byte}");
    }
    assert_eq!(source.line_col(3), (1, 1));
}

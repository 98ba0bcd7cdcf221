//! The names rules over a corpus of several files (fixtures/names/): the cross-file
//! diagnostics exactly as the user sees them, with and without a glossary.

use std::path::Path;

use translint::config::Config;
use translint::diagnostic::Diagnostic;
use translint::document::Source;
use translint::engine::{Corpus, RuleSet, lint};
use translint::render::human::render_to_string;

/// Lints every file of `dir` (sorted by name) with `lint_toml` as config; renders the names
/// findings.
fn run(dir: &str, lint_toml: Option<&str>) -> (String, Vec<Diagnostic>, Corpus) {
    let mut corpus = Corpus::new();
    let config = match lint_toml {
        Some(text) => {
            let id = corpus.add_source(Source::new("lint.toml", text));
            Config::parse(corpus.source(id), id, Default::default()).expect("config parses")
        }
        None => Config::default(),
    };
    let rules = RuleSet::build(&mut corpus, &config).expect("rules load");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture text");
        let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
        corpus.add_document(name, text);
    }
    let found: Vec<Diagnostic> = lint(&corpus, &rules)
        .into_iter()
        .filter(|d| d.rule.starts_with("names/"))
        .collect();
    (render_to_string(&corpus, &found, None), found, corpus)
}

#[test]
fn cross_file_names_without_config() {
    let (rendered, _, _) = run("fixtures/names", None);
    insta::assert_snapshot!(rendered);
}

#[test]
fn glossary_near_miss_says_did_you_mean() {
    let glossary = "[[names.entity]]\ncanonical = \"Antony Blinken\"\nfamily = \"Blinken\"\n";
    let (rendered, found, _) = run("fixtures/names", Some(glossary));
    let brinken: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.rule == "names/near-miss" && d.message.starts_with("`Brinken`"))
        .collect();
    assert_eq!(brinken.len(), 1, "{rendered}");
    assert_eq!(
        brinken[0].help.as_deref(),
        Some("did you mean \"Blinken\"?")
    );
    assert_eq!(brinken[0].fix.as_ref().unwrap().replacement, "Blinken");
    insta::assert_snapshot!(rendered);
}

#[test]
fn seeds_report_the_known_problems_and_nothing_else() {
    let (rendered, found, _) = run("fixtures/seeds", None);
    let mut summary: Vec<String> = found
        .iter()
        .map(|d| format!("{} {}", d.rule, d.message))
        .collect();
    summary.sort();
    insta::assert_snapshot!(summary.join("\n"));
    let funakoshi = found
        .iter()
        .find(|d| d.rule == "names/same-family-name")
        .expect("Funakoshi reported");
    assert_ne!(
        funakoshi.span.file, funakoshi.labels[0].span.file,
        "{rendered}"
    );
}

#[test]
fn nothing_in_markdown_code_is_seen() {
    let (_, found, corpus) = run("fixtures/names", None);
    let md = corpus
        .docs
        .iter()
        .find(|d| d.name().ends_with("04_markdown.md"))
        .expect("markdown fixture");
    let prose_from = md.text().find("Takeshi Funakoshi spoke").unwrap();
    let spans = found
        .iter()
        .flat_map(|d| std::iter::once(&d.span).chain(d.labels.iter().map(|l| &l.span)));
    for span in spans.filter(|s| s.file == md.id) {
        assert!(span.range.start >= prose_from, "code was checked: {span:?}");
    }
}

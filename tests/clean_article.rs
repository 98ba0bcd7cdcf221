//! A clean, human-edited news article (written for this test, in AP style) raises nothing at
//! warning level from the calque and style packs: the packs' defaults are tuned for precision.

use translint::config::Config;
use translint::diagnostic::Severity;
use translint::engine::{Corpus, RuleSet, lint};

#[test]
fn clean_article_raises_no_calque_or_style_warning() {
    let text = include_str!("../fixtures/ap-style/news_article.txt");
    let mut corpus = Corpus::new();
    let rules = RuleSet::build(&mut corpus, &Config::default()).expect("built-in rules load");
    corpus.add_document("news_article.txt", text);
    let loud: Vec<String> = lint(&corpus, &rules)
        .into_iter()
        .filter(|d| d.severity >= Severity::Warning)
        .filter(|d| d.rule.starts_with("calque/") || d.rule.starts_with("style/"))
        .map(|d| format!("{}: {} at {:?}", d.rule, d.message, d.span.range))
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
}

#[test]
fn the_same_article_with_machine_translation_slips_is_flagged() {
    let text = include_str!("../fixtures/ap-style/news_article.txt")
        .replace(
            "12 former \"comfort women,\"",
            "12 original \"comfort women,\"",
        )
        .replace("on Thursday, April 1,", "on the 1st local time")
        .replace("12.5%", "12.5 percent")
        .replace("He declined", "the meeting He declined");
    let mut corpus = Corpus::new();
    let rules = RuleSet::build(&mut corpus, &Config::default()).expect("built-in rules load");
    corpus.add_document("news_article.txt", text);
    let found: Vec<String> = lint(&corpus, &rules)
        .into_iter()
        .map(|d| d.rule.to_string())
        .collect();
    for rule in [
        "calque/original-for-former",
        "calque/local-time-date",
        "calque/run-on-sentence",
        "style/percent",
    ] {
        assert!(found.iter().any(|r| r == rule), "{rule} not in {found:?}");
    }
}

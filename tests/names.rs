//! The names rules over a corpus of several files (fixtures/names/): the cross-file
//! diagnostics exactly as the user sees them, with and without a glossary.

use std::path::Path;

#[path = "support/run.rs"]
mod support;

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

/// Lints `docs` (added in the given order) with `lint_toml`; the names findings, rendered.
fn lint_docs(lint_toml: &str, docs: &[(&str, &str)]) -> (String, Vec<Diagnostic>, Corpus) {
    let mut corpus = Corpus::new();
    let id = corpus.add_source(Source::new("lint.toml", lint_toml));
    let config = Config::parse(corpus.source(id), id, Default::default()).expect("config parses");
    let rules = RuleSet::build(&mut corpus, &config).expect("rules load");
    for (name, text) in docs {
        corpus.add_document(*name, *text);
    }
    let found: Vec<Diagnostic> = lint(&corpus, &rules)
        .into_iter()
        .filter(|d| d.rule.starts_with("names/"))
        .collect();
    (render_to_string(&corpus, &found, None), found, corpus)
}

/// (file, flagged text, rule, fix) of every finding, sorted: comparable across runs.
fn summary(found: &[Diagnostic], corpus: &Corpus) -> Vec<(String, String, String, Option<String>)> {
    let mut out: Vec<_> = found
        .iter()
        .map(|d| {
            let src = corpus.source(d.span.file);
            (
                src.name.clone(),
                src.text[d.span.range.clone()].to_string(),
                d.rule.to_string(),
                d.fix.as_ref().map(|f| f.replacement.clone()),
            )
        })
        .collect();
    out.sort();
    out
}

/// Many people, each in both orders and two spellings, over two files: whichever order the
/// files come in, no span gets two findings and no fix undoes another.
#[test]
fn contradictory_advice_is_impossible() {
    let a = "Foreign Minister Toshimitsu Motegi met Yoshimasa Hayashi and Fumio Kishida. \
             Hayashi Yoshimasa spoke, and Fumio Kishida agreed with Katsunobu Kato. \
             Later Yoshimasa Hayashi met Taro Kono and Shinjiro Koizumi. Lee Sang-yeol came.";
    let b = "Kishida Fumio met Motegi Toshimitsu. Hayashi Yoshimasa and Kato Katsunobu left. \
             Kono Taro and Koizumi Shinjiro stayed. Lee Sangyeol and Lee Sang-yeol met Hayashi Yoshimasa.";
    for docs in [[("a.txt", a), ("b.txt", b)], [("b.txt", b), ("a.txt", a)]] {
        let (rendered, found, corpus) = lint_docs("", &docs);
        let mut spans: Vec<_> = found
            .iter()
            .map(|d| {
                (
                    corpus.source(d.span.file).name.clone(),
                    d.span.range.clone(),
                )
            })
            .collect();
        spans.sort_by_key(|(f, r)| (f.clone(), r.start));
        for w in spans.windows(2) {
            assert!(
                w[0].0 != w[1].0 || w[0].1.end <= w[1].1.start,
                "two findings on one span:\n{rendered}"
            );
        }
        let fixes: Vec<(String, String)> = summary(&found, &corpus)
            .into_iter()
            .filter_map(|(_, text, _, fix)| fix.map(|f| (text, f)))
            .collect();
        for (from, to) in &fixes {
            assert!(
                !fixes.iter().any(|(f, t)| f == to && t == from),
                "`{from}` -> `{to}` and back:\n{rendered}"
            );
        }
        assert!(!found.is_empty(), "the corpus is built to provoke findings");
    }
}

/// One "Fumio Kishida" against one "Kishida Fumio" in a publication that writes Japanese names
/// both ways: nothing decides, so no fix, and the same findings whichever order the files are
/// named in.
#[test]
fn a_tie_gives_no_fix_and_the_same_output_in_any_file_order() {
    let a = ("a.txt", "Prime Minister Fumio Kishida met Taro Aso.");
    let b = ("b.txt", "Kishida Fumio met Motegi Toshimitsu.");
    let (_, first, c1) = lint_docs("", &[a, b]);
    let (_, second, c2) = lint_docs("", &[b, a]);
    assert_eq!(summary(&first, &c1), summary(&second, &c2));
    assert!(first.iter().all(|d| d.fix.is_none()), "{first:?}");
    assert!(
        first.iter().all(|d| d.rule == "names/unsettled-form"),
        "{first:?}"
    );
    assert!(!first.is_empty());
}

/// Places and facilities named like people never enter the person rules.
#[test]
fn places_and_facilities_shaped_like_persons_pass() {
    let text = "Toshimitsu Motegi, Yoshihide Suga and Fumio Kishida visited Soma Nakamura Shrine, \
                the Fukushima Daiichi plant, Ueno Station and Koriyama Chuo. Taro Kono went to \
                Sato Village and Yufuin-cho, then to Kiyomizu-dera.";
    let (rendered, found, _) = lint_docs("", &[("a.txt", text)]);
    assert!(found.is_empty(), "{rendered}");
}

/// Publications keep their own conventions: one folder writes family name first, the other
/// given name first, and neither is corrected to the other.
#[test]
fn publications_keep_their_own_conventions() {
    let kyodo = (
        "kyodo/a.txt",
        "Kishida Fumio met Hayashi Yoshimasa, Kono Taro and Motegi Toshimitsu.",
    );
    let wire = (
        "wire/a.txt",
        "Fumio Kishida met Yoshimasa Hayashi, Taro Kono and Toshimitsu Motegi.",
    );
    let (rendered, found, _) = lint_docs("[names]\npublication = \"folder\"\n", &[kyodo, wire]);
    assert!(found.is_empty(), "{rendered}");
    // As one publication, the two conventions meet and nothing is settled: hints, no fixes.
    let (_, found, _) = lint_docs("", &[kyodo, wire]);
    assert!(!found.is_empty());
    assert!(found.iter().all(|d| d.fix.is_none()));
    // A declared order settles it, with safe fixes.
    let (_, found, corpus) = lint_docs(
        "[names]\norder = { ja = \"family-first\" }\n",
        &[kyodo, wire],
    );
    let s = summary(&found, &corpus);
    assert!(s.iter().any(|(f, t, r, fix)| f == "wire/a.txt"
        && t == "Fumio Kishida"
        && r == "names/order"
        && fix.as_deref() == Some("Kishida Fumio")));
    assert!(
        found
            .iter()
            .all(|d| d.fix.as_ref().is_some_and(|f| f.is_safe()))
    );
}

/// A fix is safe when the publication uses the standard form at least three times as often;
/// below that it is a suggestion.
#[test]
fn name_fixes_are_safe_only_when_clearly_settled() {
    let fix_of = |text: &str| {
        let (_, found, _) = lint_docs("", &[("a.txt", text)]);
        let d = found
            .iter()
            .find(|d| d.rule == "names/inconsistent-romanisation")
            .expect("a finding");
        d.fix.as_ref().map(|f| (f.replacement.clone(), f.is_safe()))
    };
    assert_eq!(
        fix_of(
            "Lee Sang-yeol met Moon. Lee Sang-yeol left. Lee Sang-yeol spoke. Lee Sangyeol came."
        ),
        Some(("Lee Sang-yeol".to_string(), true))
    );
    assert_eq!(
        fix_of("Lee Sang-yeol met Moon. Lee Sang-yeol left. Lee Sangyeol came."),
        Some(("Lee Sang-yeol".to_string(), false))
    );
}

/// The command line drops a document's text after its per-document pass: the names decision
/// must read only the documents' facts (it once sliced a dropped text and panicked).
#[test]
fn the_names_decision_reads_no_text_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "The Treaty of Tientsin was signed long ago. The talks in Teheran ended.\n\
         She posted it on youtube. Ding Ming spoke, and Ding ming left.\n",
    )
    .unwrap();
    let out = support::translint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--no-cache",
            "--select",
            "names",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = support::json(&out);
    let mut found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    let rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "names/brand-case",
            "names/dated-spelling",
            "names/person-case"
        ],
        "{found:?}"
    );
    assert!(found[0].1.contains("`youtube`"), "{found:?}");
    assert!(found[1].1.contains("`Teheran`"), "{found:?}");
}

/// The label of a finding points, among the other form's uses on the nearest line of other
/// files, at the one in the sentence that names the same other entities: in parallel
/// versions of an article, the same sentence. Whichever order the files come in.
#[test]
fn the_label_points_at_the_other_form_in_the_most_alike_sentence() {
    let a = ("a.txt", "Kishida Fumio spoke to reporters in Kyoto.\n");
    let b = (
        "b.txt",
        "Kishida Fumio met Tanaka Kakuei at Osaka Castle.\n",
    );
    let c = (
        "c.txt",
        "Fumio Kishida met Kakuei Tanaka at Osaka Castle.\n",
    );
    for docs in [[a, b, c], [c, b, a]] {
        let (rendered, found, corpus) = lint_docs("", &docs);
        let on_c = found
            .iter()
            .find(|d| corpus.source(d.span.file).name == "c.txt" && d.span.range.start == 0)
            .unwrap_or_else(|| panic!("`Fumio Kishida` is reported:\n{rendered}"));
        let label = &on_c.labels[0];
        assert_eq!(corpus.source(label.span.file).name, "b.txt", "{rendered}");
    }
}

/// A role before a name is not part of it ("Pitcher Nakamori Shunsuke" is "Nakamori
/// Shunsuke"): the two orders of one person are seen, and one consistent order passes.
#[test]
fn roles_before_a_name_leave_the_person() {
    let flag = [
        ("a.txt", "Pitcher Shunsuke Nakamori threw well."),
        ("b.txt", "Pitcher Nakamori Shunsuke threw well."),
    ];
    let (rendered, found, corpus) = lint_docs("", &flag);
    let texts: Vec<_> = summary(&found, &corpus).into_iter().map(|s| s.1).collect();
    assert_eq!(
        texts,
        ["Shunsuke Nakamori", "Nakamori Shunsuke"],
        "{rendered}"
    );
    let pass = [
        ("a.txt", "Pitcher Shunsuke Nakamori threw well."),
        (
            "b.txt",
            "Later, Shunsuke Nakamori and Suspect Yoshikazu Okubo spoke.",
        ),
    ];
    let (rendered, found, _) = lint_docs("", &pass);
    assert!(found.is_empty(), "{rendered}");
}

/// Alliance, Coalition, Society, Chamber... head an organisation's name: one written with and
/// without a hyphen is noted (a house-style matter, no fix); one written one way passes.
#[test]
fn organisations_under_newer_head_words_are_one_entity() {
    let flag = [
        (
            "a.txt",
            "Soldiers of the Lao-Vietnam Combat Alliance attacked.",
        ),
        (
            "b.txt",
            "Soldiers of the Lao Vietnam Combat Alliance attacked.",
        ),
    ];
    let (rendered, found, _) = lint_docs("", &flag);
    assert_eq!(found.len(), 2, "{rendered}");
    assert!(
        found
            .iter()
            .all(|d| d.rule == "names/unsettled-form" && d.fix.is_none()),
        "{rendered}"
    );
    let pass = [
        (
            "a.txt",
            "Soldiers of the Lao-Vietnam Combat Alliance attacked.",
        ),
        ("b.txt", "The Lao-Vietnam Combat Alliance won."),
    ];
    let (rendered, found, _) = lint_docs("", &pass);
    assert!(found.is_empty(), "{rendered}");
}

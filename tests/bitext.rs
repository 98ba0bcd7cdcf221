//! Bilingual inputs through the binary: aligned pairs (`STEM.en` beside `STEM.zh|ja|ko`).

use std::path::Path;
use std::process::Output;

#[path = "support/run.rs"]
mod run;
use run::*;

/// `translint check --format json .` in `dir` (lint.toml included): its exit code and report.
fn check_json(dir: &Path) -> (Option<i32>, serde_json::Value) {
    let out = translint(dir, &["check", "--format", "json", "."]);
    (out.status.code(), json(&out))
}

/// The diagnostics of one rule in a JSON report.
fn of_rule<'a>(
    report: &'a serde_json::Value,
    rule: &'a str,
) -> impl Iterator<Item = &'a serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(move |d| d["rule"] == rule)
}

#[test]
fn an_aligned_pair_is_linted_on_its_english_side_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.zh"), "他们  来了。\n").unwrap();
    std::fs::write(dir.path().join("a.en"), "They  came.\n").unwrap();
    let out = translint(
        dir.path(),
        &["check", "--no-config", "--format", "json", "."],
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let paths: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(paths, [("a.en", "spacing/double-space")]);
}

#[test]
fn a_line_count_mismatch_exits_2_with_the_pair_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.ja"), "一\n二\n三\n").unwrap();
    std::fs::write(dir.path().join("a.en"), "One\nTwo\n").unwrap();
    let out = translint(
        dir.path(),
        &["check", "--no-config", "--format", "json", "."],
    );
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "io/misaligned-pair");
    assert_eq!(d["path"], "a.en");
    assert_eq!(d["labels"][0]["path"], "a.ja");
    assert_eq!(d["labels"][0]["line"], 3);
}

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

/// Every bilingual fixture, each format with its inline codes, plurals and escapes: findings
/// only in target text (the sources and the XLIFF `<alt-trans>` suggestion have the same
/// slips and are left alone).
#[test]
fn bilingual_fixtures_human_output() {
    let out = translint(
        Path::new(ROOT),
        &[
            "check",
            "--no-config",
            "--color",
            "never",
            "fixtures/bitext",
            "fixtures/bitext/terms.tsv",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("bitext_fixtures_human", stdout(&out));
}

/// `--fix` rewrites target text only, escaped for its format; every other byte is kept.
#[test]
fn fix_edits_target_text_only() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "news.zh-en.po",
        "guide.xlf",
        "memory.tmx",
        "terms.tsv",
        "wire.en",
        "wire.zh",
    ] {
        std::fs::copy(
            Path::new(ROOT).join("fixtures/bitext").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    let out = translint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--fix",
            "news.zh-en.po",
            "guide.xlf",
            "memory.tmx",
            "terms.tsv",
            "wire.en",
        ],
    );
    assert!(
        out.status.code().is_some(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let orig = |name: &str| {
        std::fs::read_to_string(Path::new(ROOT).join("fixtures/bitext").join(name)).unwrap()
    };
    let po = orig("news.zh-en.po")
        .replace("Treasury  said on Tuesday ,", "Treasury said on Tuesday,")
        .replace("have  signed", "have signed")
        .replace("said  \\\"good", "said \\\"good");
    assert_eq!(read("news.zh-en.po"), po);
    let xlf = orig("guide.xlf").replace("500 million yuan .", "500 million yuan.");
    assert_eq!(read("guide.xlf"), xlf);
    let tmx = orig("memory.tmx").replace("the  meeting", "the meeting");
    assert_eq!(read("memory.tmx"), tmx);
    assert_eq!(
        read("terms.tsv"),
        orig("terms.tsv")
            .replace("U.S.  Treasury", "U.S. Treasury")
            .replace("people .", "people.")
    );
    assert_eq!(read("wire.zh"), orig("wire.zh"));
}

/// A broken file of each format is one error at the line where it breaks, exit 2.
#[test]
fn malformed_files_are_errors_at_their_line() {
    let cases: &[(&str, &str, usize)] = &[
        (
            "a.po",
            "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\nmsgstr \"d\"\n",
            4,
        ),
        ("b.po", "msgid \"a\"\nmsgstr \"b\"\nmsgstr_typo \"x\"\n", 3),
        (
            "a.xlf",
            "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"fr\"><body>\n<trans-unit id=\"1\"><source>a</source>\n<target>b</source></trans-unit>\n</body></file></xliff>\n",
            3,
        ),
        (
            "a.xliff",
            "<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"fr\">\n<file id=\"f\"><unit id=\"u\"><segment>\n<source>a &bogus b</source>\n</segment></unit></file></xliff>\n",
            3,
        ),
        (
            "a.tmx",
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>a</seg></tuv>\n<tuv xml:lang=\"fr\"><seg>b</seg></tuv>\n</body></tmx>\n",
            4,
        ),
        ("a.tsv", "a\tb\nc\n", 2),
    ];
    for (name, text, line) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = translint(
            dir.path(),
            &["check", "--no-config", "--format", "json", name],
        );
        assert_eq!(out.status.code(), Some(2), "{name}");
        let report = json(&out);
        let d = &report["diagnostics"][0];
        assert_eq!(d["rule"], "io/malformed", "{name}");
        assert_eq!(d["line"], *line as u64, "{name}: {}", d["message"]);
    }
}

/// A glossary in lint.toml: the source term must be translated with the required term.
#[test]
fn terminology_glossary_from_lint_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lint.toml"),
        "[source.terms]\n\"财政部\" = \"Ministry of Finance\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.zh"),
        "财政部周二表示。\n财政部长发言。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.en"),
        "The Treasury said on Tuesday.\nThe Ministry of Finance head spoke.\n",
    )
    .unwrap();
    let (_, report) = check_json(dir.path());
    let found: Vec<_> = of_rule(&report, "source/terminology")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["labels"][0]["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found, [(1, "a.zh".to_string())]);
}

/// A TBX termbase named in lint.toml: its concepts apply to units of their languages; a
/// malformed termbase is an error at its line (exit 2).
#[test]
fn terminology_from_a_tbx_termbase() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("terms")).unwrap();
    std::fs::write(
        dir.path().join("lint.toml"),
        "[source]\ntbx = [\"terms/glossary.tbx\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("terms/glossary.tbx"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="save">
    <langSet xml:lang="en"><tig><term>Save</term></tig></langSet>
    <langSet xml:lang="ja"><tig><term>保存</term></tig></langSet>
  </termEntry>
</body></text></martif>
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app.ja.po"),
        "msgid \"\"\nmsgstr \"\"\n\"Language: ja\\n\"\n\nmsgid \"Save\"\nmsgstr \"セーブ\"\n\nmsgid \"Save as\"\nmsgstr \"名前を付けて保存\"\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, Some(1));
    let found: Vec<_> = of_rule(&report, "source/terminology")
        .map(|d| (d["line"].as_u64().unwrap(), d["notes"][0].clone()))
        .collect();
    assert_eq!(
        found,
        [(
            6,
            serde_json::json!("terms/glossary.tbx: concept `save`, `保存`")
        )]
    );

    std::fs::write(
        dir.path().join("terms/glossary.tbx"),
        "<martif>\n<text><body>\n<termEntry>\n</body></text></martif>\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, Some(2));
    let d = of_rule(&report, "config/tbx")
        .next()
        .expect("a config/tbx error");
    assert_eq!(d["line"], 4, "{}", d["message"]);
    assert!(d["path"].as_str().unwrap().ends_with("glossary.tbx"));
}

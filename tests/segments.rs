//! Files with one segment per line and no blank lines (machine-translation output, subtitles,
//! the WMT data): quotes and brackets pair within a line, and a word does not double across
//! a line break, whether the layout is detected or set in lint.toml.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// (rule, line) of every finding of `rules` in `translint check --format json ARGS`.
fn findings(cwd: &Path, args: &[&str], rules: &[&str]) -> Vec<(String, u64)> {
    let out = Command::new(env!("CARGO_BIN_EXE_translint"))
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("translint runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    report["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .filter(|d| rules.contains(&d["rule"].as_str().unwrap_or_default()))
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

const PAIRING: &[&str] = &[
    "typography/unbalanced-quotes",
    "typography/unbalanced-brackets",
    "typography/doubled-word",
];

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(r, l)| (r.to_string(), *l)).collect()
}

/// Each slip is reported on its own line: the unclosed quote of line 1 is not "closed" by
/// line 3's quotes (which are balanced), the bracket of line 4 not by line 5's, and the last
/// word of line 7 does not double the first of line 8. A quotation of two sentences, opened on
/// line 9 and closed on line 10, is not a slip.
#[test]
fn a_segment_per_line_file_is_checked_line_by_line() {
    let found = findings(
        Path::new(ROOT),
        &["--no-config", "fixtures/segments/mt-output.txt"],
        PAIRING,
    );
    assert_eq!(
        found,
        pairs(&[
            ("typography/unbalanced-quotes", 1),
            ("typography/unbalanced-brackets", 4),
            ("typography/doubled-word", 6),
        ])
    );
}

/// The same lines with blank lines between paragraphs read as an article: pairing runs
/// over each paragraph.
#[test]
fn hard_wrapped_paragraphs_pair_across_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("article.txt"),
        "The minister said \"we will respond\nto the proposal soon\" and left.\n\n\
         Officials met in Tokyo (the\ncapital) on Friday.\n",
    )
    .unwrap();
    assert_eq!(
        findings(dir.path(), &["--no-config", "article.txt"], PAIRING),
        vec![]
    );
}

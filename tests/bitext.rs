//! Bilingual inputs through the binary: aligned pairs (`STEM.en` beside `STEM.zh|ja|ko`).

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_translint");

fn translint(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("translint runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("valid JSON")
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

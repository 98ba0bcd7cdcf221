//! Past one machine: shards linted with `--emit-summary`, decided together with
//! `--from-summaries`, print what one run over all their files prints; and the Dask example
//! (`examples/distributed/dask_shards.py`) does it on a real cluster.

use std::io::Write;
use std::path::Path;
use std::process::Command;

#[path = "support/run.rs"]
mod run;
use run::*;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Report and exit code of one run, in `format`.
fn report(cwd: &Path, args: &[&str], format: &str) -> (String, Option<i32>) {
    let mut all = vec!["check", "--color", "never", "--format", format];
    all.extend(args);
    let out = translint(cwd, &all);
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

const SHARD_A: &[&str] = &[
    "fixtures/names/01_talks.txt",
    "fixtures/names/02_followup.txt",
    "fixtures/seeds/000_11110d5589b8cc2d.txt",
    "fixtures/clean/001_edited.txt",
];
const SHARD_B: &[&str] = &[
    "fixtures/names/03_precision.txt",
    "fixtures/names/04_markdown.md",
    "fixtures/names/05_romanisation.txt",
    "fixtures/seeds/001_f0c78fd7052a4e8c.txt",
    "fixtures/clean/000_edited.txt",
];

#[test]
fn shards_decided_together_print_what_one_run_prints() {
    let root = Path::new(ROOT);
    let summaries = tempfile::tempdir().unwrap();
    let dir = summaries.path().to_str().unwrap();
    for shard in [SHARD_A, SHARD_B] {
        let mut args = vec!["check", "--no-cache", "--quiet", "--emit-summary", dir];
        args.extend(shard);
        let out = translint(root, &args);
        assert!(out.status.code().unwrap() < 2, "{out:?}");
    }
    let mut every: Vec<&str> = vec!["--no-cache"];
    every.extend(SHARD_A.iter().chain(SHARD_B));
    for format in ["json", "human"] {
        let single = report(root, &every, format);
        let merged = report(root, &["--from-summaries", dir], format);
        assert_eq!(merged, single, "{format}");
        // Names across the shards are decided together: a finding in one shard's file points
        // at the other's.
        if format == "json" {
            assert!(single.0.contains("02_followup") && single.0.contains("05_romanisation"));
        }
    }
}

#[test]
fn summaries_under_other_settings_or_of_bilingual_files_are_refused() {
    let root = Path::new(ROOT);
    let summaries = tempfile::tempdir().unwrap();
    let dir = summaries.path().to_str().unwrap();
    let mut args = vec!["check", "--no-cache", "--emit-summary", dir];
    args.extend(SHARD_A);
    translint(root, &args);
    let other = translint(
        root,
        &["check", "--select", "spacing", "--from-summaries", dir],
    );
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stdout).contains("under other settings"));

    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("a.po"),
        "msgid \"Save\"\nmsgstr \"Save  it\"\n",
    )
    .unwrap();
    let out = translint(
        project.path(),
        &["check", "--no-config", "--emit-summary", "s", "a.po"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot summarise a.po"));
    assert!(!project.path().join("s").exists());
}

/// A project of two files naming one person in two orders, linted as one shard into `s`.
fn two_file_shard() -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::write(root.join("a.txt"), "Takeshi Funakoshi met the press.\n").unwrap();
    std::fs::write(root.join("b.txt"), "Funakoshi Takeshi met them  too.\n").unwrap();
    let args = [
        "check",
        "--no-config",
        "--emit-summary",
        "s",
        "a.txt",
        "b.txt",
    ];
    assert_eq!(translint(root, &args).status.code(), Some(1));
    project
}

#[test]
fn findings_of_a_file_gone_before_the_decision_are_an_error() {
    let project = two_file_shard();
    let root = project.path();
    std::fs::remove_file(root.join("b.txt")).unwrap();
    let out = translint(root, &["check", "--no-config", "--from-summaries", "s"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn a_damaged_summary_file_is_an_error_that_says_where() {
    let project = two_file_shard();
    let root = project.path();
    let file = std::fs::read_dir(root.join("s"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "summaries"))
        .unwrap();
    let saved = std::fs::read(&file).unwrap();
    // A header line, then a record per file.
    let first = saved.iter().position(|&b| b == b'\n').unwrap() + 1;
    let records = records(&saved, first);
    let (second, body) = (records[1].0.start, records[0].1.clone());
    let mut garbled = saved.clone();
    garbled[body].fill(0xff);
    let mut header: serde_json::Value = serde_json::from_slice(&saved[..first]).unwrap();
    header["format"] = 9.into();
    let other_format = format!("{header}\n").into_bytes();
    let damaged = [
        (
            saved[..saved.len() - 1].to_vec(),
            format!("byte {second}: a record's body does not end where its length says"),
        ),
        (
            garbled,
            format!("byte {first}: a summary that does not read back"),
        ),
        (
            b"{\"path\": 1}\n".to_vec(),
            "not a summary file".to_string(),
        ),
        // Written by a build that encodes summaries otherwise.
        (
            [&other_format[..], &saved[first..]].concat(),
            "summaries in format 9 (this build of translint".to_string(),
        ),
    ];
    for (bytes, error) in damaged {
        std::fs::write(&file, bytes).unwrap();
        let out = translint(root, &["check", "--no-config", "--from-summaries", "s"]);
        assert_eq!(out.status.code(), Some(2));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(&error), "{error}: {stdout}");
        assert!(stdout.contains(file.file_name().unwrap().to_str().unwrap()));
    }
}

/// Writes past libtest's capture, so `cargo test` shows whether the Dask test ran.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[test]
fn the_dask_example_prints_what_one_run_prints() {
    let dask = Command::new("python3")
        .args(["-c", "import dask.distributed"])
        .output()
        .is_ok_and(|o| o.status.success());
    let test = "the_dask_example_prints_what_one_run_prints";
    if !dask {
        let install = "python3 -m pip install 'dask[distributed]'";
        assert!(
            std::env::var_os("CI").is_none_or(|v| v.is_empty()),
            "{test}: dask.distributed is not installed, and CI must install it ({install})"
        );
        say(&format!(
            "skipped: {test}: dask.distributed not installed ({install})"
        ));
        return;
    }
    let summaries = tempfile::tempdir().unwrap();
    let out = Command::new("python3")
        .arg("examples/distributed/dask_shards.py")
        .args(["--bin", BIN, "--shards", "3", "--workers", "2", "--compare"])
        .args(["--summaries", summaries.path().to_str().unwrap()])
        .args(["fixtures/names", "fixtures/seeds", "fixtures/clean"])
        .current_dir(ROOT)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("linted 9 files in 3 shards on Dask"), "{err}");
    assert!(err.contains("same report as a single run"), "{err}");
    say(&format!("ran: {test} (with python3, dask.distributed)"));
}

//! The cache (`.translint_cache/`): a warm run reads only the files that changed, and never
//! changes the output — after an edit, a config change or a rule-file change.

use std::path::Path;
use std::time::{Duration, SystemTime};

#[path = "support/run.rs"]
mod run;
use run::*;

/// The JSON report and the human one (whose snippets are read back from the files).
fn outputs(cwd: &Path, extra: &[&str]) -> (String, String) {
    let run = |format: &str| {
        let mut args = vec!["check", "--format", format, "--color", "never"];
        args.extend(extra);
        let out = translint(cwd, &args);
        assert!(out.status.code().unwrap() < 2, "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    (run("json"), run("human"))
}

/// What `--verbose` says about the cache.
fn cache_line(cwd: &Path) -> String {
    let out = translint(cwd, &["check", "--verbose", "--format", "json"]);
    String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("info: linted"))
        .expect("a cache line under --verbose")
        .to_string()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// File `name` written again as `edit` makes its text.
fn rewrite(dir: &Path, name: &str, edit: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    write(dir, name, &edit(&text));
}

/// [`rewrite`], keeping the file's modification time: a cache that trusts it does not see
/// the change.
fn rewrite_in_time(dir: &Path, name: &str, edit: impl FnOnce(&str) -> String) {
    let time = std::fs::metadata(dir.join(name))
        .unwrap()
        .modified()
        .unwrap();
    rewrite(dir, name, edit);
    std::fs::File::options()
        .append(true)
        .open(dir.join(name))
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// Files written an hour ago, so the cache trusts their size and time without reading them.
fn age(dir: &Path, names: &[&str]) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    for name in names {
        let file = std::fs::File::options()
            .append(true)
            .open(dir.join(name))
            .unwrap();
        file.set_modified(past).unwrap();
    }
}

const HOUSE: &str = r#"
[[rule]]
id = "house/email"
kind = "consistency"
scope = "corpus"
summary = "one spelling of email"
message = "`{match}` where the rest of the corpus writes `{majority}`"
groups = [["email", "e-mail"]]
"#;

/// A small corpus with findings of every kind the decision makes over summaries: names
/// across files, a corpus consistency rule from a rule file, a suppression comment, an
/// organisation's case, per-document spacing and typography.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "lint.toml", "rule-files = [\"house.toml\"]\n");
    write(root, "house.toml", HOUSE);
    write(
        root,
        "a.txt",
        "Takeshi Funakoshi met the press.  He sent an e-mail .\n",
    );
    write(
        root,
        "b.txt",
        "Later, Funakoshi Takeshi said the Ministry of transport would reply by email.\n",
    );
    write(
        root,
        "c.md",
        "# Notes\n\n<!-- translint-disable-next-line spacing -->\nthe two  sides met by email\n\nthe the end\n",
    );
    age(root, &["a.txt", "b.txt", "c.md"]);
    dir
}

#[test]
fn a_warm_run_prints_what_a_cold_run_prints() {
    let dir = project();
    let root = dir.path();
    let uncached = outputs(root, &["--no-cache"]);
    assert!(
        !root.join(".translint_cache").exists(),
        "--no-cache writes nothing"
    );
    assert!(uncached.0.contains("house/email") && uncached.0.contains("names/"));
    let cold = outputs(root, &[]);
    assert_eq!(cold, uncached);
    let cache = root.join(".translint_cache");
    assert!(cache.join("CACHEDIR.TAG").is_file());
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore")).unwrap(),
        "# Created by translint.\n*\n"
    );
    assert_eq!(
        cache_line(root),
        "info: linted 0 of 3 files; 3 unchanged, from the cache with their corpus decision"
    );
    assert_eq!(outputs(root, &[]), uncached);
}

#[test]
fn a_warm_run_over_unchanged_files_reads_none_of_them() {
    let dir = project();
    let root = dir.path();
    let cold = outputs(root, &[]);
    // a.txt's bytes change, but not its size or time: a run that trusts the time (the file
    // was written long before the cache) shows its findings from the lines the cache kept.
    rewrite_in_time(root, "a.txt", |text| text.replace("press", "PRESS"));
    assert_eq!(outputs(root, &[]), cold);
    assert!(cold.1.contains("met the press"), "{}", cold.1);
}

#[test]
fn only_the_changed_file_is_read_again_and_the_output_follows_it() {
    let dir = project();
    let root = dir.path();
    outputs(root, &[]);
    // Same size, new text: the modification time tells it changed.
    rewrite(root, "b.txt", |text| text.replace("Later", "Then!"));
    assert_eq!(
        cache_line(root),
        "info: linted 1 of 3 files; 2 unchanged, from the cache"
    );
    age(root, &["b.txt"]);
    assert_eq!(outputs(root, &[]), outputs(root, &["--no-cache"]));
    assert_eq!(
        cache_line(root),
        "info: linted 0 of 3 files; 3 unchanged, from the cache with their corpus decision"
    );
}

#[test]
fn the_summaries_of_files_not_linted_again_are_kept_when_the_cache_is_written() {
    let dir = project();
    let root = dir.path();
    outputs(root, &[]);
    rewrite(root, "b.txt", |text| text.replace("Later", "Then!"));
    age(root, &["b.txt"]);
    assert_eq!(
        cache_line(root),
        "info: linted 1 of 3 files; 2 unchanged, from the cache"
    );
    // Read back: b's summary as that run wrote it, a's as it copied it from the cache.
    rewrite(root, "c.md", |text| format!("{text}\nThen they left.\n"));
    age(root, &["c.md"]);
    assert_eq!(
        cache_line(root),
        "info: linted 1 of 3 files; 2 unchanged, from the cache"
    );
    assert_eq!(outputs(root, &[]), outputs(root, &["--no-cache"]));
}

#[test]
fn a_file_changed_within_its_timestamp_is_caught_by_its_content() {
    let dir = project();
    let root = dir.path();
    outputs(root, &[]);
    // Rewrite a.txt with the same size and the same modification time: only its content
    // tells. The cache confirms files whose time is close to its own writing.
    let before = std::fs::metadata(root.join("a.txt"))
        .unwrap()
        .modified()
        .unwrap();
    rewrite(root, "a.txt", |text| {
        text.replace("Takeshi Funakoshi", "Funakoshi Takeshi")
    });
    std::fs::File::options()
        .append(true)
        .open(root.join("a.txt"))
        .unwrap()
        .set_modified(before)
        .unwrap();
    let cache = root.join(".translint_cache");
    // The summaries' file and the corpus decision's beside it, written in the same second as
    // the file's time.
    for file in std::fs::read_dir(cache.join(concat!("v", env!("CARGO_PKG_VERSION")))).unwrap() {
        std::fs::File::options()
            .append(true)
            .open(file.unwrap().path())
            .unwrap()
            .set_modified(before)
            .unwrap();
    }
    assert_eq!(outputs(root, &[]), outputs(root, &["--no-cache"]));
}

#[test]
fn config_and_rule_file_changes_are_not_served_from_the_cache() {
    let dir = project();
    let root = dir.path();
    outputs(root, &[]);
    write(
        root,
        "lint.toml",
        "rule-files = [\"house.toml\"]\n[rules]\n\"spacing/double-space\" = \"off\"\n",
    );
    let after_config = outputs(root, &[]);
    assert_eq!(after_config, outputs(root, &["--no-cache"]));
    assert!(!after_config.0.contains("spacing/double-space"));
    write(
        root,
        "house.toml",
        &HOUSE.replace("[[\"email\", \"e-mail\"]]", "[[\"met\", \"meets\"]]"),
    );
    let after_rules = outputs(root, &[]);
    assert_eq!(after_rules, outputs(root, &["--no-cache"]));
    assert!(!after_rules.0.contains("house/email"));
    assert_eq!(outputs(root, &["--select", "names"]), {
        outputs(root, &["--select", "names", "--no-cache"])
    });
}

#[test]
fn a_corrupt_cache_is_ignored_and_rewritten() {
    let dir = project();
    let root = dir.path();
    let cold = outputs(root, &[]);
    let version = root
        .join(".translint_cache")
        .join(concat!("v", env!("CARGO_PKG_VERSION")));
    let files = || {
        std::fs::read_dir(&version)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect::<Vec<_>>()
    };
    let file = files()
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "summaries"))
        .unwrap();
    // The corpus decision saved beside the summaries, damaged (a byte changed, cut short,
    // something else): ignored, decided again and saved again.
    let decision = files()
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "decision"))
        .unwrap();
    let saved = std::fs::read(&decision).unwrap();
    // A byte changed in each of its three parts (a tag, then each part's length and hash, 8
    // bytes each, and its bytes).
    let mut damaged = Vec::new();
    let mut at = 8;
    for _ in 0..3 {
        let len = u64::from_le_bytes(saved[at..at + 8].try_into().unwrap()) as usize;
        let mut flipped = saved.clone();
        flipped[at + 16 + len / 2] ^= 0x20;
        damaged.push(flipped);
        at += 16 + len;
    }
    assert_eq!(at, saved.len());
    damaged.push(saved[..saved.len() - 1].to_vec());
    damaged.push(b"{\"corpus\": 1, \"diagnostics\": [".to_vec());
    for bytes in damaged {
        std::fs::write(&decision, bytes).unwrap();
        assert_eq!(outputs(root, &[]), cold);
        assert_eq!(std::fs::read(&decision).unwrap(), saved);
        assert_eq!(
            cache_line(root),
            "info: linted 0 of 3 files; 3 unchanged, from the cache with their corpus decision"
        );
    }
    // The same records, in any order (a file linted again is written first).
    let sorted = |bytes: &[u8]| {
        let mut all: Vec<Vec<u8>> = records(bytes, 0)
            .into_iter()
            .map(|(record, _)| bytes[record].to_vec())
            .collect();
        all.sort();
        all
    };
    // The summaries, damaged, with the decision gone so that they are read.
    let summaries = std::fs::read(&file).unwrap();
    let bodies: Vec<_> = records(&summaries, 0)
        .into_iter()
        .map(|(_, body)| body)
        .collect();
    assert_eq!(bodies.len(), 3);
    // A summary that does not read back: that file alone is linted again.
    let mut garbled = summaries.clone();
    garbled[bodies[1].clone()].fill(0xff);
    // A record cut short: the file is not read past it, and every file is linted again.
    let cut = summaries[..bodies[1].start + 2].to_vec();
    for (bytes, linted) in [(garbled, "1 of 3 files; 2"), (cut, "3 of 3 files; 0")] {
        std::fs::write(&file, bytes).unwrap();
        std::fs::remove_file(&decision).unwrap();
        assert_eq!(
            cache_line(root),
            format!("info: linted {linted} unchanged, from the cache")
        );
        assert_eq!(outputs(root, &[]), cold);
        assert_eq!(sorted(&std::fs::read(&file).unwrap()), sorted(&summaries));
    }
    std::fs::write(&file, [0xff, 0xfe, 0]).unwrap();
    assert_eq!(outputs(root, &[]), cold);
}

#[test]
fn a_report_of_lines_and_columns_is_shown_again_from_the_line_maps_the_cache_keeps() {
    let dir = project();
    let root = dir.path();
    let report = |format: &str, extra: &[&str]| {
        let mut args = vec!["check", "--format", format];
        args.extend(extra);
        let out = translint(root, &args);
        assert!(out.status.code().unwrap() < 2, "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let cold = report("short", &[]);
    assert_eq!(cold, report("short", &["--no-cache"]));
    assert!(cold.contains("a.txt:1:46: "), "{cold}");
    // a.txt changes, not its size or time: "He" becomes "É", two bytes and one character.
    // Read again, the findings after it would be a column to the left.
    rewrite_in_time(root, "a.txt", |text| text.replace("He", "É"));
    assert_eq!(report("short", &[]), cold, "shown from the kept line map");
    // A report that shows lines reads the file.
    let json: serde_json::Value = serde_json::from_str(&report("json", &[])).unwrap();
    let email = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "house/email" && d["path"] == "a.txt")
        .expect("a.txt's e-mail");
    assert_eq!(
        (&email["column"], &email["snippet"]),
        (&45.into(), &"e-mail".into())
    );
}

//! Hostile input, end to end through the built binary: every case has a defined outcome
//! (linted, skipped with a clear message, or an error with exit 2), the run always finishes,
//! and a clean neighbour file with one known finding is still linted. The sizes here are cut
//! down to keep `cargo test` fast; scripts/hostile_corpus.py builds the full-size corpus.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

#[path = "support/run.rs"]
mod run;
use run::{BIN, translint};

/// A neighbour with exactly one finding, at line 1, column 8.
const GOOD: &str = "ok text , here\n";

/// `translint check --no-config ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Output {
    translint(dir, &[&["check", "--no-config"], args].concat())
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = check(dir, &all);
    let code = out.status.code().expect("exited, not killed by a signal");
    let value = serde_json::from_slice(&out.stdout).expect("JSON output");
    (code, value)
}

fn diagnostics<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| d["path"] == path)
        .collect()
}

/// A tempdir holding `good.txt`.
fn dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    dir
}

fn assert_good_linted(v: &Value) {
    let good = diagnostics(v, "good.txt");
    assert_eq!(good.len(), 1, "good.txt still linted: {v}");
    assert_eq!(
        (&good[0]["line"], &good[0]["column"]),
        (&Value::from(1), &Value::from(8))
    );
}

#[test]
fn invalid_utf8_is_an_error_with_its_offset() {
    let d = dir();
    std::fs::write(d.path().join("bad.txt"), b"bad \xff\xfe byte\n").unwrap();
    let (code, v) = json(d.path(), &["."]);
    assert_eq!(code, 2);
    let bad = diagnostics(&v, "bad.txt");
    assert_eq!(bad[0]["rule"], "io/invalid-utf8");
    assert_eq!(bad[0]["byte_start"], 4);
    assert_good_linted(&v);
}

#[test]
fn utf16_with_bom_is_an_error_that_names_the_encoding() {
    let d = dir();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("hi , there".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(d.path().join("utf16.txt"), utf16).unwrap();
    let (code, v) = json(d.path(), &["."]);
    assert_eq!(code, 2);
    let bad = diagnostics(&v, "utf16.txt");
    assert_eq!(bad[0]["rule"], "io/read-error");
    assert!(bad[0]["message"].as_str().unwrap().contains("UTF-16"));
    assert_good_linted(&v);
}

#[test]
fn nul_bytes_mean_binary_skipped_with_a_note() {
    let d = dir();
    std::fs::write(d.path().join("nul.txt"), b"a , b\0c").unwrap();
    let out = check(d.path(), &["--format", "json", "-v", "."]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(diagnostics(&v, "nul.txt").is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped binary file nul.txt"));
    assert_good_linted(&v);
}

#[test]
fn a_long_single_line_is_linted_and_not_printed_per_finding() {
    let d = dir();
    // 1 MB here, 10 MB in the script; one finding every ~100 bytes.
    let unit = "The minister said , the talks went on and on through the night in Tokyo today. ";
    let line = unit.repeat(1_000_000 / unit.len());
    std::fs::write(d.path().join("long.txt"), &line).unwrap();
    let (code, v) = json(d.path(), &["."]);
    assert_eq!(code, 1);
    let long: Vec<_> = diagnostics(&v, "long.txt")
        .into_iter()
        .filter(|f| f["rule"] == "spacing/space-before-punct")
        .collect();
    // The findings cap: 100 shown, then one finding that counts the rest.
    let (shown, summary) = long.split_at(100);
    assert_eq!(
        summary[0]["message"],
        format!(
            "and {} more `spacing/space-before-punct` findings in this file (at most 100 are shown)",
            line.matches(" ,").count() - 100
        )
    );
    let last = shown.last().unwrap();
    assert_eq!(last["line"], 1);
    assert_eq!(
        last["column"].as_u64().unwrap() as usize,
        last["byte_start"].as_u64().unwrap() as usize + 1
    );
    assert_good_linted(&v);
    let human = check(d.path(), &["--color", "never", "."]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("line too long to show"));
    assert!(
        human.stdout.len() < 200 * long.len(),
        "output grows with the line, not just the findings"
    );
}

#[test]
fn many_tiny_files_are_all_linted() {
    let d = dir();
    // 3,000 here, 100,000 in the script.
    let sub = d.path().join("many");
    std::fs::create_dir(&sub).unwrap();
    for i in 0..3000 {
        std::fs::write(sub.join(format!("f{i:05}.txt")), "a , b\n").unwrap();
    }
    let (code, v) = json(d.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["files"], 3001);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 3001);
    assert_good_linted(&v);
}

#[test]
fn deeply_nested_markdown_is_linted() {
    let d = dir();
    // 10,000 levels each; nesting by indentation costs depth² bytes, so 300 levels of it.
    let quotes = format!("{} deep , quote\n", ">".repeat(10_000));
    let lists = format!("{}item ,\n", "- ".repeat(10_000));
    let mixed = format!("{}{}item ,\n", "1. ".repeat(5_000), "> ".repeat(5_000));
    let indented: String = (0..300)
        .map(|i| format!("{}- item ,\n", "  ".repeat(i)))
        .collect();
    let brackets = format!("{}text ,{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let emphasis = format!("{}text ,{}\n", "*_".repeat(5_000), "_*".repeat(5_000));
    for (name, text) in [
        ("quotes.md", &quotes),
        ("lists.md", &lists),
        ("mixed.md", &mixed),
        ("indented.md", &indented),
        ("brackets.md", &brackets),
        ("emphasis.md", &emphasis),
    ] {
        std::fs::write(d.path().join(name), text).unwrap();
    }
    let (code, v) = json(d.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["files"], 7);
    for name in [
        "quotes.md",
        "lists.md",
        "mixed.md",
        "brackets.md",
        "emphasis.md",
    ] {
        let found = diagnostics(&v, name);
        assert!(
            found
                .iter()
                .any(|f| f["rule"] == "spacing/space-before-punct"),
            "{name}: {found:?}"
        );
    }
    let indented = diagnostics(&v, "indented.md");
    let indented = indented
        .iter()
        .filter(|f| f["rule"] == "spacing/space-before-punct");
    // Every one of the 300 was found: 100 shown (the findings cap), 200 counted.
    let indented: Vec<_> = indented.collect();
    assert_eq!(indented.len(), 101);
    assert!(
        indented[100]["message"]
            .as_str()
            .unwrap()
            .starts_with("and 200 more")
    );
    assert_good_linted(&v);
}

#[test]
fn rtl_zero_width_and_combining_marks_count_as_scalars() {
    let d = dir();
    // Each line: a finding after characters that are not one byte each.
    let text = "cafe\u{301} , ok\n\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{202e}x , y\u{202c}\n\u{200b}\u{200d}z ,\n";
    std::fs::write(d.path().join("scripts.txt"), text).unwrap();
    let (code, v) = json(d.path(), &["."]);
    assert_eq!(code, 1);
    let found: Vec<(u64, u64)> = diagnostics(&v, "scripts.txt")
        .iter()
        .filter(|f| f["rule"] == "spacing/space-before-punct")
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [(1, 6), (2, 8), (3, 4)]);
    assert_good_linted(&v);
}

#[test]
fn crlf_and_lone_cr_end_lines() {
    let d = dir();
    std::fs::write(
        d.path().join("eol.txt"),
        "one\r\ntwo\rthree , x\r\nfour , y\r",
    )
    .unwrap();
    let (_, v) = json(d.path(), &["."]);
    let lines: Vec<(u64, u64)> = diagnostics(&v, "eol.txt")
        .iter()
        .filter(|f| f["rule"] == "spacing/space-before-punct")
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(lines, [(3, 6), (4, 5)]);
    assert_good_linted(&v);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed_and_named_ones_are_errors() {
    let d = dir();
    let p = d.path();
    std::os::unix::fs::symlink("loop_b.txt", p.join("loop_a.txt")).unwrap();
    std::os::unix::fs::symlink("loop_a.txt", p.join("loop_b.txt")).unwrap();
    std::fs::create_dir(p.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", p.join("sub/up")).unwrap();
    // Walking: symlinks are not followed, so the loops are simply not files to lint.
    let (code, v) = json(p, &["."]);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["files"], 1);
    assert_good_linted(&v);
    // Named explicitly: an error that says why.
    let (code, v) = json(p, &["loop_a.txt", "good.txt"]);
    assert_eq!(code, 2);
    let bad = diagnostics(&v, "loop_a.txt");
    assert!(
        bad[0]["message"]
            .as_str()
            .unwrap()
            .contains("symbolic links"),
        "{v}"
    );
    assert_good_linted(&v);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error_unless_we_may_read_it_anyway() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    let path = d.path().join("secret.txt");
    std::fs::write(&path, "a , b\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root (and CAP_DAC_OVERRIDE) reads it anyway: then it is simply linted.
    let readable = std::fs::read(&path).is_ok();
    let (code, v) = json(d.path(), &["."]);
    let found = diagnostics(&v, "secret.txt");
    if readable {
        assert_eq!(code, 1);
        assert_eq!(found[0]["rule"], "spacing/space-before-punct");
    } else {
        assert_eq!(code, 2);
        assert_eq!(found[0]["rule"], "io/read-error");
        assert!(
            found[0]["message"]
                .as_str()
                .unwrap()
                .contains("ermission denied")
        );
    }
    assert_good_linted(&v);
}

#[test]
fn a_file_deleted_during_the_run_is_linted_or_reported_missing() {
    let d = dir();
    let sub = d.path().join("many");
    std::fs::create_dir(&sub).unwrap();
    for i in 0..2000 {
        std::fs::write(sub.join(format!("f{i:05}.txt")), "a , b\n").unwrap();
    }
    let victim = sub.join("f01999.txt");
    let child = Command::new(BIN)
        .args(["check", "--no-config", "--format", "json", "."])
        .current_dir(d.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("translint runs");
    // Deleted while the folder is walked or read, or before or after: each is defined.
    std::fs::remove_file(&victim).unwrap();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let found = diagnostics(&v, "many/f01999.txt");
    match out.status.code() {
        Some(1) => assert!(found.is_empty() || found[0]["rule"] == "spacing/space-before-punct"),
        Some(2) => {
            assert_eq!(found[0]["rule"], "io/read-error");
            assert!(
                found[0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("No such file")
            );
        }
        other => panic!("unexpected exit {other:?}"),
    }
    let linted = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "spacing/space-before-punct")
        .count();
    assert!(linted >= 2000, "the other files are still linted");
    assert_good_linted(&v);
}

#[test]
fn fix_leaves_unreadable_inputs_byte_identical_and_keeps_line_endings() {
    let d = dir();
    let untouchable: [(&str, &[u8]); 3] = [
        ("bad.txt", b"bad , \xff\xfe byte\n"),
        ("utf16.txt", b"\xff\xfeh\0i\0 \0,\0"),
        ("nul.txt", b"a , b\0c"),
    ];
    for (name, bytes) in untouchable {
        std::fs::write(d.path().join(name), bytes).unwrap();
    }
    let eol = "one , two\r\nthree  four\rfive , six\n\u{feff}";
    std::fs::write(d.path().join("eol.txt"), eol).unwrap();
    let out = check(d.path(), &["--fix", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2), "read errors still exit 2");
    for (name, bytes) in untouchable {
        assert_eq!(
            std::fs::read(d.path().join(name)).unwrap(),
            bytes,
            "{name} changed"
        );
    }
    let fixed = std::fs::read_to_string(d.path().join("eol.txt")).unwrap();
    assert_eq!(fixed, "one, two\r\nthree four\rfive, six\n\u{feff}");
    assert_eq!(
        std::fs::read_to_string(d.path().join("good.txt")).unwrap(),
        "ok text, here\n"
    );
}

#[test]
fn a_huge_user_regex_is_a_config_error_that_points_into_the_rule_file() {
    let d = dir();
    std::fs::write(d.path().join("lint.toml"), "rule-files = [\"huge.toml\"]\n").unwrap();
    let pack = r#"[[rule]]
id = "house/huge"
kind = "pattern"
summary = "s"
message = "m"
pattern = '(?:\w{500}){50}'
"#;
    std::fs::write(d.path().join("huge.toml"), pack).unwrap();
    let out = Command::new(BIN)
        .args(["check", "--format", "json", "good.txt"])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = v["diagnostics"].as_array().unwrap();
    let errors: Vec<_> = all
        .iter()
        .filter(|d| d["path"].as_str().unwrap().ends_with("huge.toml"))
        .collect();
    assert_eq!(errors[0]["rule"], "config/invalid-rule");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("too large"),
        "{v}"
    );
    assert_eq!(errors[0]["line"], 6);
}

/// Runs translint in `dir` and kills it if it has not finished after a minute: a hang fails
/// the test instead of blocking the suite. (A generous bound on a hang, not a timing test.)
#[cfg(unix)]
fn run_or_kill(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("translint starts");
    // Drain the pipes while waiting, so a long report cannot block the child.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().expect("kill");
            child.wait().expect("reap");
            panic!("translint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = std::process::Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    };
    let code = out.status.code().expect("exited, not killed by a signal");
    let value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (code, value, text)
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
fn messages(v: &Value, rule: &str) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn fifo_config_rule_and_data_files_are_errors_not_hangs() {
    let d = dir();
    mkfifo(&d.path().join("cfg.toml"));
    let (code, v, _) = run_or_kill(
        d.path(),
        &[
            "check", "--format", "json", "--config", "cfg.toml", "good.txt",
        ],
    );
    assert_eq!(code, 2);
    assert!(messages(&v, "io/read-error")[0].contains("FIFO"), "{v}");
    let (code, v, _) = run_or_kill(
        d.path(),
        &[
            "check",
            "--format",
            "json",
            "--config",
            "/dev/zero",
            "good.txt",
        ],
    );
    assert_eq!(code, 2);
    assert!(messages(&v, "io/read-error")[0].contains("character device"));

    std::fs::write(
        d.path().join("lint.toml"),
        "rule-files = [\"house.toml\"]\n[names]\ndata = [\"names.toml\"]\n",
    )
    .unwrap();
    mkfifo(&d.path().join("house.toml"));
    mkfifo(&d.path().join("names.toml"));
    let (code, v, _) = run_or_kill(d.path(), &["check", "--format", "json", "good.txt"]);
    assert_eq!(code, 2);
    assert!(messages(&v, "config/rule-file")[0].contains("FIFO"), "{v}");
    assert!(messages(&v, "config/names-data")[0].contains("FIFO"), "{v}");

    // A lint.toml that is itself a FIFO is found and refused, not passed over.
    std::fs::remove_file(d.path().join("lint.toml")).unwrap();
    mkfifo(&d.path().join("lint.toml"));
    let (code, v, _) = run_or_kill(d.path(), &["check", "--format", "json", "good.txt"]);
    assert_eq!(code, 2);
    assert!(messages(&v, "io/read-error")[0].contains("FIFO"), "{v}");
}

#[cfg(unix)]
#[test]
fn special_files_named_on_the_command_line_are_errors() {
    let d = dir();
    mkfifo(&d.path().join("fifo.txt"));
    let (code, v, _) = run_or_kill(
        d.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "fifo.txt",
            "/dev/zero",
            "good.txt",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        diagnostics(&v, "fifo.txt")[0]["message"]
            .as_str()
            .unwrap()
            .contains("FIFO")
    );
    assert!(
        diagnostics(&v, "/dev/zero")[0]["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file")
    );
    assert_good_linted(&v);
}

/// Files replaced by FIFOs while a run walks and reads them: each run ends, and every file
/// it read is either text or a FIFO it refused (never a blocked worker).
/// Walked FIFOs are passed over; one swapped in after the walk is refused when opened.
#[cfg(unix)]
#[test]
fn files_swapped_for_fifos_during_a_run_never_hang_it() {
    let d = dir();
    let many = d.path().join("many");
    for round in 0..4 {
        let _ = std::fs::remove_dir_all(&many);
        std::fs::create_dir(&many).unwrap();
        for i in 0..300 {
            std::fs::write(many.join(format!("f{i:03}.txt")), "a , b\n").unwrap();
        }
        let swapper = {
            let many = many.clone();
            std::thread::spawn(move || {
                for i in (round..300).step_by(3) {
                    let fifo = many.join(format!(".fifo{i:03}"));
                    mkfifo(&fifo);
                    std::fs::rename(&fifo, many.join(format!("f{i:03}.txt"))).unwrap();
                }
            })
        };
        let (code, v, _) = run_or_kill(
            d.path(),
            &["check", "--no-config", "--format", "json", "many"],
        );
        swapper.join().unwrap();
        assert!(code == 1 || code == 2, "{v}");
        for m in messages(&v, "io/read-error") {
            assert!(m.contains("FIFO") || m.contains("No such file"), "{m}");
        }
    }
    // Once swapped, the walk sees FIFOs and passes over them, as ripgrep does.
    let (code, v, _) = run_or_kill(
        d.path(),
        &["check", "--no-config", "--format", "json", "many"],
    );
    assert_eq!(code, 1, "{v}");
    assert!(messages(&v, "io/read-error").is_empty(), "{v}");
}

#[test]
fn a_sparse_file_of_gigabytes_is_skipped_as_binary_from_its_first_bytes() {
    let d = dir();
    let sparse = std::fs::File::create(d.path().join("sparse.txt")).unwrap();
    sparse.set_len(2 << 30).unwrap();
    let out = check(d.path(), &["-v", "."]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped binary file sparse.txt"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn rule_and_data_files_outside_the_config_folder_are_refused_and_never_echoed() {
    let outer = tempfile::tempdir().unwrap();
    let secret = "s3cret-line = not toml at all";
    std::fs::write(outer.path().join("secret.toml"), secret).unwrap();
    let project = outer.path().join("project");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(project.join("good.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink(outer.path().join("secret.toml"), project.join("link.toml"))
        .unwrap();
    let absolute = outer.path().join("secret.toml");
    std::fs::write(
        project.join("lint.toml"),
        format!(
            "rule-files = [\"../secret.toml\", {:?}, \"link.toml\"]\n[names]\ndata = [\"../secret.toml\"]\n",
            absolute.display()
        ),
    )
    .unwrap();
    for format in ["json", "human"] {
        let (code, v, text) = run_or_kill(&project, &["check", "--format", format, "good.txt"]);
        assert_eq!(code, 2);
        assert!(!text.contains("s3cret"), "{text}");
        if format == "json" {
            let refused = messages(&v, "config/rule-file");
            assert_eq!(refused.len(), 3, "{v}");
            assert!(
                refused
                    .iter()
                    .all(|m| m.contains("outside the config's folder"))
            );
            assert!(refused[0].contains("secret.toml"));
            assert!(messages(&v, "config/names-data")[0].contains("outside"));
        }
    }
    // Inside the folder (a subfolder, reached through `..` that stays inside) is fine.
    std::fs::create_dir(project.join("packs")).unwrap();
    std::fs::write(project.join("packs/house.toml"), "").unwrap();
    std::fs::write(
        project.join("lint.toml"),
        "rule-files = [\"packs/../packs/house.toml\"]\n",
    )
    .unwrap();
    let (code, v, _) = run_or_kill(&project, &["check", "--format", "json", "good.txt"]);
    assert_eq!(code, 1, "{v}");
}

#[cfg(unix)]
#[test]
fn a_replacement_that_matches_itself_is_refused_and_the_file_left_alone() {
    let d = dir();
    std::fs::write(
        d.path().join("lint.toml"),
        "rule-files = [\"house.toml\"]\n",
    )
    .unwrap();
    let pack = r#"[[rule]]
id = "house/double-a"
kind = "pattern"
severity = "warning"
summary = "s"
message = "m"
pattern = 'a'
replacement = 'aa'
"#;
    std::fs::write(d.path().join("house.toml"), pack).unwrap();
    let text = "banana split , again\n".repeat(500);
    std::fs::write(d.path().join("text.txt"), &text).unwrap();
    let (code, v, _) = run_or_kill(
        d.path(),
        &["check", "--fix", "--format", "json", "text.txt", "good.txt"],
    );
    let refused = messages(&v, "fix/not-converging");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(code, 2);
    assert!(
        refused[0].contains("`house/double-a` does not converge"),
        "{}",
        refused[0]
    );
    assert_eq!(
        std::fs::read_to_string(d.path().join("text.txt")).unwrap(),
        text
    );
    // The other file's fixes converge and are written.
    assert_eq!(
        std::fs::read_to_string(d.path().join("good.txt")).unwrap(),
        "ok text, here\n"
    );
}

/// `--fix` racing a program that appends to the files it fixes: no append is ever lost.
/// A file that changed after it was read is reported and left alone (the append stays); one
/// that did not is replaced, and an append racing the replacement is either kept (the file
/// is re-checked under a lease right before the rename) or the file is reported.
#[cfg(unix)]
#[test]
fn appends_during_fix_are_never_lost_silently() {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let d = dir();
    let w = d.path().join("w");
    std::fs::create_dir(&w).unwrap();
    let files: Vec<_> = (0..60).map(|i| w.join(format!("f{i:02}.txt"))).collect();
    for f in &files {
        std::fs::write(f, "x , y\n".repeat(50)).unwrap();
    }
    let appended: Arc<Mutex<Vec<Vec<String>>>> = Arc::new(Mutex::new(vec![Vec::new(); 60]));
    let mut reported = BTreeSet::new();
    let mut written = 0;
    for round in 0..3u64 {
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (files, appended, stop) = (files.clone(), appended.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = round * 1_000_000;
                while !stop.load(Ordering::Relaxed) {
                    // A cheap deterministic spread over the first 20 files and the pauses;
                    // the other 40 are left alone, so some fixes are surely written.
                    let i = (n.wrapping_mul(2654435761) % 20) as usize;
                    let token = format!("token{n} , z\n");
                    let mut f = std::fs::OpenOptions::new()
                        .append(true)
                        .open(&files[i])
                        .unwrap();
                    f.write_all(token.as_bytes()).unwrap();
                    drop(f);
                    appended.lock().unwrap()[i].push(format!("token{n}"));
                    n += 1;
                    std::thread::sleep(std::time::Duration::from_micros(n % 2000));
                }
            })
        };
        let before: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        let (code, v, _) = run_or_kill(
            d.path(),
            &["check", "--no-config", "--fix", "--format", "json", "w"],
        );
        stop.store(true, Ordering::Relaxed);
        writer.join().unwrap();
        assert!(code == 0 || code == 1 || code == 2, "{v}");
        for e in v["diagnostics"].as_array().unwrap() {
            if e["rule"] == "io/write-error" {
                reported.insert(e["path"].as_str().unwrap().to_string());
            }
        }
        written += files
            .iter()
            .zip(&before)
            .filter(|(f, b)| !std::fs::read_to_string(f).unwrap().starts_with(b.as_str()))
            .count();
    }
    let appended = appended.lock().unwrap();
    let mut lost = Vec::new();
    for (f, tokens) in files.iter().zip(appended.iter()) {
        let text = std::fs::read_to_string(f).unwrap();
        let name = format!("w/{}", f.file_name().unwrap().to_str().unwrap());
        for token in tokens {
            if !text.contains(&format!("{token} ,")) && !text.contains(&format!("{token},")) {
                lost.push(format!(
                    "{token} in {name} (reported: {})",
                    reported.contains(&name)
                ));
            }
        }
    }
    let total: usize = appended.iter().map(Vec::len).sum();
    assert!(
        total > 0 && written > 0,
        "the race ran: {total} appends, {written} files written"
    );
    let unreported: Vec<_> = lost.iter().filter(|l| l.ends_with("false)")).collect();
    assert!(unreported.is_empty(), "lost without a word: {unreported:?}");
}

//! The command line a user of ruff or typos expects, end to end through the built binary:
//! standard input with `--diff -` and `--fix -`, `--select`/`--ignore`/`--extend-select`,
//! `--statistics`, `--quiet`, `--output-file`, colour under FORCE_COLOR and NO_COLOR, the
//! summary and `[*]` marks of fixable findings, safe and unsafe fixes in `--diff`, the levels
//! `translint rules` shows, and "did you mean" in `explain`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `translint ARGS` in `dir` with `input` on standard input, colour variables unset unless
/// given in `env`.
fn run_with(dir: &Path, args: &[&str], input: &str, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_translint"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("translint runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .expect("stdin written");
    let out = child.wait_with_output().expect("translint ends");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(dir: &Path, args: &[&str], input: &str) -> Run {
    run_with(dir, args, input, &[])
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn rules_in(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

const SLIPS: &str = "He said  it .\n";

#[test]
fn diff_of_stdin_prints_the_diff_and_fails() {
    let r = run(
        tmp().path(),
        &["check", "--no-config", "--diff", "-"],
        SLIPS,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "--- a/<stdin>\n+++ b/<stdin>\n@@ -1 +1 @@\n-He said  it .\n+He said it.\n"
    );
    let clean = run(
        tmp().path(),
        &["check", "--no-config", "--diff", "-"],
        "Fine.\n",
    );
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
}

#[test]
fn fix_of_stdin_prints_the_fixed_text_and_reports_on_stderr() {
    let r = run(tmp().path(), &["check", "--no-config", "--fix", "-"], SLIPS);
    assert_eq!(r.stdout, "He said it.\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("fixed 2 finding(s) in 1 file(s)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("1 file: no problems found"),
        "{}",
        r.stderr
    );
    // Unchanged text is printed too, so `--fix -` works as a filter.
    let r = run(
        tmp().path(),
        &["check", "--no-config", "--fix", "-"],
        "Fine.\n",
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, "Fine.\n"));
}

#[test]
fn stdin_filename_alone_reads_stdin_as_that_file() {
    let dir = tmp();
    // A file in the folder that must not be linted: stdin is.
    std::fs::write(dir.path().join("other.txt"), "A stray space .\n").unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "short",
            "--stdin-filename",
            "notes.md",
        ],
        "-  . a list item stays a list item\n\nA  slip.\n",
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "notes.md:3:2: warning[spacing/double-space] [*] 2 spaces between words\n"
    );
}

#[test]
fn select_ignore_and_extend_select_take_ids_and_families() {
    let dir = tmp();
    let text = "He said  it . The the end,said.Then\n";
    let check = |args: &[&str]| {
        let mut all = vec!["check", "--no-config", "--format", "json"];
        all.extend(args);
        all.push("-");
        rules_in(&run(dir.path(), &all, text).stdout)
    };
    let everything = check(&[]);
    assert!(everything.contains(&"typography/doubled-word".to_string()));
    assert_eq!(
        check(&["--select", "spacing/double-space"]),
        ["spacing/double-space"]
    );
    let spacing = check(&["--select", "spacing", "--ignore", "spacing/double-space"]);
    assert!(
        spacing.iter().all(|r| r.starts_with("spacing/")),
        "{spacing:?}"
    );
    assert!(!spacing.contains(&"spacing/double-space".to_string()));
    assert!(
        !check(&["--ignore", "typography"])
            .iter()
            .any(|r| r.starts_with("typography/"))
    );
    assert_eq!(
        check(&[
            "--select",
            "spacing/double-space",
            "--extend-select",
            "typography/doubled-word"
        ]),
        ["spacing/double-space", "typography/doubled-word"]
    );
    // A rule the config turns off runs when the command line selects it.
    std::fs::write(
        dir.path().join("lint.toml"),
        "[rules]\n\"spacing/double-space\" = \"off\"\n",
    )
    .unwrap();
    let with_config = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend(args);
        all.push("-");
        rules_in(&run(dir.path(), &all, text).stdout)
    };
    assert!(!with_config(&[]).contains(&"spacing/double-space".to_string()));
    assert!(
        with_config(&["--extend-select", "spacing/double-space"])
            .contains(&"spacing/double-space".to_string())
    );
}

#[test]
fn an_unknown_selected_rule_is_an_error_with_a_suggestion() {
    let r = run(
        tmp().path(),
        &[
            "check",
            "--no-config",
            "--select",
            "spacing/double-spcae",
            "-",
        ],
        SLIPS,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("unknown rule `spacing/double-spcae`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("did you mean `spacing/double-space`?"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("--select spacing/double-spcae"),
        "{}",
        r.stdout
    );
}

/// `--select` builds only the rules it selects, but what the user wrote is checked whole: a
/// broken rule in a rule file, or a broken names data file, is an error whatever the run selects.
#[test]
fn a_selection_still_reports_the_errors_of_the_config() {
    let dir = tmp();
    std::fs::write(
        dir.path().join("lint.toml"),
        "rule-files = [\"mine.toml\"]\n\n[names]\ndata = [\"names.toml\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("mine.toml"),
        "[[rule]]\nid = \"house/bad\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npattern = '(unclosed'\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("names.toml"), "surnames = 3\n").unwrap();
    let r = run(
        dir.path(),
        &["check", "--select", "spacing/double-space", "-"],
        "A  b.\n",
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("invalid regex"), "{}", r.stdout);
    assert!(r.stdout.contains("names.toml"), "{}", r.stdout);
    // Without the broken files the selected rule runs, alone.
    std::fs::write(dir.path().join("lint.toml"), "").unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            "--select",
            "spacing/double-space",
            "--format",
            "json",
            "-",
        ],
        "A  b  c .\n",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rules = rules_in(&r.stdout);
    assert!(!rules.is_empty(), "{}", r.stdout);
    assert!(
        rules.iter().all(|r| r == "spacing/double-space"),
        "{rules:?}"
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let text = "A  b  c .\nd .\n";
    let r = run(
        tmp().path(),
        &["check", "--no-config", "--statistics", "-"],
        text,
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "    2  spacing/double-space        [*] two or more spaces between words\n    \
         2  spacing/space-before-punct  [*] space before punctuation (\"solutions .\")\n"
    );
    let r = run(
        tmp().path(),
        &[
            "check",
            "--no-config",
            "--statistics",
            "--format",
            "json",
            "-",
        ],
        text,
    );
    let rows: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(rows[0]["rule"], "spacing/double-space");
    assert_eq!(rows[0]["count"], 2);
    assert_eq!(rows[0]["fixable"], true);
}

#[test]
fn quiet_prints_the_findings_only() {
    let loud = run(tmp().path(), &["check", "--no-config", "-"], SLIPS);
    assert!(
        loud.stdout
            .contains("1 file checked: 0 errors, 2 warnings, 0 infos")
    );
    assert!(
        loud.stdout
            .contains("[*] 2 fixable with `translint check --fix`")
    );
    let quiet = run(tmp().path(), &["check", "--no-config", "-q", "-"], SLIPS);
    assert_eq!(quiet.code, 1);
    assert!(quiet.stdout.contains("warning[spacing/double-space]"));
    assert!(!quiet.stdout.contains("checked"), "{}", quiet.stdout);
    let quiet_fix = run(
        tmp().path(),
        &["check", "--no-config", "-q", "--fix", "-"],
        SLIPS,
    );
    assert_eq!(
        (quiet_fix.stdout.as_str(), quiet_fix.stderr.as_str()),
        ("He said it.\n", "")
    );
}

#[test]
fn output_file_takes_the_report() {
    let dir = tmp();
    let r = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--output-file",
            "report.json",
            "-",
        ],
        SLIPS,
    );
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    let report = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    assert_eq!(
        rules_in(&report),
        ["spacing/double-space", "spacing/space-before-punct"]
    );
    let bad = run(
        dir.path(),
        &["check", "--no-config", "-o", "no/such/dir/r.txt", "-"],
        SLIPS,
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("cannot write the report"),
        "{}",
        bad.stderr
    );
}

#[test]
fn an_output_file_that_is_linted_shows_its_findings_as_it_was() {
    // The report is written over a file it shows, found by its own name and by another.
    for (name, given) in [
        ("report.txt", "report.txt"),
        ("report.txt", "./sub/../report.txt"),
    ] {
        let dir = tmp();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join(name), "the the end\n").unwrap();
        let args = [
            "check",
            "--no-config",
            "--no-cache",
            "--format",
            "json",
            "-o",
            given,
            ".",
        ];
        let r = run(dir.path(), &args, "");
        assert_eq!(r.code, 1, "{}", r.stderr);
        let report = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let report: Value = serde_json::from_str(&report).unwrap();
        let snippets: Vec<&str> = (report["diagnostics"].as_array().unwrap().iter())
            .map(|d| d["snippet"].as_str().unwrap())
            .collect();
        assert_eq!(snippets, ["the the"], "{given}");
    }
}

#[test]
fn force_color_colours_a_pipe_and_the_flag_wins() {
    let dir = tmp();
    let args = ["check", "--no-config", "-"];
    let plain = run(dir.path(), &args, SLIPS);
    assert!(!plain.stdout.contains('\u{1b}'));
    let forced = run_with(dir.path(), &args, SLIPS, &[("FORCE_COLOR", "1")]);
    assert!(forced.stdout.contains('\u{1b}'));
    let both = run_with(
        dir.path(),
        &args,
        SLIPS,
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
    );
    assert!(
        both.stdout.contains('\u{1b}'),
        "FORCE_COLOR is the more explicit request"
    );
    let never = run_with(
        dir.path(),
        &["check", "--no-config", "--color", "never", "-"],
        SLIPS,
        &[("FORCE_COLOR", "1")],
    );
    assert!(!never.stdout.contains('\u{1b}'));
}

#[test]
fn short_and_github_formats_put_the_summary_on_stderr() {
    for format in ["short", "github"] {
        let r = run(
            tmp().path(),
            &["check", "--no-config", "--format", format, "-"],
            SLIPS,
        );
        assert_eq!(r.stdout.lines().count(), 2, "{format}: {}", r.stdout);
        assert!(
            r.stderr
                .contains("1 file checked: 0 errors, 2 warnings, 0 infos"),
            "{format}: {}",
            r.stderr
        );
    }
}

/// Human output calls the lowest level `info`, as every other format does.
#[test]
fn human_output_says_info_and_marks_what_fix_fixes() {
    let text = "He said \"no\" and the court’s ruling stood.\nThe talks ended.Then  they left.\n";
    let r = run(
        tmp().path(),
        &["check", "--no-config", "--stdin-filename", "a.txt"],
        text,
    );
    assert!(
        r.stdout
            .contains("info[typography/mixed-quotes]: curly quote"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("note["), "{}", r.stdout);
    // A safe fix is marked; a suggestion is not, and the summary says what it would take.
    assert!(
        r.stdout
            .contains("warning[spacing/double-space]: [*] 2 spaces"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("warning[spacing/missing-space-after-punct]: no space after `.`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("[*] 1 fixable with `translint check --fix` (1 more with `--unsafe-fixes`)"),
        "{}",
        r.stdout
    );
}

/// `--diff` prints what `--fix` would write (a patch giving exactly that) and, on standard
/// error, the unsafe fixes on top, marked on their `+++` line; with `--unsafe-fixes` both are
/// what `--fix` writes.
#[test]
fn diff_shows_safe_and_unsafe_fixes_marked() {
    let text = "The talks ended.Then  they left.\n";
    let r = run(
        tmp().path(),
        &[
            "check",
            "--no-config",
            "--diff",
            "--stdin-filename",
            "a.txt",
        ],
        text,
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-The talks ended.Then  they left.\n+The talks ended.Then they left.\n"
    );
    assert!(
        r.stderr.starts_with(
            "--- a/a.txt\n+++ b/a.txt\tunsafe fixes (--unsafe-fixes)\n@@ -1 +1 @@\n-The talks ended.Then they left.\n+The talks ended. Then they left.\n"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("would fix 1 finding(s) in 1 file(s); 1 more with --unsafe-fixes"),
        "{}",
        r.stderr
    );
    let r = run(
        tmp().path(),
        &[
            "check",
            "--no-config",
            "--diff",
            "--unsafe-fixes",
            "--stdin-filename",
            "a.txt",
        ],
        text,
    );
    assert_eq!(
        r.stdout,
        "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-The talks ended.Then  they left.\n+The talks ended. Then they left.\n"
    );
}

#[test]
fn rules_shows_the_levels_in_force_under_the_config() {
    let dir = tmp();
    std::fs::write(
        dir.path().join("lint.toml"),
        "[rules]\n\"spacing/double-space\" = \"off\"\n\"typography/mixed-quotes\" = \"error\"\n",
    )
    .unwrap();
    let r = run(dir.path(), &["rules"], "");
    assert_eq!(r.code, 0);
    let line = |id: &str| -> Vec<String> {
        let l = r
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_default();
        l.split_whitespace().take(3).map(str::to_string).collect()
    };
    assert_eq!(
        line("spacing/double-space"),
        ["spacing/double-space", "off", "warning"]
    );
    assert_eq!(
        line("typography/mixed-quotes"),
        ["typography/mixed-quotes", "error", "info"]
    );
    assert_eq!(
        line("spacing/space-before-punct")[..2],
        ["spacing/space-before-punct", "warning"]
    );
}

#[test]
fn explain_suggests_the_rule_meant_and_lists_a_family() {
    let dir = tmp();
    let r = run(
        dir.path(),
        &["explain", "--no-config", "spacing/double-spcae"],
        "",
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `spacing/double-space`?"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["explain", "--no-config", "doubled-word"], "");
    assert!(
        r.stderr.contains("did you mean `typography/doubled-word`?"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["explain", "--no-config", "spacing"], "");
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("- `spacing/double-space`: "),
        "{}",
        r.stdout
    );
}

/// A project folder with its own lint.toml, linted from above: `cd ..; translint check
/// project/` uses `project/lint.toml`, and its `exclude` is relative to it.
fn project() -> tempfile::TempDir {
    let dir = tmp();
    let project = dir.path().join("project");
    std::fs::create_dir_all(project.join("archive")).unwrap();
    std::fs::write(
        project.join("lint.toml"),
        "exclude = [\"archive/**\"]\n[rules]\n\"spacing/double-space\" = \"off\"\n",
    )
    .unwrap();
    std::fs::write(project.join("a.md"), SLIPS).unwrap();
    std::fs::write(project.join("archive/old.md"), SLIPS).unwrap();
    dir
}

fn short_rules(r: &Run) -> Vec<String> {
    r.stdout
        .lines()
        .map(|l| l.split(": ").nth(1).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_nearest_config_to_the_linted_path_is_used() {
    let dir = project();
    let r = run(dir.path(), &["check", "--format", "short", "project/"], "");
    assert_eq!(
        short_rules(&r),
        ["warning[spacing/space-before-punct] [*] space before `.`"],
        "the project's config turns double-space off and excludes archive/: {}",
        r.stdout
    );
    let r = run(dir.path(), &["check", "-v", "project/a.md"], "");
    assert!(
        r.stderr.contains("config: project/lint.toml\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("spacing/space-before-punct"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("spacing/double-space "),
        "off: {}",
        r.stderr
    );
    let r = run(
        dir.path(),
        &["check", "--no-config", "-v", "project/a.md"],
        "",
    );
    assert!(
        r.stderr.contains("config: none (built-in defaults)\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn paths_under_two_configs_are_an_error_naming_both() {
    let dir = project();
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("lint.toml"), "").unwrap();
    std::fs::write(other.join("b.md"), SLIPS).unwrap();
    let r = run(dir.path(), &["check", "project", "other"], "");
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains(
            "the paths belong to 2 different configs: project/lint.toml (for project); \
             other/lint.toml (for other)"
        ),
        "{}",
        r.stdout
    );
    // A path with no config above it is linted with the other paths' config.
    std::fs::write(dir.path().join("top.md"), SLIPS).unwrap();
    let r = run(dir.path(), &["check", "-v", "project/a.md", "top.md"], "");
    assert!(
        r.stderr.contains("config: project/lint.toml"),
        "{}",
        r.stderr
    );
}

#[test]
fn force_exclude_applies_exclude_to_named_files() {
    let dir = project();
    let named = [
        "check",
        "--format",
        "short",
        "project/archive/old.md",
        "project/a.md",
    ];
    let r = run(dir.path(), &named, "");
    assert_eq!(
        r.stdout.lines().count(),
        2,
        "named files are linted: {}",
        r.stdout
    );
    let mut forced = named.to_vec();
    forced.insert(1, "--force-exclude");
    let r = run(dir.path(), &forced, "");
    assert!(r.stdout.starts_with("project/a.md:"), "{}", r.stdout);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
}

#[test]
fn show_settings_names_the_config_and_the_levels_in_force() {
    let dir = project();
    let r = run(dir.path(), &["check", "--show-settings", "project"], "");
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .starts_with("config: project/lint.toml\nroot: project\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("exclude: archive/**\n"), "{}", r.stdout);
    assert!(r.stdout.contains("layout: auto\n"), "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("spacing/space-before-punct")
                && l.ends_with("warning")),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("spacing/double-space"), "{}", r.stdout);
}

/// `layout` in lint.toml overrides the detection: a wrapped paragraph read line by line
/// finds its bracket unclosed on the first line and stray on the second.
#[test]
fn layout_in_lint_toml_sets_how_plain_text_is_segmented() {
    let dir = tmp();
    let text = "Officials met in Tokyo (the\ncapital) on Friday.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let quotes = |dir: &Path| {
        let r = run(
            dir,
            &[
                "check",
                "--format",
                "json",
                "--select",
                "typography",
                "a.txt",
            ],
            "",
        );
        rules_in(&r.stdout)
    };
    assert_eq!(quotes(dir.path()), Vec::<String>::new());
    std::fs::write(dir.path().join("lint.toml"), "layout = \"lines\"\n").unwrap();
    assert_eq!(
        quotes(dir.path()),
        [
            "typography/unbalanced-brackets",
            "typography/unbalanced-brackets"
        ]
    );
    std::fs::write(dir.path().join("lint.toml"), "layout = \"rows\"\n").unwrap();
    let r = run(dir.path(), &["check", "a.txt"], "");
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("config/bad-layout"), "{}", r.stdout);
}

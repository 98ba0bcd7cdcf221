//! End-to-end tests of the integrations, driving the built binary the way its users do: real
//! files in a temporary folder, `--no-config` or a temporary lint.toml (never the repo's own),
//! and the outputs read back as a tool would read them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

#[path = "support/run.rs"]
mod run;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn translint(dir: &Path, args: &[&str]) -> Run {
    let out = run::translint(dir, args);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(run: &Run) -> Vec<Value> {
    let v: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn rules_of(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, text).unwrap();
    path
}

/// A copy of the repo's seed fixtures in a fresh temporary folder.
fn seeds() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut files = Vec::new();
    for entry in fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        let to = dir.path().join("seeds").join(entry.file_name());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(entry.path(), &to).unwrap();
        files.push(to);
    }
    files.sort();
    assert!(!files.is_empty(), "fixtures/seeds holds the seed documents");
    (dir, files)
}

fn contents(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect()
}

#[test]
fn fix_on_the_seeds_removes_spacing_findings_and_a_second_fix_changes_nothing() {
    let (dir, files) = seeds();
    let before = json(&translint(
        dir.path(),
        &["check", "--no-config", "--format", "json", "seeds"],
    ));
    let spacing = |ds: &[Value]| {
        rules_of(ds)
            .into_iter()
            .filter(|r| r.starts_with("spacing/"))
            .count()
    };
    assert!(spacing(&before) > 0, "the seeds have spacing findings");
    let original = contents(&files);

    let run = translint(
        dir.path(),
        &["check", "--no-config", "--fix", "--format", "json", "seeds"],
    );
    let after = json(&run);
    assert_eq!(spacing(&after), 0, "{:?}", rules_of(&after));
    let fixed = contents(&files);
    assert_ne!(original, fixed);
    // The exit code reflects what remains.
    let remaining_warnings = after.iter().any(|d| d["severity"] != "info");
    assert_eq!(run.code, i32::from(remaining_warnings), "{}", run.stderr);

    let second = translint(dir.path(), &["check", "--no-config", "--fix", "seeds"]);
    assert_eq!(contents(&files), fixed, "a second --fix changes nothing");
    assert!(second.stderr.contains("fixed 0 finding(s) in 0 file(s)"));
}

#[test]
fn diff_prints_what_fix_would_write_and_writes_nothing() {
    let (a, a_files) = seeds();
    let (b, b_files) = seeds();
    let original = contents(&a_files);
    let run = translint(a.path(), &["check", "--no-config", "--diff", "seeds"]);
    assert_eq!(
        run.code, 1,
        "a non-empty diff fails the run: {}",
        run.stderr
    );
    assert!(run.stdout.starts_with("--- a/seeds/"), "{}", run.stdout);
    assert_eq!(contents(&a_files), original, "--diff writes nothing");

    // Applying the printed diff gives exactly what --fix writes.
    fs::write(a.path().join("fix.diff"), &run.stdout).unwrap();
    let patch = Command::new("git")
        .args(["apply", "-p1", "fix.diff"])
        .current_dir(a.path())
        .output()
        .expect("git runs");
    assert!(
        patch.status.success(),
        "{}",
        String::from_utf8_lossy(&patch.stderr)
    );
    translint(b.path(), &["check", "--no-config", "--fix", "seeds"]);
    assert_eq!(contents(&a_files), contents(&b_files));

    let clean = translint(b.path(), &["check", "--no-config", "--diff", "seeds"]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""));
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_leaves_no_temp_files_and_reports_what_it_cannot_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", "The court (in Seoul ruled  today .\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o604)).unwrap();
    let run = translint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--fix",
            "--format",
            "short",
            "a.txt",
        ],
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "The court (in Seoul ruled today.\n"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o604
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    // The unbalanced bracket has no safe fix: it is reported, and fails the run.
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("typography/unbalanced-brackets"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
}

#[test]
fn fix_never_touches_standard_input_or_corpus_context_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "corpus/a.txt", "a  b\n");
    let target = write(dir.path(), "b.txt", "c  d\n");
    let run = translint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--fix",
            "--corpus",
            "corpus",
            "b.txt",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(fs::read_to_string(target).unwrap(), "c d\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("corpus/a.txt")).unwrap(),
        "a  b\n"
    );
}

#[test]
fn baseline_hides_recorded_findings_even_after_lines_are_added_above() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("docs/a.md");
    write(
        dir.path(),
        "docs/a.md",
        "the two  sides met\n\nand the  end\n",
    );
    let run = translint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "baseline.json",
            "docs",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let recorded: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(recorded["findings"].as_array().unwrap().len(), 2);
    assert_eq!(recorded["findings"][0]["path"], "docs/a.md");

    // Unrelated edits above: nothing new.
    fs::write(
        &doc,
        "# A title\n\nA new paragraph.\n\nthe two  sides met\n\nand the  end\n",
    )
    .unwrap();
    let args = [
        "check",
        "--no-config",
        "--baseline",
        "baseline.json",
        "--format",
        "json",
        "docs",
    ];
    let run = translint(dir.path(), &args);
    assert_eq!((run.code, json(&run).len()), (0, 0), "{}", run.stdout);
    assert!(run.stderr.contains("2 finding(s) hidden by the baseline"));

    // A new finding is reported and fails the run; the old ones stay hidden.
    fs::write(
        &doc,
        "# A title\n\nA  new paragraph.\n\nthe two  sides met\n\nand the  end\n",
    )
    .unwrap();
    let run = translint(dir.path(), &args);
    let found = json(&run);
    assert_eq!(run.code, 1);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert_eq!(found[0]["line"], 3);

    // The baseline works from another working directory too.
    let docs = dir.path().join("docs");
    let run = translint(
        &docs,
        &[
            "check",
            "--no-config",
            "--baseline",
            "../baseline.json",
            "a.md",
        ],
    );
    assert!(run.stderr.contains("2 finding(s) hidden"), "{}", run.stderr);

    let broken = write(
        dir.path(),
        "broken.json",
        "{\"version\": 9, \"findings\": []}",
    );
    let run = translint(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--baseline",
            broken.to_str().unwrap(),
            "docs",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("version 9"), "{}", run.stderr);
}

#[test]
fn suppression_comments_hide_findings_and_stale_ones_are_reported_as_info() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "<!-- translint-disable-next-line spacing/double-space -->\n\
         the two  sides met\n\
         \n\
         <!-- translint-disable spacing -->\n\
         the two  sides met  again\n\
         <!-- translint-enable spacing -->\n\
         \n\
         `<!-- translint-disable-next-line -->` is only quoted here\n\
         the two  sides met\n\
         \n\
         <!-- translint-disable-next-line typography/doubled-word -->\n\
         nothing to hide\n",
    );
    let run = translint(
        dir.path(),
        &["check", "--no-config", "--format", "json", "a.md"],
    );
    let found = json(&run);
    let seen: Vec<(String, u64)> = found
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("spacing/double-space".to_string(), 9),
            ("suppression/unused".to_string(), 11)
        ]
    );
    assert_eq!(found[1]["severity"], "info");
    assert_eq!(found[1]["snippet"], "typography/doubled-word");
}

#[test]
fn ignore_entries_in_lint_toml_hide_findings_by_path_rule_and_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lint.toml",
        "[[ignore]]\npath = \"wire/**\"\nrule = \"spacing\"\ntext = \"Xinhua\"\n\n\
         [[ignore]]\npath = \"wire/**\"\nrule = \"typography/doubled-word\"\n",
    );
    write(
        dir.path(),
        "wire/a.txt",
        "Xinhua  reports\nKyodo  reports\n",
    );
    let run = translint(
        dir.path(),
        &[
            "check",
            "--config",
            "lint.toml",
            "--format",
            "short",
            "wire",
        ],
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].starts_with("lint.toml:6:1: info[suppression/unused]"));
    assert!(lines[1].starts_with("wire/a.txt:2:6: warning[spacing/double-space]"));

    write(
        dir.path(),
        "lint.toml",
        "[[ignore]]\npath = \"wire/**\"\nrule = \"spacing/dubble-space\"\n",
    );
    let run = translint(dir.path(), &["check", "--config", "lint.toml", "wire"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("did you mean `spacing/double-space`?"));
}

#[test]
fn github_format_prints_escaped_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a,b.txt", "Tokyo，Seoul\n\nthe two  sides\n");
    let run = translint(
        dir.path(),
        &["check", "--no-config", "--format", "github", "a,b.txt"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::warning file=a%2Cb.txt,line=1,col=6,endLine=1,endColumn=7,title=typography/fullwidth-punctuation::full-width `，` in English text%0Ahelp: use `,`\n\
         ::warning file=a%2Cb.txt,line=3,col=8,endLine=3,endColumn=10,title=spacing/double-space::2 spaces between words%0Ahelp: use one space\n"
    );
}

/// A run with a fix, a related location in another file, an info and an error, as SARIF.
fn sarif_run(dir: &Path) -> Value {
    write(
        dir,
        "house.toml",
        "[[rule]]\nid = \"house/spelling\"\nkind = \"consistency\"\nsummary = \"one spelling\"\n\
         message = \"`{form}` beside `{majority}`\"\nscope = \"corpus\"\n\
         groups = [[\"labor\", \"labour\"]]\n\
         [rule.examples]\nflag = [\"labour and labor and labor\"]\npass = [\"labor\"]\n",
    );
    // The built-in style/spelling would flag the same words; this run is about the house rule.
    write(
        dir,
        "lint.toml",
        "rule-files = [\"house.toml\"]\n[rules]\n\"style/spelling\" = \"off\"\n",
    );
    write(
        dir,
        "docs/a b.md",
        "The labour  party.\n\n<!-- translint-disable -->\n",
    );
    write(dir, "docs/b.md", "The labor party and labor law.\n");
    let run = translint(
        dir,
        &[
            "check",
            "--config",
            "lint.toml",
            "--format",
            "sarif",
            "docs",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("SARIF output is JSON")
}

fn sarif_errors(log: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the official schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let dir = tempfile::tempdir().unwrap();
    let log = sarif_run(dir.path());
    let errors = sarif_errors(&log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "house/spelling",
            "spacing/double-space",
            "suppression/unused"
        ]
    );
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let spelling = &results[0];
    assert_eq!(
        spelling["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/a%20b.md"
    );
    assert_eq!(
        spelling["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/b.md"
    );
    let fix = &results[1]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], " ");
    assert_eq!(fix["deletedRegion"]["startColumn"], 11);
    assert_eq!(results[2]["level"], "note");
}

#[test]
fn the_schema_check_rejects_invalid_sarif() {
    // The validator is real: a wrong level and a missing message are caught.
    let dir = tempfile::tempdir().unwrap();
    let mut log = sarif_run(dir.path());
    log["runs"][0]["results"][0]["level"] = Value::from("serious");
    log["runs"][0]["results"][1]
        .as_object_mut()
        .unwrap()
        .remove("message");
    let errors = sarif_errors(&log);
    assert!(errors.len() >= 2, "{errors:?}");
}

#[test]
fn corpus_context_keeps_cross_file_checks_while_reporting_only_named_files() {
    let dir = tempfile::tempdir().unwrap();
    sarif_run(dir.path());
    let only = |args: &[&str]| {
        let mut all = vec!["check", "--config", "lint.toml", "--format", "json"];
        all.extend_from_slice(args);
        let run = translint(dir.path(), &all);
        json(&run)
            .iter()
            .filter(|d| d["rule"] == "house/spelling")
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // Alone, a.md has one spelling only: nothing to be inconsistent with.
    assert_eq!(only(&["docs/a b.md"]), Vec::<String>::new());
    // With the rest of the corpus as context, its minority spelling is found.
    assert_eq!(only(&["--corpus", "docs", "docs/a b.md"]), ["docs/a b.md"]);
    // Findings in context files are not reported.
    assert_eq!(
        only(&["--corpus", "docs", "docs/b.md"]),
        Vec::<String>::new()
    );
}

#[test]
fn sarif_for_a_broken_config_still_validates() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lint.toml",
        "[rules]\n\"spacing/double-space\" = \"loud\"\n",
    );
    write(dir.path(), "a.txt", "fine\n");
    let run = translint(
        dir.path(),
        &[
            "check",
            "--config",
            "lint.toml",
            "--format",
            "sarif",
            "a.txt",
        ],
    );
    assert_eq!(run.code, 2);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let errors = sarif_errors(&log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "config/bad-severity");
    assert_eq!(result["level"], "error");
}

#[cfg(unix)]
#[test]
fn fix_through_a_symlink_writes_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = write(dir.path(), "real/a.txt", "the two  sides\n");
    std::os::unix::fs::symlink(&target, dir.path().join("link.txt")).unwrap();
    let run = translint(dir.path(), &["check", "--no-config", "--fix", "link.txt"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(fs::read_to_string(&target).unwrap(), "the two sides\n");
    let meta = fs::symlink_metadata(dir.path().join("link.txt")).unwrap();
    assert!(meta.file_type().is_symlink());
}

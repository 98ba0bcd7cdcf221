//! The pre-commit hooks, driven by the real `pre-commit` tool (from PyPI) in a temporary git
//! repository: `pre-commit install`, then `git commit`, as a user meets them.
//!
//! The hook repository is a fresh git repository made from this crate's files, so the test
//! sees `.pre-commit-hooks.yaml` as committed and does not depend on this checkout's git
//! state. Skipped, saying why, when `pre-commit` or `git` is not installed (CI installs
//! pre-commit in `.ci/run`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn available(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn skip_unless_tools() -> bool {
    for tool in ["git", "pre-commit"] {
        if !available(tool) {
            eprintln!("skipping: `{tool}` is not installed (python3 -m pip install pre-commit)");
            return false;
        }
    }
    true
}

/// Which hook is exercised, and so what its environment needs.
#[derive(Clone, Copy, PartialEq)]
enum Hook {
    /// `language: system`: the binary this test was built with is put on PATH.
    System,
    /// `language: rust`: pre-commit builds translint itself with `cargo install`.
    Rust,
}

/// Runs `program` in `dir` with an isolated git identity and pre-commit cache.
fn run(dir: &Path, home: &Path, hook: Hook, program: &str, args: &[&str]) -> Output {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths: Vec<PathBuf> = std::env::split_paths(&path).collect();
    let mut command = Command::new(program);
    match hook {
        Hook::System => {
            let bin = Path::new(env!("CARGO_BIN_EXE_translint"));
            paths.insert(0, bin.parent().expect("in a folder").to_path_buf());
        }
        Hook::Rust => {
            // `cargo install` builds in release mode; unoptimised and cached under this
            // crate's target/ it takes a minute on a fresh clone and seconds after that.
            let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-hook");
            command
                .env("CARGO_TARGET_DIR", target)
                .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
                .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true");
        }
    }
    command
        .args(args)
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).expect("valid PATH"))
        .env("PRE_COMMIT_HOME", home.join("pre-commit-cache"))
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"))
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The crate's files as they are in the working tree: everything git tracks or would track
/// (so files not yet added count too); the build inputs when this is not a git checkout.
fn crate_files(root: &Path, home: &Path) -> Vec<PathBuf> {
    let listed = run(
        root,
        home,
        Hook::System,
        "git",
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    );
    if listed.status.success() {
        return listed
            .stdout
            .split(|&b| b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
            .filter(|name| root.join(name).is_file())
            .collect();
    }
    [
        "Cargo.toml",
        "Cargo.lock",
        ".pre-commit-hooks.yaml",
        "src",
        "rules",
    ]
    .iter()
    .map(PathBuf::from)
    .collect()
}

/// A git repository holding this crate's sources and hook definitions; returns its head.
fn hook_repo(dir: &Path, home: &Path, hook: Hook) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in crate_files(root, home) {
        let (from, to) = (root.join(&name), dir.join(&name));
        if from.is_dir() {
            copy_tree(&from, &to);
        } else {
            fs::create_dir_all(to.parent().expect("inside dir")).unwrap();
            fs::copy(&from, &to).unwrap();
        }
    }
    ok(run(dir, home, hook, "git", &["init", "-q"]));
    ok(run(dir, home, hook, "git", &["add", "."]));
    ok(run(
        dir,
        home,
        hook,
        "git",
        &["commit", "-q", "-m", "hooks"],
    ));
    let head = ok(run(dir, home, hook, "git", &["rev-parse", "HEAD"]));
    String::from_utf8_lossy(&head.stdout).trim().to_string()
}

/// A user's repository with translint's hook installed, `docs/b.md` and `docs/c.md` already
/// committed, and a lint.toml with a corpus-wide spelling rule.
fn user_repo(dir: &Path, home: &Path, hooks: &Path, rev: &str, hook: Hook) {
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: {}\n        args: [--corpus, docs]\n",
        hooks.display(),
        match hook {
            Hook::System => "translint-system",
            Hook::Rust => "translint",
        }
    );
    fs::write(dir.join(".pre-commit-config.yaml"), config).unwrap();
    fs::write(
        dir.join("house.toml"),
        "[[rule]]\nid = \"house/spelling\"\nkind = \"consistency\"\nsummary = \"one spelling\"\n\
         message = \"`{form}` beside `{majority}`\"\nscope = \"corpus\"\n\
         groups = [[\"labor\", \"labour\"]]\n\
         [rule.examples]\nflag = [\"labour and labor and labor\"]\npass = [\"labor\"]\n",
    )
    .unwrap();
    // The built-in style/spelling would flag the same words; this test is about the house rule.
    fs::write(
        dir.join("lint.toml"),
        "rule-files = [\"house.toml\"]\n[rules]\n\"style/spelling\" = \"off\"\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join("docs")).unwrap();
    // Committed before the hook exists: an old finding the hook must not report.
    fs::write(dir.join("docs/b.md"), "The labor party met  today.\n").unwrap();
    fs::write(dir.join("docs/c.md"), "The labor law.\n").unwrap();
    ok(run(dir, home, hook, "git", &["init", "-q"]));
    ok(run(dir, home, hook, "git", &["add", "."]));
    ok(run(
        dir,
        home,
        hook,
        "git",
        &["commit", "-q", "-m", "start"],
    ));
    ok(run(dir, home, hook, "pre-commit", &["install"]));
}

/// Commits `docs/a.md` with `text` through the installed hook.
fn commit(dir: &Path, home: &Path, hook: Hook, text: &str) -> Output {
    fs::write(dir.join("docs/a.md"), text).unwrap();
    ok(run(dir, home, hook, "git", &["add", "docs/a.md"]));
    run(dir, home, hook, "git", &["commit", "-q", "-m", "a"])
}

fn exercise(hook: Hook) {
    if !skip_unless_tools() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let hooks = home.join("hooks");
    let repo = home.join("repo");
    fs::create_dir_all(&hooks).unwrap();
    fs::create_dir_all(&repo).unwrap();
    fs::write(home.join("gitconfig"), "").unwrap();
    let rev = hook_repo(&hooks, home, hook);
    user_repo(&repo, home, &hooks, &rev, hook);

    // The staged file spells it differently from the committed corpus, and has a double space.
    let out = commit(&repo, home, hook, "The labour  movement.\n");
    let said = text(&out);
    assert!(!out.status.success(), "the commit is blocked: {said}");
    assert!(said.contains("spacing/double-space"), "{said}");
    assert!(
        said.contains("house/spelling"),
        "corpus context is used: {said}"
    );
    assert!(
        said.contains("docs/b.md"),
        "the other spelling is pointed at: {said}"
    );
    // docs/b.md's own double space is context, not reported: two warnings, both in a.md.
    assert!(
        said.contains("1 file checked: 0 errors, 2 warnings, 0 infos"),
        "only the staged file is reported: {said}"
    );

    let out = commit(&repo, home, hook, "The labor movement.\n");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn pre_commit_runs_the_installed_binary_hook_on_staged_files_with_corpus_context() {
    exercise(Hook::System);
}

#[test]
fn pre_commit_builds_and_runs_the_rust_hook() {
    exercise(Hook::Rust);
}

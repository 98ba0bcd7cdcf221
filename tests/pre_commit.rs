//! The pre-commit hooks, driven by the real `pre-commit` tool (from PyPI) in a temporary git
//! repository: `pre-commit install`, then `git commit`, as a user meets them.
//!
//! The hook repository is a fresh git repository made from this crate's files (or, for the
//! wheel hook, from `pre-commit/`), so the test sees `.pre-commit-hooks.yaml` as committed and
//! does not depend on this checkout's git state. Each test says on the terminal whether it ran
//! or was skipped because `pre-commit` (or `maturin`) is not installed; `.ci/run` installs
//! them, and under CI a missing tool fails the test.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

#[path = "support/external.rs"]
mod external;

const GIT: (&str, &str) = ("git", "apt-get install git");
const PRE_COMMIT: (&str, &str) = ("pre-commit", "python3 -m pip install pre-commit");
const MATURIN: (&str, &str) = ("maturin", "python3 -m pip install maturin");

/// Which hook is exercised, and so what its environment needs.
#[derive(Clone, Copy, PartialEq)]
enum Hook {
    /// `language: system`: the binary this test was built with is put on PATH.
    System,
    /// `language: rust`: pre-commit builds translint itself with `cargo install`.
    Rust,
    /// `language: python` from `pre-commit/`: pre-commit installs the wheel, found in the
    /// folder given (as pip would find it on PyPI).
    Wheel(&'static Path),
}

/// Where the wheel test builds and finds its wheel: under target/, never in the checkout.
fn wheel_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-wheel"))
}

/// `cargo install` and maturin build in release mode; unoptimised (and without the release
/// profile's LTO), and in one target folder under target/ that both share, a fresh clone
/// takes a minute and later runs seconds.
fn quick_release_build(command: &mut Command) {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-hook");
    command
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true");
}

/// Runs `program` in `dir` with an isolated git identity and pre-commit cache.
/// A new git repository in `dir` with everything in it committed.
fn git_init_and_commit_all(dir: &Path, home: &Path, hook: Hook, message: &str) {
    ok(run(dir, home, hook, "git", &["init", "-q"]));
    ok(run(dir, home, hook, "git", &["add", "."]));
    ok(run(
        dir,
        home,
        hook,
        "git",
        &["commit", "-q", "-m", message],
    ));
}

fn run(dir: &Path, home: &Path, hook: Hook, program: &str, args: &[&str]) -> Output {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths: Vec<PathBuf> = std::env::split_paths(&path).collect();
    let mut command = Command::new(program);
    match hook {
        Hook::System => {
            let bin = Path::new(env!("CARGO_BIN_EXE_translint"));
            paths.insert(0, bin.parent().expect("in a folder").to_path_buf());
        }
        Hook::Rust => quick_release_build(&mut command),
        // pip finds the wheel in the folder and nothing on an index; the hook repository's
        // package builds with the environment's own setuptools (pip reads
        // PIP_NO_BUILD_ISOLATION=0 as --no-build-isolation).
        Hook::Wheel(wheels) => {
            command
                .env("PIP_FIND_LINKS", wheels)
                .env("PIP_NO_INDEX", "1")
                .env("PIP_NO_BUILD_ISOLATION", "0");
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

/// A git repository holding this crate's sources and hook definitions (for the wheel hook,
/// the `pre-commit/` hook repository); returns its head.
fn hook_repo(dir: &Path, home: &Path, hook: Hook) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (root, files) = match hook {
        Hook::Wheel(_) => {
            let root = root.join("pre-commit");
            let files = [".pre-commit-hooks.yaml", "pyproject.toml"].map(PathBuf::from);
            (root, files.to_vec())
        }
        _ => (root.to_path_buf(), crate_files(root, home)),
    };
    for name in files {
        let (from, to) = (root.join(&name), dir.join(&name));
        if from.is_dir() {
            copy_tree(&from, &to);
        } else {
            fs::create_dir_all(to.parent().expect("inside dir")).unwrap();
            fs::copy(&from, &to).unwrap();
        }
    }
    git_init_and_commit_all(dir, home, hook, "hooks");
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
            Hook::Rust | Hook::Wheel(_) => "translint",
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
    git_init_and_commit_all(dir, home, hook, "start");
    ok(run(dir, home, hook, "pre-commit", &["install"]));
}

/// Commits `docs/a.md` with `text` through the installed hook.
fn commit(dir: &Path, home: &Path, hook: Hook, text: &str) -> Output {
    fs::write(dir.join("docs/a.md"), text).unwrap();
    ok(run(dir, home, hook, "git", &["add", "docs/a.md"]));
    run(dir, home, hook, "git", &["commit", "-q", "-m", "a"])
}

fn exercise(hook: Hook) {
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
    // The first commit installs the hook's environment.
    let started = Instant::now();
    let out = commit(&repo, home, hook, "The labour  movement.\n");
    external::say(&format!(
        "  first commit through the hook, environment installed: {:.1} s",
        started.elapsed().as_secs_f64()
    ));
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
    if external::require("pre-commit: installed binary hook", &[GIT, PRE_COMMIT]) {
        exercise(Hook::System);
    }
}

#[test]
fn pre_commit_builds_and_runs_the_rust_hook() {
    if external::require("pre-commit: Rust hook", &[GIT, PRE_COMMIT]) {
        exercise(Hook::Rust);
    }
}

/// The wheel: maturin builds it, it installs into a fresh virtual environment and runs there,
/// and pre-commit installs it as the `language: python` hook of `pre-commit/`.
#[test]
fn the_wheel_installs_the_binary_and_runs_as_the_python_hook() {
    let tools = [GIT, PRE_COMMIT, MATURIN, ("python3", "the system Python")];
    if !external::require("pre-commit: wheel (maturin) hook", &tools) {
        return;
    }
    let wheels = wheel_dir();
    let _ = fs::remove_dir_all(wheels);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut build = Command::new("maturin");
    build
        .args(["build", "--release", "--out"])
        .arg(wheels)
        .current_dir(root);
    quick_release_build(&mut build);
    let built = ok(build.output().expect("maturin runs"));
    let wheel = fs::read_dir(wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .unwrap_or_else(|| panic!("no wheel built: {}", text(&built)));
    let version = format!("translint_cli-{}-", env!("CARGO_PKG_VERSION"));
    assert!(
        wheel
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&version),
        "{}",
        wheel.display()
    );

    // A fresh virtual environment: `pip install` of the wheel puts `translint` on its PATH.
    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    ok(Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .unwrap());
    ok(Command::new(venv.join("bin/python"))
        .args(["-m", "pip", "install", "--quiet", "--no-index"])
        .arg(&wheel)
        .output()
        .unwrap());
    let version = ok(Command::new(venv.join("bin/translint"))
        .arg("--version")
        .output()
        .unwrap());
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("translint {}\n", env!("CARGO_PKG_VERSION"))
    );

    exercise(Hook::Wheel(wheels));
}

/// The hook repository pins the wheel of this version.
#[test]
fn the_hook_repository_pins_this_version_of_the_wheel() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pyproject = fs::read_to_string(root.join("pre-commit/pyproject.toml")).unwrap();
    let pin = format!("\"translint-cli=={}\"", env!("CARGO_PKG_VERSION"));
    assert!(
        pyproject.contains(&pin),
        "pre-commit/pyproject.toml must pin {pin}"
    );
}

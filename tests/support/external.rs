//! Tests that drive an external tool (pre-commit, maturin, Neovim): say on the terminal
//! whether they ran or were skipped, past libtest's output capture, so `cargo test` shows it.

use std::io::Write;
use std::process::Command;

/// Whether `tool --version` runs.
pub fn available(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Writes a line to the terminal whatever libtest captures (it captures `print!`/`eprint!`,
/// not writes to the stream itself).
pub fn say(line: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{line}");
}

/// Whether every tool (with how to install it) is there. When one is not, says the test was
/// skipped; under CI, which installs them all (`.ci/run`), a missing tool fails the test.
pub fn require(test: &str, tools: &[(&str, &str)]) -> bool {
    for (tool, install) in tools {
        if !available(tool) {
            if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
                panic!("{test}: `{tool}` is not installed, and CI must install it ({install})");
            }
            say(&format!(
                "skipped: {test}: {tool} not installed ({install})"
            ));
            return false;
        }
    }
    say(&format!("ran: {test} (with {})", names(tools)));
    true
}

fn names(tools: &[(&str, &str)]) -> String {
    tools.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(", ")
}

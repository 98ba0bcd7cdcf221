//! Runs the built `translint` binary the way a user's shell does, for the end-to-end tests.
#![allow(dead_code)] // each test crate uses the part it needs

use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_translint");

/// `translint ARGS` in `cwd`, with the colour variables of the test's own environment removed
/// so that `--color` and the output format alone decide the bytes.
pub fn translint(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .output()
        .expect("translint runs")
}

/// The JSON report on stdout.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

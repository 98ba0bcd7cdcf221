//! Runs the built `translint` binary the way a user's shell does, for the end-to-end tests.
#![allow(dead_code)] // each test crate uses the part it needs

use std::ops::Range;
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

/// The records of a cache or summary file from byte `at` (after a summary file's header line):
/// each a JSON header, a tab, its summary's length, a newline, the summary's bytes and a
/// newline. Per record, where it is and where its summary's bytes are.
pub fn records(bytes: &[u8], mut at: usize) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    while at < bytes.len() {
        let tab = at + bytes[at..].iter().position(|&b| b == b'\t').unwrap();
        let newline = tab + bytes[tab..].iter().position(|&b| b == b'\n').unwrap();
        let len: usize = std::str::from_utf8(&bytes[tab + 1..newline])
            .unwrap()
            .parse()
            .unwrap();
        out.push((at..newline + len + 2, newline + 1..newline + 1 + len));
        at = newline + len + 2;
    }
    out
}

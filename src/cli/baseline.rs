//! `check --write-baseline FILE` and `check --baseline FILE`: the baseline file on disk.
//! Fingerprints and matching live in [`crate::baseline`]; this is the I/O around them.

use std::path::{Path, PathBuf};

use super::check::exit_code;
use super::{CheckArgs, EXIT_ERROR, FailOn};
use crate::baseline::{self, Baseline};
use crate::diagnostic::Diagnostic;
use crate::document::FileId;
use crate::engine::Corpus;

/// Names files relative to the baseline file's folder, so the baseline works from any
/// working directory; falls back to the name as shown.
fn path_namer<'a>(corpus: &'a Corpus, file: &Path) -> impl Fn(FileId) -> String + 'a {
    // Canonical on both sides, so `..` and symlinked folders compare equal.
    let base = std::path::absolute(file)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .and_then(|p| p.canonicalize().ok());
    move |id| {
        let name = &corpus.source(id).name;
        let relative = base.as_ref().and_then(|base| {
            let path = Path::new(name).canonicalize().ok()?;
            path.strip_prefix(base).ok().map(PathBuf::from)
        });
        match relative {
            Some(p) => p.to_string_lossy().replace('\\', "/"),
            None => name.replace('\\', "/"),
        }
    }
}

/// `--write-baseline` and `--baseline` for `check`. Returns the exit code when the run ends
/// here (the baseline was written, or could not be read); otherwise drops the recorded findings.
pub fn run(args: &CheckArgs, corpus: &Corpus, diagnostics: &mut Vec<Diagnostic>) -> Option<u8> {
    if let Some(file) = &args.write_baseline {
        return Some(match write(corpus, diagnostics, file) {
            Ok(n) => {
                if !args.quiet {
                    eprintln!("recorded {n} finding(s) in {}", file.display());
                }
                exit_code(diagnostics, FailOn::Never)
            }
            Err(message) => {
                eprintln!("error: {message}");
                EXIT_ERROR
            }
        });
    }
    let file = args.baseline.as_ref()?;
    match filter(corpus, diagnostics, file) {
        Ok(0) => None,
        Ok(n) => {
            if !args.quiet {
                eprintln!("{n} finding(s) hidden by the baseline");
            }
            None
        }
        Err(message) => {
            eprintln!("error: {message}");
            Some(EXIT_ERROR)
        }
    }
}

/// Writes every finding to `file`. Returns the number recorded.
fn write(corpus: &Corpus, diagnostics: &[Diagnostic], file: &Path) -> Result<usize, String> {
    let namer = path_namer(corpus, file);
    let prints = baseline::fingerprints(corpus, diagnostics, &namer);
    let recorded = Baseline::record(diagnostics, &prints, &namer);
    std::fs::write(file, recorded.to_json())
        .map_err(|e| format!("cannot write baseline `{}`: {e}", file.display()))?;
    Ok(recorded.findings.len())
}

/// Drops the findings recorded in `file`. Returns how many were dropped.
fn filter(
    corpus: &Corpus,
    diagnostics: &mut Vec<Diagnostic>,
    file: &Path,
) -> Result<usize, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read baseline `{}`: {e}", file.display()))?;
    let recorded = Baseline::parse(&text)
        .map_err(|e| format!("invalid baseline `{}`: {e}", file.display()))?;
    let prints = baseline::fingerprints(corpus, diagnostics, path_namer(corpus, file));
    Ok(recorded.filter(diagnostics, &prints))
}

//! I/O at the edge: finding the config, walking folders and reading files into a corpus.
//!
//! Bad input never stops the run: an unreadable, mis-encoded or binary file becomes a
//! diagnostic (or, for binary files, a verbose note) and the other files are still linted.

use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use super::ConfigArgs;
use crate::config::{self, Config};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Format, Source, Span};
use crate::engine::Corpus;

/// Loads the config the arguments ask for, registering it in `corpus` for error spans.
pub fn load_config(args: &ConfigArgs, corpus: &mut Corpus) -> Result<Config, Vec<Diagnostic>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if args.no_config {
        return Ok(Config {
            root: cwd,
            ..Config::default()
        });
    }
    let path = match &args.config {
        Some(path) => path.clone(),
        None => match config::discover(&cwd) {
            Some(path) => path,
            None => {
                return Ok(Config {
                    root: cwd,
                    ..Config::default()
                });
            }
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            return Err(vec![io_error(
                corpus,
                &path.display().to_string(),
                format!("cannot read config file: {e}"),
            )]);
        }
    };
    let root = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(cwd);
    let id = corpus.add_source(Source::new(display_path(&path), text));
    Config::parse(corpus.source(id), id, root)
}

/// An error about a file that has no text to point into.
pub fn io_error(corpus: &mut Corpus, name: &str, message: String) -> Diagnostic {
    let id = corpus.add_source(Source::new(name, ""));
    Diagnostic::new(
        "io/read-error",
        Severity::Error,
        Span::new(id, 0..0),
        message,
    )
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let s = path
        .strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A file to lint, named as the user will see it.
pub struct Input {
    pub name: String,
    pub path: Option<PathBuf>,
}

fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        // Validated when the config was parsed.
        if let Ok(glob) = GlobBuilder::new(g).literal_separator(false).build() {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Every file under `paths` that the config includes and does not exclude, sorted.
/// Files named explicitly are always linted; folders are walked as ripgrep does.
pub fn collect(paths: &[PathBuf], config: &Config) -> (Vec<Input>, Vec<(String, String)>) {
    let include = glob_set(&config.include_globs());
    let exclude = glob_set(&config.exclude_globs());
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.is_file() {
            inputs.push(Input {
                name: display_path(root),
                path: Some(root.clone()),
            });
            continue;
        }
        if let Err(e) = std::fs::metadata(root) {
            // Say why: a symlink loop or a denied folder is not a missing file.
            let message = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
                _ => e.to_string(),
            };
            errors.push((display_path(root), message));
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(false)
            .filter_entry({
                let exclude = exclude.clone();
                move |entry| {
                    !exclude.is_match(entry.path().strip_prefix("./").unwrap_or(entry.path()))
                }
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let path = entry.path();
                    if include.is_match(path) && !exclude.is_match(path) {
                        inputs.push(Input {
                            name: display_path(path),
                            path: Some(path.to_path_buf()),
                        });
                    }
                }
                Err(e) => errors.push((display_path(root), e.to_string())),
            }
        }
    }
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    inputs.dedup_by(|a, b| a.name == b.name);
    (inputs, errors)
}

/// What reading one file produced.
pub enum ReadOutcome {
    Text(String),
    /// A NUL byte: not a text file.
    Binary,
    /// Not UTF-8: the text before the first bad byte, and that byte's offset.
    InvalidUtf8 {
        valid: String,
        offset: usize,
    },
    Failed(String),
}

pub fn classify(bytes: Vec<u8>) -> ReadOutcome {
    // A UTF-16 byte-order mark: text, but in an encoding we do not read; say so rather than
    // skip it as binary for its NUL bytes.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return ReadOutcome::Failed(
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8"
                .to_string(),
        );
    }
    if memchr::memchr(0, &bytes).is_some() {
        return ReadOutcome::Binary;
    }
    match String::from_utf8(bytes) {
        Ok(text) => ReadOutcome::Text(text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(offset);
            ReadOutcome::InvalidUtf8 {
                valid: String::from_utf8(bytes).unwrap_or_default(),
                offset,
            }
        }
    }
}

pub fn read_stdin() -> ReadOutcome {
    let mut bytes = Vec::new();
    match std::io::stdin().read_to_end(&mut bytes) {
        Ok(_) => classify(bytes),
        Err(e) => ReadOutcome::Failed(e.to_string()),
    }
}

/// Reads every input in parallel, in input order.
pub fn read_all(inputs: &[Input]) -> Vec<ReadOutcome> {
    inputs
        .par_iter()
        .map(|input| match &input.path {
            Some(path) => match std::fs::read(path) {
                Ok(bytes) => classify(bytes),
                Err(e) => ReadOutcome::Failed(e.to_string()),
            },
            None => read_stdin(),
        })
        .collect()
}

/// Registers what was read: failures first (as sources their errors point into), then the
/// documents. Returns the error diagnostics and the names of skipped binary files.
pub fn register(
    corpus: &mut Corpus,
    inputs: Vec<Input>,
    reads: Vec<ReadOutcome>,
    stdin_format: Option<Format>,
) -> (Vec<Diagnostic>, Vec<String>) {
    let mut errors = Vec::new();
    let mut binary = Vec::new();
    let mut texts = Vec::new();
    for (input, read) in inputs.into_iter().zip(reads) {
        match read {
            ReadOutcome::Text(text) => texts.push((input, text)),
            ReadOutcome::Binary => binary.push(input.name),
            ReadOutcome::InvalidUtf8 { valid, offset } => {
                let id = corpus.add_source(Source::new(input.name, valid));
                errors.push(
                    Diagnostic::new(
                        "io/invalid-utf8",
                        Severity::Error,
                        Span::new(id, offset..offset),
                        format!(
                            "file is not valid UTF-8: invalid byte at offset {offset}; file skipped"
                        ),
                    )
                    .with_help("convert the file to UTF-8"),
                );
            }
            ReadOutcome::Failed(message) => errors.push(io_error(
                corpus,
                &input.name,
                format!("cannot read file: {message}"),
            )),
        }
    }
    // Masking (Markdown parsing, URL search) is per file work: do it in parallel.
    let base = corpus.next_id();
    let docs: Vec<Document> = texts
        .into_par_iter()
        .enumerate()
        .map(|(i, (input, text))| {
            let format = match (&input.path, stdin_format) {
                (None, Some(format)) => format,
                _ => Format::from_path(&input.name),
            };
            Document::with_format(base + i, input.name, text, format)
        })
        .collect();
    for doc in docs {
        corpus.push_document(doc);
    }
    (errors, binary)
}

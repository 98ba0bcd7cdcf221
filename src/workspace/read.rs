//! Reading files: classifying bytes as text, binary or mis-encoded, and registering what was
//! read as documents of a corpus.

use std::io::Read;

use rayon::prelude::*;

use super::{Input, io_error};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Format, Source, Span};
use crate::engine::Corpus;

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

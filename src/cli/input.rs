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
use crate::document::{Bitext, Document, Format, Layout, Misaligned, Source, Span};
use crate::engine::Corpus;
use crate::formats::FormatError;

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
    /// The source file of an aligned pair: `STEM.zh` for `STEM.en`.
    pub source: Option<PathBuf>,
}

impl Input {
    fn file(path: &Path) -> Input {
        Input {
            name: display_path(path),
            path: Some(path.to_path_buf()),
            source: None,
        }
    }

    fn pair(target: PathBuf, source: PathBuf) -> Input {
        Input {
            source: Some(source),
            ..Input::file(&target)
        }
    }
}

/// Source languages of aligned pairs: `STEM.en` beside `STEM.zh`, `STEM.ja` or `STEM.ko`
/// (one segment per line, line N translates line N).
pub const ALIGNED_SOURCE_LANGUAGES: &[&str] = &["zh", "ja", "ko"];

/// The language of an aligned source file, from its extension.
fn aligned_language(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?;
    ALIGNED_SOURCE_LANGUAGES
        .iter()
        .copied()
        .find(|lang| *lang == ext)
}

/// The source beside an aligned target `STEM.en`, if there is one.
fn source_of(target: &Path) -> Option<PathBuf> {
    if target.extension()? != "en" {
        return None;
    }
    ALIGNED_SOURCE_LANGUAGES
        .iter()
        .map(|lang| target.with_extension(lang))
        .find(|p| p.is_file())
}

/// The target `STEM.en` beside an aligned source `STEM.zh`, if there is one.
fn target_of(source: &Path) -> Option<PathBuf> {
    aligned_language(source)?;
    Some(source.with_extension("en")).filter(|p| p.is_file())
}

/// How a file found on disk is linted: as an aligned pair, as a plain file, or not at all
/// (the source side of a pair, which is read with its target).
fn classify_path(path: &Path, walked: bool, include: &GlobSet) -> Option<Input> {
    if let Some(source) = source_of(path) {
        return Some(Input::pair(path.to_path_buf(), source));
    }
    if let Some(target) = target_of(path) {
        // Named on the command line: lint the pair. Walked: its target brings it.
        return (!walked).then(|| Input::pair(target, path.to_path_buf()));
    }
    (!walked || include.is_match(path)).then(|| Input::file(path))
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
/// Files named explicitly are always linted; folders are walked as ripgrep does. Aligned
/// pairs (`STEM.en` beside `STEM.zh|ja|ko`) are always linted, as one input: the target
/// with its source.
pub fn collect(paths: &[PathBuf], config: &Config) -> (Vec<Input>, Vec<(String, String)>) {
    let include = glob_set(&config.include_globs());
    let exclude = glob_set(&config.exclude_globs());
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.is_file() {
            inputs.extend(classify_path(root, false, &include));
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
                    if !exclude.is_match(path) {
                        inputs.extend(classify_path(path, true, &include));
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

/// Registers what was read: failures and the source files of aligned pairs first (as
/// sources diagnostics point into), then the documents. Returns the error diagnostics and the
/// names of skipped binary files.
pub fn register(
    corpus: &mut Corpus,
    inputs: Vec<Input>,
    reads: Vec<ReadOutcome>,
    stdin_format: Option<Format>,
) -> (Vec<Diagnostic>, Vec<String>) {
    let mut errors = Vec::new();
    let mut binary = Vec::new();
    let mut texts = Vec::new();
    let sources: Vec<Option<ReadOutcome>> = inputs
        .par_iter()
        .map(|input| {
            let path = input.source.as_ref()?;
            Some(match std::fs::read(path) {
                Ok(bytes) => classify(bytes),
                Err(e) => ReadOutcome::Failed(e.to_string()),
            })
        })
        .collect();
    for ((input, read), source) in inputs.into_iter().zip(reads).zip(sources) {
        let source = source.and_then(|read| {
            let path = input.source.as_deref()?;
            let name = display_path(path);
            let text = read_error(corpus, &name, read, &mut errors, &mut binary)?;
            let lang = aligned_language(path)?;
            Some((corpus.add_source(Source::new(name, text)), lang))
        });
        if let Some(text) = read_error(corpus, &input.name, read, &mut errors, &mut binary) {
            texts.push((input, text, source));
        }
    }
    // Masking (Markdown parsing, URL search) is per file work: do it in parallel.
    let base = corpus.next_id();
    let docs: Vec<(Document, Option<Diagnostic>)> = texts
        .into_par_iter()
        .enumerate()
        .map(|(i, (input, text, source))| {
            let format = match (&input.path, stdin_format) {
                (None, Some(format)) => format,
                _ => Format::from_path(&input.name),
            };
            let mut doc = if source.is_some() {
                // One segment per line.
                Document::with_layout(base + i, input.name, text, format, Layout::Lines)
            } else {
                Document::with_format(base + i, input.name, text, format)
            };
            let mut error = doc.format_error.as_ref().map(|e| malformed(&doc, e));
            if let Some((source_id, lang)) = source {
                let source = corpus.source(source_id);
                match Bitext::aligned(&doc.source, source, Some(source_id), lang) {
                    Ok(bitext) => doc.bitext = Some(bitext),
                    Err(m) => error = Some(misaligned(&doc, source, source_id, &m)),
                }
            }
            (doc, error)
        })
        .collect();
    for (doc, error) in docs {
        corpus.push_document(doc);
        errors.extend(error);
    }
    (errors, binary)
}

/// The text of a file that was read, or `None` after recording why there is none.
fn read_error(
    corpus: &mut Corpus,
    name: &str,
    read: ReadOutcome,
    errors: &mut Vec<Diagnostic>,
    binary: &mut Vec<String>,
) -> Option<String> {
    match read {
        ReadOutcome::Text(text) => return Some(text),
        ReadOutcome::Binary => binary.push(name.to_string()),
        ReadOutcome::InvalidUtf8 { valid, offset } => {
            let id = corpus.add_source(Source::new(name, valid));
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
            name,
            format!("cannot read file: {message}"),
        )),
    }
    None
}

/// The error for a bilingual file that cannot be read as its format; nothing of it is linted.
pub fn malformed(doc: &Document, e: &FormatError) -> Diagnostic {
    let format = match doc.format {
        Format::Po => "PO",
        Format::Xliff => "XLIFF",
        Format::Tmx => "TMX",
        Format::Tsv => "TSV",
        Format::Plain | Format::Markdown => "text",
    };
    Diagnostic::new(
        "io/malformed",
        Severity::Error,
        doc.span(e.range.clone()),
        format!("malformed {format} file: {}", e.message),
    )
    .with_note("the file was not checked")
}

/// The error for an aligned pair whose files differ in line count: at the first line that
/// has no partner. The target is still linted on its own.
fn misaligned(doc: &Document, source: &Source, source_id: usize, m: &Misaligned) -> Diagnostic {
    let (target_name, source_name) = (doc.name(), &source.name);
    let message = format!(
        "aligned pair out of step: {target_name} has {} lines but its source {source_name} has {}",
        m.target_lines, m.source_lines
    );
    let first_unpaired = m.target_lines.min(m.source_lines);
    let end = doc.text().len();
    let mut d = if m.target_lines > m.source_lines {
        let line = doc.source.line_range(first_unpaired);
        Diagnostic::new(
            "io/misaligned-pair",
            Severity::Error,
            doc.span(line),
            message,
        )
        .with_label(
            Span::new(source_id, source.text.len()..source.text.len()),
            "the source ends here",
        )
    } else {
        let line = source.line_range(first_unpaired);
        Diagnostic::new(
            "io/misaligned-pair",
            Severity::Error,
            doc.span(end..end),
            message,
        )
        .with_label(
            Span::new(source_id, line),
            "first source line with no translation",
        )
    };
    d = d
        .with_note(format!(
            "line N of {target_name} must translate line N of {source_name}; \
             the pair was not checked against its source"
        ))
        .with_help("add or remove lines so that both files have the same number of lines");
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(paths: &[PathBuf]) -> (Corpus, Vec<Diagnostic>) {
        let mut corpus = Corpus::new();
        let (inputs, walk_errors) = collect(paths, &Config::default());
        assert!(walk_errors.is_empty());
        let reads = read_all(&inputs);
        let (errors, _) = register(&mut corpus, inputs, reads, None);
        (corpus, errors)
    }

    #[test]
    fn a_walk_pairs_stem_en_with_its_source_and_does_not_lint_the_source() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.zh"), "你好。\n再见。\n").unwrap();
        std::fs::write(dir.path().join("a.en"), "Hello.\nGoodbye.\n").unwrap();
        std::fs::write(dir.path().join("other.ja"), "こんにちは\n").unwrap();
        std::fs::write(dir.path().join("lone.en"), "Not walked: no source.\n").unwrap();
        let (corpus, errors) = read(&[dir.path().to_path_buf()]);
        assert!(errors.is_empty());
        let names: Vec<_> = corpus.docs.iter().map(|d| d.name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].ends_with("a.en"));
        let bitext = corpus.docs[0].bitext.as_ref().unwrap();
        assert_eq!(bitext.source_lang, "zh");
        let doc = &corpus.docs[0];
        let pairs: Vec<_> = bitext
            .segments
            .iter()
            .map(|s| (s.source.as_str(), &doc.text()[s.target.clone()]))
            .collect();
        assert_eq!(pairs, [("你好。", "Hello."), ("再见。", "Goodbye.")]);
        // The source is registered, so labels can point into it.
        let span = bitext.segments[1].source_span.clone().unwrap();
        assert_eq!(&corpus.source(span.file).text[span.range], "再见。");
    }

    #[test]
    fn naming_either_side_of_a_pair_lints_the_pair() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.ko"), "안녕\n").unwrap();
        std::fs::write(dir.path().join("a.en"), "Hello\n").unwrap();
        for named in ["a.ko", "a.en"] {
            let (corpus, errors) = read(&[dir.path().join(named)]);
            assert!(errors.is_empty());
            assert_eq!(corpus.docs.len(), 1);
            assert!(corpus.docs[0].name().ends_with("a.en"));
            assert_eq!(corpus.docs[0].bitext.as_ref().unwrap().source_lang, "ko");
        }
    }

    #[test]
    fn a_line_count_mismatch_is_an_error_and_the_target_is_still_linted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.ja"), "一\n二\n三\n").unwrap();
        std::fs::write(dir.path().join("a.en"), "One\nTwo\n").unwrap();
        let (corpus, errors) = read(&[dir.path().to_path_buf()]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].rule, "io/misaligned-pair");
        assert!(errors[0].message.contains("2 lines"));
        let label = &errors[0].labels[0].span;
        assert_eq!(&corpus.source(label.file).text[label.range.clone()], "三");
        assert_eq!(corpus.docs.len(), 1);
        assert!(corpus.docs[0].bitext.is_none());
    }
}

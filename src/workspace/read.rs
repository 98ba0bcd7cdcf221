//! Reading files: classifying bytes as text, binary or mis-encoded, and registering what was
//! read as documents of a corpus (an aligned pair's source as its [`Bitext`]).
//!
//! Every file is opened through [`open_regular`] (or, for a file the walk found regular,
//! [`open_found`]): only regular files, opened non-blocking, so a FIFO or a device (named by a
//! config, on the command line, or swapped in for a file between the walk and the read) is an
//! error instead of a worker blocked forever. Whether a file is binary is decided on its first
//! bytes, before the rest is read.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use rayon::prelude::*;

use super::walk::aligned_language;
use super::{Input, display_path_in, io_error};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::formats::FormatError;
use crate::document::{Bitext, Document, FileId, Format, Layout, Misaligned, Source, Span};
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

/// How many leading bytes decide that a file is binary (a NUL among them) or UTF-16.
const SNIFF_BYTES: u64 = 8192;

/// Config, rule pack and names data files larger than this are refused: they are read whole
/// and parsed before anything is linted.
pub const CONFIG_FILE_CAP: u64 = 64 << 20;

/// Opens `path` (following symbolic links) for reading if it is a regular file. The type is
/// checked before opening and again on the open file, and the open itself is non-blocking:
/// a FIFO put in the file's place between the two checks opens at once and is refused,
/// instead of blocking until a writer comes.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    open_found(path)
}

/// [`open_regular`] without its first check, for a file the walk found to be a regular file
/// (an [`Input`]'s): one system call less a file. A FIFO or device swapped in since is still
/// opened non-blocking and refused on the open file.
fn open_found(path: &Path) -> io::Result<(File, Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok((file, meta))
}

/// The error for a path that exists but is no regular file.
pub fn not_regular(meta: &Metadata) -> io::Error {
    let kind = if meta.is_dir() {
        "a folder"
    } else {
        special_kind(meta)
    };
    io::Error::other(format!("not a regular file ({kind}); it is not read"))
}

#[cfg(unix)]
fn special_kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &Metadata) -> &'static str {
    "a special file"
}

/// Reads a whole regular file (see [`open_regular`]): never blocks on a FIFO, never reads a
/// device. For files translint reads besides the ones it lints (its cache, say).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let (mut file, meta) = open_regular(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    read_rest(&mut file, &mut bytes)?;
    Ok(bytes)
}

/// Reads `from` to its end into `bytes`, which has room for it already (sized from the file's
/// metadata): through [`Read::take`], whose `read_to_end` reads into the room there is, where
/// a file's own asks the kernel for its size and position first (two more system calls a
/// file, 32,000 on the benchmark corpus, which reads most files twice).
fn read_rest(from: &mut impl Read, bytes: &mut Vec<u8>) -> io::Result<usize> {
    from.take(u64::MAX).read_to_end(bytes)
}

/// Reads a file to lint. A file whose first bytes show it is binary (or UTF-16) is not read
/// further: a sparse file of gigabytes of NULs costs one small read.
pub fn read_file(path: &Path) -> ReadOutcome {
    read_opened(open_regular(path))
}

/// [`read_file`] for a file the walk found to be a regular file ([`open_found`]).
fn read_found(path: &Path) -> ReadOutcome {
    read_opened(open_found(path))
}

fn read_opened(opened: io::Result<(File, Metadata)>) -> ReadOutcome {
    match opened {
        // Room for the whole file (up to a cap) at once: a few reads a file, not one for
        // each doubling of the buffer.
        Ok((file, meta)) => {
            let room = usize::try_from(meta.len().min(READ_ROOM_CAP)).unwrap_or(0);
            read_sniffed(file, Vec::with_capacity(room + 1))
        }
        Err(e) => ReadOutcome::Failed(e.to_string()),
    }
}

/// The most room [`read_file`] reserves from a file's size before reading it.
const READ_ROOM_CAP: u64 = 64 << 20;

fn read_sniffed(mut reader: impl Read, mut bytes: Vec<u8>) -> ReadOutcome {
    let sniffed = match (&mut reader).take(SNIFF_BYTES).read_to_end(&mut bytes) {
        Ok(sniffed) => sniffed,
        Err(e) => return ReadOutcome::Failed(e.to_string()),
    };
    if let outcome @ (ReadOutcome::Binary | ReadOutcome::Failed(_)) = classify_head(&bytes) {
        return outcome;
    }
    // Fewer bytes than it asked for: the first read met the end (most files are that short).
    if (sniffed as u64) < SNIFF_BYTES {
        return classify(bytes);
    }
    match read_rest(&mut reader, &mut bytes) {
        Ok(_) => classify(bytes),
        Err(e) => ReadOutcome::Failed(e.to_string()),
    }
}

/// What the first bytes of a file already decide: binary, UTF-16, or (`Text`) nothing yet.
/// The same verdicts as [`classify`], without copying or decoding the bytes.
fn classify_head(head: &[u8]) -> ReadOutcome {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return classify(head[..2].to_vec());
    }
    if memchr::memchr(0, head).is_some() {
        return ReadOutcome::Binary;
    }
    ReadOutcome::Text(String::new())
}

/// Reads a config, rule pack or names data file named by the user: a regular file of at most
/// [`CONFIG_FILE_CAP`] bytes of UTF-8. The error says why not, never what the file holds.
pub fn read_config_file(path: &Path) -> Result<String, String> {
    let (file, meta) = open_regular(path).map_err(|e| e.to_string())?;
    let too_big = || {
        format!(
            "the file is larger than the {} MB limit for config, rule and data files",
            CONFIG_FILE_CAP >> 20
        )
    };
    if meta.len() > CONFIG_FILE_CAP {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    // The file may grow after the size check: never read more than the cap.
    file.take(CONFIG_FILE_CAP + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > CONFIG_FILE_CAP {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

pub fn read_stdin() -> ReadOutcome {
    read_sniffed(std::io::stdin().lock(), Vec::new())
}

/// Reads every input in parallel, in input order.
pub fn read_all(inputs: &[Input]) -> Vec<ReadOutcome> {
    inputs.par_iter().map(read_one).collect()
}

/// Reads one input: its file, or standard input.
pub fn read_one(input: &Input) -> ReadOutcome {
    match &input.path {
        Some(path) => read_found(path),
        None => read_stdin(),
    }
}

/// What [`register`] registered, besides the documents.
pub struct Registered {
    /// Why files could not be read or parsed.
    pub errors: Vec<Diagnostic>,
    /// The names of the binary files skipped.
    pub binary: Vec<String>,
    /// The index in the inputs of each document registered, in order.
    pub inputs: Vec<usize>,
}

/// Registers what was read: failures and the source files of aligned pairs first (as
/// sources diagnostics point into), then the documents.
pub fn register(
    corpus: &mut Corpus,
    inputs: Vec<Input>,
    reads: Vec<ReadOutcome>,
    stdin_format: Option<Format>,
    layout: Option<Layout>,
) -> Registered {
    let mut errors = Vec::new();
    let mut binary = Vec::new();
    let mut texts = Vec::new();
    let mut registered = Vec::new();
    // Aligned sources are named as the walk names files: the current folder asked once.
    let cwd = std::env::current_dir().unwrap_or_default();
    let sources: Vec<Option<ReadOutcome>> = inputs
        .par_iter()
        .map(|input| {
            let path = input.source.as_ref()?;
            Some(read_found(path))
        })
        .collect();
    for (i, ((input, read), source)) in inputs.into_iter().zip(reads).zip(sources).enumerate() {
        let source = source.and_then(|read| {
            let path = input.source.as_deref()?;
            let name = display_path_in(path, &cwd);
            let text = read_error(corpus, &name, read, &mut errors, &mut binary)?;
            let lang = aligned_language(path)?;
            Some((corpus.add_source(Source::new(name, text)), lang))
        });
        if let Some(text) = read_error(corpus, &input.name, read, &mut errors, &mut binary) {
            let format = match (&input.path, stdin_format) {
                (None, Some(format)) => format,
                _ => Format::from_path(&input.name),
            };
            // The name only: its paths are freed before the documents are built.
            texts.push((input.name, format, text, source));
            registered.push(i);
        }
    }
    // Masking (Markdown parsing, URL search) is per file work: do it in parallel.
    let base = corpus.next_id();
    // Errors boxed and apart: every document is built here and then moved into the corpus, so
    // the documents are held twice for a moment (a third of a run's memory at that point when
    // each slot also had room for a diagnostic).
    let (docs, doc_errors): (Vec<Document>, Vec<Option<Box<Diagnostic>>>) = texts
        .into_par_iter()
        .enumerate()
        .map(|(i, (name, format, text, source))| {
            let mut doc = document(base + i, name, text, format, source.is_some(), layout);
            let mut error = doc.format_error.as_ref().map(|e| malformed(&doc, e));
            if let Some((source_id, lang)) = source {
                let source = corpus.source(source_id);
                match Bitext::aligned(&doc.source, source, Some(source_id), lang) {
                    Ok(bitext) => doc.bitext = Some(Box::new(bitext)),
                    Err(m) => error = Some(misaligned(&doc, source, source_id, &m)),
                }
            }
            (doc, error.map(Box::new))
        })
        .unzip();
    corpus.append_documents(docs);
    errors.extend(doc_errors.into_iter().flatten().map(|e| *e));
    Registered {
        errors,
        binary,
        inputs: registered,
    }
}

/// The document of a file's text, as [`register`] makes it: `aligned` when it has an aligned
/// source file; `layout` is the config's, for plain text.
pub fn document(
    id: FileId,
    name: String,
    text: String,
    format: Format,
    aligned: bool,
    layout: Option<Layout>,
) -> Document {
    match layout {
        // One segment per line.
        _ if aligned => Document::with_layout(id, name, text, format, Layout::Lines),
        Some(layout) if format == Format::Plain => {
            Document::with_layout(id, name, text, format, layout)
        }
        _ => Document::with_format(id, name, text, format),
    }
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
    use crate::config::Config;
    use crate::workspace::collect;
    use std::path::PathBuf;

    fn read(paths: &[PathBuf]) -> (Corpus, Vec<Diagnostic>) {
        let mut corpus = Corpus::new();
        let (inputs, walk_errors) = collect(paths, &Config::default(), false);
        assert!(walk_errors.is_empty());
        let reads = read_all(&inputs);
        let errors = register(&mut corpus, inputs, reads, None, None).errors;
        (corpus, errors)
    }

    /// A reader that gives at most `step` bytes a read, as a pipe may.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// An input's path was a regular file when walked; whatever is there when it is read and
    /// is not one is refused on the open file, without blocking (a FIFO with no writer).
    #[cfg(unix)]
    #[test]
    fn an_input_no_longer_a_regular_file_is_refused_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("swapped.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo runs");
        for (path, kind) in [(fifo, "a FIFO"), ("/dev/null".into(), "a character device")] {
            let input = Input {
                name: "swapped.txt".into(),
                path: Some(path),
                source: None,
            };
            match read_one(&input) {
                ReadOutcome::Failed(why) => assert!(why.contains(kind), "{why}"),
                _ => panic!("{kind} was read"),
            }
        }
    }

    #[test]
    fn files_read_whole_on_either_side_of_the_sniffed_bytes() {
        let sniff = SNIFF_BYTES as usize;
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 1, sniff - 1, sniff, sniff + 1, 3 * sniff + 5] {
            let text: String = "abcdefg\n".chars().cycle().take(len).collect();
            let path = dir.path().join(format!("{len}.txt"));
            std::fs::write(&path, &text).unwrap();
            for outcome in [
                read_file(&path),
                read_found(&path),
                read_sniffed(Trickle(text.as_bytes(), 1000), Vec::new()),
                read_sniffed(Trickle(text.as_bytes(), 1), Vec::new()),
            ] {
                assert!(
                    matches!(&outcome, ReadOutcome::Text(t) if *t == text),
                    "{len}"
                );
            }
            assert_eq!(read_regular(&path).unwrap(), text.as_bytes());
            // A NUL past the sniffed bytes still makes the file binary.
            let nul = [text.as_bytes(), b"\0"].concat();
            std::fs::write(&path, &nul).unwrap();
            assert!(matches!(read_file(&path), ReadOutcome::Binary), "{len}");
        }
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

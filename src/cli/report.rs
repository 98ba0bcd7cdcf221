//! Where and how `check` prints its report: the output format or `--statistics`, to standard
//! output, standard error (when standard output carries `--fix -`'s text) or `--output-file`,
//! coloured or not, and the summary.

use std::cell::LazyCell;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use codespan_reporting::term::termcolor::Buffer;
use rayon::prelude::*;

use super::fix::Fixability;
use super::{CheckArgs, ColorChoice, OutputFormat};
use crate::diagnostic::Diagnostic;
use crate::engine::{Corpus, RuleSet};
use crate::render::{self, Show, Summary};

/// Where the report goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    Stdout,
    /// Standard output carries `--fix -`'s fixed text.
    Stderr,
    File(PathBuf),
}

impl Sink {
    pub fn for_run(args: &CheckArgs, stdout_taken: bool) -> Sink {
        match (&args.output_file, stdout_taken) {
            (Some(file), _) => Sink::File(file.clone()),
            (None, true) => Sink::Stderr,
            (None, false) => Sink::Stdout,
        }
    }

    fn is_terminal(&self) -> bool {
        match self {
            Sink::Stdout => std::io::stdout().is_terminal(),
            Sink::Stderr => std::io::stderr().is_terminal(),
            Sink::File(_) => false,
        }
    }

    fn write(&self, bytes: &[u8]) -> Result<(), String> {
        self.write_with(&mut |w| w.write_all(bytes))
    }

    /// Lets `write` write the report as it goes, written behind it ([`write_behind`]).
    fn write_with(
        &self,
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        let result = match self {
            Sink::Stdout => write_behind(std::io::stdout(), write),
            Sink::Stderr => write_behind(std::io::stderr(), write),
            Sink::File(path) => std::fs::File::create(path)
                .and_then(|file| write_behind(file, write))
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        };
        match result {
            // A closed pipe (`translint check | head`) is the reader's choice, not an error.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(format!("cannot write the report: {e}"))
            }
            _ => Ok(()),
        }
    }
}

/// How many bytes of the report are handed to its writer at a time.
const WRITE_BLOCK: usize = 256 << 10;

/// Runs `write`, its bytes written to `out` by a thread of their own a block at a time: a
/// report of tens of megabytes is written while the next findings are read back and formatted,
/// where each write held the main thread (some 20 ms of a warm run over the 51 MB corpus,
/// written to a file). At most two blocks wait. The writer's error, if any, is the result: a
/// write of `write`'s after it stopped fails without saying why.
fn write_behind<W: Write + Send>(
    out: W,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (blocks, received) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
    // Written blocks come back to be filled again: a block is a mapping of its own (it is
    // larger than malloc's threshold), which a fresh one would fault in page by page.
    let (emptied, recycled) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let mut out = out;
            for mut block in received {
                out.write_all(&block)?;
                block.clear();
                // The report may be done with blocks: then this one is freed.
                let _ = emptied.send(block);
            }
            out.flush()
        });
        let mut behind = Behind {
            blocks,
            recycled,
            block: Vec::new(),
        };
        let produced = write(&mut behind).and_then(|()| behind.send());
        // Closes the channel: the writer ends once it has written every block.
        drop(behind);
        let written = (writer.join()).unwrap_or_else(|_| Err(writer_stopped()));
        written.and(produced)
    })
}

/// The bytes of a report on their way to [`write_behind`]'s writer.
struct Behind {
    blocks: std::sync::mpsc::SyncSender<Vec<u8>>,
    recycled: std::sync::mpsc::Receiver<Vec<u8>>,
    block: Vec<u8>,
}

impl Behind {
    /// Hands the block over, if it has anything, and takes a written one back to fill.
    fn send(&mut self) -> std::io::Result<()> {
        if self.block.is_empty() {
            return Ok(());
        }
        let next = (self.recycled.try_recv()).unwrap_or_else(|_| Vec::with_capacity(WRITE_BLOCK));
        let block = std::mem::replace(&mut self.block, next);
        self.blocks.send(block).map_err(|_| writer_stopped())
    }
}

impl Write for Behind {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.block.extend_from_slice(bytes);
        if self.block.len() >= WRITE_BLOCK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

fn writer_stopped() -> std::io::Error {
    std::io::Error::other("the report's writer stopped")
}

/// Whether human output is coloured: `--color`, then FORCE_COLOR, then NO_COLOR, then
/// whether the report goes to a terminal. A file is coloured only when asked for.
fn coloured(choice: ColorChoice, sink: &Sink) -> bool {
    let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if matches!(sink, Sink::File(_)) => false,
        ColorChoice::Auto if set("FORCE_COLOR") => true,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto => sink.is_terminal(),
    }
}

/// The findings of a report in chunks, in order: given `show`, gives it each chunk (every
/// finding of a file in one) with a corpus that holds the text they show.
pub type Chunks<'a> = &'a mut dyn FnMut(Show);

/// Findings whose text is all in `corpus`, in one chunk.
pub fn whole<'a>(corpus: &'a Corpus, diagnostics: &'a [Diagnostic]) -> impl FnMut(Show) + 'a {
    move |show| show(corpus, diagnostics)
}

/// Prints the report of a run over `files` documents: `diagnostics`, as `chunks` gives them
/// with their text. `rules` is `None` when the config could not be loaded.
pub fn report(
    args: &CheckArgs,
    diagnostics: &[Diagnostic],
    chunks: Chunks,
    files: usize,
    rules: Option<&RuleSet>,
    sink: &Sink,
) -> Result<(), String> {
    let fixability = rules.map(|r| Fixability::new(r, args.unsafe_fixes));
    let fixable = |d: &Diagnostic| fixability.as_ref().is_some_and(|f| f.applies(d));
    let mut summary = Summary::new(files, diagnostics);
    // Counted in parallel: a report over an archive has tens of thousands of findings, and
    // this was a serial few milliseconds of a warm-cache run.
    (summary.fixable, summary.unsafe_fixable) = diagnostics
        .par_iter()
        .map(|d| match &fixability {
            Some(f) if f.applies(d) => (1, 0),
            Some(f) if f.needs_unsafe_fixes(d) => (0, 1),
            _ => (0, 0),
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    if args.statistics {
        // Nothing shown, but every chunk is read back: a file that cannot be is an error.
        chunks(&mut |_, _| {});
        return sink.write(statistics(args.format, diagnostics, rules, &fixable).as_bytes());
    }
    let metas: Vec<_> = rules
        .iter()
        .flat_map(|r| r.rules())
        .map(|r| r.meta())
        .collect();
    // Only SARIF output has a log to write around its results.
    let sarif = LazyCell::new(|| render::sarif::Log::new(&metas));
    let coloured = coloured(args.color, sink);
    sink.write_with(&mut |out| {
        match args.format {
            OutputFormat::Json => render::json::start(out)?,
            OutputFormat::Sarif => out.write_all(sarif.head.as_bytes())?,
            OutputFormat::Human | OutputFormat::Short | OutputFormat::Github => {}
        }
        // After a write fails, the chunks still go by: each file is read back as when the
        // report is written whole, and one that cannot be is reported.
        let mut failed = None;
        let mut first = true;
        let mut json = render::json::Findings::default();
        chunks(&mut |corpus, chunk| {
            if failed.is_some() {
                return;
            }
            let written = match args.format {
                OutputFormat::Human => {
                    let mut buffer = buffer(coloured);
                    render::human::findings(&mut buffer, corpus, chunk, &fixable);
                    out.write_all(buffer.as_slice())
                }
                OutputFormat::Short => render::short::write(out, corpus, chunk, &fixable),
                OutputFormat::Json => json.write(out, corpus, chunk, first),
                OutputFormat::Github => {
                    out.write_all(render::github::render(corpus, chunk).as_bytes())
                }
                OutputFormat::Sarif => {
                    out.write_all(sarif.results(corpus, chunk, first).as_bytes())
                }
            };
            first &= chunk.is_empty();
            failed = written.err();
        });
        if let Some(e) = failed {
            return Err(e);
        }
        match args.format {
            OutputFormat::Human if !args.quiet => {
                let mut buffer = buffer(coloured);
                render::human::summary_lines(&mut buffer, summary);
                out.write_all(buffer.as_slice())
            }
            OutputFormat::Json => render::json::finish(out, diagnostics.is_empty(), summary),
            OutputFormat::Sarif => out.write_all(sarif.tail(diagnostics.is_empty()).as_bytes()),
            _ => Ok(()),
        }
    })?;
    // Short and GitHub output are read line by line by tools: the summary goes beside them.
    if matches!(args.format, OutputFormat::Short | OutputFormat::Github) && !args.quiet {
        for line in summary.lines() {
            eprintln!("{line}");
        }
    }
    Ok(())
}

/// A buffer for human output, coloured or not.
fn buffer(coloured: bool) -> Buffer {
    match coloured {
        true => Buffer::ansi(),
        false => Buffer::no_color(),
    }
}

/// `--statistics`: findings per rule, most first, as ruff prints them (`[*]` when `--fix`
/// fixes them all); a JSON array under `--format json`.
fn statistics(
    format: OutputFormat,
    diagnostics: &[Diagnostic],
    rules: Option<&RuleSet>,
    fixable: &dyn Fn(&Diagnostic) -> bool,
) -> String {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        rule: &'a str,
        count: usize,
        fixable: bool,
        summary: &'a str,
    }
    let summaries: BTreeMap<&str, &str> = rules
        .iter()
        .flat_map(|r| r.rules())
        .map(|r| (r.meta().id.as_str(), r.meta().summary.as_str()))
        .collect();
    let mut per_rule: BTreeMap<&str, (usize, bool, &str)> = BTreeMap::new();
    for d in diagnostics {
        let summary = summaries.get(d.rule.as_str()).copied();
        let row = per_rule
            .entry(&d.rule)
            .or_insert((0, true, summary.unwrap_or(&d.message)));
        row.0 += 1;
        row.1 &= fixable(d);
    }
    let mut rows: Vec<Row> = per_rule
        .into_iter()
        .map(|(rule, (count, fixable, summary))| Row {
            rule,
            count,
            fixable,
            summary,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    if format == OutputFormat::Json {
        let mut s = serde_json::to_string_pretty(&rows).expect("plain data always serialises");
        s.push('\n');
        return s;
    }
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    rows.iter()
        .map(|r| {
            let mark = if r.fixable { "[*] " } else { "    " };
            format!("{:>5}  {:width$}  {mark}{}\n", r.count, r.rule, r.summary)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};
    use crate::config::Config;
    use crate::workspace::cache::tests::TEXTS;

    /// A writer that keeps what it is given, and fails once it holds `fail_after` bytes.
    struct Kept {
        bytes: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
        fail_after: usize,
    }

    impl Write for Kept {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut bytes = self.bytes.lock().unwrap();
            if bytes.len() >= self.fail_after {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            bytes.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Writes of every size, across many blocks, arrive whole and in order; a writer that
    /// fails gives its own error, and the report still runs to its end.
    #[test]
    fn a_report_written_behind_arrives_whole_and_a_failed_write_says_why() {
        let report: Vec<u8> = (0..3 * WRITE_BLOCK + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        let produce = |out: &mut dyn Write| -> std::io::Result<()> {
            let mut rest = &report[..];
            let mut size = 1;
            while !rest.is_empty() {
                let (now, later) = rest.split_at(size.min(rest.len()));
                out.write_all(now)?;
                rest = later;
                size = size * 7 % 100_003 + 1;
            }
            Ok(())
        };
        let bytes = std::sync::Arc::default();
        let whole = Kept {
            bytes: std::sync::Arc::clone(&bytes),
            fail_after: usize::MAX,
        };
        write_behind(whole, &mut |out| produce(out)).unwrap();
        assert!(*bytes.lock().unwrap() == report);

        let failing = Kept {
            bytes: std::sync::Arc::default(),
            fail_after: WRITE_BLOCK,
        };
        let mut calls = 0;
        let error = write_behind(failing, &mut |out| {
            calls += 1;
            // Goes on after the writer has stopped, as a report does.
            let _ = produce(out);
            produce(out)
        })
        .unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe);
        assert_eq!(calls, 1);
    }

    fn args(extra: &[&str]) -> CheckArgs {
        let line = ["translint", "check", "--color", "never"]
            .iter()
            .chain(extra);
        match Cli::try_parse_from(line).unwrap().command {
            Command::Check(args) => *args,
            _ => unreachable!("a check command"),
        }
    }

    #[test]
    fn a_report_shown_a_file_at_a_time_is_the_report_shown_whole() {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        for (name, text) in TEXTS {
            corpus.add_document(name, text);
        }
        let diagnostics = crate::engine::lint(&corpus, &rules);
        let files: BTreeMap<_, _> = diagnostics.iter().map(|d| (d.file(), ())).collect();
        assert!(files.len() == TEXTS.len(), "{diagnostics:?}");
        assert!(
            diagnostics
                .iter()
                .any(|d| d.labels.iter().any(|l| l.span.file != d.file()))
        );
        assert!(diagnostics.iter().any(|d| d.fix.is_some()));
        let dir = tempfile::tempdir().unwrap();
        let formats = ["human", "short", "json", "github", "sarif"];
        for extra in formats
            .iter()
            .flat_map(|f| [vec!["--format", f], vec!["--format", f, "--statistics"]])
        {
            let args = args(&extra);
            let report = |name: &str, chunks: Chunks| {
                let sink = Sink::File(dir.path().join(name));
                report(&args, &diagnostics, chunks, 4, Some(&rules), &sink).unwrap();
                std::fs::read_to_string(dir.path().join(name)).unwrap()
            };
            let whole = report("whole", &mut super::whole(&corpus, &diagnostics));
            let mut by_file = |show: Show| {
                for chunk in diagnostics.chunk_by(|a, b| a.file() == b.file()) {
                    show(&corpus, chunk);
                }
            };
            assert_eq!(report("by file", &mut by_file), whole, "{extra:?}");
            assert!(!whole.is_empty(), "{extra:?}");
        }
    }
}

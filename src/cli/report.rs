//! Where and how `check` prints its report: the output format or `--statistics`, to standard
//! output, standard error (when standard output carries `--fix -`'s text) or `--output-file`,
//! coloured or not, and the summary.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use codespan_reporting::term::termcolor::Buffer;

use super::fix::Fixability;
use super::{CheckArgs, ColorChoice, OutputFormat};
use crate::diagnostic::Diagnostic;
use crate::engine::{Corpus, RuleSet};
use crate::render::{self, Summary};

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

    /// Lets `write` write the report, buffered, as it goes.
    fn write_with(
        &self,
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        let mut buffered = |out: &mut dyn Write| {
            let mut out = std::io::BufWriter::new(out);
            write(&mut out)?;
            out.flush()
        };
        let result = match self {
            Sink::Stdout => buffered(&mut std::io::stdout().lock()),
            Sink::Stderr => buffered(&mut std::io::stderr().lock()),
            Sink::File(path) => std::fs::File::create(path)
                .and_then(|mut file| buffered(&mut file))
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

/// Prints the report of a run over `files` documents. `rules` is `None` when the config
/// could not be loaded.
pub fn report(
    args: &CheckArgs,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    files: usize,
    rules: Option<&RuleSet>,
    sink: &Sink,
) -> Result<(), String> {
    let fixability = rules.map(|r| Fixability::new(r, args.unsafe_fixes));
    let fixable = |d: &Diagnostic| fixability.as_ref().is_some_and(|f| f.applies(d));
    let mut summary = Summary::new(files, diagnostics);
    summary.fixable = diagnostics.iter().filter(|d| fixable(d)).count();
    summary.unsafe_fixable = diagnostics
        .iter()
        .filter(|d| fixability.as_ref().is_some_and(|f| f.needs_unsafe_fixes(d)))
        .count();
    if args.statistics {
        return sink.write(statistics(args.format, diagnostics, rules, &fixable).as_bytes());
    }
    let text = match args.format {
        OutputFormat::Human => {
            let mut buffer = if coloured(args.color, sink) {
                Buffer::ansi()
            } else {
                Buffer::no_color()
            };
            let summary = (!args.quiet).then_some(summary);
            render::human::render(&mut buffer, corpus, diagnostics, summary, &fixable);
            return sink.write(buffer.as_slice());
        }
        OutputFormat::Short => render::short::render(corpus, diagnostics, &fixable),
        OutputFormat::Json => {
            return sink.write_with(&mut |w| render::json::write(w, corpus, diagnostics, summary));
        }
        OutputFormat::Github => render::github::render(corpus, diagnostics),
        OutputFormat::Sarif => {
            let metas: Vec<_> = rules
                .iter()
                .flat_map(|r| r.rules())
                .map(|r| r.meta())
                .collect();
            render::sarif::render(corpus, diagnostics, &metas)
        }
    };
    sink.write(text.as_bytes())?;
    // Short and GitHub output are read line by line by tools: the summary goes beside them.
    if matches!(args.format, OutputFormat::Short | OutputFormat::Github) && !args.quiet {
        for line in summary.lines() {
            eprintln!("{line}");
        }
    }
    Ok(())
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

//! `translint check`: config, inputs, lint, fix, baseline, render, exit code.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use codespan_reporting::term::termcolor::{BufferWriter, ColorChoice as TermColor};

use super::{CheckArgs, ColorChoice, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, FailOn, OutputFormat};
use super::{baseline, fix};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{FileId, Format};
use crate::engine::{self, Corpus, RuleSet};
use crate::render::{self, Summary};
use crate::workspace::{self, Input};

pub fn run(args: &CheckArgs) -> u8 {
    let mut corpus = Corpus::new();
    let mut errors = Vec::new();
    let rules = workspace::load_config(&args.config.choice(), &mut corpus)
        .and_then(|config| RuleSet::build(&mut corpus, &config).map(|rules| (config, rules)));
    let (config, rules) = match rules {
        Ok(ok) => ok,
        Err(mut diagnostics) => {
            // Without a valid config nothing can be linted as the user meant.
            engine::sort_and_dedup(&mut diagnostics);
            report(args, &corpus, &diagnostics, 0, None);
            return EXIT_ERROR;
        }
    };

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = paths.into_iter().filter(|p| p.as_os_str() != "-").collect();
    let (mut inputs, walk_errors) = workspace::collect(&files, &config);
    for (name, message) in walk_errors {
        errors.push(workspace::io_error(&mut corpus, &name, message));
    }
    // Files that may be written by --fix; `--corpus` context files are read, not reported.
    let paths: BTreeMap<String, PathBuf> = inputs
        .iter()
        .filter_map(|i| Some((i.name.clone(), i.path.clone()?)))
        .collect();
    let (context, context_errors) = workspace::collect(&args.corpus, &config);
    for (name, message) in context_errors {
        errors.push(workspace::io_error(&mut corpus, &name, message));
    }
    let context: Vec<Input> = context
        .into_iter()
        .filter(|c| !paths.contains_key(&c.name))
        .collect();
    let context_names: BTreeSet<String> = context.iter().map(|c| c.name.clone()).collect();
    inputs.extend(context);
    if stdin {
        inputs.push(Input {
            name: args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".to_string()),
            path: None,
            source: None,
        });
    }
    let stdin_format =
        stdin.then(|| Format::from_path(args.stdin_filename.as_deref().unwrap_or("")));
    let reads = workspace::read_all(&inputs);
    let (read_errors, binary) = workspace::register(&mut corpus, inputs, reads, stdin_format);
    errors.extend(read_errors);
    if args.verbose {
        for name in &binary {
            eprintln!("info: skipped binary file {name}");
        }
    }

    let context: BTreeSet<FileId> = corpus
        .docs
        .iter()
        .filter(|d| context_names.contains(d.name()))
        .map(|d| d.id)
        .collect();
    let writable: BTreeMap<FileId, PathBuf> = corpus
        .docs
        .iter()
        .filter(|d| !context.contains(&d.id))
        .filter_map(|d| Some((d.id, paths.get(d.name())?.clone())))
        .collect();

    let mut diagnostics = engine::lint(&corpus, &rules);
    if args.fix || args.diff {
        match fix::run(
            args,
            &mut corpus,
            &rules,
            diagnostics,
            &writable,
            &mut errors,
        ) {
            Ok(remaining) => diagnostics = remaining,
            Err(code) => return code,
        }
    }
    diagnostics.retain(|d| !context.contains(&d.file()));
    diagnostics.extend(errors);
    engine::sort_and_dedup(&mut diagnostics);
    if let Some(code) = baseline::run(args, &corpus, &mut diagnostics) {
        return code;
    }
    let files = corpus.docs.len() - context.len();
    report(args, &corpus, &diagnostics, files, Some(&rules));
    exit_code(&diagnostics, args.fail_on)
}

/// 2 if anything could not be read or configured; 1 if a finding reaches `fail_on`.
pub fn exit_code(diagnostics: &[Diagnostic], fail_on: FailOn) -> u8 {
    let is_error = |d: &Diagnostic| d.rule.starts_with("config/") || d.rule.starts_with("io/");
    if diagnostics.iter().any(is_error) {
        return EXIT_ERROR;
    }
    let threshold = match fail_on {
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
        FailOn::Never => return EXIT_OK,
    };
    if diagnostics.iter().any(|d| d.severity >= threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn color_choice(choice: ColorChoice) -> TermColor {
    match choice {
        ColorChoice::Always => TermColor::Always,
        ColorChoice::Never => TermColor::Never,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if no_color || !std::io::stdout().is_terminal() {
                TermColor::Never
            } else {
                TermColor::Auto
            }
        }
    }
}

fn report(
    args: &CheckArgs,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    files: usize,
    rules: Option<&RuleSet>,
) {
    let summary = Summary::new(files, diagnostics);
    let text = match args.format {
        OutputFormat::Human => {
            let writer = BufferWriter::stdout(color_choice(args.color));
            let mut buffer = writer.buffer();
            render::human::render(&mut buffer, corpus, diagnostics, Some(summary));
            let _ = writer.print(&buffer);
            return;
        }
        OutputFormat::Short => render::short::render(corpus, diagnostics),
        OutputFormat::Json => render::json::render(corpus, diagnostics, summary),
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
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

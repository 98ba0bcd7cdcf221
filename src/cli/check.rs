//! `translint check`: config, inputs, lint, fix, baseline, render, exit code.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;

use toml::Spanned;

use super::progress::Progress;
use super::report::{self, Sink};
use super::{CheckArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, FailOn, OutputFormat};
use super::{baseline, fix};
use crate::config::{Config, Selection};
use crate::diagnostic::{Diagnostic, Level, Severity};
use crate::document::{FileId, Format, Layout, Source};
use crate::engine::{self, Corpus, RuleSet};
use crate::workspace::cache::{self, Cache};
use crate::workspace::shard;
use crate::workspace::{self, ConfigChoice, Input};

pub fn run(args: &CheckArgs) -> u8 {
    let mut corpus = Corpus::new();
    let mut errors = Vec::new();
    // `--stdin-filename` alone reads standard input, as ruff does.
    let paths = match (&args.paths[..], &args.stdin_filename) {
        ([], Some(_)) => vec![PathBuf::from("-")],
        ([], None) => vec![PathBuf::from(".")],
        (paths, _) => paths.to_vec(),
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = paths.into_iter().filter(|p| p.as_os_str() != "-").collect();

    let choice = match args.config.choice() {
        // The nearest lint.toml to what is linted: the files, the context, and standard
        // input where `--stdin-filename` says it belongs.
        ConfigChoice::Discover => {
            let mut near = files.clone();
            near.extend(args.corpus.iter().cloned());
            if stdin {
                near.push(
                    args.stdin_filename
                        .as_deref()
                        .map_or(".".into(), PathBuf::from),
                );
            }
            ConfigChoice::DiscoverFor(near)
        }
        choice => choice,
    };
    let rules = workspace::load_config(&choice, &mut corpus).and_then(|mut config| {
        config.selection = selection(args, &mut corpus);
        // The walk needs the config, not the rules: the two run side by side (each is a
        // serial tenth of a warm-cache run).
        let walks = args.from_summaries.is_empty() && !args.show_settings;
        let walk = || {
            walks.then(|| {
                let walked = workspace::collect(&files, &config, args.force_exclude);
                let context = workspace::collect(&args.corpus, &config, args.force_exclude);
                (walked, context)
            })
        };
        let (rules, walked) = rayon::join(|| RuleSet::build(&mut corpus, &config), walk);
        rules.map(|rules| (config, rules, walked))
    });
    let (config, mut rules, walked) = match rules {
        Ok(ok) => ok,
        Err(mut diagnostics) => {
            // Without a valid config nothing can be linted as the user meant.
            engine::sort_and_dedup(&mut diagnostics);
            let whole = &mut report::whole(&corpus, &diagnostics);
            let sink = Sink::for_run(args, false);
            let _ = report::report(args, &diagnostics, whole, 0, None, &sink);
            return EXIT_ERROR;
        }
    };
    if args.verbose || args.show_settings {
        let settings = settings(&corpus, &config, &rules);
        if args.show_settings {
            print!("{settings}");
            return EXIT_OK;
        }
        eprint!("{settings}");
    }

    // Not walked: a decision over shards' summaries.
    let Some(((mut inputs, walk_errors), (context, context_errors))) = walked else {
        return from_summaries(args, corpus, &config, &rules);
    };
    for (name, message) in walk_errors {
        errors.push(workspace::io_error(&mut corpus, &name, message));
    }
    for (name, message) in context_errors {
        errors.push(workspace::io_error(&mut corpus, &name, message));
    }
    // `--corpus` context files are read, not reported; one also linted is linted.
    let context: Vec<Input> = match context.is_empty() {
        true => context,
        false => {
            let linted: HashSet<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
            (context.into_iter())
                .filter(|c| !linted.contains(c.name.as_str()))
                .collect()
        }
    };
    // The inputs by index, not by name (an archive has hundreds of thousands): the files
    // linted, the context files, then standard input.
    let linted = inputs.len();
    let contextual = linted..linted + context.len();
    let stdin_input = contextual.end;
    // The files `--fix` may write, by input; only a run that fixes holds their paths.
    let fixable: Vec<Option<PathBuf>> = match args.fix || args.diff {
        true => inputs.iter().map(|i| i.path.clone()).collect(),
        false => Vec::new(),
    };
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
    let progress = Progress::start(args.quiet);
    progress.stage(format!("reading {} files", inputs.len()));
    // Fixes need every text; an `[[ignore]]` entry with `text` reads lines in the decision.
    let cache = (!args.no_cache && !args.fix && !args.diff && !rules.reads_text())
        .then(|| Cache::open(&config.root, cache::key(&corpus, &config, &rules)));
    let emit = args.emit_summary.is_some();
    let reading = cache::Reading {
        keep: emit,
        stream: !args.fix && !args.diff && !rules.reads_text(),
        layout: config.layout(),
        shows: shows(args),
    };
    let (mut cached, reads) = cache::Run::read(cache, &inputs, &rules, reading);
    let registered = workspace::register(&mut corpus, inputs, reads, stdin_format, config.layout());
    errors.extend(registered.errors);
    if args.verbose {
        for name in &registered.binary {
            eprintln!("info: skipped binary file {name}");
        }
    }

    let docs = || corpus.docs.iter().map(|d| d.id).zip(&registered.inputs);
    let context: BTreeSet<FileId> = docs()
        .filter(|(_, input)| contextual.contains(input))
        .map(|(id, _)| id)
        .collect();
    let writable: BTreeMap<FileId, PathBuf> = docs()
        .filter_map(|(id, &input)| Some((id, fixable.get(input)?.clone()?)))
        .collect();
    let stdin_doc = docs()
        .find(|(_, input)| stdin && **input == stdin_input)
        .map(|(id, _)| id);
    cached.registered(registered.inputs);

    progress.stage(format!("linting {} files", corpus.docs.len()));
    let mut diagnostics = cached.lint(&corpus, &mut rules);
    if args.verbose
        && let Some(report) = cached.report(&corpus)
    {
        eprintln!("{report}");
    }
    if let Some(dir) = &args.emit_summary
        && let Err(message) = emit_summary(args, dir, &corpus, &config, &rules, &cached)
    {
        eprintln!("error: {message}");
        return EXIT_ERROR;
    }
    if args.fix || args.diff {
        progress.stage("fixing".to_string());
        let targets = fix::Targets {
            files: &writable,
            stdin: stdin_doc,
        };
        let fixed = fix::run(
            args,
            &mut corpus,
            &rules,
            diagnostics,
            &targets,
            &mut errors,
            progress,
        );
        match fixed {
            Ok(remaining) => diagnostics = remaining,
            Err(code) => return code,
        }
    } else {
        progress.finish();
    }
    diagnostics.retain(|d| !context.contains(&d.file()));
    diagnostics.extend(errors);
    engine::sort_and_dedup(&mut diagnostics);
    let files = corpus.docs.len() - context.len();
    // `--fix -` prints the fixed text on standard output: the report goes beside it.
    let sink = Sink::for_run(args, args.fix && stdin_doc.is_some());
    let code = finish(
        args,
        &mut corpus,
        &mut cached,
        &mut diagnostics,
        files,
        &rules,
        &sink,
    );
    // The process ends with this run: its memory goes back at once, while freeing every
    // text and finding one by one took a sizeable share of a small run and a tenth of a
    // warm-cache run.
    std::mem::forget((corpus, diagnostics, rules));
    code
}

/// Files whose excerpts are read back at a time to show their findings: about a megabyte of
/// lines, each chunk read in parallel (2,048 held some 3 MB at the end of a 51 MB run, its
/// peak).
const FILES_PER_CHUNK: usize = 512;

/// What the report shows of the files it reads back: lines and columns only for a report
/// of one line a finding (or of counts), without a baseline (which fingerprints lines).
fn shows(args: &CheckArgs) -> cache::Shows {
    let positions =
        args.statistics || matches!(args.format, OutputFormat::Short | OutputFormat::Github);
    match positions && args.baseline.is_none() && args.write_baseline.is_none() {
        true => cache::Shows::Positions,
        false => cache::Shows::Lines,
    }
}

/// Reads back the text `diagnostics` (sorted) show, applies the baseline and prints the
/// report; the exit code. Files whose findings could not be shown (registered without their
/// text, and gone when it was read back) make it an error.
fn finish(
    args: &CheckArgs,
    corpus: &mut Corpus,
    run: &mut cache::Run,
    diagnostics: &mut Vec<Diagnostic>,
    files: usize,
    rules: &RuleSet,
    sink: &Sink,
) -> u8 {
    // A baseline fingerprints findings by their lines, and a report written over a file it
    // shows would read back what it wrote: every excerpt is read back first. Otherwise a
    // chunk of files' excerpts at a time, dropped once shown.
    let whole = args.baseline.is_some()
        || args.write_baseline.is_some()
        || matches!(sink, Sink::File(file) if run.reads_back_from(corpus, file));
    let mut unreadable = Vec::new();
    if whole {
        unreadable = run.read_back(corpus, diagnostics);
        if let Some(code) = baseline::run(args, corpus, diagnostics) {
            return code;
        }
    }
    let reported = match whole {
        true => report::report(
            args,
            diagnostics,
            &mut report::whole(corpus, diagnostics),
            files,
            Some(rules),
            sink,
        ),
        false => report::report(
            args,
            diagnostics,
            &mut |show| {
                unreadable =
                    run.read_back_in_chunks(corpus, diagnostics, FILES_PER_CHUNK, shows(args), show)
            },
            files,
            Some(rules),
            sink,
        ),
    };
    if let Err(message) = reported {
        eprintln!("error: {message}");
        return EXIT_ERROR;
    }
    for message in &unreadable {
        eprintln!("error: cannot read {message} again to show its findings");
    }
    match unreadable.is_empty() {
        true => exit_code(diagnostics, args.fail_on),
        false => EXIT_ERROR,
    }
}

/// `--emit-summary DIR`: this run's summaries, for a later `--from-summaries`.
fn emit_summary(
    args: &CheckArgs,
    dir: &std::path::Path,
    corpus: &Corpus,
    config: &Config,
    rules: &RuleSet,
    run: &cache::Run,
) -> Result<(), String> {
    let summaries = run.summaries(corpus, rules).map_err(|refused| {
        format!(
            "cannot summarise {}: only plain text and Markdown files are summarised (bilingual \
             files are decided over their text); lint them in one run",
            refused.join(", ")
        )
    })?;
    let key = cache::settings_key(corpus, config, rules);
    let file = shard::emit(dir, key, &summaries)
        .map_err(|e| format!("cannot write summaries into {}: {e}", dir.display()))?;
    if args.verbose {
        eprintln!(
            "info: wrote {} summaries to {}",
            summaries.len(),
            file.display()
        );
    }
    Ok(())
}

/// `--from-summaries DIR...`: the corpus decision over shards' summaries, reported as a run
/// over their files.
fn from_summaries(args: &CheckArgs, mut corpus: Corpus, config: &Config, rules: &RuleSet) -> u8 {
    let key = cache::settings_key(&corpus, config, rules);
    let (mut run, checked) = match shard::load(&args.from_summaries, key, &mut corpus, rules) {
        Ok(loaded) => loaded,
        Err(mut errors) => {
            engine::sort_and_dedup(&mut errors);
            let whole = &mut report::whole(&corpus, &errors);
            let _ = report::report(args, &errors, whole, 0, None, &Sink::for_run(args, false));
            return EXIT_ERROR;
        }
    };
    let refs: Vec<&engine::Checked> = checked.iter().collect();
    let mut diagnostics = engine::lint_with(&corpus, rules, &refs);
    let files = corpus.docs.len();
    let sink = Sink::for_run(args, false);
    finish(
        args,
        &mut corpus,
        &mut run,
        &mut diagnostics,
        files,
        rules,
        &sink,
    )
}

/// What `--show-settings` prints (and `-v` on standard error): the config in use, what it
/// lints, and every rule's level in force.
fn settings(corpus: &Corpus, config: &Config, rules: &RuleSet) -> String {
    let mut s = String::new();
    let list = |globs: Vec<String>| match globs.is_empty() {
        true => "(none)".to_string(),
        false => globs.join(", "),
    };
    match config.source_id {
        Some(id) => s.push_str(&format!("config: {}\n", corpus.source(id).name)),
        None => s.push_str("config: none (built-in defaults)\n"),
    }
    let root = workspace::display_path(&config.root);
    s.push_str(&format!(
        "root: {}\n",
        if root.is_empty() { "." } else { &root }
    ));
    s.push_str(&format!("include: {}\n", list(config.include_globs())));
    s.push_str(&format!("exclude: {}\n", list(config.exclude_globs())));
    let layout = match config.layout() {
        None => "auto",
        Some(Layout::Paragraphs) => "paragraphs",
        Some(Layout::Lines) => "lines",
    };
    s.push_str(&format!("layout: {layout}\n"));
    let mut enabled: Vec<(&str, Severity)> = rules
        .rules()
        .map(|r| r.meta().id.as_str())
        .filter_map(|id| match rules.level_of(id) {
            Level::On(severity) => Some((id, severity)),
            Level::Off => None,
        })
        .collect();
    enabled.sort();
    s.push_str(&format!("rules ({}):\n", enabled.len()));
    let width = enabled.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for (id, severity) in enabled {
        s.push_str(&format!("  {id:width$}  {severity}\n"));
    }
    s
}

/// The command line's `--select`, `--extend-select` and `--ignore`, registered as a source
/// that holds them as typed, so an unknown rule is pointed at like one in lint.toml.
fn selection(args: &CheckArgs, corpus: &mut Corpus) -> Selection {
    if args.select.is_none() && args.extend_select.is_empty() && args.ignore.is_empty() {
        return Selection::default();
    }
    let mut text = String::new();
    let mut spanned = |flag: &str, names: &[String]| -> Vec<Spanned<String>> {
        if names.is_empty() {
            return Vec::new();
        }
        text.push_str(if text.is_empty() { "--" } else { " --" });
        text.push_str(flag);
        text.push(' ');
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            out.push(Spanned::new(
                text.len()..text.len() + name.len(),
                name.clone(),
            ));
            text.push_str(name);
        }
        out
    };
    let select = args.select.as_ref().map(|names| spanned("select", names));
    let extend_select = spanned("extend-select", &args.extend_select);
    let ignore = spanned("ignore", &args.ignore);
    let file = corpus.add_source(Source::new("<command line>", text));
    Selection {
        file: Some(file),
        select,
        extend_select,
        ignore,
    }
}

/// 2 if anything could not be read or configured; 1 if a finding reaches `fail_on`.
pub fn exit_code(diagnostics: &[Diagnostic], fail_on: FailOn) -> u8 {
    let is_error = |d: &Diagnostic| {
        ["config/", "io/", "fix/"]
            .iter()
            .any(|family| d.rule.starts_with(family))
    };
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

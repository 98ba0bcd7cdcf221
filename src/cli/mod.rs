//! The command line: argument types (clap), resolved once, then handed to a command.

mod baseline;
mod check;
mod explain;
mod fix;
mod progress;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit statuses, as a CI gate reads them.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "translint",
    version,
    about = "A translation-quality and consistency linter"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and folders (default: the current folder).
    Check(Box<CheckArgs>),
    /// List every rule: id, default severity, summary.
    Rules {
        /// Print every rule's documentation as Markdown instead (what rules/README.md holds).
        #[arg(long)]
        markdown: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print a rule's documentation with a text it flags and a text it leaves alone.
    Explain {
        /// Rule id, e.g. `spacing/space-before-punct`.
        rule: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Run the Language Server (LSP) over standard input and output, for editors.
    Lsp {
        /// Talk over stdio (the only transport; accepted because some clients pass it).
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(clap::Args, Debug, Clone)]
pub struct ConfigArgs {
    /// Use this config file instead of the nearest lint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every lint.toml.
    #[arg(long)]
    pub no_config: bool,
}

impl ConfigArgs {
    /// The config these arguments ask for.
    pub fn choice(&self) -> crate::workspace::ConfigChoice {
        use crate::workspace::ConfigChoice;
        match (&self.config, self.no_config) {
            (_, true) => ConfigChoice::Defaults,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            (None, false) => ConfigChoice::Discover,
        }
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// When to colour human output. Under `auto`: FORCE_COLOR (set, not empty) colours,
    /// else NO_COLOR does not, else colour when the output is a terminal.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Run only these rules (ids or families, comma-separated), instead of the config's.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Run these rules (ids or families) as well as the config's.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not run these rules (ids or families), whatever selects them.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Print the number of findings of each rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print the findings only: no summary line, no count of fixes.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Lowest severity that makes the run fail (exit 1). Info never fails.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Name shown for standard input, and used to tell Markdown from plain text. Given alone
    /// (no PATH), it reads standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Say which config is in use, the rule levels in force (on standard error) and which
    /// files were skipped and why.
    #[arg(short, long)]
    pub verbose: bool,
    /// Print the config in use, what it lints and every rule's level in force, then exit.
    #[arg(long)]
    pub show_settings: bool,
    /// Apply lint.toml's `exclude` to files named on the command line too (for pre-commit,
    /// which names every staged file).
    #[arg(long)]
    pub force_exclude: bool,
    /// Apply every safe fix (rules marked fixable) to the files, then report what remains.
    /// With `-`, print standard input's fixed text and report on standard error.
    #[arg(long)]
    pub fix: bool,
    /// Print as a unified diff what `--fix` would write, then the unsafe fixes (marked),
    /// instead of writing; exit 1 if there are any.
    #[arg(long)]
    pub diff: bool,
    /// With --fix or --diff, also apply suggested fixes, whose right text is not certain.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Report and fail only on findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Also read the files under this folder, so corpus-wide checks (names across files) see
    /// them, but report and fix only the files given as PATH. For pre-commit.
    #[arg(long, value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// Neither read nor write the cache (`.translint_cache/` in the project root).
    #[arg(long)]
    pub no_cache: bool,
    /// Also write the summary of every file linted into DIR, for a later
    /// `--from-summaries DIR` that decides the corpus over many shards' summaries.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["fix", "diff"])]
    pub emit_summary: Option<PathBuf>,
    /// Decide the corpus over the summaries in DIR (written by `--emit-summary` on shards of
    /// it) instead of linting PATHs; the files are read only to show their findings.
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with_all = ["paths", "fix", "diff", "emit_summary", "corpus", "stdin_filename"]
    )]
    pub from_summaries: Vec<PathBuf>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Short,
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Warning,
    Error,
    Never,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap's own exit codes: 0 for --help/--version, 2 for usage errors.
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { EXIT_OK });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules { markdown, config } => explain::list(&config, markdown),
        Command::Explain { rule, config } => explain::explain(&rule, &config),
        Command::Lsp { .. } => crate::lsp::run(),
    };
    ExitCode::from(code)
}

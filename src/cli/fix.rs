//! `check --fix` and `check --diff`: applying fixes to the files on disk, or to standard input.
//!
//! Policy ([`Fixability`]): a fix is applied only when it is safe (or `--unsafe-fixes` is
//! given), its rule is marked `fixable` in the registry (code rules say so in `rule_meta!`;
//! data rules are fixable when they carry a replacement), and the finding is at warning level
//! or above (raise a rule's level in lint.toml to have its info-level findings fixed too).
//! Fixes go to files named on the command line or found by walking, and to standard input
//! (whose fixed text is printed, as ruff does), never to `--corpus` context files. They are
//! applied with the pure [`crate::fix::apply`] (position order, overlaps skipped), the corpus
//! is re-linted, and this repeats until nothing changes (a fix can expose another: "a  ,b"
//! needs two passes), at most [`MAX_PASSES`] times. Files are written only at the end, each
//! atomically: a temporary file in the same folder, synced, given the original's
//! permissions, then renamed over it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::progress::Progress;
use super::{CheckArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::{FileId, Span};
use crate::engine::{Corpus, Relinter, RuleSet};
use crate::rules::RuleId;

/// Fix passes before giving up on a fixed point; each pass re-lints the corpus.
pub const MAX_PASSES: usize = 8;

/// Which findings `--fix` applies, under the run's flags.
pub struct Fixability {
    /// Rules marked fixable.
    rules: BTreeSet<RuleId>,
    unsafe_fixes: bool,
}

impl Fixability {
    pub fn new(rules: &RuleSet, unsafe_fixes: bool) -> Self {
        let rules = rules
            .rules()
            .map(|r| r.meta())
            .filter(|m| m.fixable)
            .map(|m| m.id)
            .collect();
        Fixability {
            rules,
            unsafe_fixes,
        }
    }

    /// Whether `--fix`, as run, applies this finding's fix.
    pub fn applies(&self, d: &Diagnostic) -> bool {
        self.applies_with(d, self.unsafe_fixes)
    }

    /// Whether only `--unsafe-fixes` would add this finding's fix.
    pub fn needs_unsafe_fixes(&self, d: &Diagnostic) -> bool {
        !self.applies(d) && self.applies_with(d, true)
    }

    fn applies_with(&self, d: &Diagnostic, unsafe_fixes: bool) -> bool {
        d.fix
            .as_ref()
            .is_some_and(|fix| self.rules.contains(&d.rule) && applies(d, fix, unsafe_fixes))
    }
}

/// What fixing to a fixed point did: the final findings and the original text of every
/// document that changed.
pub struct Fixed {
    pub diagnostics: Vec<Diagnostic>,
    pub originals: BTreeMap<FileId, String>,
    pub applied: usize,
}

/// The documents `--fix` and `--diff` may change: files on disk (with their paths) and
/// standard input.
pub struct Targets<'a> {
    pub files: &'a BTreeMap<FileId, PathBuf>,
    pub stdin: Option<FileId>,
}

impl Targets<'_> {
    fn contains(&self, id: FileId) -> bool {
        self.files.contains_key(&id) || self.stdin == Some(id)
    }
}

/// `--fix` and `--diff` for `check`. `--diff` prints what `--fix` would write as a diff on
/// standard output (a patch that gives exactly that), and, unless `--unsafe-fixes` was given,
/// the unsafe fixes on top of it on standard error, marked as suggestions; it ends the run
/// (`Err` with the exit code: 1 if `--fix` would change anything). `--fix` writes the files,
/// adding write failures to `errors`, prints standard input's fixed text, and returns the
/// remaining findings.
pub fn run(
    args: &CheckArgs,
    corpus: &mut Corpus,
    rules: &RuleSet,
    diagnostics: Vec<Diagnostic>,
    targets: &Targets,
    errors: &mut Vec<Diagnostic>,
    progress: Progress,
) -> Result<Vec<Diagnostic>, u8> {
    let fixability = Fixability::new(rules, args.unsafe_fixes);
    let fixed = fix(corpus, rules, diagnostics, targets, &fixability);
    if args.diff {
        let out = diff(corpus, &fixed.originals, None);
        // The unsafe fixes, on top of the safe ones.
        let (more, suggestions) = match args.unsafe_fixes {
            true => (0, String::new()),
            false => {
                let all = Fixability::new(rules, true);
                let suggested = fix(corpus, rules, fixed.diagnostics, targets, &all);
                let marked = diff(corpus, &suggested.originals, Some(UNSAFE_MARK));
                (suggested.applied, marked)
            }
        };
        progress.finish();
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
        if !args.quiet {
            eprint!("{suggestions}");
        }
        for e in errors.iter() {
            eprintln!("error: {}: {}", corpus.source(e.file()).name, e.message);
        }
        if !args.quiet {
            let files = fixed.originals.len();
            let mut said = format!("would fix {} finding(s) in {files} file(s)", fixed.applied);
            if more > 0 {
                said.push_str(&format!(
                    "; {more} more with --unsafe-fixes (the diff marked `{UNSAFE_MARK}` above)"
                ));
            }
            eprintln!("{said}");
        }
        return Err(if !errors.is_empty() {
            EXIT_ERROR
        } else if out.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        });
    }
    progress.finish();
    errors.extend(write(corpus, &fixed.originals, targets.files));
    if let Some(id) = targets.stdin {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(corpus.source(id).text.as_bytes());
        let _ = stdout.flush();
    }
    if !args.quiet {
        eprintln!(
            "fixed {} finding(s) in {} file(s)",
            fixed.applied,
            fixed.originals.len()
        );
    }
    Ok(fixed.diagnostics)
}

/// How `--diff` marks the diff of the fixes only `--unsafe-fixes` applies.
pub const UNSAFE_MARK: &str = "unsafe fixes (--unsafe-fixes)";

/// Applies the fixes `fixability` allows to the documents in `targets` until a pass changes
/// nothing.
pub fn fix(
    corpus: &mut Corpus,
    rules: &RuleSet,
    mut diagnostics: Vec<Diagnostic>,
    targets: &Targets,
    fixability: &Fixability,
) -> Fixed {
    let mut originals = BTreeMap::new();
    let mut applied = 0;
    // Built on the first re-lint; later ones re-check only the documents a pass changed.
    let mut relinter: Option<Relinter> = None;
    for _ in 0..MAX_PASSES {
        let mut per_file: BTreeMap<FileId, Vec<Fix>> = BTreeMap::new();
        for d in &diagnostics {
            if let Some(fix) = &d.fix
                && fixability.applies(d)
                && targets.contains(d.file())
            {
                per_file.entry(d.file()).or_default().push(fix.clone());
            }
        }
        let mut changed = Vec::new();
        for (id, fixes) in per_file {
            let Some(doc) = corpus.document(id) else {
                continue;
            };
            let result = crate::fix::apply(doc.text(), &fixes);
            if result.text == doc.text() {
                continue;
            }
            originals
                .entry(id)
                .or_insert_with(|| doc.text().to_string());
            applied += result.applied;
            corpus.replace_text(id, result.text);
            changed.push(id);
        }
        if changed.is_empty() {
            break;
        }
        let relinter = match &mut relinter {
            Some(r) => {
                for &id in &changed {
                    r.changed(corpus, id);
                }
                r
            }
            None => relinter.insert(Relinter::new(corpus, rules)),
        };
        diagnostics = relinter.lint(corpus);
    }
    Fixed {
        diagnostics,
        originals,
        applied,
    }
}

/// Whether `--fix` applies this finding's fix: safe ones always, suggestions only with
/// `--unsafe-fixes`; info findings are advice (house style, say), left to the user.
fn applies(d: &Diagnostic, fix: &Fix, unsafe_fixes: bool) -> bool {
    (fix.is_safe() || unsafe_fixes) && d.severity >= Severity::Warning
}

/// A unified diff of every changed document, original against fixed, in file order. A
/// `mark` goes after a tab on the `+++` line, where patch tools allow a comment.
pub fn diff(corpus: &Corpus, originals: &BTreeMap<FileId, String>, mark: Option<&str>) -> String {
    let mut out = String::new();
    for (&id, original) in originals {
        let source = corpus.source(id);
        let name = &source.name;
        let diff = similar::TextDiff::from_lines(original.as_str(), source.text.as_str());
        let new = match mark {
            Some(mark) => format!("b/{name}\t{mark}"),
            None => format!("b/{name}"),
        };
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &new)
                .to_string(),
        );
    }
    out
}

/// Writes every changed document back to its file. Returns an `io/write-error` for each file
/// that could not be written (the file is then left as it was).
pub fn write(
    corpus: &Corpus,
    originals: &BTreeMap<FileId, String>,
    writable: &BTreeMap<FileId, PathBuf>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (&id, original) in originals {
        let Some(path) = writable.get(&id) else {
            continue;
        };
        if let Err(message) = write_if_unchanged(path, original, &corpus.source(id).text) {
            errors.push(Diagnostic::new(
                "io/write-error",
                Severity::Error,
                Span::new(id, 0..0),
                format!("fixes not written: {message}"),
            ));
        }
    }
    errors
}

/// Replaces `path`'s content `original` with `text`, unless the file changed since it was read.
fn write_if_unchanged(path: &Path, original: &str, text: &str) -> Result<(), String> {
    // Write through a symlink to its target, so the link itself stays a link.
    let target = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let now = std::fs::read(&target).map_err(|e| e.to_string())?;
    if now != original.as_bytes() {
        return Err("the file changed on disk while it was being linted".to_string());
    }
    write_atomic(&target, text.as_bytes()).map_err(|e| e.to_string())
}

/// Writes `bytes` to `path` so that a reader sees the old content or the new, never a part.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine;

    fn fixed(text: &str) -> (String, usize, Vec<String>) {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        let id = corpus.add_document("a.txt", text);
        let writable = BTreeMap::from([(id, PathBuf::from("a.txt"))]);
        let diagnostics = engine::lint(&corpus, &rules);
        let targets = Targets {
            files: &writable,
            stdin: None,
        };
        let f = fix(
            &mut corpus,
            &rules,
            diagnostics,
            &targets,
            &Fixability::new(&rules, false),
        );
        let remaining = f.diagnostics.iter().map(|d| d.rule.to_string()).collect();
        (corpus.source(id).text.clone(), f.applied, remaining)
    }

    #[test]
    fn fixes_reach_a_fixed_point_and_a_second_run_changes_nothing() {
        let (text, applied, remaining) = fixed("Tokyo，Seoul  and Beijing .\n");
        assert_eq!(text, "Tokyo, Seoul and Beijing.\n");
        assert!(applied >= 3);
        assert!(remaining.is_empty(), "{remaining:?}");
        let (again, applied, _) = fixed(&text);
        assert_eq!((again.as_str(), applied), (text.as_str(), 0));
    }

    #[test]
    fn suggestions_need_unsafe_fixes_and_info_findings_are_never_applied() {
        let span = Span::new(0, 0..1);
        let safe = Diagnostic::new("r/x", Severity::Warning, span.clone(), "m").with_fix("y");
        let suggestion =
            Diagnostic::new("r/x", Severity::Warning, span.clone(), "m").with_unsafe_fix("y");
        let info = Diagnostic::new("r/x", Severity::Info, span, "m").with_fix("y");
        let applies =
            |d: &Diagnostic, unsafe_fixes| applies(d, d.fix.as_ref().unwrap(), unsafe_fixes);
        assert!(applies(&safe, false) && applies(&safe, true));
        assert!(!applies(&suggestion, false) && applies(&suggestion, true));
        assert!(!applies(&info, false) && !applies(&info, true));
    }

    #[test]
    fn files_outside_the_writable_set_are_left_alone() {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        let id = corpus.add_document("<stdin>", "a  b\n");
        let diagnostics = engine::lint(&corpus, &rules);
        let targets = Targets {
            files: &BTreeMap::new(),
            stdin: None,
        };
        let f = fix(
            &mut corpus,
            &rules,
            diagnostics,
            &targets,
            &Fixability::new(&rules, false),
        );
        assert!(f.originals.is_empty());
        assert_eq!(corpus.source(id).text, "a  b\n");
        assert_eq!(f.diagnostics.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "edited meanwhile").unwrap();
        assert!(write_if_unchanged(&path, "as read", "fixed").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited meanwhile");
    }
}

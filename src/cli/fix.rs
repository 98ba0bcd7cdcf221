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
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::progress::Progress;
use super::{CheckArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::{FileId, Span};
use crate::engine::{Corpus, Relinter, RuleSet};
use crate::rules::RuleId;
use crate::workspace::{self, FIX_TEMP_MARK};

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
    /// Errors for the documents whose fixes did not converge (left as they were).
    pub refused: Vec<Diagnostic>,
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
    let mut fixed = fix(corpus, rules, diagnostics, targets, &fixability);
    errors.append(&mut fixed.refused);
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
/// nothing. A document whose fixes do not converge is put back as it was, with an error that
/// names the rules: a fix whose result its own rule flags again at the same place with no
/// fewer findings (a replacement that matches itself, `a` → `aa`), a text grown past
/// [`MAX_GROWTH`] times its size, or fixes still changing it after [`MAX_PASSES`] passes.
pub fn fix(
    corpus: &mut Corpus,
    rules: &RuleSet,
    mut diagnostics: Vec<Diagnostic>,
    targets: &Targets,
    fixability: &Fixability,
) -> Fixed {
    let mut originals: BTreeMap<FileId, String> = BTreeMap::new();
    let mut applied: BTreeMap<FileId, usize> = BTreeMap::new();
    let mut refused: BTreeMap<FileId, Diagnostic> = BTreeMap::new();
    // Where the last pass put each rule's replacements (in position order), and how many
    // fixes it had, per file.
    let mut last: BTreeMap<FileId, Placed> = BTreeMap::new();
    let mut last_counts: BTreeMap<(FileId, RuleId), usize> = BTreeMap::new();
    // Built on the first re-lint; later ones re-check only the documents a pass changed.
    let mut relinter: Option<Relinter> = None;
    let mut settled = false;
    for _ in 0..MAX_PASSES {
        let mut per_file: BTreeMap<FileId, Vec<(RuleId, Fix, Range<usize>)>> = BTreeMap::new();
        for d in &diagnostics {
            if let Some(fix) = &d.fix
                && fixability.applies(d)
                && targets.contains(d.file())
                && !refused.contains_key(&d.file())
            {
                per_file.entry(d.file()).or_default().push((
                    d.rule,
                    Fix::clone(fix),
                    d.span.range.clone(),
                ));
            }
        }
        let mut changed = Vec::new();
        let mut placed_now = BTreeMap::new();
        let mut counts_now = BTreeMap::new();
        for (id, fixes) in per_file {
            for (rule, _, _) in &fixes {
                *counts_now.entry((id, *rule)).or_insert(0) += 1;
            }
            if let Some(rule) = reflagged(&fixes, last.get(&id), &last_counts, &counts_now, id) {
                refuse(
                    corpus,
                    &mut originals,
                    &mut refused,
                    id,
                    not_converging(id, rule),
                );
                changed.push(id);
                continue;
            }
            let Some(doc) = corpus.document(id) else {
                continue;
            };
            let only_fixes: Vec<Fix> = fixes.iter().map(|(_, f, _)| f.clone()).collect();
            let result = crate::fix::apply(doc.text(), &only_fixes);
            if result.text == doc.text() {
                continue;
            }
            let original_len = originals.get(&id).map_or(doc.text().len(), String::len);
            if result.text.len() > MAX_GROWTH * original_len + GROWTH_SLACK {
                let rules = result.placed.iter().map(|(i, _)| fixes[*i].0);
                let grown = grew(id, rules.collect());
                refuse(corpus, &mut originals, &mut refused, id, grown);
                changed.push(id);
                continue;
            }
            originals
                .entry(id)
                .or_insert_with(|| doc.text().to_string());
            *applied.entry(id).or_insert(0) += result.applied;
            let mut placed = Placed::new();
            for (i, range) in &result.placed {
                placed.entry(fixes[*i].0).or_default().push(range.clone());
            }
            placed_now.insert(id, placed);
            corpus.replace_text(id, result.text);
            changed.push(id);
        }
        last = placed_now;
        last_counts = counts_now;
        if changed.is_empty() {
            settled = true;
            break;
        }
        diagnostics = relint(&mut relinter, corpus, rules, &changed);
    }
    if !settled {
        // Files the last pass changed that still have fixes to apply: a cycle (`a` → `b` →
        // `a`) or slow growth.
        let pending: BTreeSet<FileId> = diagnostics
            .iter()
            .filter(|d| fixability.applies(d) && last.contains_key(&d.file()))
            .map(Diagnostic::file)
            .collect();
        let unsettled: Vec<FileId> = pending.into_iter().collect();
        for &id in &unsettled {
            let rules: Vec<RuleId> = last[&id].keys().copied().collect();
            let error = unsettled_error(id, &rules);
            refuse(corpus, &mut originals, &mut refused, id, error);
        }
        if !unsettled.is_empty() {
            diagnostics = relint(&mut relinter, corpus, rules, &unsettled);
        }
    }
    for id in refused.keys() {
        applied.remove(id);
    }
    Fixed {
        diagnostics,
        originals,
        applied: applied.values().sum(),
        refused: refused.into_values().collect(),
    }
}

/// Fixes past this many times a file's original size (plus [`GROWTH_SLACK`] bytes) do not
/// converge: no safe fix more than doubles a text.
pub const MAX_GROWTH: usize = 2;
const GROWTH_SLACK: usize = 4096;

/// Re-lints the documents in `changed`, building the relinter on first use.
fn relint<'r>(
    relinter: &mut Option<Relinter<'r>>,
    corpus: &Corpus,
    rules: &'r RuleSet,
    changed: &[FileId],
) -> Vec<Diagnostic> {
    let relinter = match relinter {
        Some(r) => {
            for &id in changed {
                r.changed(corpus, id);
            }
            r
        }
        None => relinter.insert(Relinter::new(corpus, rules)),
    };
    relinter.lint(corpus)
}

/// Per rule, the ranges its replacements took in a pass, in position order.
type Placed = BTreeMap<RuleId, Vec<Range<usize>>>;

/// The rule whose findings in file `id` fall where its own replacements went in the last
/// pass, no fewer than it had then: its fix produces what it flags.
fn reflagged(
    fixes: &[(RuleId, Fix, Range<usize>)],
    last: Option<&Placed>,
    last_counts: &BTreeMap<(FileId, RuleId), usize>,
    counts_now: &BTreeMap<(FileId, RuleId), usize>,
    id: FileId,
) -> Option<RuleId> {
    let last = last?;
    fixes.iter().find_map(|(rule, _, span)| {
        let at_own_fix = last.get(rule).is_some_and(|placed| {
            // The first replacement that ends after the finding starts.
            let i = placed.partition_point(|p| p.end <= span.start);
            placed
                .get(i)
                .is_some_and(|p| p.start < span.end || (span.is_empty() && p.start <= span.start))
        });
        let before = last_counts.get(&(id, *rule)).copied().unwrap_or(0);
        let now = counts_now.get(&(id, *rule)).copied().unwrap_or(0);
        let no_progress = before > 0 && now >= before;
        (at_own_fix && no_progress).then_some(*rule)
    })
}

/// Puts document `id` back as it was read and records why its fixes were refused.
fn refuse(
    corpus: &mut Corpus,
    originals: &mut BTreeMap<FileId, String>,
    refused: &mut BTreeMap<FileId, Diagnostic>,
    id: FileId,
    error: Diagnostic,
) {
    if let Some(original) = originals.remove(&id) {
        corpus.replace_text(id, original);
    }
    refused.insert(id, error);
}

fn not_converging(id: FileId, rule: RuleId) -> Diagnostic {
    Diagnostic::new(
        "fix/not-converging",
        Severity::Error,
        Span::new(id, 0..0),
        format!(
            "fixes not applied: the fix of `{rule}` does not converge (the rule flags its own \
             replacement again); the file was left as it was"
        ),
    )
    .with_help(format!(
        "the replacement of `{rule}` must not match its own pattern; fix the rule, or switch \
         it off for --fix"
    ))
}

fn grew(id: FileId, mut rules: Vec<RuleId>) -> Diagnostic {
    rules.sort();
    rules.dedup();
    Diagnostic::new(
        "fix/not-converging",
        Severity::Error,
        Span::new(id, 0..0),
        format!(
            "fixes not applied: they would make the file more than {MAX_GROWTH} times its size \
             (rules {}); the file was left as it was",
            quoted(&rules)
        ),
    )
}

fn unsettled_error(id: FileId, rules: &[RuleId]) -> Diagnostic {
    Diagnostic::new(
        "fix/not-converging",
        Severity::Error,
        Span::new(id, 0..0),
        format!(
            "fixes not applied: rules {} still changed the file after {MAX_PASSES} passes \
             (their fixes undo or redo each other); the file was left as it was",
            quoted(rules)
        ),
    )
}

fn quoted(rules: &[RuleId]) -> String {
    rules
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// Replaces `path`'s content `original` with `text`, compare-and-swap: the new content goes
/// to a temporary file beside it (`.NAME.translint-tmp-XXXXXX`, owner and permissions of the
/// original), and it is renamed over the file only if the file still holds exactly
/// `original` once the temporary file is complete. On Linux a read lease held from that last
/// check through the rename tells whether any other program had the file open for writing
/// (then nothing is written) or opened it meanwhile (then the error says so). A file with
/// several hard links is refused: replacing it would split it from its other names.
fn write_if_unchanged(path: &Path, original: &str, text: &str) -> Result<(), String> {
    // Write through a symlink to its target, so the link itself stays a link.
    let target = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let (file, meta) = workspace::open_regular(&target).map_err(|e| e.to_string())?;
    if !holds(&file, original).map_err(|e| e.to_string())? {
        return Err(CHANGED.to_string());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(format!(
                "the file has {} hard links, and --fix writes a new file in its place, which \
                 would split it from its other names; fix it by hand, or apply the fixes \
                 `translint check --diff` prints with a tool that writes in place",
                meta.nlink()
            ));
        }
    }
    let temp = write_temp(&target, text.as_bytes(), &meta)?;
    let lease = lease::Read::take(&file)?;
    // The last look before the swap: same file at the path, same content.
    let same_file = same_inode(&meta, &target);
    if !same_file || !holds(&file, original).map_err(|e| e.to_string())? {
        return Err(CHANGED.to_string());
    }
    temp.persist(&target).map_err(|e| e.error.to_string())?;
    let opened = lease.as_ref().is_some_and(lease::Read::broken);
    drop(lease);
    // Without a lease (or racing its release): a write that reached the replaced version.
    let written_to_old = file
        .metadata()
        .is_ok_and(|now| now.len() != original.len() as u64);
    if opened || written_to_old {
        return Err(
            "another program opened the file for writing while the fixes were written: what it \
             writes goes to the version the fixes replaced; check the file"
                .to_string(),
        );
    }
    remove_stale_temps(&target);
    Ok(())
}

const CHANGED: &str = "the file changed on disk while it was being linted or fixed";

/// Whether `file` (open for reading) holds exactly `expected`, read from its start.
fn holds(file: &std::fs::File, expected: &str) -> std::io::Result<bool> {
    use std::io::{Read, Seek};
    let mut file = file;
    file.seek(std::io::SeekFrom::Start(0))?;
    let mut now = Vec::with_capacity(expected.len() + 1);
    // One byte more than expected is enough to tell it grew.
    file.take(expected.len() as u64 + 1).read_to_end(&mut now)?;
    Ok(now == expected.as_bytes())
}

#[cfg(unix)]
fn same_inode(meta: &std::fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).is_ok_and(|now| (now.dev(), now.ino()) == (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn same_inode(_: &std::fs::Metadata, _: &Path) -> bool {
    true
}

/// The complete new content in a temporary file beside `target`, synced, with the
/// original's permissions and (where the process may set it) owner and group.
fn write_temp(
    target: &Path,
    bytes: &[u8],
    meta: &std::fs::Metadata,
) -> Result<tempfile::NamedTempFile, String> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}{FIX_TEMP_MARK}"))
        .rand_bytes(6)
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    temp.write_all(bytes).map_err(|e| e.to_string())?;
    temp.as_file().sync_all().map_err(|e| e.to_string())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = temp.as_file().metadata().map_err(|e| e.to_string())?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
            std::os::unix::fs::fchown(temp.as_file(), Some(meta.uid()), Some(meta.gid())).map_err(
                |e| {
                    format!(
                        "the new file cannot be given the original's owner and group ({}:{}): \
                         {e}",
                        meta.uid(),
                        meta.gid()
                    )
                },
            )?;
        }
    }
    // After the owner: changing it clears set-user-ID and set-group-ID bits.
    temp.as_file()
        .set_permissions(meta.permissions())
        .map_err(|e| e.to_string())?;
    Ok(temp)
}

/// Removes temporary files an interrupted `--fix` left beside `target`.
fn remove_stale_temps(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let prefix = format!(".{}{FIX_TEMP_MARK}", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let stale = file_name.to_str().is_some_and(|n| {
            n.strip_prefix(&prefix).is_some_and(|rest| {
                rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric())
            })
        });
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// File leases (Linux): a read lease on a file cannot be taken while another program has it
/// open for writing, and another program's opening it for writing while it is held breaks
/// it, which its holder can see. Elsewhere, or where the file system or the file's owner
/// does not allow leases, there is none and the content checks alone guard the swap.
mod lease {
    use std::fs::File;

    pub struct Read<'f> {
        #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
        file: &'f File,
    }

    /// `F_SETSIG` from the kernel's generic `fcntl.h` (the libc crate exports it for few
    /// targets).
    #[cfg(target_os = "linux")]
    const F_SETSIG: libc::c_int = 10;

    #[cfg(target_os = "linux")]
    impl<'f> Read<'f> {
        /// Takes a read lease on `file`, waiting up to about a second for other programs to
        /// close it; `Err` if one still has it open for writing, `Ok(None)` if leases are not
        /// available here.
        pub fn take(file: &'f File) -> Result<Option<Read<'f>>, String> {
            use std::os::fd::AsRawFd;
            let fd = file.as_raw_fd();
            // A lease break is signalled to the holder, by default with SIGIO, whose default
            // action ends the process: ask for SIGURG, ignored by default, instead.
            // SAFETY: fcntl on a file descriptor this function borrows; no memory involved.
            if unsafe { libc::fcntl(fd, F_SETSIG, libc::SIGURG) } == -1 {
                return Ok(None);
            }
            for _ in 0..200 {
                // SAFETY: as above.
                if unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_RDLCK) } == 0 {
                    return Ok(Some(Read { file }));
                }
                if std::io::Error::last_os_error().raw_os_error() != Some(libc::EAGAIN) {
                    return Ok(None);
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(
                "another program has the file open for writing; the fixes were not written, \
                 run again when it is closed"
                    .to_string(),
            )
        }

        /// Whether another program opened the file for writing since the lease was taken.
        pub fn broken(&self) -> bool {
            use std::os::fd::AsRawFd;
            // SAFETY: as above.
            unsafe { libc::fcntl(self.file.as_raw_fd(), libc::F_GETLEASE) != libc::F_RDLCK }
        }
    }

    #[cfg(target_os = "linux")]
    impl Drop for Read<'_> {
        fn drop(&mut self) {
            use std::os::fd::AsRawFd;
            // SAFETY: as above.
            unsafe { libc::fcntl(self.file.as_raw_fd(), libc::F_SETLEASE, libc::F_UNLCK) };
        }
    }

    #[cfg(not(target_os = "linux"))]
    impl<'f> Read<'f> {
        pub fn take(_: &'f File) -> Result<Option<Read<'f>>, String> {
            Ok(None)
        }

        pub fn broken(&self) -> bool {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine;

    /// Lints `text` as file `name` with the default rules and fixes it, writable or not.
    fn run_fix(name: &str, text: &str, writable: bool) -> (Corpus, FileId, Fixed) {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        let id = corpus.add_document(name, text);
        let files = if writable {
            BTreeMap::from([(id, PathBuf::from(name))])
        } else {
            BTreeMap::new()
        };
        let diagnostics = engine::lint(&corpus, &rules);
        let targets = Targets {
            files: &files,
            stdin: None,
        };
        let fixability = Fixability::new(&rules, false);
        let f = fix(&mut corpus, &rules, diagnostics, &targets, &fixability);
        (corpus, id, f)
    }

    fn fixed(text: &str) -> (String, usize, Vec<String>) {
        let (corpus, id, f) = run_fix("a.txt", text, true);
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
        let (corpus, id, f) = run_fix("<stdin>", "a  b\n", false);
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
        write_if_unchanged(&path, "old", "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_with_hard_links_is_refused_and_the_links_kept() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        std::fs::hard_link(&path, dir.path().join("b.txt")).unwrap();
        let error = write_if_unchanged(&path, "old", "new").unwrap_err();
        assert!(error.contains("2 hard links"), "{error}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.txt")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::metadata(&path).unwrap().nlink(), 2);
    }

    #[test]
    fn temporary_files_are_named_after_the_file_and_stale_ones_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let temp = write_temp(&path, b"new", &meta).unwrap();
        let name = temp
            .path()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(name.starts_with(".a.txt.translint-tmp-"), "{name}");
        assert!(workspace::is_fix_temp(temp.path()));
        // As a killed run leaves it; the next successful write removes it.
        let (_, stale) = temp.keep().unwrap();
        std::fs::write(
            dir.path().join(".b.txt.translint-tmp-abcdef"),
            "other file's",
        )
        .unwrap();
        write_if_unchanged(&path, "old", "new").unwrap();
        assert!(!stale.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn owner_and_group_are_kept_when_the_process_may_set_them() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        let me = std::fs::metadata(&path).unwrap();
        // As root, a file of another user; otherwise one's own file, whose owner must stay.
        let owner = if me.uid() == 0 { 65534 } else { me.uid() };
        if me.uid() == 0 {
            std::os::unix::fs::chown(&path, Some(owner), Some(owner)).unwrap();
        }
        write_if_unchanged(&path, "old", "new").unwrap();
        let now = std::fs::metadata(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(now.uid(), owner);
        assert_eq!(now.gid(), if me.uid() == 0 { owner } else { me.gid() });
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

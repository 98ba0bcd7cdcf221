//! Walking folders: which files a run lints, and which are read as aligned pairs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use globset::{GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::read::not_regular;
use super::{display_path, display_path_in};
use crate::config::Config;

/// A file to lint, named as the user will see it.
pub struct Input {
    pub name: String,
    /// A file the walk found to be a regular file, so it is opened without that check again
    /// ([`super::read_one`]); `None` for standard input.
    pub path: Option<PathBuf>,
    /// The source file of an aligned pair: `STEM.zh` for `STEM.en`, found as `path` is.
    pub source: Option<PathBuf>,
}

impl Input {
    fn file(path: &Path, cwd: &Path) -> Input {
        Input {
            name: display_path_in(path, cwd),
            path: Some(path.to_path_buf()),
            source: None,
        }
    }

    fn pair(target: PathBuf, source: PathBuf, cwd: &Path) -> Input {
        Input {
            source: Some(source),
            ..Input::file(&target, cwd)
        }
    }
}

/// Source languages of aligned pairs: `STEM.en` beside `STEM.zh`, `STEM.ja` or `STEM.ko`
/// (one segment per line, line N translates line N).
pub const ALIGNED_SOURCE_LANGUAGES: &[&str] = &["zh", "ja", "ko"];

/// The language of an aligned source file, from its extension.
pub(super) fn aligned_language(path: &Path) -> Option<&'static str> {
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

/// Whether `path` is a temporary file of `--fix` (`.NAME.translint-tmp-XXXXXX`, left behind
/// only when a run was killed while writing): never linted, whatever the walk's settings.
pub fn is_fix_temp(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n.contains(FIX_TEMP_MARK))
}

/// What names a temporary file of `--fix`, after `.NAME`.
pub const FIX_TEMP_MARK: &str = ".translint-tmp-";

/// How a file found on disk is linted: as an aligned pair, as a plain file, or not at all
/// (the source side of a pair, which is read with its target).
/// `cwd` is the current folder, to name it.
fn classify_path(path: &Path, walked: bool, include: &GlobSet, cwd: &Path) -> Option<Input> {
    if let Some(source) = source_of(path) {
        return Some(Input::pair(path.to_path_buf(), source, cwd));
    }
    if let Some(target) = target_of(path) {
        // Named on the command line: lint the pair. Walked: its target brings it.
        return (!walked).then(|| Input::pair(target, path.to_path_buf(), cwd));
    }
    (!walked || include.is_match(path)).then(|| Input::file(path, cwd))
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

/// A set of globs built to stay near-linear in their number (a generated `exclude` list may
/// hold hundreds of thousands): literal paths go to a hash set; a glob of plain characters,
/// `*` and `?` is indexed by its rarest literal run (Aho-Corasick over all of them) and
/// compiled only when a path contains that run; the rest (classes, alternatives, escapes,
/// no literal at all) form one [`GlobSet`]. One `GlobSet` of them all compiles every glob
/// into one regex set: 560,000 globs took 4.4 GB.
struct ManyGlobs {
    literals: FxHashSet<Box<[u8]>>,
    runs: Option<AhoCorasick>,
    /// For each run (pattern id), the indexed globs that require it.
    by_run: Vec<Vec<usize>>,
    indexed: Vec<Box<str>>,
    compiled: Vec<OnceLock<Option<Box<GlobMatcher>>>>,
    rest: GlobSet,
}

impl ManyGlobs {
    fn new(globs: &[String]) -> ManyGlobs {
        let mut literals = FxHashSet::default();
        let mut indexed = Vec::new();
        let mut rest = Vec::new();
        for g in globs {
            if !g.contains(['*', '?', '[', ']', '{', '}', '\\']) {
                literals.insert(g.as_bytes().into());
            } else if !g.contains(['[', ']', '{', '}', '\\']) && !literal_runs(g).is_empty() {
                indexed.push(g.as_str());
            } else {
                rest.push(g.clone());
            }
        }
        // Each indexed glob by its rarest run (then its longest): a path that matches the
        // glob contains every run of it, so testing only the globs whose run the path
        // contains finds every match.
        let mut frequency: FxHashMap<&str, usize> = FxHashMap::default();
        for g in &indexed {
            for run in literal_runs(g) {
                *frequency.entry(run).or_default() += 1;
            }
        }
        let mut run_ids: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_run: Vec<Vec<usize>> = Vec::new();
        for (i, g) in indexed.iter().enumerate() {
            let Some(run) = literal_runs(g)
                .into_iter()
                .min_by_key(|run| (frequency[run], std::cmp::Reverse(run.len())))
            else {
                continue;
            };
            let next = run_ids.len();
            let id = *run_ids.entry(run).or_insert(next);
            if id == by_run.len() {
                by_run.push(Vec::new());
            }
            by_run[id].push(i);
        }
        let mut patterns = vec![""; run_ids.len()];
        for (run, id) in &run_ids {
            patterns[*id] = run;
        }
        let runs = (!patterns.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        // Should the index fail to build, every glob goes to the one set instead.
        if runs.is_none() {
            rest.extend(indexed.iter().map(|g| g.to_string()));
            indexed.clear();
        }
        ManyGlobs {
            literals,
            runs,
            by_run,
            compiled: indexed.iter().map(|_| OnceLock::new()).collect(),
            indexed: indexed.into_iter().map(Box::from).collect(),
            rest: glob_set(&rest),
        }
    }

    fn is_empty(&self) -> bool {
        self.literals.is_empty() && self.indexed.is_empty() && self.rest.is_empty()
    }

    fn is_match(&self, path: &Path) -> bool {
        let bytes = path.as_os_str().as_encoded_bytes();
        if self.literals.contains(bytes) || self.rest.is_match(path) {
            return true;
        }
        let Some(runs) = &self.runs else {
            return false;
        };
        runs.find_overlapping_iter(bytes).any(|m| {
            self.by_run[m.pattern().as_usize()].iter().any(|&i| {
                self.compiled[i]
                    .get_or_init(|| {
                        let glob = GlobBuilder::new(&self.indexed[i])
                            .literal_separator(false)
                            .build();
                        glob.ok().map(|g| Box::new(g.compile_matcher()))
                    })
                    .as_ref()
                    .is_some_and(|m| m.is_match(path))
            })
        })
    }
}

/// The literal runs of a glob of plain characters, `*` and `?`: what any path it matches
/// must contain. `/` splits runs too, since `**/` may match nothing at all.
fn literal_runs(glob: &str) -> Vec<&str> {
    glob.split(['*', '?', '/'])
        .filter(|run| !run.is_empty())
        .collect()
}

/// The config's `exclude` globs, matched against a path as the user names it and relative to
/// the config's folder (so `archive/**` excludes `project/archive/a.md` when the run starts
/// above `project/`).
#[derive(Clone)]
struct Exclude {
    globs: Arc<ManyGlobs>,
    root: Option<PathBuf>,
}

impl Exclude {
    fn new(config: &Config) -> Exclude {
        Exclude {
            globs: Arc::new(ManyGlobs::new(&config.exclude_globs())),
            root: config.root.canonicalize().ok(),
        }
    }

    fn is_match(&self, path: &Path) -> bool {
        if self.globs.is_empty() {
            return false;
        }
        let shown = path.strip_prefix("./").unwrap_or(path);
        if self.globs.is_match(shown) {
            return true;
        }
        let absolute = std::path::absolute(path).ok();
        // Only the folder needs resolving (symlinks, `..`): the file may not exist yet.
        let resolved = absolute.as_ref().and_then(|p| {
            let parent = p.parent()?.canonicalize().ok()?;
            Some(parent.join(p.file_name()?))
        });
        match (resolved, &self.root) {
            (Some(path), Some(root)) => path
                .strip_prefix(root)
                .is_ok_and(|relative| self.globs.is_match(relative)),
            _ => false,
        }
    }
}

/// Every file under `paths` that the config includes and does not exclude, sorted.
/// Folders are walked as ripgrep does. Files named explicitly are linted whatever the
/// config's `include`, and whatever its `exclude` unless `force_exclude` (ruff's
/// `--force-exclude`, for pre-commit, which names every staged file). Aligned pairs
/// (`STEM.en` beside `STEM.zh|ja|ko`) are linted as one input: the target with its source.
pub fn collect(
    paths: &[PathBuf],
    config: &Config,
    force_exclude: bool,
) -> (Vec<Input>, Vec<(String, String)>) {
    let include = glob_set(&config.include_globs());
    let exclude = Exclude::new(config);
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if force_exclude
            && (exclude.is_match(root) || root.ancestors().any(|a| exclude.is_match(a)))
        {
            continue;
        }
        match std::fs::metadata(root) {
            Ok(meta) if meta.is_file() => {
                inputs.extend(classify_path(root, false, &include, &cwd));
                continue;
            }
            Ok(meta) if meta.is_dir() => {}
            // A FIFO, a socket or a device named on the command line: say so, never read it.
            Ok(meta) => {
                errors.push((display_path(root), not_regular(&meta).to_string()));
                continue;
            }
            Err(e) => {
                // Say why: a symlink loop or a denied folder is not a missing file.
                let message = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
                    _ => e.to_string(),
                };
                errors.push((display_path(root), message));
                continue;
            }
        }
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(false)
            .filter_entry({
                let exclude = exclude.clone();
                move |entry| !exclude.is_match(entry.path())
            })
            .build();
        let mut files = Vec::new();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    files.push(entry.into_path());
                }
                Ok(_) => {}
                Err(e) => errors.push((display_path(root), e.to_string())),
            }
        }
        // Named and classified in parallel: path operations, glob matches and an aligned
        // pair's stat per file took most of a walk.
        let walked = files.par_iter().filter_map(|path| {
            let linted = !exclude.is_match(path) && !is_fix_temp(path);
            linted.then(|| classify_path(path, true, &include, &cwd))?
        });
        inputs.par_extend(walked);
    }
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    inputs.dedup_by(|a, b| a.name == b.name);
    (inputs, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_globs_match_as_one_glob_set_does() {
        let globs: Vec<String> = [
            "docs/a.md",
            "archive/**",
            "**/old.txt",
            "*.bak",
            "drafts/d?*.txt",
            "x/{a,b}.md",
            "[0-9]*.po",
            "*",
        ]
        .iter()
        .map(|g| g.to_string())
        .collect();
        let paths = [
            "docs/a.md",
            "docs/a.mdx",
            "archive/2020/x.txt",
            "archive",
            "old.txt",
            "deep/er/old.txt",
            "bold.txt",
            "notes.bak",
            "drafts/d1.txt",
            "drafts/d.txt",
            "drafts/sub/d12.txt",
            "x/a.md",
            "x/c.md",
            "7.po",
            "a.po",
        ];
        // Every glob on its own (the last, `*`, matches all: leave it out of this check).
        for g in &globs[..globs.len() - 1] {
            let many = ManyGlobs::new(std::slice::from_ref(g));
            let one = glob_set(std::slice::from_ref(g));
            for p in paths {
                assert_eq!(many.is_match(Path::new(p)), one.is_match(p), "{g} on {p}");
            }
        }
        let all = ManyGlobs::new(&globs);
        assert!(paths.iter().all(|p| all.is_match(Path::new(p))));
    }

    #[test]
    fn a_glob_is_found_by_its_rarest_run() {
        let globs: Vec<String> = (0..1000).map(|i| format!("archive/a{i}*.txt")).collect();
        let many = ManyGlobs::new(&globs);
        assert!(many.rest.is_empty() && many.literals.is_empty());
        assert!(many.is_match(Path::new("archive/a999-final.txt")));
        assert!(!many.is_match(Path::new("archive/b999-final.txt")));
        assert!(!many.is_match(Path::new("archive/a999-final.md")));
        // Only the globs whose rare run the path holds were compiled.
        let compiled = many.compiled.iter().filter(|c| c.get().is_some()).count();
        assert!(compiled <= 3, "{compiled}");
    }
}

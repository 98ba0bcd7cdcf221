//! Walking folders: which files a run lints, and which are read as aligned pairs.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::display_path;
use super::read::not_regular;
use crate::config::Config;

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

/// The config's `exclude` globs, matched against a path as the user names it and relative to
/// the config's folder (so `archive/**` excludes `project/archive/a.md` when the run starts
/// above `project/`).
#[derive(Clone)]
struct Exclude {
    globs: GlobSet,
    root: Option<PathBuf>,
}

impl Exclude {
    fn new(config: &Config) -> Exclude {
        Exclude {
            globs: glob_set(&config.exclude_globs()),
            root: config.root.canonicalize().ok(),
        }
    }

    fn is_match(&self, path: &Path) -> bool {
        let shown = path.strip_prefix("./").unwrap_or(path);
        if self.globs.is_empty() {
            return false;
        }
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
                inputs.extend(classify_path(root, false, &include));
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
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let path = entry.path();
                    if !exclude.is_match(path) && !is_fix_temp(path) {
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

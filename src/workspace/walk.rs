//! Walking folders: which files a run lints.

use std::path::PathBuf;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::display_path;
use crate::config::Config;

/// A file to lint, named as the user will see it.
pub struct Input {
    pub name: String,
    /// `None` for standard input.
    pub path: Option<PathBuf>,
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

/// Every file under `paths` that the config includes and does not exclude, sorted, and the
/// paths that could not be walked with the reason. Files named explicitly are always linted;
/// folders are walked as ripgrep does.
pub fn collect(paths: &[PathBuf], config: &Config) -> (Vec<Input>, Vec<(String, String)>) {
    let include = glob_set(&config.include_globs());
    let exclude = glob_set(&config.exclude_globs());
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.is_file() {
            inputs.push(Input {
                name: display_path(root),
                path: Some(root.clone()),
            });
            continue;
        }
        if let Err(e) = std::fs::metadata(root) {
            // Say why: a symlink loop or a denied folder is not a missing file.
            let message = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
                _ => e.to_string(),
            };
            errors.push((display_path(root), message));
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(false)
            .filter_entry({
                let exclude = exclude.clone();
                move |entry| {
                    !exclude.is_match(entry.path().strip_prefix("./").unwrap_or(entry.path()))
                }
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let path = entry.path();
                    if include.is_match(path) && !exclude.is_match(path) {
                        inputs.push(Input {
                            name: display_path(path),
                            path: Some(path.to_path_buf()),
                        });
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

//! The workspace layer: everything that touches the file system, shared by the CLI and the
//! language server. It finds and reads the config and the files it names (rule packs, names
//! data), walks folders and reads the files to lint into a [`Corpus`]; the engine and the
//! rules below it do no I/O.
//!
//! Bad input never stops the run: an unreadable, mis-encoded or binary file becomes a
//! diagnostic (or, for binary files, a verbose note) and the other files are still linted.

pub mod cache;
pub mod read;
pub mod records;
mod saved_findings;
pub mod shard;
pub mod walk;

use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE_NAME, Config};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Source, Span};
use crate::engine::Corpus;

pub use read::{
    CONFIG_FILE_CAP, ReadOutcome, classify, document, open_regular, read_all, read_config_file,
    read_file, read_one, read_regular, read_stdin, register,
};
pub use walk::{FIX_TEMP_MARK, Input, collect, is_fix_temp};

/// Which config a run uses.
#[derive(Debug, Clone, Default)]
pub enum ConfigChoice {
    /// The nearest `lint.toml` in the current folder or its parents, if any.
    #[default]
    Discover,
    /// The nearest `lint.toml` to these paths (see [`discover_for`]).
    DiscoverFor(Vec<PathBuf>),
    /// This file.
    File(PathBuf),
    /// None: the defaults.
    Defaults,
}

/// Loads the config `choice` asks for, registering it in `corpus` for error spans, and reads
/// the files it names (rule packs, names data) so the engine can build rules without I/O.
pub fn load_config(choice: &ConfigChoice, corpus: &mut Corpus) -> Result<Config, Vec<Diagnostic>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let defaults = || Config {
        root: cwd.clone(),
        ..Config::default()
    };
    let path = match choice {
        ConfigChoice::Defaults => return Ok(defaults()),
        ConfigChoice::File(path) => path.clone(),
        ConfigChoice::Discover => match discover(&cwd) {
            Some(path) => path,
            None => return Ok(defaults()),
        },
        ConfigChoice::DiscoverFor(paths) => match discover_for(paths) {
            Ok(Some(path)) => path,
            Ok(None) => return Ok(defaults()),
            Err(message) => {
                let id = corpus.add_source(Source::new("<command line>", ""));
                let error = Diagnostic::new(
                    "config/several-configs",
                    Severity::Error,
                    Span::new(id, 0..0),
                    message,
                )
                .with_help(
                    "lint each project in its own run, or choose one config with --config FILE",
                );
                return Err(vec![error]);
            }
        },
    };
    let text = match read_config_file(&path) {
        Ok(text) => text,
        Err(e) => {
            return Err(vec![io_error(
                corpus,
                &path.display().to_string(),
                format!("cannot read config file: {e}"),
            )]);
        }
    };
    let root = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(cwd);
    let id = corpus.add_source(Source::new(display_path(&path), text));
    let mut config = Config::parse(corpus.source(id), id, root)?;
    read_named_files(&mut config);
    Ok(config)
}

/// Reads the rule packs and names data files `config` names, into [`Config::files`]. Each
/// must resolve (symbolic links and `..` followed) inside the config's folder: a lint.toml
/// in a cloned repository must not make translint read, and quote in its errors, files
/// outside that repository. A file outside is an error that names the path only.
pub fn read_named_files(config: &mut Config) {
    let named = config
        .file
        .rule_files
        .iter()
        .chain(&config.file.names.data)
        .chain(&config.file.source.tbx)
        .map(|f| config.root.join(f.get_ref()))
        .collect::<Vec<_>>();
    let root = config.root.canonicalize();
    for path in named {
        let text = match (&root, path.canonicalize()) {
            (Ok(root), Ok(resolved)) if resolved.starts_with(root) => read_config_file(&resolved),
            (Ok(_), Ok(_)) => Err(format!(
                "the file is outside the config's folder `{}`; rule and data files must be \
                 inside it or its subfolders, and are not read otherwise",
                root.as_ref()
                    .map_or(config.root.as_path(), |r| r.as_path())
                    .display()
            )),
            (_, Err(e)) => Err(e.to_string()),
            (Err(e), _) => Err(format!("the config's folder cannot be resolved: {e}")),
        };
        config.files.insert(path, text);
    }
}

/// The one config of a run over `paths`, as ruff finds it: the nearest `lint.toml` to each
/// path (a folder's own, a file's folder's; for a path that does not exist, its nearest
/// existing folder's), or in the current folder when no path is given. Paths with no config
/// above them are linted with the others' config. Paths under two or more different configs
/// are an error: corpus-wide checks need one rule set, and picking one silently would lint
/// some files under rules their project does not use.
pub fn discover_for(paths: &[PathBuf]) -> Result<Option<PathBuf>, String> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut found: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let starts: Vec<PathBuf> = if paths.is_empty() {
        vec![cwd.clone()]
    } else {
        paths.to_vec()
    };
    for path in &starts {
        let absolute = cwd.join(path);
        let folder = absolute
            .ancestors()
            .find(|a| a.is_dir())
            .unwrap_or(&cwd)
            .to_path_buf();
        let Some(config) = discover(&folder) else {
            continue;
        };
        match found.iter_mut().find(|(c, _)| *c == config) {
            Some((_, users)) => users.push(display_path(path)),
            None => found.push((config, vec![display_path(path)])),
        }
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop().map(|(config, _)| config)),
        _ => Err(format!(
            "the paths belong to {} different configs: {}",
            found.len(),
            found
                .iter()
                .map(|(config, users)| format!(
                    "{} (for {})",
                    display_path(config),
                    users.join(", ")
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

/// The nearest `lint.toml` in `start` or its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        // Not `is_file`: a lint.toml that is a FIFO or a device is found, and refused with an
        // error when read, rather than silently passed over for a config further up.
        .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()))
}

/// An error about a file that has no text to point into.
pub fn io_error(corpus: &mut Corpus, name: &str, message: String) -> Diagnostic {
    let id = corpus.add_source(Source::new(name, ""));
    Diagnostic::new(
        "io/read-error",
        Severity::Error,
        Span::new(id, 0..0),
        message,
    )
}

/// A path as the user would type it: relative to the current folder when inside it.
pub fn display_path(path: &Path) -> String {
    display_path_in(path, &std::env::current_dir().unwrap_or_default())
}

/// [`display_path`] given the current folder (a walk or a registration asks for it once, not
/// per file).
fn display_path_in(path: &Path, cwd: &Path) -> String {
    // As `display` shows it (invalid UTF-8 replaced alike), without its formatting machinery:
    // a walk names every file.
    let s = path.strip_prefix(cwd).unwrap_or(path).to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// `std::path::absolute(cwd.join(path))`. A path such as a walk gives (`./a/b.txt`,
/// `a/b.txt`) under a folder such as the system names the current one is joined as it is:
/// `absolute` took their components apart and put them together again, some thousands of
/// instructions a file.
pub fn absolute_in(cwd: &Path, path: &Path) -> std::io::Result<PathBuf> {
    if let (Some(cwd), Some(text)) = (cwd.to_str(), path.to_str()) {
        let rest = text.strip_prefix("./").unwrap_or(text);
        // What `absolute` would change: a root, `.` components, empty ones (`//`, a final `/`).
        let normal = |p: &str| p.split('/').all(|part| !part.is_empty() && part != ".");
        let cwd_normal = cwd
            .strip_prefix('/')
            .is_some_and(|c| c.is_empty() || normal(c));
        if cwd_normal && !rest.starts_with('/') && normal(rest) {
            // One allocation, where `join` made two.
            let mut joined = String::with_capacity(cwd.len() + 1 + rest.len());
            joined.push_str(cwd);
            if !cwd.ends_with('/') {
                joined.push('/');
            }
            joined.push_str(rest);
            return Ok(joined.into());
        }
    }
    std::path::absolute(cwd.join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick joins give what `std::path::absolute` gives, and the paths it would change
    /// are left to it.
    #[test]
    fn absolute_in_is_std_absolute_of_the_join() {
        let folders = [
            "/",
            "/work",
            "/work/corpus",
            "//work",
            "/work/./corpus",
            "/work/",
        ];
        let paths = [
            "a.txt",
            "./a.txt",
            "./rep0/a.txt",
            "rep0/sub/a.txt",
            "../up/a.txt",
            "./../a.txt",
            "././a.txt",
            "a/./b.txt",
            "a//b.txt",
            "a/b/",
            "a/.",
            ".",
            "./",
            "",
            "/abs/a.txt",
            "é/ü.txt",
        ];
        for cwd in folders {
            for path in paths {
                let (cwd, path) = (Path::new(cwd), Path::new(path));
                assert_eq!(
                    absolute_in(cwd, path).ok(),
                    std::path::absolute(cwd.join(path)).ok(),
                    "{cwd:?} {path:?}"
                );
            }
        }
    }

    #[test]
    fn display_path_in_is_the_path_relative_to_the_folder_as_displayed() {
        let cwd = Path::new("/work");
        assert_eq!(
            display_path_in(Path::new("./rep0/a.txt"), cwd),
            "rep0/a.txt"
        );
        assert_eq!(
            display_path_in(Path::new("/work/rep0/a.txt"), cwd),
            "rep0/a.txt"
        );
        assert_eq!(
            display_path_in(Path::new("/elsewhere/a.txt"), cwd),
            "/elsewhere/a.txt"
        );
        assert_eq!(display_path_in(Path::new("../a.txt"), cwd), "../a.txt");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let invalid = Path::new(std::ffi::OsStr::from_bytes(b"./bad\xff.txt"));
            let shown = invalid.display().to_string();
            assert_eq!(
                display_path_in(invalid, cwd),
                shown.strip_prefix("./").unwrap()
            );
        }
    }
}

//! What the server knows: the config, the rules and every document of the workspace.
//!
//! At start the workspace roots are walked as `translint check` walks them (same config
//! discovery, include/exclude globs and file reading), so corpus-wide rules see every file and
//! report into the open ones. Open buffers override the disk text; a closed buffer falls back
//! to the file on disk. The [`Corpus`] is the state itself: entry `i` describes
//! `corpus.docs[i]`, and a document is rebuilt in place when its text changes. The result of
//! the per-document pass (findings, and the facts corpus rules decide over, such as the names
//! a document mentions) is kept per entry until its text changes, so an edit re-runs the
//! per-document pass on one file and only the corpus decision over everyone's facts. A config change rebuilds everything,
//! because ids of config sources come before those of documents.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use lsp_types::{TextDocumentContentChangeEvent, Uri};
use rayon::prelude::*;

use super::position::{Encoding, apply_changes};
use super::uri;
use crate::config::{CONFIG_FILE_NAME, Config};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, FileId, Format};
use crate::engine::{self, Checked, Corpus, RuleSet};
use crate::rules::RuleId;
use crate::workspace::{self, ConfigChoice, ReadOutcome};

/// How a document is identified across `didOpen`, disk events and the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// Canonical path of a local file.
    Path(PathBuf),
    /// Any other URI (`untitled:`), verbatim.
    Uri(String),
}

impl Key {
    pub fn of(uri: &Uri) -> Key {
        match uri::to_path(uri) {
            Some(path) => Key::Path(canonical(&path)),
            None => Key::Uri(uri.as_str().to_string()),
        }
    }
}

/// A document's place in the workspace.
pub struct Entry {
    pub key: Key,
    /// Found by the walk: stays in the corpus (with its disk text) when its buffer closes.
    pub on_disk: bool,
    pub open: Option<Open>,
    /// Per-document findings for the current text, kept until it changes: an edit re-runs
    /// the per-document rules on the edited file only, and the corpus rules on everything.
    checked: Option<Checked>,
}

/// An editor buffer and what was last published for it.
pub struct Open {
    pub uri: Uri,
    pub version: i32,
    /// Diagnostics as last sent; `None` before the first publication.
    pub published: Option<Vec<lsp_types::Diagnostic>>,
    /// The translint diagnostics behind `published`, for code actions.
    pub findings: Vec<Diagnostic>,
}

pub struct Workspace {
    /// Canonical workspace folders; the process runs in the first.
    roots: Vec<PathBuf>,
    pub corpus: Corpus,
    rules: Option<RuleSet>,
    /// Config and rule files in use: a change to any of them reloads everything.
    config_files: Vec<PathBuf>,
    /// The config's include globs, for the client's file watchers.
    include: Vec<String>,
    /// Config and read errors, pointing into `corpus.aux`.
    setup_errors: Vec<Diagnostic>,
    pub entries: Vec<Entry>,
}

impl Workspace {
    /// Loads the config and every file of `roots`. The first root becomes the current
    /// folder, so config discovery and glob matching work exactly as `translint check` run
    /// from there.
    pub fn new(roots: Vec<PathBuf>) -> Workspace {
        let roots: Vec<PathBuf> = roots.iter().map(|r| canonical(r)).collect();
        if let Some(root) = roots.first() {
            // If this fails paths stay relative to wherever the client started us; the
            // walk below still works, only names in messages differ.
            let _ = std::env::set_current_dir(root);
        }
        let mut ws = Workspace {
            roots,
            corpus: Corpus::new(),
            rules: None,
            config_files: Vec::new(),
            include: Vec::new(),
            setup_errors: Vec::new(),
            entries: Vec::new(),
        };
        ws.reload();
        ws
    }

    /// Rebuilds the config, the rules and the corpus from disk, keeping open buffers.
    pub fn reload(&mut self) {
        let mut corpus = Corpus::new();
        let mut errors = Vec::new();
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let config = match workspace::load_config(&ConfigChoice::Discover, &mut corpus) {
            Ok(config) => match RuleSet::build(&mut corpus, &config) {
                Ok(rules) => {
                    self.rules = Some(rules);
                    config
                }
                Err(e) => {
                    errors.extend(e);
                    config
                }
            },
            Err(e) => {
                errors.extend(e);
                Config {
                    root: cwd.clone(),
                    ..Config::default()
                }
            }
        };
        // A broken config keeps the rules that worked before it; without any, the defaults.
        if self.rules.is_none() {
            let defaults = Config {
                root: cwd.clone(),
                ..Config::default()
            };
            self.rules = RuleSet::build(&mut corpus, &defaults).ok();
        }
        self.config_files = workspace::discover(&cwd).into_iter().collect();
        self.config_files.extend(
            config
                .file
                .rule_files
                .iter()
                .map(|f| canonical(&config.root.join(f.get_ref()))),
        );
        self.include = config.include_globs();

        let walk: Vec<PathBuf> = self
            .roots
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if i == 0 {
                    PathBuf::from(".")
                } else {
                    r.clone()
                }
            })
            .collect();
        let (inputs, walk_errors) = if walk.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            workspace::collect(&walk, &config, false)
        };
        for (name, message) in walk_errors {
            errors.push(workspace::io_error(&mut corpus, &name, message));
        }
        let paths: HashMap<String, PathBuf> = inputs
            .iter()
            .filter_map(|i| Some((i.name.clone(), canonical(i.path.as_ref()?))))
            .collect();
        let reads = workspace::read_all(&inputs);
        let registered = workspace::register(&mut corpus, inputs, reads, None, config.layout());
        errors.extend(registered.errors);
        let mut entries: Vec<Entry> = corpus
            .docs
            .iter()
            .map(|doc| Entry {
                key: paths.get(doc.name()).map_or_else(
                    || Key::Uri(doc.name().to_string()),
                    |p| Key::Path(p.clone()),
                ),
                on_disk: true,
                open: None,
                checked: None,
            })
            .collect();

        // Open buffers win over what was just read.
        let old_docs = std::mem::take(&mut self.corpus.docs);
        for (old, doc) in std::mem::take(&mut self.entries).into_iter().zip(old_docs) {
            let Some(open) = old.open else { continue };
            match entries.iter().position(|e| e.key == old.key) {
                Some(i) => {
                    entries[i].open = Some(open);
                    let d = &corpus.docs[i];
                    if d.text() != doc.text() {
                        corpus.docs[i] =
                            Document::with_format(d.id, doc.name(), doc.text(), doc.format);
                    }
                }
                None => {
                    let id = corpus.next_id();
                    corpus.push_document(Document { id, ..doc });
                    entries.push(Entry {
                        key: old.key,
                        on_disk: false,
                        open: Some(open),
                        checked: None,
                    });
                }
            }
        }
        self.corpus = corpus;
        self.entries = entries;
        self.setup_errors = errors;
    }

    /// Globs of the files whose changes on disk matter: configs, rule files, linted files.
    pub fn watch_globs(&self) -> Vec<String> {
        let mut globs = vec![format!("**/{CONFIG_FILE_NAME}")];
        for file in &self.config_files {
            if let Some(name) = file.file_name().and_then(|n| n.to_str()) {
                globs.push(format!("**/{name}"));
            }
        }
        for glob in &self.include {
            globs.push(if glob.contains('/') {
                glob.clone()
            } else {
                format!("**/{glob}")
            });
        }
        globs.sort();
        globs.dedup();
        globs
    }

    pub fn find(&self, key: &Key) -> Option<usize> {
        self.entries.iter().position(|e| &e.key == key)
    }

    /// The file id of entry `i`.
    pub fn file_id(&self, i: usize) -> FileId {
        self.corpus.aux.len() + i
    }

    /// Whether `path` is the config or one of its rule files, or a new `lint.toml`.
    pub fn is_config(&self, path: &Path) -> bool {
        path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME)
            || self.config_files.iter().any(|c| c == &canonical(path))
    }

    /// A buffer was opened: it joins the corpus, or replaces the disk text of its file.
    pub fn open(&mut self, uri: Uri, version: i32, text: String, language_id: &str) {
        let key = Key::of(&uri);
        let open = Open {
            uri,
            version,
            published: None,
            findings: Vec::new(),
        };
        match self.find(&key) {
            Some(i) => {
                self.entries[i].open = Some(open);
                if self.corpus.docs[i].text() != text {
                    self.set_text(i, text);
                }
            }
            None => {
                let name = self.display_name(&key);
                let format = if language_id == "markdown" {
                    Format::Markdown
                } else {
                    Format::from_path(&name)
                };
                let id = self.corpus.next_id();
                self.corpus
                    .push_document(Document::with_format(id, name, text, format));
                self.entries.push(Entry {
                    key,
                    on_disk: false,
                    open: Some(open),
                    checked: None,
                });
            }
        }
    }

    /// Applies a buffer's edits. Returns false for a buffer that is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) -> bool {
        let Some(i) = self.find(&Key::of(uri)) else {
            return false;
        };
        let Some(open) = &mut self.entries[i].open else {
            return false;
        };
        open.version = version;
        let mut text = self.corpus.docs[i].text().to_string();
        apply_changes(&mut text, changes, enc);
        self.set_text(i, text);
        true
    }

    /// A buffer was closed: its file goes back to its disk text, or leaves the corpus.
    /// Returns the buffer's URI, whose diagnostics the client should forget.
    pub fn close(&mut self, uri: &Uri) -> Option<Uri> {
        let i = self.find(&Key::of(uri))?;
        let open = self.entries[i].open.take()?;
        if !self.entries[i].on_disk || !self.reread(i) {
            self.remove(i);
        }
        Some(open.uri)
    }

    /// A file changed on disk. Returns true when the whole workspace must be reloaded
    /// (config changed, files appeared or disappeared).
    pub fn disk_changed(&mut self, path: &Path) -> bool {
        if self.is_config(path) {
            return true;
        }
        match self.find(&Key::Path(canonical(path))) {
            // An open buffer is what the user sees; the disk can wait.
            Some(i) if self.entries[i].open.is_some() => false,
            Some(i) => !self.reread(i),
            // A new file, or one the walk left out: walk again to let the globs decide.
            None => path.exists(),
        }
    }

    /// Re-reads entry `i` from disk; false if it can no longer be read as text.
    fn reread(&mut self, i: usize) -> bool {
        let Key::Path(path) = &self.entries[i].key else {
            return false;
        };
        let text = match workspace::read_file(path) {
            ReadOutcome::Text(text) => text,
            _ => return false,
        };
        if self.corpus.docs[i].text() != text {
            self.set_text(i, text);
        }
        true
    }

    fn set_text(&mut self, i: usize, text: String) {
        let doc = &self.corpus.docs[i];
        self.corpus.docs[i] =
            Document::with_format(doc.id, doc.name().to_string(), text, doc.format);
        self.entries[i].checked = None;
    }

    fn remove(&mut self, i: usize) {
        self.entries.remove(i);
        self.corpus.docs.remove(i);
        let base = self.corpus.aux.len();
        for (j, doc) in self.corpus.docs.iter_mut().enumerate().skip(i) {
            doc.id = base + j;
            // Their findings carry the old ids.
            self.entries[j].checked = None;
        }
    }

    /// A name as `translint check` would print it: relative to the first root if inside it.
    fn display_name(&self, key: &Key) -> String {
        match key {
            Key::Path(path) => self
                .roots
                .first()
                .and_then(|r| path.strip_prefix(r).ok())
                .unwrap_or(path)
                .display()
                .to_string(),
            Key::Uri(uri) => uri.clone(),
        }
    }

    /// The findings the server publishes: in open buffers and in config files, setup errors
    /// included. The corpus rules still decide over every document.
    pub fn lint(&mut self) -> Vec<Diagnostic> {
        let mut diagnostics = match &self.rules {
            Some(rules) => {
                let stale: Vec<usize> = (0..self.entries.len())
                    .filter(|&i| self.entries[i].checked.is_none())
                    .collect();
                let docs = &self.corpus.docs;
                let fresh: Vec<(usize, Checked)> = stale
                    .into_par_iter()
                    .map(|i| (i, engine::check_document(&docs[i], rules)))
                    .collect();
                for (i, checked) in fresh {
                    self.entries[i].checked = Some(checked);
                }
                let checked: Vec<&Checked> = self
                    .entries
                    .iter()
                    .map(|e| e.checked.as_ref().expect("every entry was just checked"))
                    .collect();
                let aux = self.corpus.aux.len();
                let entries = &self.entries;
                let published = |file: FileId| match file.checked_sub(aux) {
                    Some(i) => entries.get(i).is_some_and(|e| e.open.is_some()),
                    None => true,
                };
                engine::lint_kept(&self.corpus, rules, &checked, &published)
            }
            None => Vec::new(),
        };
        diagnostics.extend(self.setup_errors.iter().cloned());
        engine::sort_and_dedup(&mut diagnostics);
        diagnostics
    }

    /// Ids of the rules whose fixes may be applied unasked (`translint check --fix`).
    pub fn fixable_rules(&self) -> BTreeSet<RuleId> {
        self.rules
            .iter()
            .flat_map(|r| r.rules())
            .filter(|r| r.meta().fixable)
            .map(|r| r.meta().id)
            .collect()
    }

    /// The URI of any file a diagnostic may point into: the client's own URI for open
    /// buffers, a `file:` URI built from the path otherwise.
    pub fn uri_of(&self, file: FileId) -> Option<Uri> {
        match file.checked_sub(self.corpus.aux.len()) {
            Some(i) => {
                let entry = self.entries.get(i)?;
                match (&entry.open, &entry.key) {
                    (Some(open), _) => Some(open.uri.clone()),
                    (None, Key::Path(path)) => uri::from_path(path),
                    (None, Key::Uri(u)) => u.parse().ok(),
                }
            }
            None => {
                // Config sources are named relative to the current folder, or absolute.
                let name = &self.corpus.aux.get(file)?.name;
                let cwd = std::env::current_dir().ok()?;
                uri::from_path(&cwd.join(name))
            }
        }
    }
}

/// The canonical form of a path, or the path itself if it does not exist (yet).
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

//! Past one machine: `translint check --emit-summary DIR` writes the summary of every file a
//! run linted ([`Summary`]) into DIR, and `translint check --from-summaries DIR...` decides the
//! corpus over the summaries of many such runs (shards of one corpus, linted anywhere) without
//! their texts, printing what one run over all their files prints. The texts are read back
//! only to show the findings, as after a warm cache.
//!
//! A summary file holds a header (the translint version and the settings key, which the
//! deciding run must share: same version, config, rule files and selection) and one JSON line
//! per file: its name as the shard showed it, its absolute path, its summary. Each shard
//! writes its own file (named after the files it holds), atomically, so many shards may share
//! one DIR. Files are named as each shard's command line named them: shards run from the same
//! folder with paths relative to it print the names one run would.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};

use super::cache::Run;
use super::io_error;
use crate::diagnostic::Diagnostic;
use crate::engine::{Checked, Corpus, RuleSet};
use crate::summary::Summary;

#[derive(Serialize, Deserialize)]
struct Header {
    translint: String,
    settings: String,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    name: String,
    path: PathBuf,
    summary: Summary,
}

fn header(key: u64) -> Header {
    Header {
        translint: env!("CARGO_PKG_VERSION").to_string(),
        settings: format!("{key:016x}"),
    }
}

/// Writes `summaries` (name, path, summary) into `dir` as one shard's summary file; returns
/// its path.
pub fn emit(
    dir: &Path,
    key: u64,
    summaries: &[(String, PathBuf, Summary)],
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut names = FxHasher::default();
    for (name, path, _) in summaries {
        (name, path).hash(&mut names);
    }
    let file = dir.join(format!("summaries-{:016x}.jsonl", names.finish()));
    let mut out = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = std::io::BufWriter::new(out.as_file_mut());
        serde_json::to_writer(&mut w, &header(key))?;
        w.write_all(b"\n")?;
        for (name, path, summary) in summaries {
            let entry = serde_json::json!({ "name": name, "path": path, "summary": summary });
            serde_json::to_writer(&mut w, &entry)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
    }
    out.persist(&file).map_err(|e| e.error)?;
    Ok(file)
}

/// Registers in `corpus`, without their texts, the documents of every summary file in `dirs`
/// (in name order, as a walk finds files; a name in two shards counts once), and returns what
/// the per-document pass took from each, in `corpus.docs` order, with the [`Run`] that reads
/// their texts back. A summary file that does not read, or was written under other settings
/// than `key`, is an error, and nothing is registered.
pub fn load(
    dirs: &[PathBuf],
    key: u64,
    corpus: &mut Corpus,
    rules: &RuleSet,
) -> Result<(Run, Vec<Checked>), Vec<Diagnostic>> {
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let expected = header(key);
    for dir in dirs {
        let listed = match std::fs::read_dir(dir) {
            Ok(listed) => listed,
            Err(e) => {
                errors.push((
                    dir.display().to_string(),
                    format!("cannot read summaries: {e}"),
                ));
                continue;
            }
        };
        let mut files: Vec<PathBuf> = listed
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.sort();
        if files.is_empty() {
            errors.push((
                dir.display().to_string(),
                "no summaries here (written by `translint check --emit-summary DIR`)".to_string(),
            ));
        }
        for file in files {
            let name = file.display().to_string();
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(e) => {
                    errors.push((name, format!("cannot read summaries: {e}")));
                    continue;
                }
            };
            let mut lines = text.lines();
            match lines.next().map(serde_json::from_str::<Header>) {
                Some(Ok(h))
                    if h.translint == expected.translint && h.settings == expected.settings => {}
                Some(Ok(h)) => {
                    errors.push((
                        name,
                        format!(
                            "summaries written by translint {} under other settings: decide with \
                             the version, config and rule selection the shards used (here {})",
                            h.translint, expected.translint
                        ),
                    ));
                    continue;
                }
                _ => {
                    errors.push((name, "not a summary file".to_string()));
                    continue;
                }
            }
            for (n, line) in lines.enumerate() {
                match serde_json::from_str::<Entry>(line) {
                    Ok(entry) => {
                        entries.entry(entry.name.clone()).or_insert(entry);
                    }
                    Err(e) => errors.push((name.clone(), format!("line {}: {e}", n + 2))),
                }
            }
        }
    }
    let mut checked = Vec::with_capacity(entries.len());
    let mut loaded = Vec::with_capacity(entries.len());
    for (name, entry) in entries {
        match entry.summary.load(0, rules) {
            Some(c) => {
                checked.push(c);
                loaded.push((name, entry.path));
            }
            None => errors.push((name, "its summary does not fit these rules".to_string())),
        }
    }
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|(name, message)| io_error(corpus, &name, message))
            .collect());
    }
    let mut run = Run::default();
    for ((name, path), c) in loaded.into_iter().zip(&mut checked) {
        let id = corpus.add_document(name, "");
        crate::summary::place(c, id);
        run.add_shard_document(id, path);
    }
    Ok((run, checked))
}

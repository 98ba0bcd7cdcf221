//! Past one machine: `translint check --emit-summary DIR` writes the summary of every file a
//! run linted ([`Summary`]) into DIR, and `translint check --from-summaries DIR...` decides the
//! corpus over the summaries of many such runs (shards of one corpus, linted anywhere) without
//! their texts, printing what one run over all their files prints. The texts are read back
//! only to show the findings, as after a warm cache.
//!
//! A summary file holds a header line (the translint version and the settings key, which the
//! deciding run must share: same version, config, rule files and selection) and one record
//! per file ([`super::records`]): its name as the shard showed it and its absolute path in JSON,
//! then its summary ([`Summary::encode`]). Each shard
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
    /// [`crate::summary::FORMAT`]: builds of one version may encode summaries differently,
    /// and an encoding without field names cannot tell.
    #[serde(default)]
    format: u32,
}

/// What a record says of its file, before the file's summary.
#[derive(Serialize, Deserialize)]
struct Entry {
    name: String,
    path: PathBuf,
}

/// The extension of summary files: the files of DIR a deciding run reads.
const EXTENSION: &str = "summaries";

fn header(key: u64) -> Header {
    Header {
        translint: env!("CARGO_PKG_VERSION").to_string(),
        settings: format!("{key:016x}"),
        format: crate::summary::FORMAT,
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
    let file = dir.join(format!("summaries-{:016x}.{EXTENSION}", names.finish()));
    let mut out = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut w = std::io::BufWriter::new(out.as_file_mut());
        serde_json::to_writer(&mut w, &header(key))?;
        w.write_all(b"\n")?;
        let mut record = Vec::new();
        for (name, path, summary) in summaries {
            let entry = Entry {
                name: name.clone(),
                path: path.clone(),
            };
            let unsaved = || std::io::Error::other(format!("{name}: its summary cannot be saved"));
            record.clear();
            super::records::put(
                &mut record,
                &serde_json::to_vec(&entry)?,
                &summary.encode().ok_or_else(unsaved)?,
            );
            w.write_all(&record)?;
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
    let mut entries: BTreeMap<String, (PathBuf, Summary)> = BTreeMap::new();
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
            .filter(|p| p.extension().is_some_and(|x| x == EXTENSION))
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
            let opened = std::fs::File::open(&file).map(std::io::BufReader::new);
            let mut read = match opened {
                Ok(read) => read,
                Err(e) => {
                    errors.push((name, format!("cannot read summaries: {e}")));
                    continue;
                }
            };
            let mut first = Vec::new();
            let header = std::io::BufRead::read_until(&mut read, b'\n', &mut first)
                .ok()
                .and_then(|_| serde_json::from_slice::<Header>(&first).ok());
            match header {
                Some(h)
                    if h.translint == expected.translint
                        && h.settings == expected.settings
                        && h.format == expected.format => {}
                Some(h) if h.format != expected.format => {
                    errors.push((
                        name,
                        format!(
                            "summaries in format {} (this build of translint {} reads format \
                             {}): lint the shards again with this build",
                            h.format, expected.translint, expected.format
                        ),
                    ));
                    continue;
                }
                Some(h) => {
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
                None => {
                    errors.push((name, "not a summary file".to_string()));
                    continue;
                }
            }
            let mut records = super::records::Reader::new(read, first.len());
            let mut buf = Vec::new();
            loop {
                buf.clear();
                let record = match records.next_into(&mut buf) {
                    Ok(Some(record)) => record,
                    Ok(None) => break,
                    Err(e) => {
                        errors.push((name.clone(), e.to_string()));
                        break;
                    }
                };
                let entry = serde_json::from_slice::<Entry>(&buf[record.header]);
                match (entry, Summary::decode(&buf[record.body])) {
                    (Ok(entry), Some(summary)) => {
                        entries.entry(entry.name).or_insert((entry.path, summary));
                    }
                    (Err(e), _) => {
                        errors.push((name.clone(), format!("byte {}: {e}", record.in_file.start)))
                    }
                    (_, None) => errors.push((
                        name.clone(),
                        format!(
                            "byte {}: a summary that does not read back",
                            record.in_file.start
                        ),
                    )),
                }
            }
        }
    }
    let mut checked = Vec::with_capacity(entries.len());
    let mut loaded = Vec::with_capacity(entries.len());
    for (name, (path, summary)) in entries {
        match summary.load(0, rules) {
            Some(c) => {
                checked.push(c);
                loaded.push((name, path));
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

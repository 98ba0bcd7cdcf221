//! Names: one person, one romanisation, across every file of the corpus.
//!
//! Machine translation of Chinese, Japanese and Korean news renders one person differently
//! from one article to the next. The `names/*` rules find candidate names in every document
//! ([`extract`]), index them corpus-wide ([`index`]) under romanisation-aware keys ([`key`]),
//! and compare them with each other and with the project's glossary ([`glossary`]).
//! Romanisation knowledge (surnames, syllables, confusions, organisation aliases) is data
//! ([`data`], `rules/names/*.toml`), which a project can extend.
//!
//! The index is built once per run and shared by every names rule through a cache on the
//! [`Corpus`]; the rules only read it.

pub mod data;
pub mod entity;
pub mod extract;
pub mod glossary;
pub mod index;
pub mod key;
pub mod rules;
pub mod source;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::config::{Config, NamesConfig};
use crate::diagnostic::Diagnostic;
use crate::document::Source;
use crate::engine::Corpus;
use crate::rules::Rule;
use crate::rules::data::config_error;

use data::{BUILTIN_ENTITIES, NameData};
use entity::Publications;
use glossary::Glossary;
use index::Index;

/// Everything the names rules know before reading the corpus: data and glossary.
#[derive(Debug)]
pub struct Context {
    /// Tells apart the indexes of two contexts cached on one corpus.
    id: u64,
    pub data: NameData,
    pub glossary: Glossary,
    pub publications: Publications,
}

static NEXT_CONTEXT: AtomicU64 = AtomicU64::new(1);

impl Context {
    /// Loads the built-in data, the config's data files and its glossary. Data files and the
    /// built-in glossary are registered in `corpus` so errors and labels can point into them.
    pub fn new(corpus: &mut Corpus, config: &Config) -> Result<Context, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut data = NameData::builtin();
        let config_id = config.source_id.unwrap_or(0);
        for file in &config.file.names.data {
            let path = config.root.join(file.get_ref());
            match config.files.get(&path) {
                Some(Ok(text)) => {
                    let id =
                        corpus.add_source(Source::new(path.display().to_string(), text.as_str()));
                    if let Err(e) = data.add(corpus.source(id), id) {
                        errors.extend(e);
                    }
                }
                error => errors.push(config_error(
                    "config/names-data",
                    config_id,
                    file.span(),
                    &format!(
                        "cannot read names data file `{}`: {}",
                        path.display(),
                        match error {
                            Some(Err(e)) => e.as_str(),
                            _ => "not read by the workspace",
                        }
                    ),
                )),
            }
        }
        let (name, text) = BUILTIN_ENTITIES;
        let builtin_id = corpus.add_source(Source::new(name, text));
        let builtin: NamesConfig = match toml::from_str(text) {
            Ok(b) => b,
            Err(e) => {
                return Err(vec![config_error(
                    "config/names-glossary",
                    builtin_id,
                    e.span().unwrap_or(0..0),
                    e.message().trim(),
                )]);
            }
        };
        let glossary =
            match Glossary::new(&data, &builtin, builtin_id, &config.file.names, config_id) {
                Ok(g) => Some(g),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            };
        let publications = match Publications::new(&config.file.names, config_id) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        match (glossary, publications) {
            (Some(glossary), Some(publications)) if errors.is_empty() => Ok(Context {
                id: NEXT_CONTEXT.fetch_add(1, Ordering::Relaxed),
                data,
                glossary,
                publications,
            }),
            _ => Err(errors),
        }
    }

    /// The corpus index, built on first use and cached on the corpus.
    pub fn index(&self, corpus: &Corpus) -> Arc<Index> {
        let cached = corpus
            .names_index
            .get_or_init(|| Arc::new(Index::build(corpus, self)));
        if cached.is_for(corpus, self) {
            Arc::clone(cached)
        } else {
            Arc::new(Index::build(corpus, self))
        }
    }
}

/// Every names rule, sharing one context. Glossary and data errors are config diagnostics.
pub fn rules(corpus: &mut Corpus, config: &Config) -> Result<Vec<Box<dyn Rule>>, Vec<Diagnostic>> {
    let ctx = Arc::new(Context::new(corpus, config)?);
    let mut all = rules::all(Arc::clone(&ctx));
    all.extend(source::rules::all(ctx));
    Ok(all)
}

//! Names: one person, one romanisation, across every file of the corpus.
//!
//! Machine translation of Chinese, Japanese and Korean news renders one person differently
//! from one article to the next. The `names/*` rules find candidate names in every document
//! ([`extract`]), index them corpus-wide ([`index`]) under romanisation-aware keys ([`key`]),
//! and compare them with each other and with the project's glossary ([`glossary`]).
//! Romanisation knowledge (surnames, syllables, confusions, organisation aliases) is data
//! ([`data`], `rules/names/*.toml`), which a project can extend.
//!
//! Candidate names are extracted per document, in the parallel per-document pass, as facts
//! ([`index::DocNames`]); the index is built from the facts of every document once per
//! decision and shared by every names rule, which only read it.

pub mod data;
pub mod entity;
pub mod extract;
pub mod glossary;
pub mod index;
pub mod key;
pub mod rules;
pub mod source;

use std::sync::Arc;

use crate::config::{Config, NamesConfig};
use crate::corpus::Corpus;
use crate::diagnostic::Diagnostic;
use crate::document::Source;
use crate::document::{Document, ascii};
use crate::rules::data::config_error;
use crate::rules::facts::{self, CorpusFacts, Extractor, Fact};
use crate::rules::{Registered, Rule};
use serde_json::value::RawValue;

use data::{BUILTIN_ENTITIES, NameData};
use entity::Publications;
use glossary::Glossary;
use index::{DocNames, Index};

/// The key of the names facts of a document ([`DocNames`]) and of the index built from them.
pub const FACTS: &str = "names";

/// Everything the names rules know before reading the corpus: data and glossary.
#[derive(Debug)]
pub struct Context {
    pub data: NameData,
    pub glossary: Glossary,
    pub publications: Publications,
    /// Finds a ministry's name with its portfolio in lower case, in the per-document pass.
    portfolio_case: Option<regex::Regex>,
    /// Finds a company's name in lower case before "Co., Ltd.".
    company_case: Option<regex::Regex>,
    /// Finds a listed brand in any case, in the per-document pass.
    brand_case: Option<regex::Regex>,
    /// The cues that tie a person to a region, in the per-document pass.
    regional_cues: rules::wrong_system::Cues,
}

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
                portfolio_case: rules::organisation_case::matcher(&data.portfolios),
                company_case: rules::organisation_case::company_matcher(),
                brand_case: rules::brand_case::matcher(&data.brands),
                regional_cues: rules::wrong_system::Cues::new(&data),
                data,
                glossary,
                publications,
            }),
            _ => Err(errors),
        }
    }

    /// The corpus index, built from the documents' names facts on first use in one decision
    /// and shared by every names rule.
    pub fn index(&self, corpus: &Corpus, facts: &CorpusFacts) -> Arc<Index> {
        facts.derived(FACTS, || Index::build(corpus, facts, self))
    }

    /// The names facts of one document.
    pub fn doc_names(&self, doc: &Document) -> DocNames {
        let mut mentions = extract::mentions(&doc.prose, &self.data);
        // Only mentions that cut the text on characters are kept.
        mentions.retain(|m| doc.text().get(m.start..m.end).is_some());
        let mut names = DocNames::of_mentions(doc, &mentions);
        if let Some(re) = &self.portfolio_case {
            names.portfolio_case = rules::organisation_case::hits(re, &doc.prose).into();
        }
        if let Some(re) = &self.company_case {
            let hits = rules::organisation_case::company_hits(re, &doc.prose, &self.data);
            names.portfolio_case.extend(hits);
        }
        if let Some(re) = &self.brand_case {
            names.brand_case = rules::brand_case::hits(re, &self.data.brands, &doc.prose).into();
        }
        names.lower_given = rules::person_case::hits(&self.data, &doc.prose, &mentions).into();
        names.in_larger_name =
            rules::dated_spelling::in_larger_names(&self.data, doc.text(), &mentions).into();
        names.foreign_pinyin = rules::wrong_system::hits(&self.data, &doc.prose, &mentions).into();
        names.regional_pinyin = rules::wrong_system::regional_hits(
            &self.data,
            &self.regional_cues,
            &doc.prose,
            &mentions,
        )
        .into();
        names.lower_words = index::LowerWords::of_each(|push| {
            lower_words(doc.text(), rules::near_miss::SLIP_MIN_WORD, push)
        });
        names.glued_titles = rules::glued_title::hits(doc.text()).into();
        names
    }
}

/// Frees what the per-document pass keeps on this thread to speed up the next document (the
/// strings it has met, the names it has judged). A batch run calls it on every worker once
/// that pass is done: the decision meets no new document, and the maps (a few MB a worker)
/// would otherwise be held through its peak. The language server keeps them for its re-lints.
pub fn forget_thread_caches() {
    index::forget_thread_strings();
    rules::wrong_system::forget_judged();
}

/// The words of `text` (its runs of letters) that start with a lower-case letter and have at
/// least `min_chars` letters ([`DocNames::lower_words`]), given to `each` in text order,
/// repeats included: [`index::LowerWords::of_each`] keeps each once. Read eight bytes at a time: the starts and
/// ends of words are read off each chunk's mask of ASCII letters, and only a non-ASCII
/// character is decoded (a letter or not).
fn lower_words<'a>(text: &'a str, min_chars: usize, mut each: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    // The word being read: where it starts, its letters before the chunk's `pos`, and whether
    // its first letter is lower case.
    let mut word: Option<(usize, usize, bool)> = None;
    let mut end_word = |word: &mut Option<(usize, usize, bool)>, end: usize| {
        if let Some((start, chars, lower)) = word.take()
            && lower
            && chars >= min_chars
        {
            each(&text[start..end]);
        }
    };
    let mut at = 0;
    while at < bytes.len() {
        let (letters, non_ascii) = ascii::letters_and_non_ascii(bytes, at);
        // The ASCII bytes of the chunk, up to its first non-ASCII byte.
        let len = (non_ascii.trailing_zeros() / 8) as usize;
        let valid = if len == 8 {
            u64::MAX
        } else {
            (1 << (8 * len)) - 1
        };
        let letters = letters & valid;
        let others = !letters & ascii::HIGH & valid;
        let mut pos = 0;
        while pos < len {
            let from = u64::MAX << (8 * pos);
            match &mut word {
                Some((_, chars, _)) => match others & from {
                    0 => {
                        *chars += len - pos;
                        pos = len;
                    }
                    stop => {
                        let end = (stop.trailing_zeros() / 8) as usize;
                        *chars += end - pos;
                        end_word(&mut word, at + end);
                        pos = end;
                    }
                },
                None => match letters & from {
                    0 => pos = len,
                    go => {
                        pos = (go.trailing_zeros() / 8) as usize;
                        word = Some((at + pos, 0, bytes[at + pos].is_ascii_lowercase()));
                    }
                },
            }
        }
        if len == 8 {
            at += 8;
            continue;
        }
        // A non-ASCII character: a letter continues or starts a word, anything else ends it.
        let here = at + len;
        let Some(c) = text[here..].chars().next() else {
            break;
        };
        if !c.is_alphabetic() {
            end_word(&mut word, here);
        } else if let Some((_, chars, _)) = &mut word {
            *chars += 1;
        } else {
            word = Some((here, 1, c.is_lowercase()));
        }
        at = here + c.len_utf8();
    }
    end_word(&mut word, bytes.len());
}

/// Every names rule extracts the same facts: the candidate names of a document.
impl Extractor for Context {
    fn key(&self) -> &'static str {
        FACTS
    }

    fn extract(&self, doc: &Document) -> Fact {
        Arc::new(self.doc_names(doc))
    }

    fn save(&self, fact: &Fact) -> Option<Box<RawValue>> {
        facts::save_as::<DocNames>(fact)
    }

    fn load(&self, saved: &RawValue) -> Option<Fact> {
        facts::load_as::<DocNames>(saved)
    }

    /// The names rules read only the index built from every document's names.
    fn read_whole(&self) -> bool {
        true
    }

    /// The index: every document's names facts are freed once it is built.
    fn derive(&self, corpus: &Corpus, facts: &CorpusFacts) {
        self.index(corpus, facts);
    }
}

/// Every names rule, sharing one context. Glossary and data errors are config diagnostics.
/// The context of the built-in data alone is loaded only when a run enables a names rule;
/// the config's names data and glossary are checked now, whatever the run selects.
pub fn rules(corpus: &mut Corpus, config: &Config) -> Result<Vec<Registered>, Vec<Diagnostic>> {
    if configured(&config.file.names) {
        let all = built(corpus, config)?;
        return Ok(all.into_iter().map(Registered::Built).collect());
    }
    let metas = rules::METAS.iter().chain(source::rules::METAS);
    Ok(Registered::together(
        metas.map(|meta| meta()).collect(),
        built,
    ))
}

fn built(corpus: &mut Corpus, config: &Config) -> Result<Vec<Box<dyn Rule>>, Vec<Diagnostic>> {
    let ctx = Arc::new(Context::new(corpus, config)?);
    let mut all = rules::all(Arc::clone(&ctx));
    all.extend(source::rules::all(ctx));
    Ok(all)
}

/// Whether the config says anything of names (data files, glossary, publications).
fn configured(names: &NamesConfig) -> bool {
    let NamesConfig {
        entity,
        distinct,
        data,
        publication,
        order,
        publications,
    } = names;
    !(entity.is_empty()
        && distinct.is_empty()
        && data.is_empty()
        && publication.is_none()
        && order.is_empty()
        && publications.is_empty())
}

#[cfg(test)]
mod tests {
    /// The words [`super::lower_words`] gives, in order.
    fn lower_words(text: &str, min_chars: usize) -> Vec<&str> {
        let mut out = Vec::new();
        super::lower_words(text, min_chars, |w| out.push(w));
        out
    }

    /// [`lower_words`] by its definition: the runs of letters, cut at anything else, that
    /// start lower case and have at least `min_chars` letters.
    fn by_definition(text: &str, min_chars: usize) -> Vec<&str> {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|t| t.starts_with(char::is_lowercase) && t.chars().count() >= min_chars)
            .collect()
    }

    #[test]
    fn lower_words_are_the_lower_case_runs_of_letters_in_text_order() {
        let text = "the Cat saw the dog's ball, naïve ÉCOLE école ªb x2y über-\
                    Straße straße 東京 東京都 mixedCase end.";
        for min_chars in 0..8 {
            assert_eq!(lower_words(text, min_chars), by_definition(text, min_chars));
        }
        assert_eq!(lower_words(text, 6), ["straße", "mixedCase"]);
        assert!(lower_words("", 1).is_empty());
        assert!(lower_words("A B, 12!", 1).is_empty());
    }

    #[test]
    fn words_are_read_whole_across_chunks_at_every_offset() {
        // Letters and non-letters, ASCII or not, strung together in many orders.
        let pieces: Vec<&str> =
            "abc|Défi|é|É|’|東京| |-|x2y|ªb|\n|straße|Z|q|longerword|ǅ|e\u{301}"
                .split('|')
                .collect();
        let mut state = 1u32;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..12 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(pieces[(state >> 16) as usize % pieces.len()]);
            }
            for lead in ["", "a", " "] {
                for pad in 0..9 {
                    let padded = format!("{}{text}", lead.repeat(pad));
                    for min_chars in [0, 1, 3, 6] {
                        assert_eq!(
                            lower_words(&padded, min_chars),
                            by_definition(&padded, min_chars),
                            "{padded:?}"
                        );
                    }
                }
            }
        }
    }
}

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
use crate::rules::data::scan::{Needles, Scan};
use crate::rules::facts::{self, CorpusFacts, Extractor, Fact, Saved};
use crate::rules::{Registered, Rule, RuleId};

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
    brand_case: Option<rules::brand_case::Matcher>,
    /// The rule whose one-scan matches `brand_case` reads.
    brand_case_rule: RuleId,
    /// The cues that tie a person to a region, in the per-document pass.
    regional_cues: rules::wrong_system::Cues,
    /// The rule whose one-scan matches say whether a document holds one of those cues.
    wrong_system_rule: RuleId,
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
                brand_case_rule: rules::brand_case::rule_id(),
                regional_cues: rules::wrong_system::Cues::new(&data),
                wrong_system_rule: rules::wrong_system::rule_id(),
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
        self.doc_names_scanned(doc, &Scan::none())
    }

    /// [`Context::doc_names`], given the run's one scan of the document.
    fn doc_names_scanned(&self, doc: &Document, scan: &Scan) -> DocNames {
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
        if let Some(matcher) = &self.brand_case {
            let scanned = scan.of(self.brand_case_rule).map(|hits| hits.matches(0));
            names.brand_case =
                rules::brand_case::hits(matcher, &self.data.brands, &doc.prose, scanned).into();
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
            rules::wrong_system::cued(&self.regional_cues, scan.of(self.wrong_system_rule)),
        )
        .into();
        names.lower_words = index::LowerWords::of_each(|ids| {
            lower_words(doc.text(), rules::near_miss::SLIP_MIN_WORD, |w| ids.push(w))
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
/// repeats included: [`index::LowerWords::of_each`] keeps each once. Read 64 bytes at a
/// time as masks of their word bytes (ASCII letters and non-ASCII bytes,
/// [`ascii::word_bytes_64`]): a run of them holds every word in it, and only a run long enough
/// is looked at. One of ASCII letters is a word; one with a non-ASCII byte is cut into words
/// at its characters that are not letters.
fn lower_words<'a>(text: &'a str, min_chars: usize, mut each: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    // A character has a byte at least, so a shorter run of bytes holds no word long enough.
    // At most 64: the next block's mask tells whether a run is that long.
    let min_bytes = min_chars.clamp(1, 64);
    let mut at = 0;
    let (mut words, mut non_ascii) = ascii::word_bytes_64(bytes, 0);
    // Bit 0: whether the byte before the block is a word byte.
    let mut before = 0;
    while at < bytes.len() {
        let (next_words, next_non_ascii) = ascii::word_bytes_64(bytes, at + 64);
        let both = u128::from(words) | u128::from(next_words) << 64;
        let non_ascii_both = u128::from(non_ascii) | u128::from(next_non_ascii) << 64;
        // Bit `i`: whether the `span` bytes from `i` are all word bytes.
        let (mut long, mut span) = (both, 1);
        while span < min_bytes {
            let step = span.min(min_bytes - span);
            long &= long >> step;
            span += step;
        }
        let mut starts = words & !(words << 1 | before) & long as u64;
        while starts != 0 {
            let i = starts.trailing_zeros();
            starts &= starts - 1;
            let start = at + i as usize;
            // Where the run ends (most do in their block), and whether it has a non-ASCII byte.
            let (end, has_non_ascii) = match !words >> i {
                stops @ 1.. => {
                    let len = stops.trailing_zeros();
                    let run = non_ascii >> i & ((1 << len) - 1);
                    (start + len as usize, run != 0)
                }
                0 => match !both >> i {
                    stops @ 1.. => {
                        let len = stops.trailing_zeros();
                        let run = non_ascii_both >> i & ((1 << len) - 1);
                        (start + len as usize, run != 0)
                    }
                    // A run past the next block (a long word, or a script without spaces).
                    0 => {
                        let mut end = at + 128;
                        loop {
                            let (w, _) = ascii::word_bytes_64(bytes, end);
                            end += w.trailing_ones() as usize;
                            if w != u64::MAX {
                                break;
                            }
                        }
                        (end, !bytes[start..end].is_ascii())
                    }
                },
            };
            // The run's words: the run, when it is ASCII letters; else its pieces between
            // characters that are not letters. One place calls `each`, which is then inlined.
            // A run is cut by ASCII bytes (or the text's ends): its ends are characters'.
            let mut rest = Some(&text[start..end]);
            while let Some(run) = rest {
                let (word, keep);
                if has_non_ascii {
                    (word, rest) = first_word(run);
                    keep =
                        word.starts_with(char::is_lowercase) && word.chars().count() >= min_chars;
                } else {
                    (word, rest) = (run, None);
                    keep = bytes[start].is_ascii_lowercase() && run.len() >= min_chars;
                }
                if keep {
                    each(word);
                }
            }
        }
        before = words >> 63;
        (words, non_ascii) = (next_words, next_non_ascii);
        at += 64;
    }
}

/// The text of `run` before its first character that is not a letter, and the text after
/// that character (`None` when it has none): [`str::split`]'s first piece and the rest.
fn first_word(run: &str) -> (&str, Option<&str>) {
    match run.char_indices().find(|&(_, c)| !c.is_alphabetic()) {
        Some((i, c)) => (&run[..i], Some(&run[i + c.len_utf8()..])),
        None => (run, None),
    }
}

/// Every names rule extracts the same facts: the candidate names of a document.
impl Extractor for Context {
    fn key(&self) -> &'static str {
        FACTS
    }

    fn extract(&self, doc: &Document) -> Fact {
        Arc::new(self.doc_names(doc))
    }

    fn extract_scanned(&self, doc: &Document, scan: &Scan) -> Fact {
        Arc::new(self.doc_names_scanned(doc, scan))
    }

    /// The brands and the regions' cues, under the rules that report on what they find (whose
    /// finders run, and claim their spans, whether or not they are enabled).
    fn needles(&self) -> Vec<(RuleId, Needles<'_>)> {
        vec![
            (self.brand_case_rule, rules::brand_case::needles(self)),
            (self.wrong_system_rule, rules::wrong_system::needles(self)),
        ]
    }

    fn save(&self, fact: &Fact) -> Option<Saved> {
        facts::save_as::<DocNames>(fact)
    }

    fn load(&self, saved: &Saved) -> Option<Fact> {
        facts::load_as::<DocNames>(saved)
    }

    /// The names rules read only the index built from every document's names.
    fn read_whole(&self) -> bool {
        true
    }

    /// The index (every document's names facts are freed once it is built), and the findings
    /// of every names rule decided over it, in parallel: the rules then take their own side
    /// by side.
    fn derive(&self, corpus: &Corpus, facts: &CorpusFacts) {
        let index = self.index(corpus, facts);
        rules::findings(self, corpus, &index);
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

    #[test]
    fn long_runs_and_block_edges_are_read_as_words_by_definition() {
        // Runs of every length about the 64-byte blocks and the 128 bytes two of them look
        // at, ASCII or not, long enough or not for `min_chars` up to past 64.
        let long_ascii = "abcdefghijklmnopqrstuvwxyz".repeat(6);
        let long_cjk = "東京".repeat(30);
        let pieces = [
            " ",
            "x",
            "Q",
            "é",
            "É",
            "ß",
            "’",
            "東",
            "7",
            "straße",
            "Straße",
            "mixedCase",
            &long_ascii[..60],
            &long_ascii[..63],
            &long_ascii,
            &long_cjk,
            "e\u{301}",
        ];
        let mut state = 7u32;
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..10 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(pieces[(state >> 16) as usize % pieces.len()]);
            }
            for pad in [0, 1, 5, 63, 64, 65, 127] {
                let padded = format!("{}{text}", " ".repeat(pad));
                for min_chars in [1, 6, 30, 63, 64, 65, 100] {
                    assert_eq!(
                        lower_words(&padded, min_chars),
                        by_definition(&padded, min_chars),
                        "{padded:?} {min_chars}"
                    );
                }
            }
        }
        // A word of every length ending at every place about a block's end.
        for len in 1..140 {
            for lead in 0..140 {
                let text = format!("{}{} Z", " ".repeat(lead), &long_ascii[..len]);
                assert_eq!(lower_words(&text, 6), by_definition(&text, 6), "{text:?}");
            }
        }
    }
}

//! The engine: which rules run at which level, and running them over a corpus.
//!
//! Plain functions over values, no I/O: the workspace layer reads files and config (and the
//! files the config names), registers them in a [`Corpus`]; the caller builds a [`RuleSet`]
//! and calls [`lint`]. Per-document checks run in parallel;
//! corpus checks run once after them. The output is sorted and deduplicated, so it does not
//! depend on thread count or on the order files were found in.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Level, Severity};
use crate::document::{Document, FileId, Source};
use crate::rules::data::scan::{Compile, Scanner};
use crate::rules::data::{config_error, load_pack, register_pack};
use crate::rules::facts::{CorpusFacts, DocFacts, Extractor};
use crate::rules::{BUILTIN_PACKS, Registered, Rule, RuleId, code_rules};
use crate::suppress::{self, Ignores, Suppressions};

pub use crate::corpus::Corpus;

/// The rules of one run, each at its effective severity.
pub struct RuleSet {
    rules: Vec<(Box<dyn Rule>, Severity)>,
    /// What the per-document pass extracts for the corpus rules.
    extractors: Vec<Arc<dyn Extractor>>,
    /// Every literal and regex prefix the rules look for, found in one pass per document.
    scanner: Scanner,
    ignores: Ignores,
    /// At most this many findings per rule per document ([`crate::cap`]); 0: no limit.
    max_per_rule: usize,
}

impl RuleSet {
    /// Every rule that exists (built in, and from the config's rule files), whether or not
    /// it is enabled. Registers the packs in `corpus` so their errors can point into them.
    ///
    /// What the user wrote is checked whole, whatever a run selects: the config's rule files
    /// and names data are built here. The built-in packs and names data are built only for a
    /// run that enables their rules ([`Registered`]).
    pub fn registry(
        corpus: &mut Corpus,
        config: &Config,
    ) -> Result<Vec<Registered>, Vec<Diagnostic>> {
        let mut rules: Vec<Registered> = code_rules().into_iter().map(Registered::Built).collect();
        let mut errors = Vec::new();
        let ids: Vec<FileId> = BUILTIN_PACKS
            .iter()
            .map(|(name, text)| corpus.add_source(Source::new(*name, *text)))
            .collect();
        // Reading their TOML is most of what a run does before it reads a file: in parallel.
        let packs: Vec<_> = ids
            .par_iter()
            .map(|&id| register_pack(corpus.source(id), id))
            .collect();
        for registered in packs {
            match registered {
                Ok(r) => rules.extend(
                    r.into_iter()
                        // Known to compile (tested): a run compiles what its text needs.
                        .map(|rule| {
                            Registered::later(rule.meta, move |_, _| {
                                (rule.build)(Compile::OnFirstUse)
                            })
                        }),
                ),
                Err(e) => errors.extend(e),
            }
        }
        for file in &config.file.rule_files {
            let path = config.root.join(file.get_ref());
            match config.files.get(&path) {
                Some(Ok(text)) => {
                    // Named as the user would type it, like the files being linted.
                    let cwd = std::env::current_dir().unwrap_or_default();
                    let name = path
                        .strip_prefix(&cwd)
                        .unwrap_or(&path)
                        .display()
                        .to_string();
                    let id = corpus.add_source(Source::new(name, text.as_str()));
                    match load_pack(corpus.source(id), id) {
                        Ok(r) => rules.extend(r.into_iter().map(Registered::Built)),
                        Err(e) => errors.extend(e),
                    }
                }
                error => errors.push(config_error(
                    "config/rule-file",
                    config.source_id.unwrap_or(0),
                    file.span(),
                    &format!(
                        "cannot read rule file `{}`: {}",
                        path.display(),
                        match error {
                            Some(Err(e)) => e.as_str(),
                            _ => "not read by the workspace",
                        }
                    ),
                )),
            }
        }
        match crate::names::rules(corpus, config) {
            Ok(r) => rules.extend(r),
            Err(e) => errors.extend(e),
        }
        match crate::rules::source::configured(corpus, config) {
            Ok(r) => rules.extend(r.into_iter().map(Registered::Built)),
            Err(e) => errors.extend(e),
        }
        // The one registry of rule ids, with where each is defined.
        let mut defined: BTreeMap<RuleId, &str> = BTreeMap::new();
        for rule in &rules {
            let meta = rule.meta();
            if let Some(first) = defined.insert(meta.id, &meta.defined_at) {
                errors.push(config_error(
                    "config/duplicate-rule",
                    config.source_id.unwrap_or(0),
                    0..0,
                    &format!(
                        "rule `{}` is defined twice: in {first} and in {}",
                        meta.id, meta.defined_at
                    ),
                ));
            }
        }
        if errors.is_empty() {
            Ok(rules)
        } else {
            Err(errors)
        }
    }

    /// The enabled rules at their configured levels. Unknown rule ids and pack names in the
    /// config are errors, with a suggestion when one is close.
    pub fn build(corpus: &mut Corpus, config: &Config) -> Result<RuleSet, Vec<Diagnostic>> {
        let all = Self::registry(corpus, config).map_err(|mut errors| {
            errors.extend(config.errors.iter().cloned());
            errors
        })?;
        let config_id = config.source_id.unwrap_or(0);
        let mut errors = config.errors.clone();
        let ids: BTreeSet<&str> = all.iter().map(|r| r.meta().id.as_str()).collect();
        let families: BTreeSet<&str> = all.iter().map(|r| r.meta().family()).collect();
        let mut levels = BTreeMap::new();
        for (key, level) in config.levels() {
            if ids.contains(key.get_ref().as_str()) {
                levels.insert(key.get_ref().clone(), level);
            } else {
                errors.push(unknown(
                    "config/unknown-rule",
                    config_id,
                    key,
                    "rule",
                    ids.iter().copied(),
                ));
            }
        }
        for entry in &config.file.ignore {
            let rule = &entry.get_ref().rule;
            let name = rule.get_ref().as_str();
            if !ids.contains(name) && !families.contains(name) {
                let known = ids.iter().chain(&families).copied();
                errors.push(unknown(
                    "config/unknown-rule",
                    config_id,
                    rule,
                    "rule",
                    known,
                ));
            }
        }
        let packs: Option<BTreeSet<String>> = config.file.packs.as_ref().map(|packs| {
            for p in packs {
                if !families.contains(p.get_ref().as_str()) {
                    errors.push(unknown(
                        "config/unknown-pack",
                        config_id,
                        p,
                        "pack",
                        families.iter().copied(),
                    ));
                }
            }
            packs.iter().map(|p| p.get_ref().clone()).collect()
        });
        let selection = &config.selection;
        for name in selection.names() {
            let known = ids.iter().chain(&families).copied();
            if !ids.contains(name.get_ref().as_str()) && !families.contains(name.get_ref().as_str())
            {
                let file = selection.file.unwrap_or(config_id);
                errors.push(unknown("config/unknown-rule", file, name, "rule", known));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let enabled: Vec<(Registered, Severity)> = all
            .into_iter()
            .filter_map(|rule| {
                let meta = rule.meta();
                let in_pack = packs.as_ref().is_none_or(|p| p.contains(meta.family()));
                let configured = match levels.get(meta.id.as_str()) {
                    Some(Level::Off) => None,
                    Some(Level::On(sev)) => Some(*sev),
                    None if in_pack => Some(meta.default_severity),
                    None => None,
                };
                // The command line's --select/--extend-select/--ignore override the config;
                // a rule it enables runs at its configured level, else its default.
                let enabled = selection.enables(meta.id, configured.is_some());
                let severity = configured.unwrap_or(meta.default_severity);
                enabled.then_some((rule, severity))
            })
            .collect();
        let mut rules = Vec::with_capacity(enabled.len());
        let mut failed = false;
        for (rule, severity) in enabled {
            match rule.build(corpus, config) {
                Ok(rule) => rules.push((rule, severity)),
                Err(e) => {
                    failed = true;
                    errors.extend(e);
                }
            }
        }
        if failed {
            return Err(errors);
        }
        // One extractor per kind of facts the enabled corpus rules decide over.
        let mut extractors: Vec<Arc<dyn Extractor>> = Vec::new();
        for e in rules.iter().filter_map(|(rule, _)| rule.extractor()) {
            match extractors.iter_mut().find(|x| x.key() == e.key()) {
                Some(x) => {
                    if let Some(joined) = x.join(&*e) {
                        *x = joined;
                    }
                }
                None => extractors.push(e),
            }
        }
        // A rule that looks for nothing is no owner of hits: the id of a names rule files the
        // hits its family's facts read, whether or not the rule itself is enabled.
        let scanner = Scanner::new(
            (rules.iter().map(|(r, _)| (r.meta().id, r.needles())))
                .chain(extractors.iter().flat_map(|e| e.needles()))
                .filter(|(_, needles)| !needles.is_empty()),
        );
        Ok(RuleSet {
            rules,
            extractors,
            scanner,
            ignores: Ignores::new(config),
            max_per_rule: config
                .file
                .max_findings_per_rule
                .unwrap_or(crate::cap::DEFAULT_MAX_PER_RULE),
        })
    }

    /// What the per-document pass extracts for the corpus rules.
    pub fn extractors(&self) -> &[Arc<dyn Extractor>] {
        &self.extractors
    }

    /// Whether the corpus decision reads the text of documents (an `[[ignore]]` entry that
    /// matches on a line's text), so a run must keep every document's text.
    pub fn reads_text(&self) -> bool {
        self.ignores.read_lines()
    }

    pub fn rules(&self) -> impl Iterator<Item = &dyn Rule> {
        self.rules.iter().map(|(r, _)| r.as_ref())
    }

    /// The level a rule runs at in this set: `Off` when it is not enabled.
    pub fn level_of(&self, id: &str) -> Level {
        self.rules
            .iter()
            .find(|(r, _)| r.meta().id == id)
            .map_or(Level::Off, |(_, s)| Level::On(*s))
    }

    /// Drops what the per-document searches keep from one document to the next: the full
    /// DFA of the run's literals and the regexes' per-thread caches, some 4 MB with the
    /// built-in packs. A run calls it between its per-document pass and the corpus decision,
    /// which is the peak of its memory; searching again builds them again.
    pub fn forget_search_caches(&mut self) {
        self.scanner.forget_caches();
        for (rule, _) in &mut self.rules {
            rule.forget_search_caches();
        }
    }

    fn severity_of(&self) -> BTreeMap<&str, Severity> {
        self.rules
            .iter()
            .map(|(r, s)| (r.meta().id.as_str(), *s))
            .collect()
    }
}

fn unknown<'a>(
    rule: &str,
    file: FileId,
    key: &toml::Spanned<String>,
    what: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let name = key.get_ref();
    let mut d = config_error(rule, file, key.span(), &format!("unknown {what} `{name}`"));
    // No rule id is long: do not compare a megabyte-long key with each of them.
    let best = known
        .filter(|_| name.len() <= 200)
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((score, k)) = best
        && score > 0.85
    {
        d = d.with_help(format!("did you mean `{k}`?"));
    } else {
        d = d.with_help(format!("`translint rules` lists every {what}"));
    }
    d
}

/// Runs `rules` over every document of `corpus`. Diagnostics come back sorted by file and
/// position, at their effective severity, suppressions applied, without duplicates.
pub fn lint(corpus: &Corpus, rules: &RuleSet) -> Vec<Diagnostic> {
    decide_with(corpus, rules, check_all(corpus, rules))
}

/// The per-document pass over every document of `corpus`, in parallel.
pub fn check_all(corpus: &Corpus, rules: &RuleSet) -> Vec<Checked> {
    corpus
        .docs
        .par_iter()
        .with_max_len(DOCUMENTS_A_JOB)
        .map(|doc| check_document(doc, rules))
        .collect()
}

/// Most documents a worker takes at a time in a per-document pass. Rayon splits a range
/// only as often as its workers steal: left to it, the last range of the 51 MB benchmark's
/// pass (~70 ms of work) ran on one core while the other waited. At most 4, 16 or 64
/// documents a job, that run took 737, 736 or 749 ms; 764 uncapped.
pub const DOCUMENTS_A_JOB: usize = 16;

/// A corpus linted again and again as some of its documents change (`--fix`): the
/// per-document pass runs again only over the documents that changed, the corpus decision
/// over every document's facts.
pub struct Relinter<'r> {
    rules: &'r RuleSet,
    /// The per-document pass over `corpus.docs[i]`.
    checked: Vec<Checked>,
}

impl<'r> Relinter<'r> {
    /// Runs the per-document pass over every document, in parallel.
    pub fn new(corpus: &Corpus, rules: &'r RuleSet) -> Relinter<'r> {
        let checked = check_all(corpus, rules);
        Relinter { rules, checked }
    }

    /// Document `id` changed in `corpus` (same documents, same ids): runs its pass again.
    pub fn changed(&mut self, corpus: &Corpus, id: FileId) {
        if let Some(i) = id.checked_sub(corpus.aux.len())
            && let (Some(doc), Some(slot)) = (corpus.docs.get(i), self.checked.get_mut(i))
        {
            *slot = check_document(doc, self.rules);
        }
    }

    /// [`lint`]'s result for `corpus` as it is now.
    pub fn lint(&self, corpus: &Corpus) -> Vec<Diagnostic> {
        lint_with(corpus, self.rules, &self.checked.iter().collect::<Vec<_>>())
    }
}

/// What the per-document pass takes from one document: its per-document findings, before
/// severities are applied, the facts the corpus rules decide over and its suppression
/// comments. All the corpus decision needs of a document ([`crate::summary`] saves it).
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub diagnostics: Findings,
    pub facts: DocFacts,
    pub suppressions: Suppressions,
}

/// A document's own findings as the per-document pass leaves them, packed while they wait
/// for the corpus decision: a run holds every document's. Each finding is written compactly
/// ([`Diagnostic::pack`]) and the bytes are compressed with LZ4 in pieces: findings repeat
/// their messages and help within a document, and much more within a corpus rule. Packed,
/// a document's findings take about a fifth of their memory as [`Diagnostic`]s (half of
/// their postcard bytes), a corpus rule's a tenth of their postcard bytes, in one allocation
/// instead of several per finding.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    packed: Packed,
    /// Every span is in this file ([`Findings::place`]), whatever file it was found in.
    placed: Option<FileId>,
    /// How many findings: the decision unpacks every document's into one vector of that size.
    len: u32,
    /// Some span is in another file than the document's.
    foreign: bool,
}

#[derive(Debug, Clone)]
enum Packed {
    /// The findings' pieces, each its packed length and stored length (u32, little endian)
    /// then its LZ4 block, or the packed bytes themselves when both lengths are the same;
    /// empty for none.
    Bytes(Box<[u8]>),
    /// Findings that did not pack, as they were.
    Open(Vec<Diagnostic>),
}

impl Default for Packed {
    fn default() -> Packed {
        Packed::Bytes(Box::default())
    }
}

/// The packed findings compressed at a time: LZ4 finds repeats up to 64 KiB back, and a
/// corpus rule's findings are not held twice, packed whole and compressed.
const PIECE: usize = 256 * 1024;

/// Shorter pieces are kept as they are: compressing one costs about as much as clearing
/// LZ4's table (8 KiB) plus 16 instructions a byte, and findings this short (one to three)
/// shrink by a third or less. Three quarters of the documents' findings' bytes are in
/// longer pieces, which shrink to less than half.
const MIN_COMPRESSED: usize = 512;

impl Findings {
    /// The findings of document `doc`.
    pub fn pack(doc: FileId, found: Vec<Diagnostic>) -> Findings {
        let foreign = found.iter().any(|d| d.spans().any(|s| s.file != doc));
        Findings {
            foreign,
            ..Findings::packed(found)
        }
    }

    /// Findings that may point into any file (the corpus rules'), packed.
    fn packed(found: Vec<Diagnostic>) -> Findings {
        // More findings than a u32 counts are not packed: `len` would not say how many.
        let len = u32::try_from(found.len()).ok();
        let packed = match len {
            Some(0) => Packed::default(),
            Some(_) => match compress(&found) {
                Some(bytes) => Packed::Bytes(bytes),
                None => Packed::Open(found),
            },
            None => Packed::Open(found),
        };
        Findings {
            packed,
            placed: None,
            len: len.unwrap_or(u32::MAX),
            foreign: false,
        }
    }

    /// How many findings there are.
    fn len(&self) -> usize {
        match &self.packed {
            Packed::Open(found) => found.len(),
            Packed::Bytes(_) => self.len as usize,
        }
    }

    /// The findings, in the order they were packed.
    pub fn unpack(&self) -> Vec<Diagnostic> {
        let found = match &self.packed {
            Packed::Bytes(bytes) => decompress(bytes, self.len as usize),
            Packed::Open(found) => found.clone(),
        };
        placed(found, self.placed)
    }

    /// [`Findings::unpack`], consuming them.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let found = match self.packed {
            Packed::Bytes(bytes) => decompress(&bytes, self.len as usize),
            Packed::Open(found) => found,
        };
        placed(found, self.placed)
    }

    /// Whether some finding points into another file than the document's.
    pub fn foreign(&self) -> bool {
        self.foreign
    }

    /// Puts every span in file `id` (findings read back from a summary, where they all point
    /// into their own document, saved as file 0).
    pub fn place(&mut self, id: FileId) {
        self.placed = Some(id);
    }
}

/// `found` with every span in file `id`, if some ([`Findings::place`]).
fn placed(mut found: Vec<Diagnostic>, id: Option<FileId>) -> Vec<Diagnostic> {
    if let Some(id) = id {
        for span in found.iter_mut().flat_map(Diagnostic::spans_mut) {
            span.file = id;
        }
    }
    found
}

/// `found` packed ([`Diagnostic::pack`]) and compressed, piece by piece ([`Packed::Bytes`]);
/// `None` if a finding does not pack or a piece is longer than a u32 says.
fn compress(found: &[Diagnostic]) -> Option<Box<[u8]>> {
    let mut out = Vec::new();
    let mut piece = Vec::new();
    for (i, d) in found.iter().enumerate() {
        piece = d.pack(piece).ok()?;
        if piece.len() >= PIECE || i + 1 == found.len() {
            let raw = u32::try_from(piece.len()).ok()?.to_le_bytes();
            let at = out.len();
            let mut stored = piece.len();
            if piece.len() >= MIN_COMPRESSED {
                let most = lz4_flex::block::get_maximum_output_size(piece.len());
                out.resize(at + 8 + most, 0);
                stored = lz4_flex::block::compress_into(&piece, &mut out[at + 8..]).ok()?;
            }
            // Kept as it is when short or when it does not shrink: the same length says so.
            if stored >= piece.len() {
                stored = piece.len();
                out.truncate(at);
                out.extend_from_slice(&[0; 8]);
                out.extend_from_slice(&piece);
            } else {
                out.truncate(at + 8 + stored);
            }
            out[at..at + 4].copy_from_slice(&raw);
            out[at + 4..at + 8].copy_from_slice(&u32::try_from(stored).ok()?.to_le_bytes());
            piece.clear();
        }
    }
    Some(out.into_boxed_slice())
}

/// The `len` findings [`compress`] made `bytes` of, in order.
fn decompress(bytes: &[u8], len: usize) -> Vec<Diagnostic> {
    let mut found = Vec::with_capacity(len);
    let mut piece = Vec::new();
    let mut unpacker = crate::diagnostic::Unpacker::default();
    let mut rest = bytes;
    while let Some((header, after)) = rest.split_first_chunk::<8>() {
        let [a, b, c, d, e, f, g, h] = *header;
        let packed = u32::from_le_bytes([a, b, c, d]) as usize;
        let Some((block, after)) =
            after.split_at_checked(u32::from_le_bytes([e, f, g, h]) as usize)
        else {
            break;
        };
        rest = after;
        let mut left = if block.len() == packed {
            block
        } else {
            piece.resize(packed, 0);
            // Bytes `compress` wrote: they read back.
            if lz4_flex::block::decompress_into(block, &mut piece).ok() != Some(packed) {
                break;
            }
            &piece[..]
        };
        while let Some((d, after)) = unpacker.unpack(left) {
            found.push(d);
            left = after;
        }
    }
    found
}

/// The per-document pass over one document. A caller that lints the same corpus again and
/// again (the language server, `--fix`) keeps the result for documents that did not change
/// and hands it to [`lint_with`].
pub fn check_document(doc: &Document, rules: &RuleSet) -> Checked {
    let scan = rules.scanner.scan(&doc.prose);
    // The facts and the rules' own findings are independent halves of about equal cost: side
    // by side when a core is idle (the language server re-checks one document per edit);
    // in a run over many documents every core is busy and `join` runs them one after the other.
    let (facts, mut out) = rayon::join(
        || DocFacts::extract_scanned(doc, &rules.extractors, &scan),
        || {
            let mut out = Vec::new();
            let cjk = doc.is_cjk_target();
            for rule in rules.rules() {
                if !cjk || rule.meta().any_language() {
                    let start = out.len();
                    rule.check_scanned(doc, &scan, &mut out);
                    crate::cap::limit(&mut out, start, rules.max_per_rule);
                }
            }
            out
        },
    );
    crate::fix::adapt_fixes(doc, &mut out);
    Checked {
        // Held until the corpus is decided.
        diagnostics: Findings::pack(doc.id, out),
        facts,
        suppressions: Suppressions::of(doc),
    }
}

/// [`lint`], given the [`check_document`] result of every document of `corpus`, in order.
/// The corpus rules decide over the documents' facts.
pub fn lint_with(corpus: &Corpus, rules: &RuleSet, checked: &[&Checked]) -> Vec<Diagnostic> {
    let own = checked.iter().map(|c| c.diagnostics.clone()).collect();
    let facts = checked.iter().map(|c| c.facts.clone()).collect();
    let suppressions = suppressions_of(corpus, checked, None);
    decide(corpus, rules, own, facts, suppressions, None, false)
}

/// [`lint_with`], given every document's result handed over: what the decision is done with
/// (the names facts, once the names index is built from them) is freed as it goes.
pub fn decide_with(corpus: &Corpus, rules: &RuleSet, checked: Vec<Checked>) -> Vec<Diagnostic> {
    let mut own = Vec::with_capacity(checked.len());
    let mut facts = Vec::with_capacity(checked.len());
    let mut suppressions = Vec::with_capacity(checked.len());
    for (i, c) in checked.into_iter().enumerate() {
        own.push(c.diagnostics);
        facts.push(c.facts);
        if let Some(doc) = corpus.docs.get(i) {
            suppressions.push((doc.id, c.suppressions));
        }
    }
    // What the per-document pass freed (the texts, their scans, the workers' string maps) is
    // given back before the decision builds the names index.
    rayon::broadcast(|_| crate::names::forget_thread_caches());
    crate::names::forget_thread_caches();
    give_back_freed_memory();
    decide(corpus, rules, own, facts, suppressions, None, true)
}

/// [`lint_with`]'s findings in the files `keep` accepts (the language server publishes its
/// open buffers and config files, out of thousands of documents). The per-document findings of
/// other documents are not copied, and the corpus rules' findings in them are dropped before
/// suppressions, sorting and deduplication. Not when the config has `[[ignore]]` entries:
/// whether one hides anything depends on every file's findings.
pub fn lint_kept(
    corpus: &Corpus,
    rules: &RuleSet,
    checked: &[&Checked],
    keep: &dyn Fn(FileId) -> bool,
) -> Vec<Diagnostic> {
    if !rules.ignores.is_empty() {
        let mut all = lint_with(corpus, rules, checked);
        all.retain(|d| keep(d.file()));
        return all;
    }
    let own = corpus
        .docs
        .iter()
        .zip(checked)
        .filter(|(doc, _)| keep(doc.id))
        .map(|(_, c)| c.diagnostics.clone())
        .collect();
    let facts = checked.iter().map(|c| c.facts.clone()).collect();
    let suppressions = suppressions_of(corpus, checked, Some(keep));
    decide(corpus, rules, own, facts, suppressions, Some(keep), false)
}

/// The suppression comments of the documents `keep` accepts (all without it), copied.
fn suppressions_of(
    corpus: &Corpus,
    checked: &[&Checked],
    keep: Option<&dyn Fn(FileId) -> bool>,
) -> Vec<(FileId, Suppressions)> {
    corpus
        .docs
        .iter()
        .zip(checked)
        .filter(|(doc, _)| keep.is_none_or(|keep| keep(doc.id)))
        .map(|(doc, c)| (doc.id, c.suppressions.clone()))
        .collect()
}

/// The corpus decision, given the per-document findings, every document's facts (in
/// `corpus.docs` order) and the suppression comments of the documents decided. With `keep`,
/// only the findings in the files it accepts are decided and returned. With `handed`, the
/// facts were the caller's to give: what they free is given back to the system.
fn decide(
    corpus: &Corpus,
    rules: &RuleSet,
    own: Vec<Findings>,
    facts: Vec<DocFacts>,
    suppressions: Vec<(FileId, Suppressions)>,
    keep: Option<&dyn Fn(FileId) -> bool>,
    handed: bool,
) -> Vec<Diagnostic> {
    let whole: Vec<&'static str> = (rules.extractors.iter())
        .filter(|e| e.read_whole())
        .map(|e| e.key())
        .collect();
    let mut facts = CorpusFacts::handed(facts, &whole);
    if let Some(keep) = keep {
        facts = facts.reporting_only(corpus.docs.iter().map(|d| keep(d.id)).collect());
    }
    // Which files `keep` accepts, by id: asked once each, as the rules are decided in parallel.
    let kept: Option<Vec<bool>> = keep.map(|keep| (0..corpus.next_id()).map(keep).collect());
    // The corpus rules' findings, packed rule by rule as the per-document ones are: they are
    // found while the facts and what was derived from them (the names index) are held.
    let decide_rule = |rule: &dyn Rule| {
        let mut found = Vec::new();
        rule.check_corpus(corpus, &facts, &mut found);
        // English-copy rules say nothing about a Chinese, Japanese or Korean target; with
        // `keep`, only the findings in the files it accepts are decided.
        let english = rule.meta().any_language();
        found.retain(|d| {
            let doc = corpus.document(d.file());
            (english || !doc.is_some_and(|d| d.is_cjk_target()))
                && (kept.as_ref()).is_none_or(|kept| kept.get(d.file()) == Some(&true))
        });
        // Per-document fixes were adapted by `check_document`.
        for d in &mut found {
            if let Some(doc) = corpus.document(d.file()) {
                d.fix = (d.fix.take())
                    .and_then(|f| crate::fix::adapt_fix(doc, *f))
                    .map(Box::new);
            }
        }
        (!found.is_empty()).then(|| Findings::packed(found))
    };
    // The rules that read what is derived from facts read whole (the names rules, over the
    // names index and the findings decided over it) wait for it, then run side by side; the
    // others run side by side with its building. Each rule's findings keep their place in
    // the rule order.
    let all: Vec<&dyn Rule> = rules.rules().collect();
    let waits = |rule: &&dyn Rule| rule.extractor().is_some_and(|e| e.read_whole());
    let (after, beside): (Vec<RuleFound>, Vec<RuleFound>) = rayon::join(
        || {
            for extractor in rules.extractors.iter().filter(|e| e.read_whole()) {
                extractor.derive(corpus, &facts);
            }
            (all.par_iter().enumerate())
                .filter(|(_, rule)| waits(rule))
                .map(|(i, rule)| (i, decide_rule(*rule)))
                .collect()
        },
        || {
            (all.par_iter().enumerate())
                .filter(|(_, rule)| !waits(rule))
                .map(|(i, rule)| (i, decide_rule(*rule)))
                .collect()
        },
    );
    let mut by_rule: Vec<Option<Findings>> = (0..all.len()).map(|_| None).collect();
    for (i, found) in after.into_iter().chain(beside) {
        by_rule[i] = found;
    }
    let corpus_found: Vec<Findings> = by_rule.into_iter().flatten().collect();
    facts.free();
    if handed {
        give_back_freed_memory();
    }
    // Unpacked now that the facts, and what was derived from them, are gone: each document's
    // and rule's findings straight into their place in one vector of their number, in
    // parallel, a batch of documents at a time, so that the vector's pages are filled as the
    // packed findings are freed. (Unpacked into a vector a document, then appended one by one
    // on one thread, the 51 MB benchmark's 53,000 findings took 27 ms on two cores and 30 on
    // one.)
    let total = own.iter().chain(&corpus_found).map(Findings::len).sum();
    let mut slots: Vec<Option<Diagnostic>> = Vec::with_capacity(total);
    let severity = rules.severity_of();
    let mut packed = own.into_iter().chain(corpus_found).peekable();
    while packed.peek().is_some() {
        let batch: Vec<Findings> = packed.by_ref().take(UNPACKED_AT_A_TIME).collect();
        let start = slots.len();
        slots.resize_with(
            start + batch.iter().map(Findings::len).sum::<usize>(),
            || None,
        );
        let mut places = Vec::with_capacity(batch.len());
        let mut rest = &mut slots[start..];
        for findings in &batch {
            let (place, after) = rest.split_at_mut(findings.len());
            places.push(place);
            rest = after;
        }
        batch
            .into_par_iter()
            .zip(places)
            .for_each(|(findings, place)| {
                for (slot, mut d) in place.iter_mut().zip(findings.into_vec()) {
                    if let Some(s) = severity.get(d.rule.as_str()) {
                        d.severity = *s;
                    }
                    *slot = Some(d);
                }
            });
    }
    // In place (`flatten` would copy them): a finding and an optional one take the same room.
    #[allow(clippy::filter_map_identity)]
    let mut diagnostics: Vec<Diagnostic> = slots.into_iter().filter_map(|d| d).collect();
    let unused = severity.get(suppress::UNUSED).copied();
    suppress::apply(
        corpus,
        &rules.ignores,
        &mut diagnostics,
        unused,
        suppressions,
    );
    sort_and_dedup(&mut diagnostics);
    diagnostics
}

/// A corpus rule's findings, by its place in the rule order.
type RuleFound = (usize, Option<Findings>);

/// How many documents' findings the decision unpacks at a time ([`Findings::into_vec`]). As
/// fast as 1,024 on the 51 MB benchmark, whose 500 MB copy then peaked some 12 MB higher.
const UNPACKED_AT_A_TIME: usize = 128;

/// Returns to the system the memory freed and not yet reused (glibc keeps it, in every arena,
/// for later allocations). A run over an archive frees much at two moments: the texts of the
/// per-document pass, and the facts and what was derived from them (the names index) once
/// the corpus rules are done. Much of it is in small pieces, or in the workers' arena, that
/// what comes next (the index, the findings unpacked) could not all reuse, so its memory came
/// on top. A walk over the free memory: a few milliseconds, once or twice a run (not in the
/// language server's decisions, which keep their facts).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_freed_memory() {
    // SAFETY: only returns free pages to the system; no memory in use is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_freed_memory() {}

/// Sorts `diagnostics` by [`Diagnostic::sort_key`], keeping the order of those with the same
/// key, and drops duplicates that end up side by side.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    // Sorted by index, then moved into place: a stable sort of the findings themselves takes
    // a buffer of half of them, at about 200 bytes each; their indices take 8.
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    // Stable, as the sequential sort: findings with the same key keep their order.
    order.par_sort_by(|&a, &b| diagnostics[a].sort_key().cmp(&diagnostics[b].sort_key()));
    // `order[i]` is where the finding for place `i` is now: follow each cycle of places,
    // marking those filled.
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut place = start;
        while order[place] != DONE {
            let from = std::mem::replace(&mut order[place], DONE);
            if from == start {
                break;
            }
            diagnostics.swap(place, from);
            place = from;
        }
    }
    diagnostics.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_keeps_the_order_of_findings_with_the_same_key_and_drops_duplicates() {
        use crate::document::Span;
        // Findings at a few places, rules and messages, some with the same key but another
        // note (kept, in their order), some identical (one kept).
        let mut found = Vec::new();
        for i in 0..200usize {
            let place = (i * 7919) % 13;
            let d = Diagnostic::new(
                "spacing/double-space",
                Severity::Warning,
                Span::new(place % 3, place..place + 1),
                if i % 5 == 0 { "b" } else { "a" },
            );
            found.push(d.with_note((i / 50).to_string()));
        }
        let mut expected = found.clone();
        expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        expected.dedup();
        sort_and_dedup(&mut found);
        assert_eq!(found, expected);
        assert!(found.len() < 200, "duplicates dropped");
    }

    /// Findings of every shape: labels in other files, safe and unsafe fixes, notes, help or
    /// none, non-ASCII and empty texts, ids from the code and from rule files.
    fn varied_findings(n: usize) -> Vec<Diagnostic> {
        use crate::document::Span;
        (0..n)
            .map(|i| {
                let rule = [
                    "spacing/double-space",
                    "names/unsettled-form",
                    "pack/ré-gle",
                ][i % 3];
                let span = Span::new(1, i * 3..i * 3 + 2);
                let message = match i % 4 {
                    0 => String::new(),
                    1 => format!("`{i}` is written «ça» here, 北京 there"),
                    _ => "quote `\"` is not closed in this paragraph".to_string(),
                };
                let mut d = Diagnostic::new(rule, Severity::Warning, span, message);
                if i % 2 == 0 {
                    d = d.with_help("add the missing quote or remove this one");
                }
                if i % 3 == 0 {
                    d = d
                        .with_label(Span::new(7 + i % 5, 0..i), format!("also here ({i})"))
                        .with_label(Span::new(1, 0..0), "");
                }
                if i % 5 == 0 {
                    d = d.with_note("").with_note(format!("seen {i} times — 見た"));
                }
                match i % 7 {
                    0 => d.with_fix("ü"),
                    1 => d.with_unsafe_fix_at(i..i + 4, ""),
                    _ => d,
                }
            })
            .collect()
    }

    #[test]
    fn findings_read_back_as_they_were_packed() {
        // One finding (kept as it is), a few (one compressed piece), and more than a piece.
        for n in [1, 12, 5000] {
            let found = varied_findings(n);
            let packed = Findings::pack(1, found.clone());
            assert_eq!(packed.len(), n);
            assert!(packed.foreign(), "labels point into other files");
            assert_eq!(packed.unpack(), found);
            assert_eq!(packed.into_vec(), found);
        }
        let found = varied_findings(5000);
        let Packed::Bytes(bytes) = Findings::packed(found.clone()).packed else {
            panic!("packed");
        };
        let postcard = postcard::to_allocvec(&found).unwrap().len();
        assert!(
            bytes.len() < postcard / 4,
            "{} bytes of {postcard}",
            bytes.len()
        );
    }

    #[test]
    fn findings_read_back_share_a_text_repeated_in_its_place() {
        let found = varied_findings(8);
        let back = Findings::packed(found.clone()).into_vec();
        assert_eq!(back, found);
        // Findings 2 and 3 have one message; 0, 2 and 4 one help (1 and 3 have none).
        assert!(Arc::ptr_eq(&back[2].message, &back[3].message));
        let help = |i: usize| back[i].help.clone().unwrap();
        assert!(Arc::ptr_eq(&help(0), &help(2)) && Arc::ptr_eq(&help(2), &help(4)));
        assert!(!Arc::ptr_eq(&back[1].message, &back[5].message));
    }

    #[test]
    fn placed_findings_point_into_their_file() {
        let found = varied_findings(40);
        let mut packed = Findings::pack(0, found.clone());
        packed.place(9);
        let mut expected = found;
        for span in expected.iter_mut().flat_map(Diagnostic::spans_mut) {
            span.file = 9;
        }
        assert_eq!(packed.unpack(), expected);
        assert_eq!(packed.clone().into_vec(), expected);
        assert!(packed.foreign(), "as packed");
    }

    #[test]
    fn packed_findings_say_how_many_they_are() {
        let found: Vec<Diagnostic> = (0..3)
            .map(|i| {
                let span = crate::document::Span::new(1, i..i + 1);
                Diagnostic::new("spacing/double-space", Severity::Info, span, "m")
            })
            .collect();
        let packed = Findings::pack(1, found.clone());
        assert_eq!(packed.len(), 3);
        assert!(!packed.foreign());
        assert_eq!(packed.into_vec(), found);
        assert_eq!(Findings::pack(1, Vec::new()).len(), 0);
        assert!(Findings::pack(0, found).foreign());
    }

    #[test]
    fn the_registry_says_where_each_rule_is_defined() {
        let mut corpus = Corpus::new();
        let rules = RuleSet::registry(&mut corpus, &Config::default()).unwrap();
        let defined_at = |id: &str| {
            rules
                .iter()
                .find(|r| r.meta().id == id)
                .map(|r| r.meta().defined_at.clone())
                .unwrap()
        };
        assert_eq!(
            defined_at("spacing/double-space"),
            "src/rules/spacing/double_space.rs"
        );
        let calque = defined_at("calque/local-time-date");
        let (file, line) = calque.split_once(':').unwrap();
        assert_eq!(file, "rules/calque.toml");
        let pack = BUILTIN_PACKS.iter().find(|(n, _)| *n == file).unwrap().1;
        let line: usize = line.parse().unwrap();
        assert!(
            pack.lines()
                .nth(line - 1)
                .unwrap()
                .contains("calque/local-time-date")
        );
    }

    #[test]
    fn findings_kept_for_some_files_are_those_of_the_whole_lint() {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        // "U.S." is the minority in a, b and c alike, and so is "Brinken" (a declared wrong
        // form): consistency and names findings in every file, with labels across files.
        let a = corpus.add_document(
            "a.txt",
            "Takeshi Funakoshi met the U.S. press . China News Service said. \
             China News Service said. Antony Brinken spoke.\n",
        );
        let b = corpus.add_document(
            "b.txt",
            "Later, Funakoshi Takeshi met the the U.S. press. China News Agency said. \
             Antony Brinken spoke.\n",
        );
        let c = corpus.add_document(
            "c.txt",
            "Funakoshi Takeshi left the U.S. . China News Agency said. Antony Brinken spoke.\n",
        );
        corpus.add_document(
            "d.txt",
            "The US and the US and the US and the US. Antony Blinken and Antony Blinken. \
             China News Service said.\n",
        );
        let checked: Vec<Checked> = corpus
            .docs
            .iter()
            .map(|d| check_document(d, &rules))
            .collect();
        let checked: Vec<&Checked> = checked.iter().collect();
        let all = lint(&corpus, &rules);
        let found = |file: FileId, rule: &str| {
            (all.iter()).any(|d| d.file() == file && d.rule.as_str() == rule)
        };
        for file in [a, b, c] {
            for rule in ["style/us-abbreviation", "names/variant"] {
                assert!(found(file, rule), "{file:?} {rule}: {all:#?}");
            }
        }
        assert!(found(a, "names/unsettled-form"), "{all:#?}");
        for file in [b, c] {
            assert!(found(file, "names/inconsistent-organisation"), "{all:#?}");
        }
        for keep in [vec![a], vec![b], vec![a, b], vec![c], vec![]] {
            let kept = lint_kept(&corpus, &rules, &checked, &|f| keep.contains(&f));
            let expected: Vec<Diagnostic> = all
                .iter()
                .filter(|d| keep.contains(&d.file()))
                .cloned()
                .collect();
            assert_eq!(kept, expected, "kept {keep:?}");
        }
    }

    /// A corpus holding the config `toml`, and the rules it sets.
    fn configured(toml: &str) -> (Corpus, RuleSet) {
        let mut corpus = Corpus::new();
        let id = corpus.add_source(Source::new("lint.toml", toml));
        let config = Config::parse(corpus.source(id), id, Default::default()).unwrap();
        let rules = RuleSet::build(&mut corpus, &config).unwrap();
        (corpus, rules)
    }

    /// The names facts read the brands and the regions' cues from the one scan, filed under
    /// the rules that report on them, whether or not those rules are enabled (else each
    /// document searched for every brand on its own). A rule that looks for nothing owns no
    /// hits.
    #[test]
    fn the_names_facts_read_the_scan_with_their_rules_off() {
        let toml = "packs = [\"names\"]\n\n[rules]\n\"names/brand-case\" = \"off\"\n\"names/wrong-system\" = \"off\"\n";
        let (_, rules) = configured(toml);
        let ids: Vec<&str> = rules.rules().map(|r| r.meta().id.as_str()).collect();
        assert!(ids.contains(&"names/near-miss"));
        assert!(!ids.contains(&"names/brand-case") && !ids.contains(&"names/wrong-system"));
        let scan = rules
            .scanner
            .scan("Posted on Youtube, said a Hong Kong lawmaker.");
        let brands = scan.of(RuleId::new("names/brand-case")).unwrap();
        // Where `Youtube` is found, not the brand's place in the data's list.
        let found: Vec<(usize, usize)> = (brands.matches(0).iter())
            .map(|(_, r)| (r.start, r.end))
            .collect();
        assert_eq!(found, [(10, 17)]);
        let cues = scan.of(RuleId::new("names/wrong-system")).unwrap();
        assert!(!cues.matches(0).is_empty());
        assert!(scan.of(RuleId::new("names/near-miss")).is_none());
    }

    /// The decision unpacks the findings a batch of documents at a time into their places:
    /// over several batches, each finding is there once, at its configured level.
    #[test]
    fn findings_of_more_documents_than_a_batch_are_each_unpacked_once_at_their_level() {
        let (mut corpus, rules) =
            configured("[rules]\n\"spacing/space-before-punct\" = \"error\"\n");
        let n = UNPACKED_AT_A_TIME * 2 + 3;
        for i in 0..n {
            corpus.add_document(format!("{i}.txt"), "Good solutions .\n");
        }
        let found = lint(&corpus, &rules);
        let spaced: Vec<&Diagnostic> = (found.iter())
            .filter(|d| d.rule.as_str() == "spacing/space-before-punct")
            .collect();
        assert_eq!(spaced.len(), n);
        assert!(spaced.iter().all(|d| d.severity == Severity::Error));
        let files: std::collections::BTreeSet<FileId> = spaced.iter().map(|d| d.file()).collect();
        assert_eq!(files.len(), n);
    }

    #[test]
    fn rules_find_the_same_after_forgetting_their_search_caches() {
        let mut corpus = Corpus::new();
        let mut rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        corpus.add_document(
            "a.txt",
            "On the 15th local time , the the U.S. said. Photo by Li Wei\n",
        );
        corpus.add_document("b.txt", "The US said so on the 2nd.\n");
        let before = lint(&corpus, &rules);
        assert!(before.len() >= 3, "{before:#?}");
        rules.forget_search_caches();
        assert_eq!(lint(&corpus, &rules), before);
    }

    #[test]
    fn a_relinter_rechecks_what_changed_and_agrees_with_a_fresh_lint() {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        let a = corpus.add_document("a.txt", "Takeshi Funakoshi met the press.\n");
        corpus.add_document("b.txt", "Later, Funakoshi Takeshi met the press.\n");
        let mut relinter = Relinter::new(&corpus, &rules);
        let before = relinter.lint(&corpus);
        assert_eq!(before, lint(&corpus, &rules));
        corpus.replace_text(a, "Later, Funakoshi Takeshi met the press.\n".into());
        let fresh = lint(&corpus, &rules);
        assert_ne!(before, fresh, "the edit settles the name across files");
        assert_ne!(relinter.lint(&corpus), fresh, "facts are kept until told");
        relinter.changed(&corpus, a);
        assert_eq!(relinter.lint(&corpus), fresh);
    }
}

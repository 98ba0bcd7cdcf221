//! Per-document facts: what corpus rules need from a document (the names it mentions, the
//! forms of a consistency group it uses), extracted in the parallel per-document pass.
//!
//! Corpus rules decide over facts, not over texts: a caller that keeps the facts of a
//! document that did not change (the language server, `--fix`) re-extracts only the edited
//! ones. What the rules derive from the facts of every document (the names index) is built
//! once per decision in [`CorpusFacts`] and dropped with it, so nothing derived can go stale.
//!
//! Facts are typed by their extractor and stored type-erased here, so this layer knows
//! nothing of names or any other family: rules that decide over the same facts share one
//! extractor (every names rule shares the names context's), found by its key.
//!
//! Facts are plain data: each extractor saves its own (in postcard's compact binary form) and
//! reads them back ([`Extractor::save`], [`Extractor::load`]), so the facts of a document can
//! be cached between runs and merged from shards linted on other machines
//! ([`crate::summary`]).

use std::any::{Any, TypeId};
use std::sync::{Arc, LazyLock, Mutex};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::corpus::Corpus;
use crate::document::Document;
use crate::rules::RuleId;
use crate::rules::data::scan::{Needles, Scan};

/// One kind of facts, extracted from one document.
pub type Fact = Arc<dyn Any + Send + Sync>;

/// Extracts one kind of facts from a document.
pub trait Extractor: Any + Send + Sync {
    /// Names the facts, unique in a run: a family (`names`) or a rule id.
    fn key(&self) -> &'static str;

    fn extract(&self, doc: &Document) -> Fact;

    /// [`Extractor::extract`], given the run's one scan of the document (where a data rule
    /// finds its hits).
    fn extract_scanned(&self, doc: &Document, _scan: &Scan) -> Fact {
        self.extract(doc)
    }

    /// An extractor that extracts the facts of both this one and `other`, which has the same
    /// key, or `None` when this one already does (every names rule shares one context). The
    /// consistency rules join theirs: a run holds every document's facts until the corpus is
    /// decided, and one fact for them all takes fewer blocks than one per rule.
    fn join(&self, _other: &dyn Extractor) -> Option<Arc<dyn Extractor>> {
        None
    }

    /// What [`Extractor::extract_scanned`] reads from the run's one scan, each filed under the
    /// rule id its hits are asked by ([`Scan::of`]). Looked for whenever the facts are
    /// extracted, whether or not that rule is enabled: facts shared by a family are extracted
    /// whole, and without the scan's hits they are searched for in each document anew.
    fn needles(&self) -> Vec<(RuleId, Needles<'_>)> {
        Vec::new()
    }

    /// The facts as saved: [`save_as`] with the type [`Extractor::extract`] makes.
    fn save(&self, fact: &Fact) -> Option<Saved>;

    /// Facts saved by [`Extractor::save`]: [`load_as`] with the same type. `None` when they
    /// do not read back (a corrupt cache entry, a summary from another version).
    fn load(&self, saved: &Saved) -> Option<Fact>;

    /// Whether the rules read these facts only whole, once per decision, to derive from them
    /// ([`CorpusFacts::take`]; the names index), never one document's at a time.
    fn read_whole(&self) -> bool {
        false
    }

    /// Builds what the rules derive from facts read whole ([`CorpusFacts::derived`]), before
    /// any rule decides: handed facts are freed once it is built, so they are not held under
    /// the other rules' findings. The rules that read it then decide side by side: what they
    /// share is built here, not by the first of them to ask.
    fn derive(&self, _corpus: &Corpus, _facts: &CorpusFacts) {}
}

/// One extractor's facts of one document, saved: postcard's encoding of them. Loading them
/// is most of what a run costs when one file of a cached corpus changed (the others' facts are
/// read back for the decision): JSON took three times the instructions, and was parsed twice
/// (once to find where each extractor's facts end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved(pub Vec<u8>);

impl Saved {
    /// `value` in postcard's encoding.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Option<Saved> {
        encode(value).map(Saved)
    }

    /// The `T` `self` encodes; `None` if it is not one (nor one with bytes to spare).
    pub fn read<'a, T: Deserialize<'a>>(&'a self) -> Option<T> {
        decode(&self.0)
    }
}

/// `value` in postcard's encoding, as facts and summaries ([`crate::summary::Summary`]) are
/// saved.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Option<Vec<u8>> {
    postcard::to_allocvec(value).ok()
}

/// The `T` that [`encode`] wrote into `bytes`; `None` for any other bytes (a damaged file, a
/// value of another type, or one with bytes to spare).
pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Option<T> {
    match postcard::take_from_bytes(bytes) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

/// A byte string, not a list of numbers: its bytes are copied at once.
impl Serialize for Saved {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Saved {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Saved, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = Saved;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("saved facts (bytes)")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Saved, E> {
                Ok(Saved(v.to_vec()))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Saved, E> {
                Ok(Saved(v))
            }
        }
        d.deserialize_byte_buf(Bytes)
    }
}

/// Saves facts of type `T` (`None` if they are not a `T`).
pub fn save_as<T: Any + Serialize>(fact: &Fact) -> Option<Saved> {
    Saved::of(fact.downcast_ref::<T>()?)
}

/// Reads back facts of type `T`.
pub fn load_as<T: Any + Send + Sync + DeserializeOwned>(saved: &Saved) -> Option<Fact> {
    let facts: T = saved.read()?;
    Some(Arc::new(facts))
}

/// `value` as a fact, or if it is empty the one empty fact of its type that every document
/// shares: most documents have none of a kind (no consistency form, no source text), and a
/// run holds every document's facts until the corpus is decided.
pub fn shared_if_empty<T: Any + Send + Sync + Default>(value: T, is_empty: fn(&T) -> bool) -> Fact {
    static EMPTY: LazyLock<Mutex<rustc_hash::FxHashMap<TypeId, Fact>>> =
        LazyLock::new(Mutex::default);
    if !is_empty(&value) {
        return Arc::new(value);
    }
    let mut shared = EMPTY.lock().unwrap_or_else(|e| e.into_inner());
    Arc::clone(
        shared
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default())),
    )
}

/// The facts of one document as saved: `(key, facts)` per extractor.
pub type SavedFacts = Vec<(String, Saved)>;

/// The facts of one document: one per extractor of the run, in its order.
#[derive(Clone, Default)]
pub struct DocFacts {
    /// The extractors' keys, shared by every document of the run ([`run_keys`]).
    keys: Arc<[&'static str]>,
    /// By key; `None` once taken ([`CorpusFacts::handed`]).
    facts: Box<[Option<Fact>]>,
}

/// The keys of `extractors`, in order, shared: every document of a run has the same, and a
/// run holds every document's facts (a key in each took a third of them). A process sees
/// few rule sets, so the lists are never dropped.
fn run_keys(extractors: &[Arc<dyn Extractor>]) -> Arc<[&'static str]> {
    static RUNS: Mutex<Vec<Arc<[&'static str]>>> = Mutex::new(Vec::new());
    let keys = || extractors.iter().map(|e| e.key());
    let mut runs = RUNS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(run) = runs.iter().find(|run| run.iter().copied().eq(keys())) {
        return Arc::clone(run);
    }
    let run: Arc<[&'static str]> = keys().collect();
    runs.push(Arc::clone(&run));
    run
}

impl DocFacts {
    /// Runs every extractor over `doc`.
    pub fn extract(doc: &Document, extractors: &[Arc<dyn Extractor>]) -> DocFacts {
        DocFacts::extract_scanned(doc, extractors, &Scan::none())
    }

    /// [`DocFacts::extract`], given the run's one scan of `doc`.
    pub fn extract_scanned(
        doc: &Document,
        extractors: &[Arc<dyn Extractor>],
        scan: &Scan,
    ) -> DocFacts {
        DocFacts {
            keys: run_keys(extractors),
            facts: (extractors.iter())
                .map(|e| Some(e.extract_scanned(doc, scan)))
                .collect(),
        }
    }

    /// `(key, facts)` of every extractor whose facts are here.
    fn entries(&self) -> impl Iterator<Item = (&'static str, &Fact)> {
        (self.keys.iter().zip(&self.facts)).filter_map(|(&key, fact)| Some((key, fact.as_ref()?)))
    }

    /// The facts as saved, one entry per extractor (`None` if one cannot save its own).
    pub fn save(&self, extractors: &[Arc<dyn Extractor>]) -> Option<SavedFacts> {
        self.entries()
            .map(|(key, fact)| {
                let e = extractors.iter().find(|e| e.key() == key)?;
                Some((key.to_string(), e.save(fact)?))
            })
            .collect()
    }

    /// Facts saved by [`DocFacts::save`], for every extractor of `extractors`: `None` if one
    /// of them is missing or does not read back, so a caller extracts them afresh instead.
    pub fn load(saved: &SavedFacts, extractors: &[Arc<dyn Extractor>]) -> Option<DocFacts> {
        let facts = extractors
            .iter()
            .map(|e| {
                let (_, raw) = saved.iter().find(|(k, _)| k == e.key())?;
                Some(Some(e.load(raw)?))
            })
            .collect::<Option<_>>()?;
        Some(DocFacts {
            keys: run_keys(extractors),
            facts,
        })
    }

    /// The facts `key` extracted, if it ran and they are a `T`.
    pub fn get<T: Any>(&self, key: &str) -> Option<&T> {
        self.entries()
            .find(|(k, _)| *k == key)
            .and_then(|(_, f)| f.downcast_ref())
    }

    /// Takes the facts `key` extracted, if they are here.
    fn take(&mut self, key: &str) -> Option<Fact> {
        let at = self.keys.iter().position(|k| *k == key)?;
        self.facts.get_mut(at)?.take()
    }
}

impl std::fmt::Debug for DocFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.entries().map(|(k, _)| k))
            .finish()
    }
}

/// One kind of facts of every document (`None` where not extracted), in `corpus.docs` order.
type Whole = Vec<Option<Fact>>;

/// The facts of every document of a corpus (in `corpus.docs` order) for one decision, and
/// what rules derive from them during it.
///
/// Facts read only whole ([`Extractor::read_whole`]) are kept apart and handed to the one
/// derivation that reads them ([`CorpusFacts::take`]): when the caller handed its facts over
/// ([`CorpusFacts::handed`]), they are freed as soon as it is built, before the rules that
/// read what it derived run.
pub struct CorpusFacts {
    docs: Vec<DocFacts>,
    /// Facts read whole, by key, until taken.
    whole: Mutex<Vec<(&'static str, Whole)>>,
    derived: Mutex<Vec<(&'static str, Fact)>>,
    /// Which documents' findings the caller reports (`None`: all), by index into `corpus.docs`.
    reported: Option<Vec<bool>>,
}

impl CorpusFacts {
    /// Frees the facts in parallel: the documents' side by side with what was derived from
    /// them (the names index), which frees its own parts in parallel too. A corpus decision
    /// frees them before it unpacks its findings: on one thread, 12 to 17 ms of the 51 MB
    /// benchmark's decision of some 190 ms; in parallel on two cores, 9 to 11.
    pub fn free(self) {
        let CorpusFacts {
            docs,
            whole,
            derived,
            reported: _,
        } = self;
        rayon::join(
            || docs.into_par_iter().for_each(drop),
            || {
                drop(whole);
                drop(derived);
            },
        );
    }

    /// The facts of a caller that keeps its own (shared, not copied).
    pub fn new(docs: Vec<&DocFacts>) -> CorpusFacts {
        CorpusFacts::handed(docs.into_iter().cloned().collect(), &[])
    }

    /// The facts of every document, handed over; those of the `whole` keys kept apart.
    pub fn handed(mut docs: Vec<DocFacts>, whole: &[&'static str]) -> CorpusFacts {
        let whole = whole
            .iter()
            .map(|&key| {
                let facts = (docs.iter_mut()).map(|d| d.take(key)).collect();
                (key, facts)
            })
            .collect();
        CorpusFacts {
            docs,
            whole: Mutex::new(whole),
            derived: Mutex::new(Vec::new()),
            reported: None,
        }
    }

    /// Only the findings in the documents marked `true` (in `corpus.docs` order) are reported.
    pub fn reporting_only(mut self, reported: Vec<bool>) -> CorpusFacts {
        self.reported = Some(reported);
        self
    }

    /// Whether findings in document `i` are reported. Every document still counts towards the
    /// decision; a rule may skip building the findings of the others, which are dropped anyway
    /// (the language server reports its open buffers out of a whole workspace).
    pub fn reported(&self, i: usize) -> bool {
        self.reported
            .as_ref()
            .is_none_or(|r| r.get(i).copied().unwrap_or(true))
    }

    /// The facts `key` extracted from document `i` (an index into `corpus.docs`).
    pub fn doc<T: Any>(&self, i: usize, key: &str) -> Option<&T> {
        self.docs.get(i).and_then(|d| d.get(key))
    }

    /// The facts `key` extracted from every document, for the one derivation that reads them
    /// whole (called from [`CorpusFacts::derived`]'s `build`): `None` where a document's were
    /// not extracted, or are not a `T`. Facts read whole are taken: a second call finds none.
    pub fn take<T: Any + Send + Sync>(&self, key: &str) -> Vec<Option<Arc<T>>> {
        let taken = {
            let mut whole = self.whole.lock().unwrap_or_else(|e| e.into_inner());
            let at = whole.iter().position(|(k, _)| *k == key);
            at.map(|at| whole.swap_remove(at).1)
        };
        match taken {
            Some(facts) => facts
                .into_iter()
                .map(|f| f.and_then(|f| f.downcast::<T>().ok()))
                .collect(),
            None => (self.docs.iter())
                .map(|d| {
                    let (_, f) = d.entries().find(|(k, _)| *k == key)?;
                    Arc::clone(f).downcast::<T>().ok()
                })
                .collect(),
        }
    }

    /// What `build` derives from the facts, built on first use in this decision and shared
    /// by every rule that asks for `key` (the names rules share one index).
    pub fn derived<T: Any + Send + Sync>(
        &self,
        key: &'static str,
        build: impl FnOnce() -> T,
    ) -> Arc<T> {
        let mut derived = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = derived
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, f)| Arc::clone(f).downcast::<T>().ok())
        {
            return found;
        }
        let built = Arc::new(build());
        derived.push((key, Arc::clone(&built) as Fact));
        built
    }
}

/// The facts of every document, extracted in parallel.
pub fn extract_all(docs: &[Document], extractors: &[Arc<dyn Extractor>]) -> Vec<DocFacts> {
    docs.par_iter()
        .map(|doc| DocFacts::extract(doc, extractors))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_facts_of_a_type_share_one_allocation_and_others_do_not() {
        let a = shared_if_empty(Vec::<u32>::new(), Vec::is_empty);
        let b = shared_if_empty(Vec::<u32>::new(), Vec::is_empty);
        assert!(Arc::ptr_eq(&a, &b));
        let other = shared_if_empty(String::new(), String::is_empty);
        assert!(other.downcast_ref::<String>().is_some());
        assert!(a.downcast_ref::<Vec<u32>>().is_some());
        let full = shared_if_empty(vec![7u32], Vec::is_empty);
        assert!(!Arc::ptr_eq(&a, &full));
        assert_eq!(full.downcast_ref::<Vec<u32>>(), Some(&vec![7]));
    }

    struct Words;

    impl Extractor for Words {
        fn key(&self) -> &'static str {
            "words"
        }

        fn extract(&self, doc: &Document) -> Fact {
            Arc::new(doc.text().split_whitespace().count())
        }

        fn save(&self, fact: &Fact) -> Option<Saved> {
            save_as::<usize>(fact)
        }

        fn load(&self, saved: &Saved) -> Option<Fact> {
            load_as::<usize>(saved)
        }
    }

    #[test]
    fn facts_are_found_by_key_and_type_and_derived_once() {
        let docs = [Document::new(0, "a", "one two"), Document::new(1, "b", "x")];
        let extractors: Vec<Arc<dyn Extractor>> = vec![Arc::new(Words)];
        let facts = extract_all(&docs, &extractors);
        let corpus = CorpusFacts::new(facts.iter().collect());
        assert_eq!(corpus.doc::<usize>(0, "words"), Some(&2));
        assert_eq!(corpus.doc::<String>(0, "words"), None);
        assert_eq!(corpus.doc::<usize>(1, "other"), None);
        let mut builds = 0;
        let mut total = || {
            builds += 1;
            (0..2)
                .filter_map(|i| corpus.doc::<usize>(i, "words"))
                .sum::<usize>()
        };
        assert_eq!(*corpus.derived("total", &mut total), 3);
        assert_eq!(*corpus.derived("total", &mut total), 3);
        assert_eq!(builds, 1);
    }

    #[test]
    fn documents_of_a_run_share_its_keys() {
        let docs = [Document::new(0, "a", "one two"), Document::new(1, "b", "x")];
        let extractors: Vec<Arc<dyn Extractor>> = vec![Arc::new(Words)];
        let facts = extract_all(&docs, &extractors);
        assert!(Arc::ptr_eq(&facts[0].keys, &facts[1].keys));
        let saved = facts[1].save(&extractors).unwrap();
        let loaded = DocFacts::load(&saved, &extractors).unwrap();
        assert!(Arc::ptr_eq(&loaded.keys, &facts[0].keys));
        assert_eq!(loaded.get::<usize>("words"), Some(&1));
        assert_eq!(format!("{loaded:?}"), r#"["words"]"#);
    }

    #[test]
    fn facts_read_whole_are_taken_once_and_freed_after_it() {
        let docs = [Document::new(0, "a", "one two"), Document::new(1, "b", "x")];
        let extractors: Vec<Arc<dyn Extractor>> = vec![Arc::new(Words)];
        let handed = extract_all(&docs, &extractors);
        let first = Arc::downgrade(handed[0].facts[0].as_ref().unwrap());
        let corpus = CorpusFacts::handed(handed, &["words"]);
        assert_eq!(
            corpus.doc::<usize>(0, "words"),
            None,
            "not read per document"
        );
        let taken = corpus.take::<usize>("words");
        let counts: Vec<Option<usize>> = taken.iter().map(|t| t.as_deref().copied()).collect();
        assert_eq!(counts, [Some(2), Some(1)]);
        drop(taken);
        assert!(first.upgrade().is_none(), "freed once taken and dropped");
        assert!(corpus.take::<usize>("words").iter().all(Option::is_none));
        // A caller that keeps its facts shares them, per document and whole, every time.
        let kept = extract_all(&docs, &extractors);
        let corpus = CorpusFacts::new(kept.iter().collect());
        assert_eq!(corpus.doc::<usize>(1, "words"), Some(&1));
        for _ in 0..2 {
            assert_eq!(corpus.take::<usize>("words")[1].as_deref(), Some(&1));
        }
        assert_eq!(kept[0].get::<usize>("words"), Some(&2));
    }

    #[test]
    fn facts_save_and_read_back_and_bad_ones_are_refused() {
        let extractors: Vec<Arc<dyn Extractor>> = vec![Arc::new(Words)];
        let facts = DocFacts::extract(&Document::new(0, "a", "one two three"), &extractors);
        let saved = facts.save(&extractors).unwrap();
        let loaded = DocFacts::load(&saved, &extractors).unwrap();
        assert_eq!(loaded.get::<usize>("words"), Some(&3));
        // Not a number, and a number with a byte to spare.
        for bytes in [vec![0xff; 11], vec![3, 0]] {
            let corrupt: SavedFacts = vec![("words".into(), Saved(bytes))];
            assert!(DocFacts::load(&corrupt, &extractors).is_none());
        }
        assert!(DocFacts::load(&Vec::new(), &extractors).is_none());
    }
}

//! The corpus-wide index of names, built in two passes and shared by every names rule.
//!
//! Pass one, per document in parallel with the other per-document checks: find the candidate
//! names ([`extract`]), the document's names facts ([`DocNames`]). Pass two, over
//! the distinct spellings ("forms"): compute keys, tell family from given name, and join
//! forms into entity groups through keyed buckets (union-find over hash keys), so the cost
//! grows with the number of forms, never with the number of pairs.
//!
//! Forms and groups never cross publications ([`super::entity::Publications`]): one
//! spelling used by two publications is two forms, each judged by its own publication.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::hash::Hasher;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use rayon::prelude::*;
use thin_vec::ThinVec;

use super::data::NameData;
use super::entity::Kind;
use super::extract::Mention;
use super::glossary::{EntityKind, Glossary, GlossaryToken, name_key};
use super::key;
use super::{Context, FACTS};
use crate::corpus::Corpus;
use crate::document::Document;
use crate::document::Span;
use crate::document::leb128::{put, take};
use crate::rules::facts::CorpusFacts;

/// How many documents' names [`Index::build`] reads at a time into the forms' occurrences.
const OCCS_AT_A_TIME: usize = 256;

/// How many occurrences [`Index::nearest`] compares by line number.
const NEAREST_SCAN: usize = 1024;

/// The names facts of one document: its candidate names, each with its text and line, all
/// the index needs of the document.
///
/// Compact, since a run holds every document's until the corpus is decided: a name is a
/// [`NameAt`] of four numbers, and its text is one id a document, kept once a process
/// ([`NAME_TEXTS`]). The rules' own hits, which most documents have none of, take a pointer
/// each ([`ThinVec`]).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DocNames {
    /// The candidate names, in text order.
    pub names: Names,
    /// The distinct texts of the names, in order of first use: ids in the process's
    /// [`NAME_TEXTS`], since a publication writes the same names in every document.
    texts: TextIds,
    /// Ministries' names with their portfolio in lower case (`names/organisation-case`).
    pub portfolio_case: ThinVec<PortfolioCase>,
    /// Names in another country's pinyin family name, in a sentence about that country
    /// (`names/wrong-system`).
    pub foreign_pinyin: ThinVec<ForeignPinyin>,
    /// Names in mainland pinyin for a person the text ties to Taiwan, Hong Kong or Macau
    /// (`names/wrong-system`).
    #[serde(default)]
    pub regional_pinyin: ThinVec<RegionalPinyin>,
    /// Starts of dated spellings that end a larger name ("Treaty of Tientsin":
    /// `names/dated-spelling`).
    #[serde(default)]
    pub in_larger_name: ThinVec<usize>,
    /// A family name and a lower-case word of its syllables (`names/person-case`).
    pub lower_given: ThinVec<LowerGiven>,
    /// Brands written with other capitals than their own (`names/brand-case`).
    pub brand_case: ThinVec<BrandCase>,
    /// The distinct words of the document written in lower case (`names/near-miss` takes a
    /// word a publication also writes in lower case for vocabulary), in no order; only words as
    /// long as the shortest it compares (`near_miss::SLIP_MIN_WORD` letters).
    ///
    /// Ids in the process's [`VOCABULARY`] (saved as the words' fingerprints): a corpus
    /// repeats its vocabulary in every document, and these were the largest part of a run's
    /// memory when every document's facts are held.
    pub lower_words: LowerWords,
    /// Titles glued to a name ("Mr.Lu", `names/glued-title`): where, as written.
    #[serde(default)]
    pub glued_titles: ThinVec<(Range<usize>, String)>,
}

/// One candidate name of a document: where it starts, its 0-based line, its text (an index
/// into the document's distinct texts, [`DocNames::text`]), its kind and whether it opens a
/// sentence. The text's index shares a word with the kind and the flag. Saved as a tuple;
/// held packed further in [`Names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "NameFields", into = "NameFields")]
pub struct NameAt {
    pub start: u32,
    pub line: u32,
    /// The flag, the kind (3 bits), then the text's index in the high [`TEXT_BITS`]: small
    /// numbers first, as [`Names`] packs the small in fewer bytes.
    packed: u32,
}

/// Bits of a [`NameAt`]'s text index: a document has fewer distinct names than that (each
/// is part of its text, whose offsets are 32-bit).
const TEXT_BITS: u32 = 28;

impl NameAt {
    /// `None` when `text` does not fit in [`TEXT_BITS`].
    fn new(start: u32, text: u32, line: u32, kind: Kind, initial: bool) -> Option<NameAt> {
        let kind = match kind {
            Kind::Name => 0,
            Kind::Person => 1,
            Kind::Organisation => 2,
            Kind::Facility => 3,
            Kind::Place => 4,
        };
        (text >> TEXT_BITS == 0).then_some(NameAt {
            start,
            line,
            packed: text << 4 | kind << 1 | u32::from(initial),
        })
    }

    /// Its text's index ([`DocNames::text`]).
    pub fn text(&self) -> u32 {
        self.packed >> 4
    }

    pub fn kind(&self) -> Kind {
        match self.packed >> 1 & 7 {
            1 => Kind::Person,
            2 => Kind::Organisation,
            3 => Kind::Facility,
            4 => Kind::Place,
            _ => Kind::Name,
        }
    }

    /// The name opens a sentence.
    pub fn initial(&self) -> bool {
        self.packed & 1 == 1
    }
}

/// A document's candidate names ([`NameAt`]), packed: a run holds one per name of the corpus
/// until it is decided, and the index makes room for every occurrence while they are held.
/// Each is its start and line as differences from the name before (zigzag, so any order
/// packs), then its text, kind and flag, each number in LEB128 (seven bits a byte): about 5
/// bytes a name where a [`NameAt`] takes 12 (on the 500 MB corpus, ~5.6 million names: the
/// per-document pass ends at 348 MB of RSS instead of 385). Saved as the list of [`NameAt`]s.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    bytes: Vec<u8>,
    len: usize,
    /// The start and line of the last name, which the next one is packed against.
    last: (u32, u32),
}

impl Names {
    /// How many names.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }

    pub fn push(&mut self, n: NameAt) {
        let (start, line) = self.last;
        put(&mut self.bytes, step(start, n.start));
        put(&mut self.bytes, step(line, n.line));
        put(&mut self.bytes, u64::from(n.packed));
        self.last = (n.start, n.line);
        self.len += 1;
    }

    /// The names, in the order they were pushed.
    pub fn iter(&self) -> impl Iterator<Item = NameAt> + '_ {
        let mut bytes = &self.bytes[..];
        let (mut start, mut line) = (0u32, 0u32);
        std::iter::from_fn(move || {
            start = unstep(start, take(&mut bytes)?);
            line = unstep(line, take(&mut bytes)?);
            let packed = take(&mut bytes)? as u32;
            Some(NameAt {
                start,
                line,
                packed,
            })
        })
    }
}

/// `to` as its difference from `from`, zigzag (0, -1, 1, -2... as 0, 1, 2, 3...), so a step
/// back packs as small as a step forward.
fn step(from: u32, to: u32) -> u64 {
    let d = i64::from(to) - i64::from(from);
    ((d << 1) ^ (d >> 63)) as u64
}

/// Undoes [`step`]: the sum fits, as it was a u32.
fn unstep(from: u32, z: u64) -> u32 {
    (i64::from(from) + ((z >> 1) as i64 ^ -((z & 1) as i64))) as u32
}

impl Extend<NameAt> for Names {
    fn extend<I: IntoIterator<Item = NameAt>>(&mut self, names: I) {
        for n in names {
            self.push(n);
        }
    }
}

impl FromIterator<NameAt> for Names {
    fn from_iter<I: IntoIterator<Item = NameAt>>(names: I) -> Names {
        let mut out = Names::default();
        out.extend(names);
        out
    }
}

impl serde::Serialize for Names {
    /// With its length first, which a compact encoding (postcard) needs.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len))?;
        for n in self.iter() {
            seq.serialize_element(&n)?;
        }
        seq.end()
    }
}

/// Packed as they are read, with no list of them in between.
impl<'de> serde::Deserialize<'de> for Names {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Names, D::Error> {
        struct Packing;
        impl<'de> serde::de::Visitor<'de> for Packing {
            type Value = Names;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of names")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Names, A::Error> {
                let mut out = Names::default();
                // About three bytes a name.
                out.bytes
                    .reserve(seq.size_hint().unwrap_or(0).min(1 << 16) * 3);
                while let Some(n) = seq.next_element::<NameAt>()? {
                    out.push(n);
                }
                out.shrink_to_fit();
                Ok(out)
            }
        }
        d.deserialize_seq(Packing)
    }
}

/// A [`NameAt`] as saved: start, text, line, kind, initial.
type NameFields = (u32, u32, u32, Kind, bool);

impl TryFrom<NameFields> for NameAt {
    type Error = &'static str;

    fn try_from((start, text, line, kind, initial): NameFields) -> Result<NameAt, &'static str> {
        NameAt::new(start, text, line, kind, initial).ok_or("a name's text index out of range")
    }
}

impl From<NameAt> for NameFields {
    fn from(n: NameAt) -> NameFields {
        (n.start, n.text(), n.line, n.kind(), n.initial())
    }
}

/// "Ministry of transport" in a document: where, as written, and where the portfolio starts
/// within it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PortfolioCase {
    pub range: Range<usize>,
    pub written: String,
    pub portfolio: usize,
    /// A company's name before "Co., Ltd.", lower case from its start: where the name
    /// starts is a guess, so its fix is a suggestion.
    #[serde(default)]
    pub company: bool,
}

impl DocNames {
    /// The names facts of `doc` with its candidate names `mentions` (in text order), the
    /// rules' own hits left empty. A name that starts or ends past 4 GiB into the document,
    /// or has more distinct texts before it than [`TEXT_BITS`] count, is not kept.
    pub fn of_mentions(doc: &Document, mentions: &[Mention]) -> DocNames {
        let text = doc.text();
        let mut names = DocNames::default();
        // Names recur: each text is kept (and later looked up in the index) once.
        let mut texts = Vec::new();
        let interner: &Interner = &NAME_TEXTS;
        let mut line_of = doc.source.line_cursor();
        let surface = |m: &Mention| text.get(m.start..m.end);
        KNOWN_NAMES.with_borrow_mut(|known| {
            known.start();
            // Each name's slot is fetched NAMES_AHEAD names before its lookup, as
            // [`WordIds`] does for words: `hashes` holds the names' hashes in between.
            let mut hashes = [0; NAMES_AHEAD];
            for (hash, m) in hashes.iter_mut().zip(mentions) {
                *hash = surface(m).map_or(0, |s| known.prefetch(s));
            }
            for (k, m) in mentions.iter().enumerate() {
                let hash = hashes[k % NAMES_AHEAD];
                if let Some(next) = mentions.get(k + NAMES_AHEAD).and_then(surface) {
                    hashes[k % NAMES_AHEAD] = known.prefetch(next);
                }
                let (Some(surface), Ok(start), Ok(_)) =
                    (surface(m), u32::try_from(m.start), u32::try_from(m.end))
                else {
                    continue;
                };
                let text = known.local(interner, surface, hash, &mut texts);
                let line = line_of(m.start) as u32;
                names
                    .names
                    .extend(NameAt::new(start, text, line, m.kind, m.initial));
            }
        });
        names.texts = TextIds(texts.into_boxed_slice());
        names.names.shrink_to_fit();
        names
    }
}

/// How many names ahead of its lookup a name's slot is fetched ([`DocNames::of_mentions`]).
const NAMES_AHEAD: usize = 4;

/// The distinct texts of a document's names ([`DocNames::texts`]): ids in [`NAME_TEXTS`], by
/// [`NameAt::text`]. Saved as the texts.
#[derive(Debug, Clone, Default)]
struct TextIds(Box<[u32]>);

impl serde::Serialize for TextIds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(NAME_TEXTS.words(self.0.iter().copied()))
    }
}

/// Read as borrowed strings: facts are decoded from bytes held whole ([`facts::Saved`]).
///
/// [`facts::Saved`]: crate::rules::facts::Saved
impl<'de> serde::Deserialize<'de> for TextIds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TextIds, D::Error> {
        let texts = Vec::<&'de str>::deserialize(d)?;
        Ok(TextIds(texts.iter().map(|t| NAME_TEXTS.id(t).0).collect()))
    }
}

/// "Ruan Wenping" in a sentence about Vietnam: where, as written, and which of
/// [`NameData::pinyin_renderings`](super::data::NameData::pinyin_renderings) it matched.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ForeignPinyin {
    pub range: Range<usize>,
    pub written: String,
    pub rendering: usize,
}

/// "TSMC founder Zhang Zhongmou": the name, as written, which of
/// [`NameData::regions`](super::data::NameData::regions) the text ties the person to, the
/// pinyin initial that gives it away, and where the words that tie it are (for the other
/// mentions of the same person, in another sentence).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RegionalPinyin {
    pub range: Range<usize>,
    pub written: String,
    pub region: usize,
    pub initial: String,
    /// The words that tie it, where and as written.
    pub tie: Range<usize>,
    pub cue: String,
}

/// "youtube" in a document: where, and which of
/// [`NameData::brands`](super::data::NameData::brands) it is.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct BrandCase {
    pub range: Range<usize>,
    /// As written: the decision has no text to read it from.
    pub written: String,
    pub brand: usize,
}

/// "Ding ming" in a document: where, and as written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LowerGiven {
    pub range: Range<usize>,
    pub written: String,
}

/// What a thread keeps of the form [`Index::nearest`] was last asked of.
type ByLine = (u64, usize, Rc<[Occ]>);

/// One occurrence of a form, as [`Occs`] reads it back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Occ {
    /// The document's index, then (the top bit) whether the name opens a sentence.
    doc: u32,
    start: u32,
    /// The 0-based line it is on.
    line: u32,
}

impl Occ {
    /// Index into `corpus.docs`.
    pub fn doc(&self) -> usize {
        (self.doc & !(1 << 31)) as usize
    }

    /// The name opens a sentence.
    pub fn initial(&self) -> bool {
        self.doc >> 31 == 1
    }

    /// Where it starts in its document (a name's offsets are 32-bit: [`DocNames::of_mentions`]).
    pub fn start(&self) -> usize {
        self.start as usize
    }
}

/// Of one document, the line and form of every mention, in text order (so by line): which
/// names share a line. The index holds one per name of the corpus (5.6 million on the 500 MB
/// corpus), so a pair takes one `u32` where the document's last line fits in the bits the
/// corpus's form ids leave (a 40-line article among a million forms: 6 + 20 bits), and two only
/// where it does not.
#[derive(Debug)]
enum LineForms {
    /// `line << form_bits | form`: sorted, as the lines are.
    Packed {
        form_bits: u32,
        mentions: Box<[u32]>,
    },
    Wide(Box<[(u32, u32)]>),
}

impl LineForms {
    /// `mentions` (line, form) in text order; every form below `1 << form_bits`.
    fn new(mentions: &[(u32, u32)], form_bits: u32) -> LineForms {
        let last_line = mentions.iter().map(|&(line, _)| line).max().unwrap_or(0);
        match last_line.checked_shl(form_bits) {
            Some(top) if form_bits < 32 && top >> form_bits == last_line => LineForms::Packed {
                form_bits,
                mentions: mentions
                    .iter()
                    .map(|&(line, form)| line << form_bits | form)
                    .collect(),
            },
            _ => LineForms::Wide(mentions.into()),
        }
    }

    /// The forms mentioned on `line`, in text order.
    fn on(&self, line: u32) -> impl Iterator<Item = u32> + '_ {
        // One of the two is empty.
        let (packed, mask, wide): (&[u32], u32, &[(u32, u32)]) = match self {
            LineForms::Packed {
                form_bits,
                mentions,
            } => {
                let line_of = |m: &u32| m >> form_bits;
                let from = mentions.partition_point(|m| line_of(m) < line);
                let to = mentions.partition_point(|m| line_of(m) <= line);
                (&mentions[from..to], (1 << form_bits) - 1, &[])
            }
            LineForms::Wide(mentions) => {
                let from = mentions.partition_point(|&(l, _)| l < line);
                let to = mentions.partition_point(|&(l, _)| l <= line);
                (&[], 0, &mentions[from..to])
            }
        };
        let packed = packed.iter().map(move |m| m & mask);
        packed.chain(wide.iter().map(|&(_, form)| form))
    }
}

/// How many occurrences [`Occs`] packs against each other: a block starts afresh, so the
/// occurrences in one document are found by reading one or two blocks.
const OCC_BLOCK: usize = 64;

/// Every occurrence of a form ([`Occ`]), in corpus order (document, then position), packed:
/// the index holds one per name of the corpus while every names rule decides. Each is the
/// step from the occurrence before (its document, with the flag; then its start and line,
/// from 0 in a new document) in LEB128: about 4 bytes where an [`Occ`] takes 12 (on the
/// 500 MB corpus, ~5.6 million).
#[derive(Debug, Default)]
pub struct Occs {
    bytes: Vec<u8>,
    /// Of the first occurrence of each block of [`OCC_BLOCK`] but the first (which starts
    /// `bytes`): its document, its start in the document and where it starts in `bytes`.
    /// Most forms fill one block, and so hold no list (a pointer, where a `Vec` takes three).
    /// A form's occurrences take far fewer than 4 GiB.
    blocks: ThinVec<(u32, u32, u32)>,
    /// The occurrence pushed last, which the next one is packed against (if `len` is not 0).
    last: Occ,
    /// How many: fewer than the corpus's names.
    len: u32,
    /// How many open a sentence: counted, as rules ask it of every form.
    initial: u32,
}

impl Occs {
    /// How many occurrences.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many open a sentence.
    pub fn initial(&self) -> usize {
        self.initial as usize
    }

    /// Adds `o`, which is in a later document than every one before it, or in the same one
    /// further on.
    fn push(&mut self, o: Occ) {
        let last = if !self.len().is_multiple_of(OCC_BLOCK) {
            self.last
        } else {
            if self.len > 0 {
                self.blocks
                    .push((o.doc() as u32, o.start, self.bytes.len() as u32));
            }
            Occ::default()
        };
        let new_doc = o.doc() != last.doc();
        let from = |n: u32| if new_doc { 0 } else { n };
        put(
            &mut self.bytes,
            step(last.doc() as u32, o.doc() as u32) << 1 | u64::from(o.initial()),
        );
        put(&mut self.bytes, step(from(last.start), o.start));
        put(&mut self.bytes, step(from(last.line), o.line));
        self.last = o;
        self.len += 1;
        self.initial += u32::from(o.initial());
    }

    fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.blocks.shrink_to_fit();
    }

    /// The occurrences, in corpus order.
    pub fn iter(&self) -> OccIter<'_> {
        self.at_block(0)
    }

    /// The first occurrence; every form has one, as it is made for a name that occurs.
    pub fn first(&self) -> Occ {
        self.iter().next().expect("a form occurs")
    }

    /// The occurrence in document `doc` that starts closest to `start` (of two as close, the
    /// earlier), if any. Found from the blocks, reading one or two: a document may hold
    /// thousands of occurrences of a form, each of which may ask this.
    pub fn closest_in_doc(&self, doc: usize, start: u32) -> Option<Occ> {
        // The first block that starts at (`doc`, `start`) or later; the one before it holds
        // the last occurrence before that point, if there is one in `doc`.
        let before_point = |d: usize, s: u32| (d, s) < (doc, start);
        let block = match self.iter().next() {
            Some(first) if before_point(first.doc(), first.start) => {
                1 + (self.blocks).partition_point(|&(d, s, _)| before_point(d as usize, s))
            }
            _ => 0,
        };
        let mut before: Option<Occ> = None;
        for o in self.at_block(block.saturating_sub(1)) {
            if o.doc() < doc {
                continue;
            }
            if o.doc() > doc {
                break;
            }
            if o.start >= start {
                // Starts ascend in a document: no later occurrence is closer.
                return Some(match before {
                    Some(b) if start - b.start <= o.start - start => b,
                    _ => o,
                });
            }
            before = Some(o);
        }
        before
    }

    /// The occurrences from block `block` on.
    fn at_block(&self, block: usize) -> OccIter<'_> {
        let at = match block {
            0 => 0,
            _ => self
                .blocks
                .get(block - 1)
                .map_or(self.bytes.len(), |b| b.2 as usize),
        };
        OccIter {
            bytes: &self.bytes[at..],
            i: block * OCC_BLOCK,
            doc: 0,
            start: 0,
            line: 0,
        }
    }
}

impl<'a> IntoIterator for &'a Occs {
    type Item = Occ;
    type IntoIter = OccIter<'a>;

    fn into_iter(self) -> OccIter<'a> {
        self.iter()
    }
}

/// Reads [`Occs`] back.
pub struct OccIter<'a> {
    bytes: &'a [u8],
    /// The index of the next occurrence.
    i: usize,
    /// The last occurrence's document (without the flag), start and line.
    doc: u32,
    start: u32,
    line: u32,
}

impl Iterator for OccIter<'_> {
    type Item = Occ;

    fn next(&mut self) -> Option<Occ> {
        if self.i.is_multiple_of(OCC_BLOCK) {
            (self.doc, self.start, self.line) = (0, 0, 0);
        }
        let d = take(&mut self.bytes)?;
        self.i += 1;
        let doc = unstep(self.doc, d >> 1);
        if doc != self.doc {
            (self.doc, self.start, self.line) = (doc, 0, 0);
        }
        self.start = unstep(self.start, take(&mut self.bytes)?);
        self.line = unstep(self.line, take(&mut self.bytes)?);
        Some(Occ {
            doc: doc | (d as u32 & 1) << 31,
            start: self.start,
            line: self.line,
        })
    }
}

/// Which word of a person's name is the family name, and the naming tradition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    pub family: usize,
    /// Index into `NameData::origins`; `None` when only the glossary knew the family name.
    pub origin: Option<usize>,
}

/// Keys and facts of one distinct word, computed once per run however often it occurs.
/// Held while every names rule decides, so its four keys are one string.
#[derive(Debug)]
pub struct WordKeys {
    /// The stripped, sound, sound-with-classes and roman keys, one after the other.
    keys: Box<str>,
    /// Where the second, third and fourth key start in `keys`.
    starts: [u32; 3],
    /// A stop word, a listed surname or given name, or a declared variant: a word of its own,
    /// never taken for a slip of another.
    pub own_word: bool,
    /// The glossary token (surface, entity) this word is a near miss of: found when first
    /// asked ([`Index::near_glossary`]), as only family names are asked and the search is
    /// the dearest key of a word.
    /// Its id ([`Glossary::token`]).
    near_glossary: std::sync::OnceLock<Option<u32>>,
}

/// One distinct spelling and everywhere it occurs.
#[derive(Debug)]
pub struct Form {
    /// [`NAME_TEXTS`]' copy, held as long as the process.
    pub text: &'static str,
    /// The most telling kind among its mentions ([`Kind::merge`]).
    pub kind: Kind,
    /// Index into [`Index::publications`].
    pub publication: usize,
    /// Byte ranges of its words, relative to its start.
    pub words: Vec<Range<usize>>,
    /// Index of each word in [`Index::words`], which holds its keys.
    word_ids: Box<[u32]>,
    /// In corpus order (document, then position).
    pub occ: Occs,
    pub person: Option<Person>,
}

impl WordKeys {
    /// [`key::strip`].
    pub fn stripped(&self) -> &str {
        &self.keys[..self.starts[0] as usize]
    }

    /// Sound key without whole-word classes (a lone surname).
    pub fn sound(&self) -> &str {
        &self.keys[self.starts[0] as usize..self.starts[1] as usize]
    }

    /// Sound key with whole-word classes (a word of a full name).
    pub fn sound_classes(&self) -> &str {
        &self.keys[self.starts[1] as usize..self.starts[2] as usize]
    }

    /// [`key::roman`].
    pub fn roman(&self) -> &str {
        &self.keys[self.starts[2] as usize..]
    }
}

impl Form {
    pub fn word(&self, i: usize) -> &str {
        &self.text[self.words[i].clone()]
    }

    /// How many of its occurrences are evidence of its spelling: all but those of a lone
    /// word opening a sentence (capitalised there whatever it is).
    pub fn telling_uses(&self) -> usize {
        match self.words.len() {
            1 => self.occ.len() - self.occ.initial(),
            _ => self.occ.len(),
        }
    }

    pub fn word_strs(&self) -> Vec<&str> {
        self.words.iter().map(|r| &self.text[r.clone()]).collect()
    }
}

#[derive(Debug)]
pub struct Index {
    /// This index among all a process builds (the language server builds one an edit), for
    /// what a thread keeps of it ([`Index::scanned_by_line`]).
    id: u64,
    /// Publication names, sorted; a form's `publication` indexes into it.
    pub publications: Vec<String>,
    /// Per publication: text (its id in [`NAME_TEXTS`]) -> form.
    by_text: Vec<HashMap<u32, u32>>,
    pub forms: Vec<Form>,
    /// Entity group of each form: forms that are one name written several ways.
    pub group: Vec<usize>,
    /// Members of each group, by group id, in form order.
    pub groups: Groups,
    /// Every distinct word of every form.
    pub words: Vec<WordKeys>,
    /// Every document's [`DocNames::portfolio_case`]: (index into `corpus.docs`, the hit).
    pub portfolio_case: Vec<(usize, PortfolioCase)>,
    /// Every document's [`DocNames::glued_titles`]: (index into `corpus.docs`, the hit).
    pub glued_titles: Vec<(usize, Range<usize>, String)>,
    /// Every document's [`DocNames::foreign_pinyin`]: (index into `corpus.docs`, the hit).
    pub foreign_pinyin: Vec<(usize, ForeignPinyin)>,
    /// Every document's [`DocNames::regional_pinyin`]: (index into `corpus.docs`, the hit).
    pub regional_pinyin: Vec<(usize, RegionalPinyin)>,
    /// Every document's [`DocNames::in_larger_name`]: (index into `corpus.docs`, start).
    pub in_larger_name: rustc_hash::FxHashSet<(usize, usize)>,
    /// Every document's [`DocNames::lower_given`]: (index into `corpus.docs`, the hit).
    pub lower_given: Vec<(usize, LowerGiven)>,
    /// Every document's [`DocNames::brand_case`]: (index into `corpus.docs`, the hit).
    pub brand_case: Vec<(usize, BrandCase)>,
    /// Every document's [`DocNames::lower_words`], with the document's publication: in how
    /// many of the publication's documents each is written ([`Index::lower_case_docs`]). By
    /// the words' ids: the words are the process's already.
    lower_words: LowerCounts,
    /// Of each document, (line, form) of every mention, in order: which names share a line,
    /// so a label can point at the other form in the sentence most like the flagged one.
    line_forms: Vec<LineForms>,
    /// The names findings of this corpus, decided once for every names rule, by rule: each
    /// rule takes its own ([`super::rules`]).
    pub(crate) findings: std::sync::OnceLock<super::rules::Found>,
    /// Of each document, whether its findings are reported ([`CorpusFacts::reported`]).
    reported: Vec<bool>,
}

/// Freed in parallel: the forms (each with its occurrences and words) and each document's
/// lines' forms are most of the index's allocations.
impl Drop for Index {
    fn drop(&mut self) {
        let forms = std::mem::take(&mut self.forms);
        let line_forms = std::mem::take(&mut self.line_forms);
        rayon::join(
            || forms.into_par_iter().for_each(drop),
            || line_forms.into_par_iter().for_each(drop),
        );
    }
}

impl Index {
    /// Merges the names facts of every document of `corpus`. A document without them (a
    /// caller that skipped the per-document pass) has its names extracted here.
    pub fn build(corpus: &Corpus, facts: &CorpusFacts, ctx: &Context) -> Index {
        let data = &ctx.data;
        // Taken: once the index is built, a caller that handed its facts over holds none.
        let mut taken = facts.take::<DocNames>(FACTS);
        taken.resize(corpus.docs.len(), None);
        let mut doc_names: Vec<Arc<DocNames>> = taken
            .into_par_iter()
            .enumerate()
            .map(|(d, names)| names.unwrap_or_else(|| Arc::new(ctx.doc_names(&corpus.docs[d]))))
            .collect();
        let doc_pub: Vec<String> = corpus
            .docs
            .iter()
            .map(|d| ctx.publications.of(d.name()))
            .collect();
        let mut publications = doc_pub.clone();
        publications.sort();
        publications.dedup();
        let doc_publication: Vec<usize> = doc_pub
            .iter()
            .map(|p| publications.binary_search(p).unwrap_or_default())
            .collect();
        let lower_words = LowerCounts::of(
            &doc_names,
            &doc_publication,
            publications.len(),
            DENSE_COUNTS,
        );
        // Counted into the index: the documents' own, the largest part of their names facts,
        // are freed now where the index holds the facts alone.
        for names in &mut doc_names {
            if let Some(names) = Arc::get_mut(names) {
                names.lower_words = LowerWords::default();
            }
        }
        let mut forms: Vec<Form> = Vec::new();
        // Per publication: text (its id in `NAME_TEXTS`) -> form.
        let mut by_text: Vec<HashMap<u32, u32>> = vec![HashMap::default(); publications.len()];
        // First the form of each distinct text of each document, created in order of first
        // use...
        let doc_forms: Vec<Vec<u32>> = doc_names
            .iter_mut()
            .zip(&doc_publication)
            .map(|(names, &publication)| {
                let texts = &mut by_text[publication];
                let ids: Vec<u32> = (names.texts.0.iter())
                    .map(|&text| {
                        *texts.entry(text).or_insert_with(|| {
                            forms.push(Form {
                                text: NAME_TEXTS.word(text),
                                // Set by the first occurrence below.
                                kind: Kind::Name,
                                publication,
                                words: Vec::new(),
                                word_ids: Box::default(),
                                occ: Occs::default(),
                                person: None,
                            });
                            forms.len() as u32 - 1
                        })
                    })
                    .collect();
                // Read: the occurrences below need the forms' ids only. Freed now (where the
                // index holds the facts alone), before the occurrences are packed.
                if let Some(names) = Arc::get_mut(names) {
                    names.texts = TextIds::default();
                }
                ids
            })
            .collect();
        let mut portfolio_case = Vec::new();
        let mut glued_titles = Vec::new();
        let mut foreign_pinyin = Vec::new();
        let mut regional_pinyin = Vec::new();
        let mut brand_case = Vec::new();
        let mut lower_given = Vec::new();
        let mut in_larger_name = rustc_hash::FxHashSet::default();
        let mut line_forms = Vec::with_capacity(corpus.docs.len());
        // Every form exists by now: held to the end of the run, without the room grown for more.
        forms.shrink_to_fit();
        // Bits of the largest form id.
        let form_bits = u32::BITS - (forms.len() as u32).leading_zeros();
        // ...then the occurrences, a batch of documents at a time, each batch's names facts
        // freed once read (when the index holds the last reference to them). The forms are
        // shared out in ranges, one a thread: each reads every name of the batch and pushes
        // those of its forms, in corpus order (reading a name costs less than packing it).
        let part = forms.len().div_ceil(rayon::current_num_threads()).max(1);
        let mut docs = doc_names.into_iter().zip(doc_forms).enumerate().peekable();
        while docs.peek().is_some() {
            let batch: Vec<_> = docs.by_ref().take(OCCS_AT_A_TIME).collect();
            let (_, lines): ((), Vec<LineForms>) = rayon::join(
                || {
                    (forms.par_chunks_mut(part).enumerate()).for_each(|(c, forms)| {
                        let first = c * part;
                        for (d, (names, ids)) in &batch {
                            for n in names.names.iter() {
                                let Some(f) = (ids.get(n.text() as usize))
                                    .and_then(|&id| (id as usize).checked_sub(first))
                                    .and_then(|i| forms.get_mut(i))
                                else {
                                    continue;
                                };
                                f.kind = if f.occ.is_empty() {
                                    n.kind()
                                } else {
                                    f.kind.merge(n.kind())
                                };
                                f.occ.push(Occ {
                                    // A run holds far fewer than 2^31 documents (each is a file).
                                    doc: *d as u32 | u32::from(n.initial()) << 31,
                                    start: n.start,
                                    line: n.line,
                                });
                            }
                        }
                    })
                },
                || {
                    (batch.par_iter())
                        .map(|(_, (names, ids))| {
                            let mentions: Vec<(u32, u32)> = (names.names.iter())
                                .filter_map(|n| Some((n.line, *ids.get(n.text() as usize)?)))
                                .collect();
                            LineForms::new(&mentions, form_bits)
                        })
                        .collect()
                },
            );
            line_forms.extend(lines);
            for (d, (names, _)) in batch {
                portfolio_case.extend(names.portfolio_case.iter().map(|p| (d, p.clone())));
                glued_titles.extend(
                    names
                        .glued_titles
                        .iter()
                        .map(|(r, w)| (d, r.clone(), w.clone())),
                );
                foreign_pinyin.extend(names.foreign_pinyin.iter().map(|p| (d, p.clone())));
                regional_pinyin.extend(names.regional_pinyin.iter().map(|p| (d, p.clone())));
                brand_case.extend(names.brand_case.iter().map(|b| (d, b.clone())));
                lower_given.extend(names.lower_given.iter().map(|l| (d, l.clone())));
                in_larger_name.extend(names.in_larger_name.iter().map(|&s| (d, s)));
            }
        }
        forms.par_iter_mut().for_each(|f| {
            f.occ.shrink_to_fit();
            // Held to the end of the run: no room for more.
            f.words
                .reserve_exact(f.text.bytes().filter(|&b| b == b' ').count() + 1);
            let mut pos = 0;
            for w in f.text.split(' ') {
                f.words.push(pos..pos + w.len());
                pos += w.len() + 1;
            }
        });
        // Every distinct word of the forms, numbered in order of first use.
        let form_words: Vec<&str> = (forms.par_iter())
            .flat_map_iter(|f| (0..f.words.len()).map(|w| f.word(w)))
            .collect();
        let (numbers, firsts) = number_words(&form_words, known_hash);
        let distinct: Vec<&str> = firsts.iter().map(|&i| form_words[i as usize]).collect();
        drop((form_words, firsts));
        // Folded too, as a person's name is classified by its words: while forms are classified.
        let (words, folded): (Vec<WordKeys>, Vec<String>) =
            distinct.par_iter().map(|w| word_keys(ctx, w)).unzip();
        let mut ids: Vec<&[u32]> = Vec::with_capacity(forms.len());
        let mut rest = &numbers[..];
        for f in &forms {
            let (own, after) = rest.split_at(f.words.len());
            ids.push(own);
            rest = after;
        }
        forms.par_iter_mut().zip(ids).for_each(|(f, ids)| {
            f.word_ids = ids.into();
            // A name the glossary knows as an organisation or a place is one, wherever it
            // stands ("Wen Wei Po", a newspaper, is not a person's split given name).
            let known = ctx
                .glossary
                .by_roman(&roman_name(&words, f))
                .map(|e| ctx.glossary.entities[e].kind);
            match known {
                Some(EntityKind::Organisation) => f.kind = Kind::Organisation,
                Some(EntityKind::Place) => f.kind = Kind::Place,
                _ => {}
            }
            if f.kind.may_be_person() {
                f.person = Pair::of(f, &words, &folded).and_then(|p| classify(ctx, &p, None));
            }
        });
        learn_families(ctx, &mut forms, &words, &folded);
        drop(folded);
        let group = group_forms(&forms, &words, data);
        // Groups numbered in order of their first member.
        let mut ids: HashMap<usize, usize> = HashMap::default();
        let group_of: Vec<usize> = (group.iter())
            .map(|root| {
                let next = ids.len();
                *ids.entry(*root).or_insert(next)
            })
            .collect();
        let groups = Groups::new(&group_of, ids.len());
        Index {
            publications,
            by_text,
            forms,
            group: group_of,
            groups,
            words,
            portfolio_case,
            glued_titles,
            foreign_pinyin,
            regional_pinyin,
            brand_case,
            lower_given,
            in_larger_name,
            lower_words,
            line_forms,
            findings: Default::default(),
            reported: (0..corpus.docs.len()).map(|d| facts.reported(d)).collect(),
            id: {
                static BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    /// In how many documents of `publication` `word` is written in lower case, if any.
    pub fn lower_case_docs(&self, publication: usize, word: &str) -> Option<u32> {
        let word = VOCABULARY.find(fingerprint(word))?;
        self.lower_words.get(publication, word)
    }

    /// The publication a document belongs to.
    pub fn publication_of(&self, ctx: &Context, doc_name: &str) -> usize {
        self.publications
            .binary_search(&ctx.publications.of(doc_name))
            .unwrap_or_default()
    }

    /// The form written `text` in `publication`, if it occurs there.
    pub fn form_in(&self, publication: usize, text: &str) -> Option<usize> {
        let text = NAME_TEXTS.find(text)?;
        let form = self.by_text.get(publication)?.get(&text)?;
        Some(*form as usize)
    }

    /// The keys of word `w` of form `f`.
    pub fn word_keys(&self, f: usize, w: usize) -> &WordKeys {
        &self.words[self.word_id(f, w)]
    }

    /// Index in [`Index::words`] of word `w` of form `f`: one per distinct word text, so what
    /// depends on a word's text alone can be computed once per id.
    pub fn word_id(&self, f: usize, w: usize) -> usize {
        self.forms[f].word_ids[w] as usize
    }

    /// The roman key of form `f` ([`super::glossary::roman_name`] of its words).
    pub fn roman_name(&self, f: usize) -> String {
        roman_name(&self.words, &self.forms[f])
    }

    /// The roman keys of the words of form `f`.
    pub fn roman_words(&self, f: usize) -> Vec<&str> {
        roman_keys(&self.words, &self.forms[f]).collect()
    }

    /// The given name(s) of a person, in roman keys: every word of form `f` but the family
    /// name.
    pub fn given(&self, f: usize) -> Option<String> {
        let p = self.forms[f].person?;
        let roman = self.roman_words(f);
        Some(
            (0..roman.len())
                .filter(|&i| i != p.family)
                .map(|i| roman[i])
                .collect(),
        )
    }

    /// The glossary token word `w` of form `f` is a near miss of, unless it is a word of its
    /// own ([`WordKeys::own_word`]).
    pub fn near_glossary<'a>(
        &self,
        ctx: &'a Context,
        f: usize,
        w: usize,
    ) -> Option<&'a GlossaryToken> {
        let keys = self.word_keys(f, w);
        keys.near_glossary
            .get_or_init(|| {
                (!keys.own_word)
                    .then(|| ctx.glossary.near_token(keys.stripped(), keys.sound()))
                    .flatten()
            })
            .map(|id| ctx.glossary.token(id))
    }

    /// The sound key of a whole form, with whole-word classes, in written order.
    pub fn sound_name(&self, f: usize) -> String {
        let ids = self.forms[f].word_ids.iter();
        name_key(ids.map(|&i| self.words[i as usize].sound_classes()))
    }

    /// The span of one occurrence of a form.
    pub fn span(&self, corpus: &Corpus, form: usize, occ: Occ) -> Span {
        let f = &self.forms[form];
        Span::new(
            corpus.docs[occ.doc()].id,
            occ.start()..occ.start() + f.text.len(),
        )
    }

    /// The span of one word of one occurrence.
    pub fn word_span(&self, corpus: &Corpus, form: usize, occ: Occ, word: usize) -> Span {
        let r = &self.forms[form].words[word];
        Span::new(
            corpus.docs[occ.doc()].id,
            occ.start() + r.start..occ.start() + r.end,
        )
    }

    /// The occurrence of `form` to point at from `near`: in the same document if it occurs
    /// there (the closest one), else the one on the nearest line number (in parallel
    /// translations, the same sentence), and among those the one whose line names most of
    /// the entities `near`'s line names (the same sentence, rendered alike), else its first.
    /// The line search looks at the first [`NEAREST_SCAN`] occurrences only, to stay cheap for
    /// very common names.
    pub fn nearest(&self, corpus: &Corpus, form: usize, near: Occ) -> Occ {
        let occ = &self.forms[form].occ;
        if let Some(best) = occ.closest_in_doc(near.doc(), near.start) {
            return best;
        }
        let target = near.line;
        let by_line = self.scanned_by_line(corpus, form);
        // The occurrences on the nearest line number: those at the first line at or after
        // `target`, or at the last before it, whichever is closer (both if as close).
        let after = by_line.partition_point(|o| o.line < target);
        let lines = [after.checked_sub(1), Some(after)]
            .map(|i| i.and_then(|i| by_line.get(i)).map(|o| o.line));
        let Some(closest) = lines.iter().flatten().map(|l| l.abs_diff(target)).min() else {
            return occ.first();
        };
        let [before, after] = lines.map(|line| {
            let line = line.filter(|l| l.abs_diff(target) == closest);
            line.map_or(&by_line[..0], |line| {
                let from = by_line.partition_point(|o| o.line < line);
                let to = by_line.partition_point(|o| o.line <= line);
                &by_line[from..to]
            })
        });
        // Ties go to the file name, not the file id, so the order files were found in
        // does not change which occurrence is shown.
        let file_order = |o: &Occ| (corpus.docs[o.doc()].name(), o.start());
        let context = self.entities_on(near.doc(), near.line);
        // The occurrence whose line names most of `context`, the first by file name among
        // those: read in that order (each line's are), so one that names all of it ends the
        // search. In a parallel corpus many files share the line, and most often the first
        // names the same entities.
        let (mut before, mut after) = (before.iter().peekable(), after.iter().peekable());
        let mut best: Option<(usize, Occ)> = None;
        loop {
            let o = match (before.peek(), after.peek()) {
                (Some(b), Some(a)) if file_order(a) < file_order(b) => after.next(),
                (Some(_), _) => before.next(),
                (None, _) => after.next(),
            };
            let Some(&o) = o else { break };
            let shared = self.shared_entities(o.doc(), o.line, &context);
            if best.is_none_or(|(most, _)| shared > most) {
                best = Some((shared, o));
            }
            if shared == context.len() {
                break;
            }
        }
        best.map_or_else(|| occ.first(), |(_, o)| o)
    }

    /// The first [`NEAREST_SCAN`] occurrences of `form`, by line, then by file name and place
    /// (the order [`Index::nearest`] weighs them in): sorted once for a run of its calls on one
    /// form (a finder asks it for every occurrence of the form it flags), kept for the last
    /// form this thread asked of this index.
    fn scanned_by_line(&self, corpus: &Corpus, form: usize) -> Rc<[Occ]> {
        thread_local! {
            /// (the index's id, the form, its occurrences by line).
            static LAST: RefCell<Option<ByLine>> = const { RefCell::new(None) };
        }
        LAST.with_borrow_mut(|last| {
            if let Some((index, f, by_line)) = last
                && *index == self.id
                && *f == form
            {
                return Rc::clone(by_line);
            }
            let mut by_line: Vec<Occ> = self.forms[form].occ.iter().take(NEAREST_SCAN).collect();
            // Stable: occurrences alike in all three stay in the order read.
            by_line.sort_by(|a, b| {
                let name = |o: &Occ| corpus.docs[o.doc()].name();
                (a.line, name(a), a.start()).cmp(&(b.line, name(b), b.start()))
            });
            let by_line: Rc<[Occ]> = by_line.into();
            *last = Some((self.id, form, Rc::clone(&by_line)));
            by_line
        })
    }

    /// How many of the entity groups `context` (sorted) one line of a document names: once per
    /// occurrence [`Index::nearest`] weighs, up to [`NEAREST_SCAN`] a finding, so counted on a
    /// mask of `context` rather than a list of the line's groups.
    fn shared_entities(&self, doc: usize, line: u32, context: &[usize]) -> usize {
        let Some(mentions) = self.line_forms.get(doc) else {
            return 0;
        };
        if context.len() > 64 {
            let named = self.entities_on(doc, line);
            return named
                .iter()
                .filter(|g| context.binary_search(g).is_ok())
                .count();
        }
        let mut named = 0u64;
        for f in mentions.on(line) {
            if let Ok(i) = context.binary_search(&self.group[f as usize]) {
                named |= 1 << i;
            }
        }
        named.count_ones() as usize
    }

    /// The entity groups named on one line of a document, sorted and deduplicated.
    fn entities_on(&self, doc: usize, line: u32) -> Vec<usize> {
        let Some(mentions) = self.line_forms.get(doc) else {
            return Vec::new();
        };
        let mut groups: Vec<usize> = (mentions.on(line))
            .map(|f| self.group[f as usize])
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }

    /// Whether the findings in document `doc` are reported. Every document counts towards
    /// the decision, but a finder builds findings only where they are reported: the language
    /// server reports its open buffers out of a whole workspace.
    pub fn reported(&self, doc: usize) -> bool {
        self.reported.get(doc).copied().unwrap_or(true)
    }

    /// The occurrences of form `f` in the documents whose findings are reported.
    pub fn reported_occs(&self, f: usize) -> impl Iterator<Item = Occ> + '_ {
        self.forms[f].occ.iter().filter(|o| self.reported(o.doc()))
    }

    /// The per-document hits of `hits` (document, hit) in the documents whose findings are
    /// reported.
    pub fn reported_hits<'a, T>(
        &'a self,
        hits: &'a [(usize, T)],
    ) -> impl Iterator<Item = &'a (usize, T)> + 'a {
        hits.iter().filter(|(d, _)| self.reported(*d))
    }

    /// The file name of a document, for messages.
    pub fn file_name<'a>(&self, corpus: &'a Corpus, occ: Occ) -> &'a str {
        corpus.docs[occ.doc()].name()
    }
}

/// The roman keys ([`WordKeys::roman`]) of the words of form `f`, in order.
fn roman_keys<'a>(words: &'a [WordKeys], f: &'a Form) -> impl Iterator<Item = &'a str> {
    f.word_ids.iter().map(|&w| words[w as usize].roman())
}

/// [`super::glossary::roman_name`] of form `f`, from its words' keys.
fn roman_name(words: &[WordKeys], f: &Form) -> String {
    name_key(roman_keys(words, f))
}

/// The members of each entity group ([`Index::groups`]), by group id, each in form order:
/// one list, as most groups are one form.
#[derive(Debug, Default)]
pub struct Groups {
    members: Vec<usize>,
    /// Where each group starts in `members`, and where the last ends.
    starts: Vec<usize>,
}

impl Groups {
    /// The groups of `group_of` (each form's group, below `len`).
    fn new(group_of: &[usize], len: usize) -> Groups {
        let mut starts = vec![0; len + 1];
        for &g in group_of {
            starts[g + 1] += 1;
        }
        for g in 0..len {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut members = vec![0; group_of.len()];
        for (f, &g) in group_of.iter().enumerate() {
            members[next[g]] = f;
            next[g] += 1;
        }
        Groups { members, starts }
    }

    /// How many groups.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The groups' members, by group id.
    pub fn iter(&self) -> impl Iterator<Item = &[usize]> + '_ {
        (0..self.len()).map(|g| &self[g])
    }
}

impl std::ops::Index<usize> for Groups {
    type Output = [usize];

    fn index(&self, g: usize) -> &[usize] {
        &self.members[self.starts[g]..self.starts[g + 1]]
    }
}

impl<'a> IntoIterator for &'a Groups {
    type Item = &'a [usize];
    type IntoIter = Box<dyn Iterator<Item = &'a [usize]> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// In how many of each publication's documents each lower-case word is written
/// ([`DocNames::lower_words`]), by the words' ids in [`VOCABULARY`].
#[derive(Debug)]
enum LowerCounts {
    /// A count for each id below `ids` in each publication, at `publication * ids + id`: a run
    /// of one publication (the default) or a few. Counted into maps by (publication, id)
    /// instead, the 51 MB benchmark's words took 10 ms of a run on two threads, 7 on one (the
    /// two maps took as long to merge as to fill).
    Dense { ids: usize, counts: Vec<u32> },
    /// By (publication, id), when an array for every publication would be large.
    Sparse(HashMap<(u32, u32), u32>),
}

/// Most counts [`LowerCounts::Dense`] holds (4 MB): a vocabulary of a million words in one
/// publication, or 40,000 words in each of 25.
const DENSE_COUNTS: usize = 1 << 20;

impl LowerCounts {
    /// Every document's [`DocNames::lower_words`] with the document's publication (of
    /// `publications`), counted in parallel; in an array of at most `dense` counts.
    fn of(
        doc_names: &[Arc<DocNames>],
        doc_publication: &[usize],
        publications: usize,
        dense: usize,
    ) -> Self {
        let ids = VOCABULARY.id_bound() as usize;
        let Some(cells) = publications
            .checked_mul(ids)
            .filter(|&cells| cells <= dense)
        else {
            return LowerCounts::Sparse(sparse_counts(doc_names, doc_publication));
        };
        // A part of the documents a thread, each counted into an array of its own, then
        // added up: more parts would each take an array.
        let part = doc_names
            .len()
            .div_ceil(rayon::current_num_threads())
            .max(1);
        let counts = (doc_names.par_chunks(part))
            .zip(doc_publication.par_chunks(part))
            .map(|(names, publications)| {
                let mut counts = vec![0u32; cells];
                for (names, &publication) in names.iter().zip(publications) {
                    // Every id is below the bound, taken after the documents were read.
                    for w in names
                        .lower_words
                        .ids()
                        .map(|w| w as usize)
                        .filter(|&w| w < ids)
                    {
                        if let Some(n) = counts.get_mut(publication * ids + w) {
                            *n += 1;
                        }
                    }
                }
                counts
            })
            .reduce_with(|mut all, part| {
                all.iter_mut().zip(part).for_each(|(n, m)| *n += m);
                all
            })
            .unwrap_or_default();
        LowerCounts::Dense { ids, counts }
    }

    /// In how many documents of `publication` word `id` is written, if any.
    fn get(&self, publication: usize, id: u32) -> Option<u32> {
        match self {
            LowerCounts::Dense { ids, counts } => {
                let id = Some(id as usize).filter(|&id| id < *ids)?;
                counts.get(publication.checked_mul(*ids)? + id).copied()
            }
            LowerCounts::Sparse(counts) => {
                let publication = u32::try_from(publication).ok()?;
                counts.get(&(publication, id)).copied()
            }
        }
        .filter(|&n| n > 0)
    }
}

/// [`LowerCounts::Sparse`]'s counts, in parallel.
fn sparse_counts(
    doc_names: &[Arc<DocNames>],
    doc_publication: &[usize],
) -> HashMap<(u32, u32), u32> {
    doc_names
        .par_iter()
        .zip(doc_publication)
        .fold(
            HashMap::<(u32, u32), u32>::default,
            |mut counts, (names, &publication)| {
                // A run has far fewer than 2^32 publications (each has a document).
                let publication = publication as u32;
                for w in names.lower_words.ids() {
                    *counts.entry((publication, w)).or_default() += 1;
                }
                counts
            },
        )
        .reduce(HashMap::default, |a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (k, n) in small {
                *big.entry(k).or_default() += n;
            }
            big
        })
}

/// The keys of `word`, and its [`key::fold`] (from which they are all made).
fn word_keys(ctx: &Context, word: &str) -> (WordKeys, String) {
    let data = &ctx.data;
    let g = &ctx.glossary;
    let folded = key::fold(word);
    let own_word =
        g.variant_folded(&folded).is_some() || data.is_stop(&folded) || data.is_listed_name(word);
    let mut keys = key::strip_folded(folded.clone());
    let roman = key::roman_stripped(data, keys.clone());
    let mut starts = [0; 3];
    for (start, next) in starts.iter_mut().zip([
        key::sound_folded(data, &folded, false),
        key::sound_folded(data, &folded, true),
        roman,
    ]) {
        // A word's keys are short: a name's text has 32-bit offsets.
        *start = keys.len() as u32;
        keys.push_str(&next);
    }
    let keys = WordKeys {
        keys: keys.into_boxed_str(),
        starts,
        own_word,
        near_glossary: std::sync::OnceLock::new(),
    };
    (keys, folded)
}

/// A two-word form's words with their folded ([`key::fold`]) and stripped keys: what
/// [`classify`] reads, each computed once a distinct word.
struct Pair<'a> {
    /// The two words with the space between them.
    text: &'a str,
    words: [&'a str; 2],
    folded: [&'a str; 2],
    stripped: [&'a str; 2],
}

impl<'a> Pair<'a> {
    /// `None` unless `f` has two words.
    fn of(f: &'a Form, words: &'a [WordKeys], folded: &'a [String]) -> Option<Pair<'a>> {
        let &[a, b] = &*f.word_ids else {
            return None;
        };
        let [a, b] = [a as usize, b as usize];
        Some(Pair {
            text: f.text,
            words: [f.word(0), f.word(1)],
            folded: [&folded[a], &folded[b]],
            stripped: [words[a].stripped(), words[b].stripped()],
        })
    }
}

/// Which word is the family name, from the glossary, the surname lists and the given-name
/// lists; `learned` adds family names seen in other forms of this corpus.
fn classify(ctx: &Context, pair: &Pair, learned: Option<&HashMap<&str, usize>>) -> Option<Person> {
    let data = &ctx.data;
    let Pair {
        text,
        words,
        folded,
        stripped,
    } = pair;
    if folded.iter().any(|&f| data.western_given.contains(f))
        || key::with_folded(text, |t| data.places.contains(t))
    {
        return None;
    }
    let declared = from_glossary(&ctx.glossary, folded);
    let mut best: Option<(u8, Person)> = None;
    for (oi, o) in data.origins.iter().enumerate() {
        let sur = |i: usize| {
            o.surnames.contains(folded[i]) || learned.is_some_and(|l| l.get(folded[i]) == Some(&oi))
        };
        let listed = |i: usize| o.given.contains(stripped[i]);
        let given = |i: usize| listed(i) || (!sur(i) && o.is_plausible(stripped[i]));
        let ff = sur(0) && given(1) && !listed(0);
        let gf = sur(1)
            && given(0)
            && !listed(1)
            && (!o.given_first_needs_hyphen || words[0].contains('-'));
        let family = match (ff, gf) {
            (true, false) => 0,
            (false, true) => 1,
            (true, true) if listed(1) != listed(0) => usize::from(listed(0)),
            _ => continue,
        };
        if declared.is_some_and(|d| d.family != family) {
            continue;
        }
        let given_word = 1 - family;
        // A listed given name is strong evidence; a hyphenated one is Korean style.
        let score = 1
            + 2 * u8::from(listed(given_word))
            + u8::from(o.code == "ko" && words[given_word].contains('-'));
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((
                score,
                Person {
                    family,
                    origin: Some(oi),
                },
            ));
        }
    }
    // The glossary alone decides only when the other word is no surname itself ("Fan Xi" is
    // not a given name Fan of the family Xi).
    let other_is_surname = |p: &Person| {
        let other = folded[1 - p.family];
        data.origins.iter().any(|o| o.surnames.contains(other))
    };
    best.map(|(_, p)| p)
        .or(declared.filter(|p| !other_is_surname(p)))
}

fn from_glossary(glossary: &Glossary, folded: &[&str; 2]) -> Option<Person> {
    let fam = [
        glossary.families.contains(folded[0]),
        glossary.families.contains(folded[1]),
    ];
    match fam {
        [true, false] => Some(Person {
            family: 0,
            origin: None,
        }),
        [false, true] => Some(Person {
            family: 1,
            origin: None,
        }),
        _ => None,
    }
}

/// Second look at two-word names nobody recognised: a family name identified in one form
/// ("Takeshi Funakoshi", Takeshi being a listed given name) identifies it in another
/// ("Funakoshi Kenyu").
/// `words` and `folded`: the keys of [`Index::words`], and each folded.
fn learn_families(ctx: &Context, forms: &mut [Form], words: &[WordKeys], folded: &[String]) {
    let mut learned: HashMap<&str, usize> = HashMap::default();
    for f in forms.iter() {
        if let Some(Person {
            family,
            origin: Some(o),
        }) = f.person
        {
            learned
                .entry(&folded[f.word_ids[family] as usize])
                .or_insert(o);
        }
    }
    if learned.is_empty() {
        return;
    }
    forms.par_iter_mut().for_each(|f| {
        if f.kind.may_be_person() && f.person.is_none() && f.words.len() == 2 {
            f.person = Pair::of(f, words, folded).and_then(|p| classify(ctx, &p, Some(&learned)));
        }
    });
}

/// Union-find over bucket keys: forms sharing a key are one entity written two ways.
fn group_forms(forms: &[Form], words: &[WordKeys], data: &NameData) -> Vec<usize> {
    let hash = |k: &str| {
        let mut h = rustc_hash::FxHasher::default();
        h.write(k.as_bytes());
        h.finish()
    };
    join_by_keys(forms.len(), |f| bucket_keys(&forms[f], words, data), hash)
}

/// The components of `n` items, two joined when they share a key (`keys` of each): each
/// item's root, the smallest item of its component. Every key is held as its `hash` with its
/// item, sorted, so the items of one key are neighbours, found without holding every key or a
/// map of them (several strings an item). Two keys may share a hash: where items do, their keys
/// are made again and the items joined by the keys themselves.
fn join_by_keys(
    n: usize,
    keys: impl Fn(usize) -> Vec<String> + Sync,
    hash: impl Fn(&str) -> u64 + Sync,
) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut union = |x: usize, y: usize| {
        let (a, b) = (find(&mut parent, x), find(&mut parent, y));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    };
    let hash = &hash;
    let mut hashed: Vec<(u64, u32)> = ((0..n).into_par_iter())
        .flat_map_iter(|i| {
            // A run has far fewer than 2^32 forms (each is a name written in it).
            keys(i).into_iter().map(move |k| (hash(&k), i as u32))
        })
        .collect();
    hashed.par_sort_unstable();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        let mut exact: Vec<(String, usize)> = (run.iter())
            .flat_map(|&(h, i)| {
                let i = i as usize;
                (keys(i).into_iter())
                    .filter(move |k| hash(k) == h)
                    .map(move |k| (k, i))
            })
            .collect();
        exact.sort_unstable();
        for pair in exact.windows(2) {
            if pair[0].0 == pair[1].0 {
                union(pair[0].1, pair[1].1);
            }
        }
    }
    (0..n).map(|i| find(&mut parent, i)).collect()
}

/// Numbers the distinct `words` in the order they first occur, as a pass with a map from word
/// to number would: each word's number, and each number's first word. By sorting their
/// `hash`es in parallel, checked against the words themselves (where two words share a hash,
/// by such a map after all). The words of the forms are mostly distinct: a map of a million of
/// them missed the cache on nearly every lookup, on one thread.
fn number_words(words: &[&str], hash: impl Fn(&str) -> u64 + Sync) -> (Vec<u32>, Vec<u32>) {
    // A run has far fewer than 2^32 words of forms.
    let mut places: Vec<(u64, u32)> = (words.par_iter().enumerate())
        .map(|(i, w)| (hash(w), i as u32))
        .collect();
    places.par_sort_unstable();
    // Each distinct hash's first place (the first of its run), in the order of the hashes.
    let firsts: Vec<u32> = (places.chunk_by(|a, b| a.0 == b.0))
        .map(|run| run[0].1)
        .collect();
    let mut ranks: Vec<u32> = (0..firsts.len() as u32).collect();
    ranks.par_sort_unstable_by_key(|&r| firsts[r as usize]);
    let mut number = vec![0; firsts.len()];
    for (n, &r) in ranks.iter().enumerate() {
        number[r as usize] = n as u32;
    }
    let mut numbers = vec![0; words.len()];
    for (&n, run) in number.iter().zip(places.chunk_by(|a, b| a.0 == b.0)) {
        for &(_, i) in run {
            numbers[i as usize] = n;
        }
    }
    let firsts: Vec<u32> = ranks.iter().map(|&r| firsts[r as usize]).collect();
    let told_apart =
        (numbers.par_iter().zip(words)).all(|(&n, w)| words[firsts[n as usize] as usize] == *w);
    if told_apart {
        return (numbers, firsts);
    }
    let mut number: HashMap<&str, u32> = HashMap::default();
    let mut firsts = Vec::new();
    let numbers = (words.iter().enumerate())
        .map(|(i, &w)| {
            *number.entry(w).or_insert_with(|| {
                firsts.push(i as u32);
                firsts.len() as u32 - 1
            })
        })
        .collect();
    (numbers, firsts)
}

/// The keys a form is bucketed under: a name under its letters without spaces, hyphens and
/// diacritics ("Tōkyō" meets "Tokyo", "Hulun Buir" meets "Hulunbuir"), and a name of several
/// words also under both orders (family first, and family last) so "Funakoshi Takeshi" meets
/// "Takeshi Funakoshi"; an organisation as a whole; a place also under its [`movable_word`]
/// key, so "Lake Chaohu" meets "Chaohu Lake".
fn bucket_keys(f: &Form, words: &[WordKeys], data: &NameData) -> Vec<String> {
    let r: Vec<&str> = roman_keys(words, f).collect();
    let p = f.publication;
    let letters = || bucket_key(p, ["|n|", &key::strip(f.text)]);
    if let Some(moved) = movable_word(f, data) {
        return vec![letters(), bucket_key(p, ["|", &moved.key])];
    }
    match (f.kind, r.len()) {
        // Also under its letters, to meet the same name typed otherwise ("Se League" /
        // "Se-League": one word is no organisation by its head word).
        (Kind::Organisation, _) => vec![bucket_key(p, ["|o|"].into_iter().chain(r)), letters()],
        // A capitalised word seen only at sentence starts is no evidence of a name, unless
        // a capital inside it is ("Se-League", "McAllister").
        (_, 1)
            if f.occ.initial() == f.occ.len()
                && !f.text.chars().skip(1).any(char::is_uppercase) =>
        {
            Vec::new()
        }
        (_, 1) => vec![letters()],
        // Only a person's name may be written in either order.
        (k, n) if k.may_be_person() => vec![
            letters(),
            bucket_key(
                p,
                ["|2|", r[0], "|"].into_iter().chain(r[1..].iter().copied()),
            ),
            bucket_key(
                p,
                ["|2|", r[n - 1], "|"]
                    .into_iter()
                    .chain(r[..n - 1].iter().copied()),
            ),
        ],
        _ => vec![letters()],
    }
}

/// A bucket key: the publication's number, then `parts`. Built by hand: `format!` was a tenth
/// of building the index.
fn bucket_key<'a>(publication: usize, parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut key = String::with_capacity(32);
    key.push_str(itoa::Buffer::new().format(publication));
    parts.into_iter().for_each(|part| key.push_str(part));
    key
}

/// A word that may stand on either side of a place's name: a place word ("Lake Chaohu" /
/// "Chaohu Lake") or a compass word before the word that ends the place ("South Huancheng Road"
/// / "Huancheng South Road"). Two forms with the same `key` and different `first` are one place
/// in two word orders, however the name is spaced.
pub(crate) struct MovableWord {
    /// The movable word, the word that ends the place (for a compass word) and the name.
    pub key: String,
    /// Whether the movable word comes first.
    pub first: bool,
}

pub(crate) fn movable_word(f: &Form, data: &NameData) -> Option<MovableWord> {
    let n = f.words.len();
    // The text of words `from..to`, spaced however it is.
    let name =
        |from: usize, to: usize| key::strip(&f.text[f.words[from].start..f.words[to - 1].end]);
    if let Some(c) = compass_word(f, data) {
        let first = c == 0;
        let (from, to) = if first { (1, n - 1) } else { (0, n - 2) };
        let key = format!(
            "c|{}|{}|{}",
            key::fold(f.word(n - 1)),
            key::fold(f.word(c)),
            name(from, to)
        );
        return Some(MovableWord { key, first });
    }
    if f.kind != Kind::Place || n < 2 {
        return None;
    }
    let either_side = |w: usize| data.place_words_either_side.contains(&key::fold(f.word(w)));
    let (word, first) = match (either_side(0), either_side(n - 1)) {
        (true, false) => (0, true),
        (false, true) => (n - 1, false),
        // "Lake … Lake", or no place word at either end: no side to move from.
        _ => return None,
    };
    let (from, to) = if first { (1, n) } else { (0, n - 1) };
    let key = format!("e|{}|{}", key::fold(f.word(word)), name(from, to));
    Some(MovableWord { key, first })
}

/// Which word of a place or facility named with a compass word is the compass word: the first
/// ("South Huancheng Road") or the one before the place or facility word that ends it
/// ("Huancheng South Road"), never both.
fn compass_word(f: &Form, data: &NameData) -> Option<usize> {
    let n = f.words.len();
    if n < 3 || !matches!(f.kind, Kind::Place | Kind::Facility) {
        return None;
    }
    let last = key::fold(f.word(n - 1));
    if !(data.place_words.contains(&last) || data.facility_words.contains(&last)) {
        return None;
    }
    let compass = |w: usize| data.compass_words.contains(&key::fold(f.word(w)));
    match (compass(0), compass(n - 2)) {
        (true, false) => Some(0),
        (false, true) => Some(n - 2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::facts::Saved;

    #[test]
    fn a_name_packs_its_text_kind_and_flag_and_reads_back_as_saved() {
        let kinds = [
            Kind::Name,
            Kind::Person,
            Kind::Organisation,
            Kind::Facility,
            Kind::Place,
        ];
        let last = (1 << TEXT_BITS) - 1;
        for kind in kinds {
            for initial in [false, true] {
                for text in [0, 7, last] {
                    let n = NameAt::new(u32::MAX, text, u32::MAX - 1, kind, initial).unwrap();
                    assert_eq!(
                        (n.start, n.text(), n.line, n.kind(), n.initial()),
                        (u32::MAX, text, u32::MAX - 1, kind, initial)
                    );
                    let saved = serde_json::to_string(&n).unwrap();
                    assert_eq!(serde_json::from_str::<NameAt>(&saved).unwrap(), n);
                }
            }
        }
        assert!(NameAt::new(0, last + 1, 0, Kind::Name, false).is_none());
        // A saved index that does not fit (a damaged cache) does not read back.
        let saved = format!("[0,{},0,\"Name\",false]", last + 1);
        assert!(serde_json::from_str::<NameAt>(&saved).is_err());
    }

    #[test]
    fn packed_names_read_back_in_order_and_save_as_the_list_of_names() {
        let kinds = [Kind::Name, Kind::Person, Kind::Place];
        let last = (1 << TEXT_BITS) - 1;
        // In text order, then out of it, at the ends of the ranges.
        let given: Vec<NameAt> = [
            (0, 0, 0),
            (5, 3, 0),
            (130, 1, 2),
            (70_000, 200, 9),
            (u32::MAX, last, u32::MAX),
            (0, 0, 0),
            (u32::MAX - 1, 17, 3),
            (12, last - 1, u32::MAX - 1),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (start, text, line))| {
            NameAt::new(start, text, line, kinds[i % 3], i % 2 == 1).unwrap()
        })
        .collect();
        let names: Names = given.iter().copied().collect();
        assert_eq!(names.len(), given.len());
        assert_eq!(names.iter().collect::<Vec<_>>(), given);
        let saved = serde_json::to_string(&names).unwrap();
        assert_eq!(saved, serde_json::to_string(&given).unwrap());
        assert_eq!(serde_json::from_str::<Names>(&saved).unwrap(), names);
        // As facts are saved: the same bytes as the list's.
        let saved = Saved::of(&names).unwrap();
        assert_eq!(saved, Saved::of(&given).unwrap());
        assert_eq!(saved.read::<Names>().unwrap(), names);
        assert!(Names::default().iter().next().is_none());
    }

    #[test]
    fn line_forms_give_the_forms_of_a_line_packed_or_not() {
        // Lines with none, one and several mentions, the first and the last; then lines too
        // long to share a u32 with the form ids, which are kept wide.
        let narrow = [(0, 5), (0, 1), (2, 7), (3, 0), (3, 7), (3, 2), (9, 6)];
        let wide = [(1, 3), (1 << 29, 7), (u32::MAX, 1), (u32::MAX, 4)];
        for (mentions, packs) in [(&narrow[..], true), (&wide[..], false), (&[][..], true)] {
            let forms = LineForms::new(mentions, 3);
            assert_eq!(matches!(forms, LineForms::Packed { .. }), packs);
            for line in [0, 1, 2, 3, 4, 9, 10, 1 << 29, u32::MAX] {
                let expected: Vec<u32> = (mentions.iter())
                    .filter(|&&(l, _)| l == line)
                    .map(|&(_, f)| f)
                    .collect();
                assert_eq!(forms.on(line).collect::<Vec<_>>(), expected, "line {line}");
            }
        }
        // No bits left for a line: wide.
        assert!(matches!(LineForms::new(&[(1, 0)], 32), LineForms::Wide(_)));
    }

    #[test]
    fn packed_occurrences_read_back_in_order_and_by_document() {
        // Documents with no, one, and more occurrences than a block holds, at the ends of
        // the ranges; starts and lines go back in a new document.
        let mut given = Vec::new();
        for (doc, n) in [
            (0u32, 3u32),
            (2, 1),
            (3, 200),
            (7, 64),
            (8, 1),
            ((1 << 31) - 1, 70),
        ] {
            for i in 0..n {
                given.push(Occ {
                    doc: doc | u32::from(i % 3 == 0) << 31,
                    start: if i + 1 == n {
                        u32::MAX
                    } else {
                        1000 - n + i * 7
                    },
                    line: if doc == 8 { u32::MAX } else { i / 4 },
                });
            }
        }
        let mut occs = Occs::default();
        for &o in &given {
            occs.push(o);
        }
        occs.shrink_to_fit();
        assert_eq!(occs.len(), given.len());
        assert_eq!(occs.initial(), given.iter().filter(|o| o.initial()).count());
        assert_eq!(occs.iter().collect::<Vec<_>>(), given);
        assert_eq!(occs.first(), given[0]);
        for doc in [0, 1, 2, 3, 4, 7, 8, 9, (1 << 31) - 1] {
            let in_doc: Vec<Occ> = given.iter().copied().filter(|o| o.doc() == doc).collect();
            let starts = in_doc
                .iter()
                .flat_map(|o| [o.start, o.start.saturating_sub(3)]);
            for start in starts.chain([0, 1, 500, 999, u32::MAX - 1, u32::MAX]) {
                // The first of the closest, as `min_by_key` picks.
                let expected = in_doc
                    .iter()
                    .copied()
                    .min_by_key(|o| o.start.abs_diff(start));
                assert_eq!(
                    occs.closest_in_doc(doc, start),
                    expected,
                    "document {doc}, start {start}"
                );
            }
        }
        assert!(Occs::default().iter().next().is_none());
    }

    #[test]
    fn a_threads_known_strings_are_bounded_and_keep_their_ids() {
        let mut known = Known::default();
        let words: Vec<String> = (0..=KNOWN_MAX).map(|i| format!("boundedword{i}")).collect();
        let first = known.distinct_ids(words.iter().map(String::as_str));
        assert_eq!(known.len, KNOWN_MAX + 1);
        let again = known.distinct_ids(words[..3].iter().map(String::as_str));
        assert_eq!(known.len, 3);
        assert_eq!(again, first[..3]);
    }

    #[test]
    fn known_strings_are_compared_whole() {
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for n in 0..=base.len() {
            let a = &base[..n];
            assert!(same_bytes(a, a));
            for m in 0..=base.len() {
                assert_eq!(same_bytes(a, &base[..m]), n == m);
            }
            // A change at every place is told.
            for i in 0..n {
                let mut b = a.to_vec();
                b[i] ^= 0x40;
                assert!(!same_bytes(a, &b), "{n} {i}");
            }
        }
    }

    #[test]
    fn a_threads_known_strings_give_the_interners_ids_in_the_order_first_given() {
        let mut known = Known::default();
        let mut state = 11u32;
        // Calls of every size, so that the table grows from empty while strings repeat
        // within and across calls.
        for size in [0, 1, 5, 40, 300, 3000, 20] {
            let words: Vec<String> = (0..size)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    format!("knowntest{}", (state >> 16) % 2000)
                })
                .chain(["".to_string(), "é".to_string()])
                .collect();
            let mut expected = Vec::new();
            for w in &words {
                let id = NAME_TEXTS.id(w).0;
                if !expected.contains(&id) {
                    expected.push(id);
                }
            }
            let given = known.distinct_ids(words.iter().map(String::as_str));
            assert_eq!(given, expected);
            assert!(4 * known.len <= 3 * known.slots.len());
            let mut ids = Vec::new();
            for w in &words {
                let local = known.local(&NAME_TEXTS, w, known_hash(w), &mut ids);
                assert_eq!(given[local as usize], NAME_TEXTS.id(w).0);
            }
            assert_eq!(
                ids,
                Vec::<u32>::new(),
                "every string was given in this call"
            );
        }
    }

    #[test]
    fn an_interner_gives_each_string_one_id_and_reads_it_back() {
        let interner = Interner::default();
        let long = "Kōno-Tarō ".repeat(200);
        let words: Vec<String> = (0..5000)
            .map(|i| format!("interned{i}"))
            .chain(["".to_string(), "é".to_string(), "a\r".to_string(), long])
            .collect();
        let ids: Vec<u32> = words.iter().map(|w| interner.id(w).0).collect();
        for (w, &id) in words.iter().zip(&ids) {
            assert_eq!(interner.id(w), (id, w.as_str()));
            assert_eq!(interner.find(w), Some(id));
            assert_eq!(interner.word(id), w);
        }
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), words.len());
        assert_eq!(interner.find("never given"), None);
        assert_eq!(interner.word(u32::MAX), "");
    }

    /// Items are joined by the keys they share, whatever their keys' hashes: with every key
    /// hashed alike (all collide), the components are those of the real hash.
    #[test]
    fn items_sharing_a_key_are_joined_and_a_shared_hash_joins_nothing() {
        let keys: [&[&str]; 7] = [
            &["a", "b"],
            &["c"],
            &["b", "d"],
            &["e"],
            &["d"],
            &["c", "f"],
            &[],
        ];
        let keys_of = |i: usize| keys[i].iter().map(|k| k.to_string()).collect();
        let fx = |k: &str| {
            let mut h = rustc_hash::FxHasher::default();
            h.write(k.as_bytes());
            h.finish()
        };
        let expected = vec![0, 1, 0, 3, 0, 1, 6];
        assert_eq!(join_by_keys(keys.len(), keys_of, fx), expected);
        assert_eq!(join_by_keys(keys.len(), keys_of, |_| 7), expected);
        assert_eq!(
            join_by_keys(keys.len(), keys_of, |k| k.len() as u64),
            expected
        );
    }

    /// Words are numbered in order of first use, by their text whatever their hashes: with
    /// hashes that collide (every word's its length, or one for all), as with a real hash.
    #[test]
    fn words_are_numbered_in_order_of_first_use() {
        let words = ["Kim", "Lee", "Park", "Kim", "Lee", "Moon", "Park"];
        let expected = (vec![0, 1, 2, 0, 1, 3, 2], vec![0, 1, 2, 5]);
        assert_eq!(number_words(&words, known_hash), expected);
        assert_eq!(number_words(&words, |w| w.len() as u64), expected);
        assert_eq!(number_words(&words, |_| 7), expected);
        assert_eq!(number_words(&[], known_hash), (vec![], vec![]));
    }

    /// A bucket key is the publication's number and its parts, as `format!` wrote it.
    #[test]
    fn bucket_keys_are_the_publication_then_the_parts() {
        assert_eq!(
            bucket_key(0, ["|n|", "tokyo"]),
            format!("{}|n|{}", 0, "tokyo")
        );
        assert_eq!(
            bucket_key(12, ["|2|", "kim", "|", "jong", "un"]),
            format!("{}|2|{}|{}", 12, "kim", ["jong", "un"].concat())
        );
        assert_eq!(bucket_key(usize::MAX, []), usize::MAX.to_string());
    }

    #[test]
    fn lower_case_words_count_the_same_in_an_array_as_by_pairs() {
        let docs: Vec<Arc<DocNames>> = [
            &["countzebras", "countapples"][..],
            &["countapples"],
            &["countmangos", "countapples", "countapples"],
            &[],
        ]
        .into_iter()
        .map(|words| {
            Arc::new(DocNames {
                lower_words: LowerWords::of_words(words.iter().copied()),
                ..DocNames::default()
            })
        })
        .collect();
        let publication = [0, 1, 1, 2];
        let dense = LowerCounts::of(&docs, &publication, 3, DENSE_COUNTS);
        let sparse = LowerCounts::of(&docs, &publication, 3, 0);
        assert!(matches!(dense, LowerCounts::Dense { .. }), "{dense:?}");
        assert!(matches!(sparse, LowerCounts::Sparse(_)), "{sparse:?}");
        let id = |w: &str| VOCABULARY.find(fingerprint(w)).unwrap();
        for counts in [&dense, &sparse] {
            assert_eq!(counts.get(0, id("countapples")), Some(1));
            assert_eq!(counts.get(1, id("countapples")), Some(2), "once a document");
            assert_eq!(counts.get(1, id("countmangos")), Some(1));
            assert_eq!(counts.get(0, id("countmangos")), None);
            assert_eq!(counts.get(2, id("countzebras")), None);
            assert_eq!(
                counts.get(3, id("countzebras")),
                None,
                "no such publication"
            );
            assert_eq!(
                counts.get(0, VOCABULARY.id_bound() + 16),
                None,
                "no such word"
            );
        }
    }

    #[test]
    fn words_read_under_one_lock_a_shard_are_each_ids_word() {
        let interner = Interner::default();
        // Enough words that every shard has some.
        let given: Vec<String> = (0..200).map(|i| format!("word{i}")).collect();
        let mut ids: Vec<u32> = given.iter().map(|w| interner.id(w).0).collect();
        // An id given twice, and one never given (of no word).
        ids.push(ids[3]);
        ids.push(u32::MAX);
        let one_at_a_time: Vec<&str> = ids.iter().map(|&id| interner.word(id)).collect();
        assert_eq!(interner.words(ids.iter().copied()), one_at_a_time);
        assert_eq!(
            one_at_a_time[..200],
            given.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(one_at_a_time[200..], ["word3", ""]);
    }

    #[test]
    fn lower_words_read_back_as_the_set_of_words_given() {
        let words = ["zebra", "apple", "apple", "mango"];
        // Enough words that some ids are more than 127 apart.
        let many: Vec<String> = (0..3000).map(|i| format!("lowerwordtest{i}")).collect();
        for given in [
            words.to_vec(),
            many.iter().map(String::as_str).collect(),
            Vec::new(),
        ] {
            let lower = LowerWords::of_words(given.iter().copied());
            let mut expected: Vec<u32> = (given.iter())
                .map(|w| VOCABULARY.id(fingerprint(w)))
                .collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(lower.ids().collect::<Vec<_>>(), expected);
            // Words this thread met in an earlier document are this document's too.
            let again = LowerWords::of_words(given.iter().copied());
            assert_eq!(again.ids().collect::<Vec<_>>(), expected);
            let saved = Saved::of(&lower).unwrap();
            let back: LowerWords = saved.read().unwrap();
            assert_eq!(back.ids().collect::<Vec<_>>(), expected);
            // Saved each once, in an order of the words alone (not of the ids this process
            // happened to give them): their fingerprints, sorted.
            let mut fingerprints: Vec<u64> = given.iter().map(|w| fingerprint(w)).collect();
            fingerprints.sort_unstable();
            fingerprints.dedup();
            let bytes: Vec<u8> = fingerprints.iter().flat_map(|f| f.to_le_bytes()).collect();
            assert_eq!(saved.read::<&[u8]>().unwrap(), bytes);
        }
        // Bytes that are not fingerprints, eight each, are refused.
        assert!(LowerWords::of_fingerprints(&[0; 12]).is_none());
        assert_eq!(LowerWords::of_fingerprints(&[]).unwrap().ids().count(), 0);
    }

    #[test]
    fn words_differing_anywhere_have_different_fingerprints() {
        let mut seen = std::collections::HashMap::new();
        let mut words: Vec<String> = vec![String::new(), "a".into(), "\0".into(), "a\0".into()];
        // Every length up to three blocks, each word and every word one byte from it.
        let base = "straßenbahnhaltestellen";
        for n in 1..=base.len() {
            let Some(word) = base.get(..n) else { continue };
            words.push(word.to_string());
            for i in 0..word.len() {
                let mut bytes = word.as_bytes().to_vec();
                bytes[i] ^= 1;
                words.extend(String::from_utf8(bytes).ok());
            }
        }
        // A shorter word is not the longer one padded with zeros.
        words.extend([
            "abc".to_string(),
            "abc\0".to_string(),
            "abc\0\0\0\0\0".to_string(),
        ]);
        for w in &words {
            if let Some(other) = seen.insert(fingerprint(w), w) {
                assert_eq!(other, w, "{other:?} and {w:?} share a fingerprint");
            }
        }
        assert!(seen.len() > 100, "{}", seen.len());
    }

    #[test]
    fn a_threads_known_words_give_each_word_once_a_call_and_are_bounded() {
        let mut known = KnownWords::default();
        let fingerprints: Vec<u64> = (0..=KNOWN_MAX)
            .map(|i| fingerprint(&format!("knownword{i}")))
            .collect();
        let mut first = Vec::new();
        known.start();
        for &f in fingerprints.iter().chain(&fingerprints[..10]) {
            known.give(f, &mut first);
        }
        // Each once, as the vocabulary numbers them, though the table grew as they came.
        let expected: Vec<u32> = fingerprints.iter().map(|&f| VOCABULARY.id(f)).collect();
        assert_eq!(first, expected);
        assert_eq!(known.len, KNOWN_MAX + 1);
        assert!(4 * known.len <= 3 * known.slots.len());
        // The next call starts afresh, the ids the same.
        let mut again = Vec::new();
        known.start();
        for &f in &fingerprints[..3] {
            known.give(f, &mut again);
        }
        assert_eq!(known.len, 3);
        assert_eq!(again, first[..3]);
    }

    #[test]
    fn a_documents_name_texts_are_kept_once_and_saved_as_texts() {
        let mut corpus = Corpus::new();
        let ctx = Context::new(&mut corpus, &Config::default()).unwrap();
        let text = "Takeshi Funakoshi met Lee Sang-yeol. Later Takeshi Funakoshi left.";
        corpus.add_document("a.txt", text);
        let names = ctx.doc_names(&corpus.docs[0]);
        let written: Vec<&str> = (names.names.iter())
            .map(|n| NAME_TEXTS.word(names.texts.0[n.text() as usize]))
            .collect();
        assert_eq!(
            written,
            ["Takeshi Funakoshi", "Lee Sang-yeol", "Takeshi Funakoshi"]
        );
        assert_eq!(names.texts.0.len(), 2);
        let saved = Saved::of(&names).unwrap();
        // Each text saved once, as itself.
        for text in ["Takeshi Funakoshi", "Lee Sang-yeol"] {
            let times = (saved.0.windows(text.len()))
                .filter(|w| *w == text.as_bytes())
                .count();
            assert_eq!(times, 1, "{text}");
        }
        let back: DocNames = saved.read().unwrap();
        assert_eq!(back.texts.0, names.texts.0);
        assert_eq!(Saved::of(&back).unwrap(), saved);
        let (_, idx) = index(&[text]);
        assert!(idx.form_in(0, "Lee Sang-yeol").is_some());
        assert_eq!(idx.form_in(0, "Lee Sangyeol, never written"), None);
    }

    #[test]
    fn shared_entities_count_the_groups_a_line_shares_with_a_context() {
        let (_, idx) = index(&[
            "Takeshi Funakoshi met Lee Sang-yeol and Kim Jong-un.\nLee Sang-yeol left.\n",
            "Funakoshi Takeshi and Kim Jong-un spoke. Takeshi Funakoshi too.\nNobody.\n",
        ]);
        let groups = idx.groups.len();
        let by_list = |doc: usize, line: u32, context: &[usize]| {
            (idx.entities_on(doc, line).iter())
                .filter(|g| context.binary_search(g).is_ok())
                .count()
        };
        // Every subset of the first groups, and a context past the mask's 64 groups.
        let mut contexts: Vec<Vec<usize>> = (0..1usize << groups.min(6))
            .map(|set| (0..groups).filter(|g| set >> g & 1 == 1).collect())
            .collect();
        contexts.push((0..100).collect());
        for context in &contexts {
            for (doc, line) in [(0, 0), (0, 1), (1, 0), (1, 1), (1, 7), (5, 0)] {
                assert_eq!(
                    idx.shared_entities(doc, line, context),
                    by_list(doc, line, context),
                    "document {doc}, line {line}, context {context:?}"
                );
            }
        }
        assert_eq!(
            idx.shared_entities(0, 0, &(0..groups).collect::<Vec<_>>()),
            3
        );
    }

    #[test]
    fn the_nearest_occurrence_is_the_one_a_scan_of_every_occurrence_finds() {
        // Parallel documents naming the same people on lines near each other's, with ties.
        let lines = [
            "Takeshi Funakoshi met Lee Sang-yeol.",
            "Nobody spoke.",
            "Lee Sang-yeol and Kim Jong-un left; Takeshi Funakoshi stayed.",
            "Kim Jong-un wrote.",
            "Takeshi Funakoshi and Kim Jong-un wrote back.",
        ];
        let texts: Vec<String> = (0..12)
            .map(|d| {
                (0..3)
                    .map(|l| lines[(d * 3 + l * (d % 4 + 1)) % lines.len()])
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        let (corpus, idx) = index(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        // As `nearest` found it before it kept the occurrences by line.
        let by_scan = |form: usize, near: Occ| {
            let occ = &idx.forms[form].occ;
            if let Some(best) = occ.closest_in_doc(near.doc(), near.start) {
                return best;
            }
            let scanned: Vec<Occ> = occ.iter().take(NEAREST_SCAN).collect();
            let closest = (scanned.iter().map(|o| o.line.abs_diff(near.line)).min()).unwrap();
            let context = idx.entities_on(near.doc(), near.line);
            (scanned.into_iter())
                .filter(|o| o.line.abs_diff(near.line) == closest)
                .min_by_key(|o| {
                    let shared = idx.shared_entities(o.doc(), o.line, &context);
                    (usize::MAX - shared, corpus.docs[o.doc()].name(), o.start())
                })
                .unwrap()
        };
        let mut weighed = 0;
        for form in 0..idx.forms.len() {
            for other in 0..idx.forms.len() {
                for near in idx.forms[other].occ.iter() {
                    // Far from the form's own document, so the line search decides.
                    let far = Occ {
                        doc: near.doc + 100,
                        ..near
                    };
                    for near in [near, far] {
                        assert_eq!(idx.nearest(&corpus, form, near), by_scan(form, near));
                        let occ = &idx.forms[form].occ;
                        if occ.closest_in_doc(near.doc(), near.start).is_none()
                            && !idx.entities_on(near.doc(), near.line).is_empty()
                        {
                            weighed += 1;
                        }
                    }
                }
            }
        }
        // Some found by line among occurrences weighed by the entities they share.
        assert!(weighed > 10, "{weighed}");
    }

    fn index(texts: &[&str]) -> (Corpus, Index) {
        let mut corpus = Corpus::new();
        let ctx = Context::new(&mut corpus, &Config::default()).unwrap();
        for (i, t) in texts.iter().enumerate() {
            corpus.add_document(format!("{i}.txt"), *t);
        }
        let facts = CorpusFacts::new(Vec::new());
        let idx = Index::build(&corpus, &facts, &ctx);
        (corpus, idx)
    }

    fn form<'a>(idx: &'a Index, text: &str) -> (usize, &'a Form) {
        idx.forms
            .iter()
            .enumerate()
            .find(|(_, f)| f.text == text)
            .unwrap_or_else(|| panic!("no form {text}"))
    }

    #[test]
    fn occurrences_are_in_corpus_order_across_batches_of_documents_and_ranges_of_forms() {
        // More documents than a batch, more forms than threads, forms first used late.
        let texts: Vec<String> = (0..OCCS_AT_A_TIME * 2 + 7)
            .map(|i| {
                let late = if i > OCCS_AT_A_TIME {
                    " Then Liu Yang spoke."
                } else {
                    ""
                };
                format!("Zhang Wei met Li Na.{late}\nLater Zhang Wei left Beijing.\n")
            })
            .collect();
        let (corpus, idx) = index(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        for (name, from) in [
            ("Zhang Wei", 0),
            ("Li Na", 0),
            ("Liu Yang", OCCS_AT_A_TIME + 1),
        ] {
            let (f, form) = form(&idx, name);
            let occs: Vec<Occ> = form.occ.iter().collect();
            let per_doc = if name == "Zhang Wei" { 2 } else { 1 };
            assert_eq!(occs.len(), (texts.len() - from) * per_doc, "{name}");
            for (i, o) in occs.iter().enumerate() {
                assert_eq!(o.doc(), from + i / per_doc, "{name}");
                let text = &corpus.docs[o.doc()].source.text;
                assert_eq!(&text[o.start()..o.start() + name.len()], name);
                // Each document's lines name the form where it occurs.
                assert!(idx.entities_on(o.doc(), o.line).contains(&idx.group[f]));
            }
        }
    }

    #[test]
    fn lower_case_words_are_counted_by_document_and_found_by_their_text() {
        let (_, idx) = index(&[
            "The marines landed, and the marines left. Marines.",
            "Later the marines came back.",
            "Nothing here.",
        ]);
        assert_eq!(idx.lower_case_docs(0, "marines"), Some(2));
        assert_eq!(idx.lower_case_docs(0, "Marines"), None);
        assert_eq!(idx.lower_case_docs(0, "never-written-anywhere"), None);
        assert_eq!(idx.lower_case_docs(1, "marines"), None);
    }

    #[test]
    fn groups_list_their_members_in_form_order_by_group_id() {
        let groups = Groups::new(&[0, 1, 0, 2, 1, 0], 3);
        assert_eq!(groups.len(), 3);
        let lists: Vec<&[usize]> = groups.iter().collect();
        assert_eq!(lists, [&[0, 2, 5][..], &[1, 4], &[3]]);
        assert_eq!(&groups[1], &[1, 4]);
        assert_eq!((&groups).into_iter().count(), 3);
        let none = Groups::new(&[], 0);
        assert!(none.is_empty() && none.iter().next().is_none());
        assert!(Groups::default().is_empty());
    }

    #[test]
    fn a_words_keys_read_back_as_computed_and_forms_share_them() {
        let mut corpus = Corpus::new();
        let ctx = Context::new(&mut corpus, &Config::default()).unwrap();
        let (_, idx) = index(&[
            "Jeong Eui-yong met Kōno Tarō, and Tarō Kōno met Jeong Eui-yong.",
            "Ryu Hyun-jin and Kōno Tarō.",
        ]);
        for (f, form) in idx.forms.iter().enumerate() {
            let roman: Vec<String> = (form.word_strs().iter())
                .map(|w| key::roman(&ctx.data, w))
                .collect();
            assert_eq!(idx.roman_words(f), roman);
            assert_eq!(idx.roman_name(f), roman.join("|"));
            assert_eq!(
                idx.roman_name(f),
                super::super::glossary::roman_name(&ctx.data, &form.word_strs())
            );
            for (w, word) in form.word_strs().into_iter().enumerate() {
                let keys = idx.word_keys(f, w);
                assert_eq!(keys.stripped(), key::strip(word));
                assert_eq!(keys.sound(), key::sound(&ctx.data, word, false));
                assert_eq!(keys.sound_classes(), key::sound(&ctx.data, word, true));
                assert_eq!(keys.roman(), key::roman(&ctx.data, word));
            }
        }
        let (a, _) = form(&idx, "Kōno Tarō");
        let (b, _) = form(&idx, "Tarō Kōno");
        assert_eq!(idx.word_keys(a, 0).roman(), idx.word_keys(b, 1).roman());
        assert!(std::ptr::eq(idx.word_keys(a, 0), idx.word_keys(b, 1)));
    }

    #[test]
    fn order_flips_and_hyphenation_join_one_group() {
        let (_, idx) = index(&[
            "Director Takeshi Funakoshi spoke.",
            "Funakoshi Takeshi spoke, and Lee Sang-yeol met Lee Sangyeol.",
        ]);
        let (a, _) = form(&idx, "Takeshi Funakoshi");
        let (b, _) = form(&idx, "Funakoshi Takeshi");
        assert_eq!(idx.group[a], idx.group[b]);
        let (c, _) = form(&idx, "Lee Sang-yeol");
        let (d, _) = form(&idx, "Lee Sangyeol");
        assert_eq!(idx.group[c], idx.group[d]);
        assert_ne!(idx.group[a], idx.group[c]);
    }

    #[test]
    fn a_place_word_or_compass_word_on_either_side_is_one_place_in_two_orders() {
        let (_, idx) = index(&[
            "Boats sail on Lake Chaohu and on Chaohu Lake, near Lake Taihu.",
            "Shops line South Huancheng Road and Huancheng South Road.",
        ]);
        let data = NameData::builtin();
        let moved = |text: &str| movable_word(form(&idx, text).1, &data);
        let (lake_first, lake_last) =
            (moved("Lake Chaohu").unwrap(), moved("Chaohu Lake").unwrap());
        assert_eq!(lake_first.key, lake_last.key);
        assert!(lake_first.first && !lake_last.first);
        assert_ne!(moved("Lake Taihu").unwrap().key, lake_first.key);
        let (south_first, south_inside) = (
            moved("South Huancheng Road").unwrap(),
            moved("Huancheng South Road").unwrap(),
        );
        assert_eq!(south_first.key, south_inside.key);
        assert!(south_first.first && !south_inside.first);
        let (a, _) = form(&idx, "Lake Chaohu");
        let (b, _) = form(&idx, "Chaohu Lake");
        assert_eq!(idx.group[a], idx.group[b]);
    }

    #[test]
    fn family_names_come_from_lists_and_from_the_corpus() {
        let (_, idx) = index(&[
            "Takeshi Funakoshi and Funakoshi Kenyu and Kato Katsunobu and Kim Jong-un met Antony Smith.",
        ]);
        assert_eq!(
            form(&idx, "Takeshi Funakoshi").1.person.map(|p| p.family),
            Some(1)
        );
        assert_eq!(
            form(&idx, "Funakoshi Kenyu").1.person.map(|p| p.family),
            Some(0)
        );
        assert_eq!(
            form(&idx, "Kato Katsunobu").1.person.map(|p| p.family),
            Some(0)
        );
        assert_eq!(
            form(&idx, "Kim Jong-un").1.person.map(|p| p.family),
            Some(0)
        );
        assert_eq!(form(&idx, "Antony Smith").1.person, None);
    }
}

/// A document's distinct lower-case words ([`DocNames::lower_words`]), as ids in the
/// process's [`VOCABULARY`]; saved as their [`fingerprint`]s. The ids are held sorted, each as
/// its difference from the one before in LEB128 (seven bits a byte): about half the bytes of
/// the ids themselves, and every document's are held until the corpus is decided.
#[derive(Debug, Clone, Default)]
pub struct LowerWords(Box<[u8]>);

impl LowerWords {
    /// The words of `words`, each kept once however often it is given.
    pub fn of_words<'a>(words: impl IntoIterator<Item = &'a str>) -> LowerWords {
        LowerWords::of_each(|ids| words.into_iter().for_each(|w| ids.push(w)))
    }

    /// The words `give` hands to [`WordIds::push`], one call a word, each kept once however
    /// often it is given: a document's words go straight from the text to the lookup, with no
    /// list of them in between (nor a call through a pointer).
    pub fn of_each(give: impl FnOnce(&mut WordIds)) -> LowerWords {
        KNOWN_WORDS.with_borrow_mut(|known| {
            // The ids' list is the thread's, kept from one document to the next.
            let mut ids = std::mem::take(&mut known.scratch);
            ids.clear();
            known.start();
            let mut words = WordIds {
                known,
                ids: &mut ids,
                ahead: [0; WORDS_AHEAD],
                given: 0,
            };
            give(&mut words);
            words.finish();
            let words = LowerWords::of_ids(&mut ids);
            known.scratch = ids;
            words
        })
    }

    /// The words whose fingerprints `saved` holds, eight bytes each ([`LowerWords`]'s
    /// `Serialize`); `None` for bytes that are not.
    fn of_fingerprints(saved: &[u8]) -> Option<LowerWords> {
        let (fingerprints, []) = saved.as_chunks::<8>() else {
            return None;
        };
        Some(KNOWN_WORDS.with_borrow_mut(|known| {
            let mut ids = Vec::with_capacity(fingerprints.len());
            known.start();
            for &fingerprint in fingerprints {
                known.give(u64::from_le_bytes(fingerprint), &mut ids);
            }
            LowerWords::of_ids(&mut ids)
        }))
    }

    /// Distinct `ids`, sorted here.
    fn of_ids(ids: &mut [u32]) -> LowerWords {
        ids.sort_unstable();
        let mut bytes = Vec::with_capacity(ids.len() * 3);
        let mut last = 0;
        for &id in ids.iter() {
            put(&mut bytes, u64::from(id - last));
            last = id;
        }
        LowerWords(bytes.into_boxed_slice())
    }

    /// The words' ids, in increasing order.
    fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = &self.0[..];
        let mut last = 0u32;
        std::iter::from_fn(move || {
            // Ids are u32, and so their differences: what `of_ids` put reads back as one.
            last += take(&mut bytes)? as u32;
            Some(last)
        })
    }
}

/// A document's words on their way into [`LowerWords::of_each`].
pub struct WordIds<'a> {
    known: &'a mut KnownWords,
    ids: &'a mut Vec<u32>,
    /// The last words given, by fingerprint, whose slots are being fetched: each is looked up
    /// [`WORDS_AHEAD`] words later.
    ahead: [u64; WORDS_AHEAD],
    given: usize,
}

/// How many words ahead of its lookup a word's slot is fetched. The thread's table of words
/// is a few MB, past the core's own caches: looked up at once, nearly every word waited on
/// memory (a twentieth of the run's CPU on the 51 MB benchmark).
const WORDS_AHEAD: usize = 8;

impl WordIds<'_> {
    /// Gives a word of the document.
    #[inline]
    pub fn push(&mut self, word: &str) {
        let fingerprint = fingerprint(word);
        self.known.prefetch(fingerprint);
        let at = self.given % WORDS_AHEAD;
        if self.given >= WORDS_AHEAD {
            self.known.give(self.ahead[at], self.ids);
        }
        self.ahead[at] = fingerprint;
        self.given += 1;
    }

    /// Looks up the words still ahead.
    fn finish(self) {
        let waiting = self.given.min(WORDS_AHEAD);
        for k in self.given - waiting..self.given {
            self.known.give(self.ahead[k % WORDS_AHEAD], self.ids);
        }
    }
}

/// The words' fingerprints, sorted (the ids' order is the order the process met them in,
/// which the threads of a run decide, and a document's summary is the same bytes in every
/// run), eight bytes each.
impl serde::Serialize for LowerWords {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut fingerprints = VOCABULARY.fingerprints(self.ids());
        fingerprints.sort_unstable();
        let bytes: Vec<u8> = (fingerprints.iter())
            .flat_map(|f| f.to_le_bytes())
            .collect();
        s.serialize_bytes(&bytes)
    }
}

/// Read as borrowed bytes, as [`TextIds`] are read as borrowed strings.
impl<'de> serde::Deserialize<'de> for LowerWords {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<LowerWords, D::Error> {
        let saved = <&'de [u8]>::deserialize(d)?;
        LowerWords::of_fingerprints(saved)
            .ok_or_else(|| serde::de::Error::custom("lower-case words: not 8 bytes each"))
    }
}

/// A word's fingerprint: what stands for it in [`VOCABULARY`] and in the saved facts. Two
/// words with one fingerprint would be one word there: a name taken for a word some document
/// writes in lower case (a slip `names/near-miss` would then not report, never one it would).
/// Sixty-four well-mixed bits make any two words of n share one with a chance of about
/// n² / 2^65: for a million distinct words, one in 37 million. The words are not kept: a
/// lookup reads its slot and no string (on the 51 MB benchmark, the strings compared took
/// 25 ms of CPU), and a saved document's words are read back without hashing them again.
fn fingerprint(word: &str) -> u64 {
    // Murmur3's finaliser: every bit of its input changes each bit of its output about half
    // the time.
    fn mix(mut h: u64) -> u64 {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ h >> 33
    }
    let bytes = word.as_bytes();
    let n = bytes.len();
    let (blocks, rest) = bytes.as_chunks::<8>();
    // The length first: the blocks below are then each a function of the bytes of one length.
    let mut h = mix(n as u64 ^ 0x9e37_79b9_7f4a_7c15);
    for &block in blocks {
        h = mix(h ^ u64::from_le_bytes(block));
    }
    if !rest.is_empty() {
        // The bytes after the last whole block (copied into a block of zeros, they were a call
        // of `memcpy` and a stalled load).
        h = mix(h ^ last_bytes(bytes));
    }
    h
}

/// The last eight bytes of `bytes` read at once, overlapping those before when there are
/// more; of fewer, every byte (two overlapping reads of four, or each of up to three), so
/// that two strings of one length up to eight bytes never read alike.
fn last_bytes(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let at4 = |i: usize| {
        u64::from(u32::from_le_bytes(
            bytes[i..i + 4].try_into().expect("four bytes"),
        ))
    };
    match n {
        8.. => u64::from_le_bytes(bytes[n - 8..].try_into().expect("eight bytes")),
        4..8 => at4(0) | at4(n - 4) << 32,
        1..4 => u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16,
        0 => 0,
    }
}

/// Every lower-case word the documents of this process used ([`LowerWords`]), by fingerprint.
/// Never removed: a process sees one language's vocabulary, which stays small.
static VOCABULARY: std::sync::LazyLock<Vocabulary> = std::sync::LazyLock::new(Vocabulary::default);

/// Fingerprints each given an id for the life of the process, in shards (an id's low bits,
/// picked by a fingerprint's high bits), so the workers of the per-document pass seldom wait
/// on one lock.
#[derive(Default)]
struct Vocabulary {
    shards: [std::sync::Mutex<VocabularyShard>; 1 << SHARD_BITS],
}

/// The fingerprints of one shard of the [`Vocabulary`].
#[derive(Default)]
struct VocabularyShard {
    /// Open addressing with linear probing: each slot an index into `fingerprints` plus 1, or
    /// 0 for an empty slot; a power of two long (or empty), at most three quarters full.
    slots: Vec<u32>,
    fingerprints: Vec<u64>,
}

impl Vocabulary {
    /// The shard of `fingerprint`, locked.
    fn shard(&self, fingerprint: u64) -> (u32, std::sync::MutexGuard<'_, VocabularyShard>) {
        let shard = (fingerprint >> (64 - SHARD_BITS)) as u32;
        let lock = self.shards[shard as usize]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        (shard, lock)
    }

    /// The id of `fingerprint`, given now if it has none.
    fn id(&self, fingerprint: u64) -> u32 {
        let (shard, mut s) = self.shard(fingerprint);
        let local = s
            .local(fingerprint)
            .unwrap_or_else(|slot| s.insert(slot, fingerprint));
        (local << SHARD_BITS) | shard
    }

    /// The id of `fingerprint` if it has one.
    fn find(&self, fingerprint: u64) -> Option<u32> {
        let (shard, s) = self.shard(fingerprint);
        let local = s.local(fingerprint).ok()?;
        Some((local << SHARD_BITS) | shard)
    }

    /// An id above every id given so far.
    fn id_bound(&self) -> u32 {
        (self.shards.iter().enumerate())
            .map(|(shard, s)| {
                let given = s
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .fingerprints
                    .len();
                // The last id's, plus one.
                (given as u32)
                    .checked_sub(1)
                    .map_or(0, |last| (last << SHARD_BITS | shard as u32) + 1)
            })
            .max()
            .unwrap_or(0)
    }

    /// The fingerprints of `ids`, every shard locked once rather than once an id; 0 for an id
    /// [`Vocabulary::id`] did not give.
    fn fingerprints(&self, ids: impl IntoIterator<Item = u32>) -> Vec<u64> {
        let shards: [_; 1 << SHARD_BITS] = std::array::from_fn(|shard| {
            self.shards[shard].lock().unwrap_or_else(|e| e.into_inner())
        });
        (ids.into_iter())
            .map(|id| {
                let (shard, local) = place(id);
                shards[shard].fingerprints.get(local).copied().unwrap_or(0)
            })
            .collect()
    }
}

impl VocabularyShard {
    /// The index of `fingerprint` in `fingerprints`, or the empty slot to put it in.
    fn local(&self, fingerprint: u64) -> Result<u32, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let mut i = fingerprint as usize & mask;
        loop {
            match self.slots[i] {
                0 => return Err(i),
                id if self.fingerprints[id as usize - 1] == fingerprint => return Ok(id - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Adds `fingerprint`, not in the shard, at the empty slot [`VocabularyShard::local`]
    /// gave; its index.
    fn insert(&mut self, slot: usize, fingerprint: u64) -> u32 {
        let local = self.fingerprints.len() as u32;
        self.fingerprints.push(fingerprint);
        if 4 * self.fingerprints.len() > 3 * self.slots.len() {
            // Doubled (or made), every fingerprint placed again, the new one with them.
            self.slots = grown_slots(self.slots.len(), self.fingerprints.iter().copied());
        } else {
            self.slots[slot] = local + 1;
        }
        local
    }
}

/// The slots of a shard ([`Shard`], [`VocabularyShard`]) grown from `len`: twice as many (at
/// least 64), each slot the index plus 1 of the entry whose hash is placed there, in the
/// order of `hashes` (the entries' own), by linear probing.
fn grown_slots(len: usize, hashes: impl Iterator<Item = u64>) -> Vec<u32> {
    let size = (2 * len).max(64);
    let mut slots = vec![0; size];
    for (id, hash) in hashes.enumerate() {
        let mut i = hash as usize & (size - 1);
        while slots[i] != 0 {
            i = (i + 1) & (size - 1);
        }
        slots[i] = id as u32 + 1;
    }
    slots
}

/// Asks the core to bring `item`'s cache line in, for a lookup soon to read it: the threads'
/// tables of names and words are MBs, past the core's own caches, and a lookup made at once
/// would wait on memory.
#[inline(always)]
fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a hint to the cache, of a live item's address; it reads nothing the program sees.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((item as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}

/// The ids a thread has looked up in [`VOCABULARY`], each with the last call of
/// [`KnownWords::start`] that gave it: a document's words (a few hundred distinct, given once
/// an occurrence) are then told apart without a set of their own, and the shared vocabulary
/// (its locks) is asked only for words the thread has not met. As [`Known`] is for names, by
/// fingerprint rather than by string.
#[derive(Default)]
struct KnownWords {
    /// Open addressing with linear probing: a power of two long (or empty), and at most three
    /// quarters full.
    slots: Vec<WordSlot>,
    /// The slots in use.
    len: usize,
    /// The number of the current call.
    call: u32,
    /// A list of ids to fill, kept between calls ([`LowerWords::of_each`]).
    scratch: Vec<u32>,
}

/// Sixteen bytes: four slots a cache line.
#[derive(Clone, Copy, Default)]
struct WordSlot {
    fingerprint: u64,
    /// The id plus one; 0 for an empty slot.
    id: u32,
    call: u32,
}

impl KnownWords {
    /// Starts a call: a document's words, to be given to [`KnownWords::give`].
    fn start(&mut self) {
        // A call number seen before (after 2^32 calls) would hide words: start afresh.
        self.call = self.call.checked_add(1).unwrap_or_else(|| {
            self.clear();
            1
        });
        // Bounded as [`Known`] is.
        if self.len > KNOWN_MAX {
            self.clear();
        }
        if self.slots.is_empty() {
            self.slots = vec![WordSlot::default(); 64];
        }
    }

    /// Forgets every word, keeping the table's room ([`Known::clear`]).
    fn clear(&mut self) {
        self.slots.fill(WordSlot::default());
        self.len = 0;
    }

    /// Starts fetching the slot where a lookup of `fingerprint` starts.
    #[inline(always)]
    fn prefetch(&self, fingerprint: u64) {
        prefetch(&self.slots[fingerprint as usize & (self.slots.len() - 1)]);
    }

    /// Pushes the id of the word of `fingerprint` onto `ids`, unless this call gave it already.
    #[inline(always)]
    fn give(&mut self, fingerprint: u64, ids: &mut Vec<u32>) {
        let mask = self.slots.len() - 1;
        let mut i = fingerprint as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.id != 0 && slot.fingerprint == fingerprint {
                if slot.call != self.call {
                    slot.call = self.call;
                    ids.push(slot.id - 1);
                }
                return;
            }
            if slot.id == 0 {
                let id = VOCABULARY.id(fingerprint);
                *slot = WordSlot {
                    fingerprint,
                    id: id + 1,
                    call: self.call,
                };
                ids.push(id);
                self.len += 1;
                if 4 * self.len > 3 * self.slots.len() {
                    self.grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table, placing every word again.
    #[cold]
    fn grow(&mut self) {
        let size = 2 * self.slots.len();
        let old = std::mem::replace(&mut self.slots, vec![WordSlot::default(); size]);
        for slot in old.into_iter().filter(|s| s.id != 0) {
            let mut i = slot.fingerprint as usize & (size - 1);
            while self.slots[i].id != 0 {
                i = (i + 1) & (size - 1);
            }
            self.slots[i] = slot;
        }
    }
}

/// Every name the documents of this process wrote ([`DocNames::texts`]). Never removed either:
/// a corpus writes its names again and again, and the language server's edits add few.
static NAME_TEXTS: std::sync::LazyLock<Interner> = std::sync::LazyLock::new(Interner::default);

/// How many shards an [`Interner`] has: an id's low bits.
const SHARD_BITS: u32 = 4;

/// Strings each kept once, by id, for the life of the process. In shards, so the two workers
/// of the per-document pass seldom wait on one lock.
#[derive(Default)]
struct Interner {
    shards: [std::sync::Mutex<Shard>; 1 << SHARD_BITS],
}

/// How many bytes of strings a [`Shard`] takes from the allocator at a time.
const SHARD_BLOCK: usize = 4096;

/// The strings of one shard of an [`Interner`]. A run holds tens of thousands, so each is a
/// slice of a larger block rather than an allocation of its own, and its id a `u32` in a table
/// of its own (as [`Known`]'s) rather than a key of a map: a third of the bytes.
#[derive(Default)]
struct Shard {
    /// Open addressing with linear probing: each slot an index into `words` plus 1, or 0 for
    /// an empty slot; a power of two long (or empty), at most three quarters full.
    slots: Vec<u32>,
    words: Vec<&'static str>,
    /// What is left of the block the strings are copied into.
    free: &'static mut [u8],
}

/// The ids a thread has looked up in one [`Interner`], each with the last call of
/// [`Known::start`] that gave it and its place among that call's distinct strings. A
/// document's names (a few hundred distinct, given once an occurrence) are then
/// hashed once an occurrence and told apart without a set of their own, and the shared
/// interner (its locks, its second hash) is asked only for strings the thread has not met.
/// Its strings are the interner's own. A table of its own, probed in line: a lookup is most
/// of what a word costs, and a general map's (its groups of tags, its calls) cost twice this.
#[derive(Default)]
struct Known {
    /// Open addressing with linear probing: a power of two long (or empty), and at most three
    /// quarters full, so that a probe soon meets the string or an empty slot.
    slots: Vec<Slot>,
    /// The slots in use.
    len: usize,
    /// The number of the current call.
    call: u32,
}

#[derive(Default)]
struct Slot {
    /// The high half of the string's hash with its low bit set; 0 for an empty slot. Only a
    /// string with the same tag is compared.
    tag: u32,
    seen: Seen,
    /// The interner's copy; empty in an empty slot.
    word: &'static str,
}

#[derive(Clone, Copy, Default)]
struct Seen {
    id: u32,
    call: u32,
    /// Its index among the distinct strings of call `call`.
    local: u32,
}

/// A string's hash for [`Known`]: its slot from the low bits, its tag from the high ones.
/// Its own, cheaper than a general one for the short strings it is given (words, names):
/// eight bytes at a time, the last eight (or fewer) read at once.
fn known_hash(word: &str) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let bytes = word.as_bytes();
    let n = bytes.len();
    let mut h = (n as u64).wrapping_mul(K);
    let mut i = 0;
    while i + 8 < n {
        let block = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        h = (h ^ block).wrapping_mul(K).rotate_left(26);
        i += 8;
    }
    h = (h ^ last_bytes(bytes)).wrapping_mul(K);
    // The high bits (the product's best mixed) folded into the low ones that pick the slot.
    h ^ (h >> 32)
}

/// Whether `a` and `b` are the same strings: for the short ones a [`Known`] is given, two
/// overlapping reads a side instead of a call of `memcmp`.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let at = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("eight bytes"));
    let at4 = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("four"));
    match n {
        8..=16 => at(a, 0) == at(b, 0) && at(a, n - 8) == at(b, n - 8),
        4..8 => at4(a, 0) == at4(b, 0) && at4(a, n - 4) == at4(b, n - 4),
        _ => a == b,
    }
}

/// How many strings a thread's [`Known`] (or words its [`KnownWords`]) holds before it starts
/// afresh: a newswire's vocabulary of long lower-case words fits (rep0 of the benchmark has
/// ~15,000).
const KNOWN_MAX: usize = 1 << 16;

thread_local! {
    /// Of [`VOCABULARY`].
    static KNOWN_WORDS: std::cell::RefCell<KnownWords> = std::cell::RefCell::default();
    /// Of [`NAME_TEXTS`].
    static KNOWN_NAMES: std::cell::RefCell<Known> = std::cell::RefCell::default();
}

/// Frees this thread's [`Known`] strings and [`KnownWords`]
/// ([`crate::names::forget_thread_caches`]). The interners keep every id.
pub(crate) fn forget_thread_strings() {
    KNOWN_WORDS.with_borrow_mut(|known| *known = KnownWords::default());
    KNOWN_NAMES.with_borrow_mut(|known| *known = Known::default());
}

impl Known {
    /// Starts a call: a document's strings, to be given to [`Known::local`].
    fn start(&mut self) {
        // A call number seen before (after 2^32 calls) would hide strings: start afresh.
        self.call = self.call.checked_add(1).unwrap_or_else(|| {
            self.clear();
            1
        });
        // Every worker keeps its own copy, so it is bounded: a wide vocabulary would otherwise
        // be held once a core (~30 bytes a word). Forgotten strings are asked again.
        if self.len > KNOWN_MAX {
            self.clear();
        }
        if self.slots.is_empty() {
            self.grow(0);
        }
    }

    /// Starts fetching the slot where a lookup of `word` starts: its [`known_hash`].
    #[inline(always)]
    fn prefetch(&self, word: &str) -> u64 {
        let hash = known_hash(word);
        prefetch(&self.slots[hash as usize & (self.slots.len() - 1)]);
        hash
    }

    /// Forgets every string, keeping the table's room.
    fn clear(&mut self) {
        self.slots.fill_with(Slot::default);
        self.len = 0;
    }

    /// The index of `word`, whose [`known_hash`] is `hash`, among this call's distinct
    /// strings, whose ids (in `interner`) `distinct` collects in the order first given.
    // Once a word or name of every document: a call costs as much as the lookup.
    #[inline(always)]
    fn local(
        &mut self,
        interner: &Interner,
        word: &str,
        hash: u64,
        distinct: &mut Vec<u32>,
    ) -> u32 {
        // A quarter of the slots is empty ([`Known::start`], and the growth below): the probe
        // ends at the string or at a slot to put it in.
        let mask = self.slots.len() - 1;
        let tag = (hash >> 32) as u32 | 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.tag == tag && same_bytes(slot.word.as_bytes(), word.as_bytes()) {
                break;
            }
            if slot.tag == 0 {
                let (id, word) = interner.id(word);
                self.slots[i] = Slot {
                    tag,
                    seen: Seen {
                        id,
                        ..Seen::default()
                    },
                    word,
                };
                self.len += 1;
                if 4 * self.len > 3 * self.slots.len() {
                    i = self.grow(i);
                }
                break;
            }
            i = (i + 1) & mask;
        }
        let seen = &mut self.slots[i].seen;
        if seen.call != self.call {
            seen.call = self.call;
            seen.local = distinct.len() as u32;
            distinct.push(seen.id);
        }
        seen.local
    }

    /// Doubles the table (or makes its first), placing every string again; the new place of
    /// the one in slot `follow`.
    #[cold]
    fn grow(&mut self, follow: usize) -> usize {
        let size = (2 * self.slots.len()).max(64);
        let old = std::mem::replace(
            &mut self.slots,
            std::iter::repeat_with(Slot::default).take(size).collect(),
        );
        let mut followed = 0;
        for (at, slot) in old.into_iter().enumerate().filter(|(_, s)| s.tag != 0) {
            let hash = known_hash(slot.word);
            let mut i = hash as usize & (size - 1);
            while self.slots[i].tag != 0 {
                i = (i + 1) & (size - 1);
            }
            self.slots[i] = slot;
            if at == follow {
                followed = i;
            }
        }
        followed
    }

    #[cfg(test)]
    /// The ids of `texts` in [`NAME_TEXTS`], each once, in the order first given.
    fn distinct_ids<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
        self.start();
        let interner: &Interner = &NAME_TEXTS;
        let mut ids = Vec::new();
        for text in texts {
            self.local(interner, text, known_hash(text), &mut ids);
        }
        ids
    }
}

impl Interner {
    /// The shard of `word` and its lock.
    fn shard(&self, word: &str) -> (u32, std::sync::MutexGuard<'_, Shard>) {
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher.hash_one(word);
        let shard = (hash >> 60) as u32 & ((1 << SHARD_BITS) - 1);
        let lock = self.shards[shard as usize]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        (shard, lock)
    }

    /// The id of `word`, and the interner's copy of it.
    fn id(&self, word: &str) -> (u32, &'static str) {
        let (shard, mut s) = self.shard(word);
        let local = s.local(word).unwrap_or_else(|slot| s.insert(slot, word));
        ((local << SHARD_BITS) | shard, s.words[local as usize])
    }

    /// The id of `word` if it has one.
    fn find(&self, word: &str) -> Option<u32> {
        let (shard, s) = self.shard(word);
        s.local(word)
            .ok()
            .map(|local| (local << SHARD_BITS) | shard)
    }

    /// Words `ids` ([`Interner::word`] of each), every shard locked once rather than once a
    /// word: a document saves hundreds. Locked in shard order, so two callers cannot deadlock.
    fn words(&self, ids: impl IntoIterator<Item = u32>) -> Vec<&'static str> {
        let shards: [_; 1 << SHARD_BITS] = std::array::from_fn(|shard| {
            self.shards[shard].lock().unwrap_or_else(|e| e.into_inner())
        });
        (ids.into_iter())
            .map(|id| {
                let (shard, local) = place(id);
                shards[shard].word(local)
            })
            .collect()
    }

    /// Word `id`; empty for an id [`Interner::id`] did not give.
    fn word(&self, id: u32) -> &'static str {
        let (shard, local) = place(id);
        let shard = self.shards[shard].lock().unwrap_or_else(|e| e.into_inner());
        shard.word(local)
    }
}

/// The shard of id `id`, and its index among that shard's words.
fn place(id: u32) -> (usize, usize) {
    let shard = id & ((1 << SHARD_BITS) - 1);
    (shard as usize, (id >> SHARD_BITS) as usize)
}

impl Shard {
    /// Word `local` of this shard; empty for one it does not have.
    fn word(&self, local: usize) -> &'static str {
        self.words.get(local).copied().unwrap_or_default()
    }

    /// The index of `word` in `words`, or the empty slot to put it in.
    fn local(&self, word: &str) -> Result<u32, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let mut i = known_hash(word) as usize & mask;
        loop {
            match self.slots[i] {
                0 => return Err(i),
                id if self.words[id as usize - 1] == word => return Ok(id - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Adds `word`, not in the shard, at the empty slot `slot` [`Shard::local`] gave; its index.
    fn insert(&mut self, slot: usize, word: &str) -> u32 {
        let local = self.words.len() as u32;
        let copy = self.keep(word);
        self.words.push(copy);
        if 4 * self.words.len() > 3 * self.slots.len() {
            // Doubled (or made), every string placed again, the new one with them.
            self.slots = grown_slots(self.slots.len(), self.words.iter().map(|w| known_hash(w)));
        } else {
            self.slots[slot] = local + 1;
        }
        local
    }

    /// A copy of `word` for the life of the process (an interner never forgets a string), in
    /// the current block; a string too long to share a block gets its own.
    fn keep(&mut self, word: &str) -> &'static str {
        if word.len() > self.free.len() {
            if word.len() > SHARD_BLOCK / 4 {
                return Box::leak(word.into());
            }
            self.free = Box::leak(vec![0; SHARD_BLOCK].into_boxed_slice());
        }
        let (copy, rest) = std::mem::take(&mut self.free).split_at_mut(word.len());
        self.free = rest;
        copy.copy_from_slice(word.as_bytes());
        std::str::from_utf8(copy).expect("a copy of a string")
    }
}

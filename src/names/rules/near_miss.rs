use std::hash::Hasher;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{corpus_pointer, diagnostic, glossary_pointer, majority, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::index::Index;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/near-miss";

/// A corpus spelling must be used this many times more often than a near miss of it to be
/// taken as the right one.
const DOMINANCE: usize = 2;

/// Shortest lone word compared with the corpus: shorter ones are everyday words too often.
const MIN_WORD_LEN: usize = 5;

/// A name a transliteration slip away from a known one ("Brinken" for "Blinken").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a name a transliteration slip away from a known name (\"Brinken\" / \"Blinken\")",
        explanation: r#"
Names that pass through Chinese, Japanese or Korean come back slightly wrong: r for l
("Brinken" for "Blinken"), a long vowel spelt another way, a surname in another
romanisation system ("Jeong" for "Chung"), Wade–Giles for pinyin. A name is reported when
it is such a slip away from a known name:

- a name in the glossary (same sound key, or one edit away for names of five letters or
  more), or
- a family name used at least twice as often in the corpus (as the family name of a full
  name) that has the same sound key (r/l, eu/u, eo/o...): words of five letters or more,
  never a listed surname or given name, which are real names of their own. Whole-name
  romanisation classes (Jeong = Chung, Lee = Rhee) apply to full names only, because two
  people may really be called Jeong and Chung;
- a name of seven letters or more one letter from a name the publication uses at least
  three times as often and four times or more ("Spanjenberg" / "Spangenberg"), unless both
  read as pinyin (but for a doubled letter: "Sunning" / "Suning") or both as Japanese with
  a consonant changed ("Yoshikazu" / "Toshikazu"): one letter separates many real names of
  those systems.

The help says which name was probably meant and the fix writes it. If two similar names
really are two entities, declare them in lint.toml: `names.distinct = [["A", "B"]]`."#,
        fixable: true,
        flag: [
            "Jake Sullivan met Moon, and Sullivan said so; Sulrivan left.",
            "Chung Eui-yong spoke. Chung Eui-yong left. Jeong Eui-yong returned.",
            "Park Geun-hye met Moon, and Park Geun-hye left; Pak Geun-hye returned.",
        ],
        pass: [
            "Antony Blinken met Moon. Blinken said so, and Blinken left.",
            "Chung Eui-yong met Jeong Se-kyun; Chung Eui-yong left.",
            "John Kerry met Megyn Kelly. Kerry spoke. Kerry left.",
            "Wang Yi met Wang Yu and Li Peng met Li Ping.",
            "Dinner at Feng Chuang House was served.",
        ],
    }
}

fn glossary_hits(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    out: &mut Vec<Diagnostic>,
    done: &mut HashSet<(usize, usize)>,
) {
    let g = &ctx.glossary;
    for (f, form) in index.forms.iter().enumerate() {
        if !form.kind.may_be_person() || g.variant(form.text).is_some() {
            continue;
        }
        for w in 0..form.words.len() {
            // Glossary tokens are family names: a word that cannot be one here (a given name,
            // a word of a longer name: "Feng Chuang House" is no slip of "Chung") is not
            // compared with them.
            let family_place = match form.person {
                Some(p) => p.family == w,
                None => form.words.len() == 1,
            };
            if !family_place {
                continue;
            }
            let word = form.word(w);
            let Some(token) = index.near_glossary(ctx, f, w) else {
                continue;
            };
            let (surface, entity) = (&token.surface, &token.entity);
            if g.is_distinct(word, surface) {
                continue;
            }
            done.insert((f, w));
            let canonical = &g.entities[*entity].canonical;
            for occ in index.reported_occs(f) {
                if occ.initial() && form.words.len() == 1 {
                    continue;
                }
                let d = diagnostic(
                    ID,
                    index.word_span(corpus, f, occ, w),
                    format!("`{word}` is close to `{surface}` ({canonical})"),
                )
                .with_help(format!("did you mean \"{surface}\"?"));
                let d = glossary_pointer(ctx, d, *entity);
                let d = corpus_pointer(corpus, index, d, f, occ, canonical);
                out.push(with_fix(d, surface.clone(), false));
            }
        }
        // A whole name in another romanisation system ("Jeong Eui-yong").
        if form.words.len() >= 2
            && !(0..form.words.len()).any(|w| done.contains(&(f, w)))
            && let Some(e) = g
                .by_sound(&index.sound_name(f))
                .or_else(|| g.near_name(&ctx.data, &form.word_strs()))
            && g.by_roman(&index.roman_name(f)) != Some(e)
            && g.entities[e].canonical != form.text
            && !g.is_distinct(form.text, &g.entities[e].canonical)
        {
            let canonical = g.entities[e].canonical.clone();
            done.insert((f, 0));
            for occ in index.reported_occs(f) {
                let d = diagnostic(
                    ID,
                    index.span(corpus, f, occ),
                    format!("`{}` is close to `{canonical}`", form.text),
                )
                .with_help(format!("did you mean \"{canonical}\"?"));
                let d = glossary_pointer(ctx, d, e);
                let d = corpus_pointer(corpus, index, d, f, occ, &canonical);
                out.push(with_fix(d, canonical.clone(), false));
            }
        }
    }
}

/// Of every word of [`Index::words`], the id of its stripped key ([`WordKeys::stripped`]),
/// and of every id, a word with that key: words that strip alike share an id, so the words
/// are counted on numbers (per distinct word, not per use of one).
///
/// [`WordKeys::stripped`]: crate::names::index::WordKeys::stripped
struct StrippedIds {
    of_word: Vec<u32>,
    word: Vec<usize>,
}

impl StrippedIds {
    fn new(index: &Index) -> StrippedIds {
        let mut ids: HashMap<&str, u32> = HashMap::default();
        let mut word = Vec::new();
        let of_word = (index.words.iter().enumerate())
            .map(|(w, keys)| {
                *ids.entry(keys.stripped()).or_insert_with(|| {
                    word.push(w);
                    word.len() as u32 - 1
                })
            })
            .collect();
        StrippedIds { of_word, word }
    }

    /// The stripped key of id `id`.
    fn text<'a>(&self, index: &'a Index, id: u32) -> &'a str {
        index.words[self.word[id as usize]].stripped()
    }
}

/// Statistics by (publication, stripped key id), in order of first use: each one's index in a
/// vector, found through a map of two numbers.
struct Counted<S> {
    slot: HashMap<(usize, u32), usize>,
    stats: Vec<((usize, u32), S)>,
}

impl<S: Default> Counted<S> {
    fn new() -> Counted<S> {
        Counted {
            slot: HashMap::default(),
            stats: Vec::new(),
        }
    }

    fn entry(&mut self, key: (usize, u32)) -> &mut S {
        let stats = &mut self.stats;
        let i = *self.slot.entry(key).or_insert_with(|| {
            stats.push((key, S::default()));
            stats.len() - 1
        });
        &mut stats[i].1
    }
}

/// Lone words: a rarer spelling with the sound key of a word used in full names.
fn word_hits(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    out: &mut Vec<Diagnostic>,
    done: &mut HashSet<(usize, usize)>,
    ids: &StrippedIds,
) {
    #[derive(Default)]
    struct Stat {
        count: usize,
        /// Seen as the family name of a full name: a known name, not just a word.
        family: bool,
        uses: Vec<(usize, usize)>,
        /// The word of its last use, whose sound key it is compared by.
        sound_of: usize,
    }
    // Words long enough to compare, by word id.
    let long: Vec<bool> = (index.words.iter())
        .map(|k| k.stripped().chars().count() >= MIN_WORD_LEN)
        .collect();
    // Per publication: words are compared with the words of their own publication only.
    let mut counted: Counted<Stat> = Counted::new();
    for (f, form) in index.forms.iter().enumerate() {
        if !form.kind.may_be_person() {
            continue;
        }
        let p = form.publication;
        let n = form.telling_uses();
        let last = form.words.len() - 1;
        let family = form.person.map(|p| p.family).or_else(|| {
            // Western order: "Antony Blinken".
            let western = || key::with_folded(form.word(0), |w| ctx.data.western_given.contains(w));
            (last > 0 && western()).then_some(last)
        });
        for w in 0..form.words.len() {
            let id = index.word_id(f, w);
            if !long[id] {
                continue;
            }
            let s = counted.entry((p, ids.of_word[id]));
            s.count += n;
            s.family |= family == Some(w);
            s.uses.push((f, w));
            s.sound_of = id;
        }
    }
    let stats = &counted.stats;
    let mut buckets: HashMap<(usize, &str), Vec<usize>> = HashMap::default();
    for (i, ((p, _), s)) in stats.iter().enumerate() {
        let sound = index.words[s.sound_of].sound();
        buckets.entry((*p, sound)).or_default().push(i);
    }
    for mut words in buckets.into_values().filter(|b| b.len() > 1) {
        words.sort_by_key(|&i| {
            let ((p, id), s) = &stats[i];
            (std::cmp::Reverse(s.count), *p, ids.text(index, *id))
        });
        let top_stat = &stats[words[0]].1;
        if !top_stat.family || top_stat.count < DOMINANCE {
            continue;
        }
        let (label_form, label_word) = label_use(corpus, index, &top_stat.uses);
        let top_surface = index.forms[label_form].word(label_word).to_string();
        let canonical = Canonical {
            form: label_form,
            word: label_word,
            surface: &top_surface,
            count: top_stat.count,
            relation: "is close to",
        };
        for &minor in &words[1..] {
            let s = &stats[minor].1;
            if s.count == 0 || top_stat.count < DOMINANCE * s.count {
                continue;
            }
            flag_uses(ctx, corpus, index, out, done, &s.uses, &canonical);
        }
    }
}

/// How much more often a name must be used than a one-slip spelling of it ("Spanjenberg"
/// for "Spangenberg") for the slip to be reported. Higher than [`DOMINANCE`]: no sound rule
/// vouches for the pair, only the count.
const SLIP_DOMINANCE: usize = 3;

/// A dominant word written in lower case in at least one document for this many of its
/// capitalised uses is vocabulary ("Marines" / "marines").
const LOWER_CASE_SHARE: usize = 10;

/// Vowels with the marks romanisations lengthen them with (Hepburn's ō, Kunrei's ô).
const LONG_VOWEL_MARKS: &str = "āēīōūâêîôûĀĒĪŌŪÂÊÎÔÛ";

/// Fewest uses of the dominant spelling: a name met once or twice proves nothing.
const SLIP_MIN_USES: usize = 4;

/// Shortest words compared for slips: among shorter names one letter makes another real name
/// too often ("Oda" / "Oba", "Kimura" / "Kamura").
const SLIP_MIN_LEN: usize = 7;

/// Shortest word (in characters) of a slip pair: the shorter of the two may have lost a
/// letter. The documents' facts keep no shorter lower-case word ([`DocNames::lower_words`]).
///
/// [`DocNames::lower_words`]: crate::names::index::DocNames::lower_words
pub(in crate::names) const SLIP_MIN_WORD: usize = SLIP_MIN_LEN - 1;

/// Lone words one slip apart (a letter added, dropped or changed): a spelling used far less
/// than a name of the same publication it is one slip from. Never two words that are both
/// pinyin (one letter separates many real Chinese names: "Xiaoming" / "Xiaoping") unless a
/// letter is doubled, or both Japanese unless the edit is a slip ([`japanese_slip`]); nor two
/// words that differ in their last letter (a plural, an adjective, another name: "Australia"
/// / "Australian", "Adrian" / "Adriano"), nor a word the publication also writes in lower
/// case, which is vocabulary rather than a name.
fn slip_hits(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    out: &mut Vec<Diagnostic>,
    done: &mut HashSet<(usize, usize)>,
    ids: &StrippedIds,
) {
    let data = &ctx.data;
    let pinyin = data.origin("zh");
    let japanese = data.origin("ja");
    #[derive(Default)]
    struct Stat {
        count: usize,
        uses: Vec<(usize, usize)>,
    }
    // Whether each word may be a slip, by word id: its text decides, so it is read once.
    let mut comparable: Vec<Option<bool>> = vec![None; index.words.len()];
    let mut counted: Counted<Stat> = Counted::new();
    for (f, form) in index.forms.iter().enumerate() {
        let n = form.telling_uses();
        for w in 0..form.words.len() {
            let id = index.word_id(f, w);
            let stripped = || index.word_keys(f, w).stripped();
            let word = form.word(w);
            let candidate = *comparable[id].get_or_insert_with(|| {
                stripped().chars().count() >= SLIP_MIN_WORD
                    && stripped().chars().all(char::is_alphabetic)
                    // A letter code before a name ("R-Alabama", a senator's party) is no slip.
                    && !word.split('-').any(|part| part.chars().count() == 1)
                    && key::with_folded(word, |folded| {
                        !(data.is_stop(folded)
                            || data.titles.contains(folded)
                            || data.facility_words.contains(folded)
                            || data.place_words.contains(folded)
                            || data.org_generic.contains_key(folded))
                    })
            });
            if !candidate {
                continue;
            }
            let s = counted.entry((form.publication, ids.of_word[id]));
            s.count += n;
            s.uses.push((f, w));
        }
    }
    let stats = &counted.stats;
    // Words one deletion apart, or one substitution apart, share a key with one letter deleted.
    // A key is kept as its hash (with the publication), packed with its word's index in one
    // number: the word in the low bits, the hash's high bits above it, so equal keys sort
    // together in the least memory (on the 50 MB benchmark this was the peak of the run).
    // Two keys that only share those bits put two words together that the checks below
    // tell apart (they are not one edit apart, or not of one publication), so the pairs
    // found are those of the keys; the order of a key's words does not matter, as a pair's
    // checks and roles do not depend on it.
    let words: Vec<(usize, &str)> = (stats.iter())
        .map(|&((p, id), _)| (p, ids.text(index, id)))
        .collect();
    let word_bits = usize::BITS - words.len().leading_zeros();
    let word_mask = (1u64 << word_bits) - 1;
    let mut keys: Vec<u64> =
        Vec::with_capacity(words.iter().map(|(_, w)| w.chars().count() + 1).sum());
    let mut chars: Vec<char> = Vec::new();
    for (w, &(p, word)) in words.iter().enumerate() {
        chars.clear();
        chars.extend(word.chars());
        let key = |skip: usize| {
            let mut h = rustc_hash::FxHasher::default();
            h.write_usize(p);
            for (i, &c) in chars.iter().enumerate() {
                if i != skip {
                    h.write_u32(u32::from(c));
                }
            }
            h.finish() & !word_mask | w as u64
        };
        // The word itself (a deletion from a longer word may be it), then each deletion.
        keys.push(key(chars.len()));
        keys.extend((0..chars.len()).map(key));
    }
    keys.sort_unstable();
    // (publication, minor, dominant) pairs, each once, with the minor's and the dominant's
    // index in `stats`.
    let mut pairs: Vec<(usize, &str, &str, usize, usize)> = Vec::new();
    for bucket in keys.chunk_by(|a, b| a & !word_mask == b & !word_mask) {
        for (i, &a) in bucket.iter().enumerate() {
            for &b in &bucket[i + 1..] {
                let (ia, ib) = ((a & word_mask) as usize, (b & word_mask) as usize);
                let ((p, a), (q, b)) = (words[ia], words[ib]);
                if p != q || ia == ib {
                    continue;
                }
                let (ca, cb) = (stats[ia].1.count, stats[ib].1.count);
                let (minor, top, top_count, minor_count) = if ca < cb {
                    (a, b, cb, ca)
                } else {
                    (b, a, ca, cb)
                };
                let (minor_at, top_at) = if ca < cb { (ia, ib) } else { (ib, ia) };
                let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
                let shortest = a.chars().count().min(b.chars().count());
                if minor_count == 0
                    || top_count < SLIP_MIN_USES
                    || top_count < SLIP_DOMINANCE * minor_count
                    || a.chars().count().max(b.chars().count()) < SLIP_MIN_LEN
                    // Two deletions can meet on one key too ("Wangjun" / "Gwangju").
                    || strsim::osa_distance(a, b) != 1
                    // An ending is grammar or another name: "Argentina" / "Argentine",
                    // "Adrian" / "Adriano", "Rodriguez" / "Rodrigues".
                    || shared + 1 >= shortest
                    || pinyin.is_some_and(|z| {
                        z.is_plausible(a) && z.is_plausible(b) && !doubled_letter(a, b)
                    })
                    || japanese.is_some_and(|j| {
                        j.is_plausible(a) && j.is_plausible(b) && !japanese_slip(a, b)
                    })
                {
                    continue;
                }
                pairs.push((p, minor, top, minor_at, top_at));
            }
        }
    }
    drop(keys);
    pairs.sort_unstable();
    pairs.dedup();
    if pairs.is_empty() {
        return;
    }
    // Words the publication also writes in lower case are vocabulary, not names (from the
    // documents' names facts: the decision reads no text).
    let lower = |p: usize, w: &str| index.lower_case_docs(p, w);
    // Of each dominant word, the use its labels point at and its surface: the same for all
    // the slips of it, and read from all its uses (a common name has many of both).
    let mut labels: HashMap<usize, (usize, usize, String)> = HashMap::default();
    for (p, minor, top, minor_at, top_at) in pairs {
        let top_stat = &stats[top_at].1;
        // A name a careless writer once left in lower case ("the suning app") stays a name.
        let vocabulary =
            lower(p, top).is_some_and(|docs| docs as usize * LOWER_CASE_SHARE >= top_stat.count);
        if lower(p, minor).is_some() || vocabulary {
            continue;
        }
        let (label_form, label_word, top_surface) = labels
            .entry(top_at)
            .or_insert_with(|| slip_label(corpus, index, &top_stat.uses));
        let canonical = Canonical {
            form: *label_form,
            word: *label_word,
            surface: top_surface,
            count: top_stat.count,
            relation: "is one letter from",
        };
        let uses = &stats[minor_at].1.uses;
        flag_uses(ctx, corpus, index, out, done, uses, &canonical);
    }
}

/// The use a slip's label points at ([`label_use`]) of a dominant word with uses `uses`, and
/// the surface its fix writes.
fn slip_label(corpus: &Corpus, index: &Index, uses: &[(usize, usize)]) -> (usize, usize, String) {
    let (label_form, label_word) = label_use(corpus, index, uses);
    // A publication that writes the name with its accents too has the full spelling
    // ("Mbappé"). Long-vowel marks are a romanisation's, which English usually drops
    // ("Kōchihara"): then the publication's most used spelling.
    let words = || uses.iter().map(|&(f, w)| (f, index.forms[f].word(w)));
    let accented = words()
        .map(|(_, w)| w)
        .filter(|w| {
            w.chars()
                .any(|c| !c.is_ascii() && !LONG_VOWEL_MARKS.contains(c))
        })
        .min();
    let mut spellings: HashMap<&str, usize> = HashMap::default();
    for (f, w) in words() {
        *spellings.entry(w).or_default() += index.forms[f].occ.len();
    }
    let most_used = spellings
        .into_iter()
        .max_by_key(|&(w, n)| (n, std::cmp::Reverse(w)))
        .map(|(w, _)| w);
    let top_surface = accented
        .or(most_used)
        .unwrap_or(index.forms[label_form].word(label_word))
        .to_string();
    (label_form, label_word, top_surface)
}

/// Whether one of two words is the other with a letter doubled ("Sunning" / "Suning"): a slip
/// of the keys, even where both words read as pinyin.
fn doubled_letter(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    let i = long.iter().zip(&short).take_while(|(x, y)| x == y).count();
    long[..i] == short[..i] && long[i + 1..] == short[i..] && i > 0 && long[i] == long[i - 1]
}

/// Whether two Japanese-looking words one edit apart differ as a slip does rather than as two
/// names do. A consonant changed, added or dropped at the start of a syllable makes another
/// real name ("Yoshikazu" / "Toshikazu", "Minamoto" / "Miyamoto"), and a vowel added after a
/// vowel is a long-vowel spelling (names/inconsistent-romanisation); a vowel changed for
/// another ("Kachihara" for "Kochihara"), dropped after a consonant ("Masjiro") or a consonant
/// dropped inside a cluster ("Hiramasu" for "Hiramatsu") is a slip.
fn japanese_slip(a: &str, b: &str) -> bool {
    let vowel = |c: char| "aeiou".contains(c);
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Where they part; for an added letter, its place in the longer word.
    let i = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    if i >= a.len().max(b.len()) {
        return false;
    }
    if a.len() == b.len() {
        return vowel(a[i]) && vowel(b[i]);
    }
    let long = if a.len() > b.len() { &a } else { &b };
    let c = long[i];
    if vowel(c) {
        // A vowel after a consonant ("Masjiro" for "Masujiro"), not one lengthening the
        // vowel before it (ou, oo, uu, ei, aa, ii).
        let before = i.checked_sub(1).map(|p| long[p]);
        return before.is_some_and(|p| !vowel(p));
    }
    long.get(i + 1).is_some_and(|&n| !vowel(n))
}

/// The use `(form, word)` of a dominant word the labels point at: the one in its most used
/// form.
fn label_use(corpus: &Corpus, index: &Index, uses: &[(usize, usize)]) -> (usize, usize) {
    let forms: Vec<usize> = uses.iter().map(|&(f, _)| f).collect();
    let form = majority(corpus, index, &forms);
    let word = uses.iter().find(|(f, _)| *f == form).map_or(0, |u| u.1);
    (form, word)
}

/// The spelling a minor word is taken to miss: its surface (the fix), the use of it the
/// label points at, how often it is used and how the minor word relates to it.
struct Canonical<'a> {
    form: usize,
    word: usize,
    surface: &'a str,
    count: usize,
    relation: &'static str,
}

/// Reports each use `(form, word)` of a minor spelling unless already reported, a word of
/// its own (a listed name, a stop word), a glossary token or declared distinct from the
/// canonical one, at every occurrence but a lone word opening a sentence; the label points at the nearest use of
/// the canonical spelling and the fix, unsafe, writes it.
fn flag_uses(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    out: &mut Vec<Diagnostic>,
    done: &mut HashSet<(usize, usize)>,
    uses: &[(usize, usize)],
    canonical: &Canonical,
) {
    let label_text = index.forms[canonical.form].word(canonical.word);
    for &(f, w) in uses {
        let form = &index.forms[f];
        let word = form.word(w);
        if done.contains(&(f, w))
            || index.word_keys(f, w).own_word
            || english_compound(ctx, word, canonical.surface)
            || ctx.glossary.is_token(word)
            || ctx.glossary.is_distinct(word, canonical.surface)
        {
            continue;
        }
        done.insert((f, w));
        for occ in index.reported_occs(f) {
            if occ.initial() && form.words.len() == 1 {
                continue;
            }
            let near = index.nearest(corpus, canonical.form, occ);
            out.push(
                diagnostic(
                    ID,
                    index.word_span(corpus, f, occ, w),
                    format!(
                        "`{word}` {} `{}` ({})",
                        canonical.relation,
                        canonical.surface,
                        super::uses(canonical.count)
                    ),
                )
                .with_label(
                    index.word_span(corpus, canonical.form, near, canonical.word),
                    format!("`{label_text}` here"),
                )
                .with_help(format!("did you mean \"{}\"?", canonical.surface))
                .with_unsafe_fix(canonical.surface.to_string()),
            );
        }
    }
}

/// Whether `word` and `other` are hyphenated compounds that differ only in parts that are
/// English words of their own ("Asian-Pacific" / "Asia-Pacific": a demonym, not a slip).
/// Short stop words are left out: they are also syllables of names ("Jae-in").
fn english_compound(ctx: &Context, word: &str, other: &str) -> bool {
    let (a, b): (Vec<String>, Vec<String>) = (
        word.split('-').map(key::fold).collect(),
        other.split('-').map(key::fold).collect(),
    );
    a.len() > 1
        && a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (x.chars().count() >= 4 && ctx.data.is_stop(x)))
}

/// The sound keys of the words of form `f`, with whole-word classes ([`Index::sound_name`]).
fn sound_keys(index: &Index, f: usize) -> impl Iterator<Item = &str> {
    (0..index.forms[f].words.len()).map(move |w| index.word_keys(f, w).sound_classes())
}

/// A hash of form `f`'s publication and [`sound_keys`], by which [`sound_buckets`] sorts.
fn sound_hash(index: &Index, f: usize) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write_usize(index.forms[f].publication);
    for sound in sound_keys(index, f) {
        h.write(sound.as_bytes());
        // No key holds this byte (it is never UTF-8): each word's key ends here.
        h.write_u8(0xff);
    }
    h.finish()
}

/// The full names that may be persons in buckets of one publication and one sound key, each
/// in form order, of two forms or more (one form is one group: nothing to compare). Found by
/// sorting the forms' `hash` of the two, then told apart exactly, rather than through a map
/// keyed by a string a form: forms whose keys only share a hash are never put together.
fn sound_buckets(index: &Index, hash: impl Fn(usize) -> u64) -> Vec<Vec<usize>> {
    let mut hashed: Vec<(u64, usize)> = (index.forms.iter().enumerate())
        .filter(|(_, form)| form.kind.may_be_person() && form.words.len() >= 2)
        .map(|(f, _)| (hash(f), f))
        .collect();
    hashed.sort_unstable();
    let same = |a: usize, b: usize| {
        index.forms[a].publication == index.forms[b].publication
            && sound_keys(index, a).eq(sound_keys(index, b))
    };
    let mut buckets: Vec<Vec<usize>> = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        let mut rest: Vec<usize> = run.iter().map(|&(_, f)| f).collect();
        while let Some(&first) = rest.first() {
            let (bucket, other): (Vec<usize>, _) = rest.iter().partition(|&&f| same(first, f));
            if bucket.len() > 1 {
                buckets.push(bucket);
            }
            rest = other;
        }
    }
    buckets
}

/// Full names whose sound keys meet through romanisation classes ("Jeong Eui-yong" /
/// "Chung Eui-yong"): the rarer entity group is reported.
fn name_hits(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    out: &mut Vec<Diagnostic>,
    done: &HashSet<(usize, usize)>,
) {
    let buckets = sound_buckets(index, |f| sound_hash(index, f));
    let count = |g: usize| -> usize {
        index.groups[g]
            .iter()
            .map(|&f| index.forms[f].occ.len())
            .sum()
    };
    for forms in buckets {
        let mut groups: Vec<usize> = forms.iter().map(|&f| index.group[f]).collect();
        groups.sort_unstable();
        groups.dedup();
        if groups.len() < 2 {
            continue;
        }
        groups.sort_by_key(|&g| (std::cmp::Reverse(count(g)), g));
        let top = majority(corpus, index, &index.groups[groups[0]]);
        let top_count = count(groups[0]);
        let top_text = index.forms[top].text;
        for &g in &groups[1..] {
            if top_count < DOMINANCE * count(g) {
                continue;
            }
            for &f in &index.groups[g] {
                let form = &index.forms[f];
                if forms.binary_search(&f).is_err()
                    || (0..form.words.len()).any(|w| done.contains(&(f, w)))
                    || ctx.glossary.is_distinct(form.text, top_text)
                {
                    continue;
                }
                for occ in index.reported_occs(f) {
                    let near = index.nearest(corpus, top, occ);
                    out.push(
                        diagnostic(
                            ID,
                            index.span(corpus, f, occ),
                            format!(
                                "`{}` is close to `{top_text}` ({})",
                                form.text,
                                super::uses(top_count)
                            ),
                        )
                        .with_label(index.span(corpus, top, near), format!("`{top_text}` here"))
                        .with_help(format!("did you mean \"{top_text}\"?"))
                        .with_unsafe_fix(top_text),
                    );
                }
            }
        }
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    let mut done = HashSet::default();
    glossary_hits(ctx, corpus, index, out, &mut done);
    let ids = StrippedIds::new(index);
    word_hits(ctx, corpus, index, out, &mut done, &ids);
    slip_hits(ctx, corpus, index, out, &mut done, &ids);
    name_hits(ctx, corpus, index, out, &done);
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, indexed, run};

    /// Full names are bucketed by their publication and sound keys, whatever the hash they
    /// are sorted by: with every form hashed alike (all collide), or by the length of its
    /// keys (some do), the buckets are those of the real hash.
    #[test]
    fn forms_sharing_sound_keys_are_bucketed_and_a_shared_hash_joins_nothing() {
        let (_, _, index) = indexed(
            "[names]\npublication = \"folder\"\n",
            &[
                (
                    "desk/a.txt",
                    "Chung Eui-yong met Park Geun-hye. Jeong Eui-yong met Pak Geun-hye, \
                     Moon Jae-in and Kim Jong-un.",
                ),
                (
                    "wire/b.txt",
                    "Jeong Eui-yong met Park Geun-hye and Chung Eui-yong.",
                ),
            ],
        );
        let buckets = |hash: &dyn Fn(usize) -> u64| {
            let mut buckets = super::sound_buckets(&index, hash);
            buckets.sort();
            buckets
        };
        let real = buckets(&|f| super::sound_hash(&index, f));
        let written: Vec<Vec<String>> = (real.iter())
            .map(|bucket| {
                (bucket.iter())
                    .map(|&f| {
                        let form = &index.forms[f];
                        format!("{}: {}", index.publications[form.publication], form.text)
                    })
                    .collect()
            })
            .collect();
        // Park Geun-hye of the wire is one form alone: no bucket.
        assert_eq!(
            written,
            [
                ["desk: Chung Eui-yong", "desk: Jeong Eui-yong"],
                ["desk: Park Geun-hye", "desk: Pak Geun-hye"],
                ["wire: Jeong Eui-yong", "wire: Chung Eui-yong"],
            ]
        );
        assert_eq!(buckets(&|_| 7), real);
        let length = |f| super::sound_keys(&index, f).map(str::len).sum::<usize>() as u64;
        assert_eq!(buckets(&length), real);
    }

    const BLINKEN: &str =
        "[[names.entity]]\ncanonical = \"Antony Blinken\"\nfamily = \"Blinken\"\n";

    #[test]
    fn glossary_near_miss_says_did_you_mean_and_fixes() {
        let found = run(
            "names/near-miss",
            "",
            &[("a.txt", "US Secretary of State Brinken visited.")],
        );
        // Without a glossary entry for Blinken nothing is known... except the built-in one.
        assert_eq!(
            found.len(),
            0,
            "Brinken is a declared variant, not a near miss"
        );
        let found = run(
            "names/near-miss",
            BLINKEN,
            &[("a.txt", "He met Blinkin in Seoul.")],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "Blinkin");
        assert_eq!(
            found[0].2.help.as_deref(),
            Some("did you mean \"Blinken\"?")
        );
        assert_eq!(found[0].2.fix.as_ref().unwrap().replacement, "Blinken");
    }

    #[test]
    fn corpus_majority_across_files() {
        let found = run(
            "names/near-miss",
            "",
            &[
                ("a.txt", "Jake Sullivan arrived. He said Sullivan spoke."),
                ("b.txt", "Then Sulrivan left."),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "b.txt");
        assert_ne!(found[0].2.labels[0].span.file, found[0].2.span.file);
    }

    #[test]
    fn different_people_and_distinct_declarations_pass() {
        let docs = [(
            "a.txt",
            "Then Rollins met Lollins, and Lollins left with Robert Lollins.",
        )];
        assert_eq!(flagged("names/near-miss", "", &docs).len(), 1);
        assert!(
            flagged(
                "names/near-miss",
                "[names]\ndistinct = [[\"Rollins\", \"Lollins\"]]\n",
                &docs
            )
            .is_empty()
        );
        assert!(
            flagged(
                "names/near-miss",
                "",
                &[("a.txt", "Kim Jong-un met Kim Yo-jong and Kim Jong-il.")]
            )
            .is_empty()
        );
    }

    /// Four uses of the coach's name and one slip of it, in a second file.
    fn slip_docs(slip: &str) -> [(&'static str, String); 2] {
        [
            (
                "a.txt",
                "Coach Ferrington picked the side, and coach Ferrington said the pitch was \
                 wet. Asked again, Ferrington smiled, and Ferrington left."
                    .to_string(),
            ),
            ("b.txt", format!("Later, {slip} said the side was tired.")),
        ]
    }

    fn docs_of<'a>(d: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        d.iter().map(|(n, t)| (*n, t.as_str())).collect()
    }

    #[test]
    fn one_slip_from_a_much_used_name_is_reported_with_its_fix() {
        let d = slip_docs("Ferington");
        let found = run("names/near-miss", "", &docs_of(&d));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].0.as_str(), found[0].1.as_str()),
            ("b.txt", "Ferington")
        );
        assert_eq!(found[0].2.fix.as_ref().unwrap().replacement, "Ferrington");
        // The fix keeps accents the publication writes the name with.
        let accented = [
            slip_docs("Ferington")[0].clone(),
            ("c.txt", "Then Ferríngton spoke.".to_string()),
            ("b.txt", "Later, Ferington said so.".to_string()),
        ];
        let found = run("names/near-miss", "", &docs_of(&accented));
        assert_eq!(found[0].2.fix.as_ref().unwrap().replacement, "Ferríngton");
        // Not long-vowel marks, which English usually drops: the most used spelling.
        let macron = [
            slip_docs("Ferington")[0].clone(),
            ("c.txt", "Then Ferrīngton spoke.".to_string()),
            ("b.txt", "Later, Ferington said so.".to_string()),
        ];
        let found = run("names/near-miss", "", &docs_of(&macron));
        assert_eq!(found[0].2.fix.as_ref().unwrap().replacement, "Ferrington");
        // A letter changed rather than dropped.
        let d = slip_docs("Ferrinkton");
        assert_eq!(flagged("names/near-miss", "", &docs_of(&d)), ["Ferrinkton"]);
    }

    #[test]
    fn a_demonym_in_a_hyphenated_compound_is_no_slip() {
        let talks = "The Russia-Ukraine talks began. The Russia-Ukraine trade fell. The \
                     Russia-Ukraine border closed. The Russia-Ukraine flights stopped.";
        // "Russian" is an English word of its own: a compound with it is no misspelling of
        // the place's.
        let demonym = [
            ("a.txt", talks),
            ("b.txt", "The Russian-Ukraine front moved."),
        ];
        assert!(flagged("names/near-miss", "", &demonym).is_empty());
        // A slip in the other part is still one.
        let slip = [
            ("a.txt", talks),
            ("b.txt", "The Russia-Ucraine front moved."),
        ];
        assert_eq!(flagged("names/near-miss", "", &slip), ["Russia-Ucraine"]);
    }

    #[test]
    fn japanese_slips_are_vowels_changed_or_letters_dropped_from_a_cluster() {
        use super::japanese_slip;
        assert!(japanese_slip("kachihara", "kochihara"));
        assert!(japanese_slip("hiramasu", "hiramatsu"));
        // Another syllable's consonant: another name.
        assert!(!japanese_slip("minamoto", "miyamoto"));
        assert!(!japanese_slip("takahara", "takahama"));
        assert!(!japanese_slip("koarashi", "kogarashi"));
        // A vowel dropped after a consonant; a long vowel spelt another way is no slip.
        assert!(japanese_slip("masjiro", "masujiro"));
        assert!(!japanese_slip("kouhaku", "kohaku"));
        assert!(!japanese_slip("ooyama", "oyama"));
        // Through the rule: a district named five times, once with a vowel slip.
        let district = "The Nakatahara district flooded. The Nakatahara road closed. \
                        Many Nakatahara people left. Help reached Nakatahara.";
        let slip = [
            ("a.txt", district),
            ("b.txt", "The Nakotahara bridge fell."),
        ];
        assert_eq!(flagged("names/near-miss", "", &slip), ["Nakotahara"]);
        let other = [
            ("a.txt", district),
            ("b.txt", "The Nakatahama bridge fell."),
        ];
        assert!(flagged("names/near-miss", "", &other).is_empty());
        // A first consonant changed: another name ("Yoshikazu" / "Toshikazu").
        let first = [
            (
                "a.txt",
                "Yoshikazu spoke. Yoshikazu left. Yoshikazu won. Yoshikazu lost.",
            ),
            ("b.txt", "Then Toshikazu spoke."),
        ];
        assert!(flagged("names/near-miss", "", &first).is_empty());
    }

    #[test]
    fn slips_need_a_dominant_name_and_pass_endings_pinyin_and_vocabulary() {
        // Used as often as the slip: no majority to trust.
        let even = [
            ("a.txt", "Ferrington spoke. Ferington spoke."),
            ("b.txt", "Then Ferrington left."),
        ];
        assert!(flagged("names/near-miss", "", &even).is_empty());
        // Endings make other words and other names.
        let d = slip_docs("Ferringtons");
        assert!(flagged("names/near-miss", "", &docs_of(&d)).is_empty());
        // One letter separates many real pinyin names.
        let pinyin = [
            (
                "a.txt",
                "Li Xiaoming won. Li Xiaoming spoke. Li Xiaoming left. Li Xiaoming slept.",
            ),
            ("b.txt", "Wang Xiaoping lost."),
        ];
        assert!(flagged("names/near-miss", "", &pinyin).is_empty());
        // ... but a doubled letter is a slip of the keys.
        let doubled = [
            (
                "a.txt",
                "Li Huaning won. Li Huaning spoke. Li Huaning left. Li Huaning slept.",
            ),
            ("b.txt", "Then Li Huanning lost."),
        ];
        assert_eq!(flagged("names/near-miss", "", &doubled), ["Huanning"]);
        assert!(super::doubled_letter("sunning", "suning"));
        assert!(!super::doubled_letter("xiaoming", "xiaoping"));
        assert!(!super::doubled_letter("sunning", "sunnig"));
        // A word the text also writes in lower case is vocabulary.
        let vocabulary = [
            (
                "a.txt",
                "The Marinas won. The Marinas lost. The Marinas drew. The Marinas won again.",
            ),
            ("b.txt", "The Marines landed, and the marines stayed."),
        ];
        assert!(flagged("names/near-miss", "", &vocabulary).is_empty());
        let without = [vocabulary[0], ("b.txt", "The Marines landed.")];
        assert_eq!(flagged("names/near-miss", "", &without), ["Marines"]);
        // The dominant word in lower case: vocabulary when that is common, not when a writer
        // once missed the capital.
        let lower_top = [
            (
                "a.txt",
                "The Marines won. The Marines lost. The Marines drew. The Marines won again.",
            ),
            ("b.txt", "The marines landed."),
            ("c.txt", "The Marinas landed."),
        ];
        assert!(flagged("names/near-miss", "", &lower_top).is_empty());
        let names: Vec<(String, String)> = (0..4)
            .map(|i| {
                let text = "Li Sumingda won. Li Sumingda spoke. Li Sumingda left.";
                (format!("{i}.txt"), text.to_string())
            })
            .chain([
                ("x.txt".to_string(), "Ask sumingda fans.".to_string()),
                ("y.txt".to_string(), "Then Li Summingda lost.".to_string()),
            ])
            .collect();
        let names: Vec<(&str, &str)> = names
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        assert_eq!(flagged("names/near-miss", "", &names), ["Summingda"]);
        // A letter code before a name: a party, not a slip.
        let party = [
            (
                "a.txt",
                "Alabama voted. Alabama won. Alabama lost. Alabama drew.",
            ),
            ("b.txt", "Sen. Doug Jones, R-Alabama, spoke."),
        ];
        assert!(flagged("names/near-miss", "", &party).is_empty());
    }
}

//! The one scan: every literal the data rules of a run look for, found in one pass over each
//! document.
//!
//! A data rule hands out its [`Needles`]: regexes ([`Searcher`]) and lists of whole forms
//! ([`Literals`]: a substitution's wrong forms, a consistency rule's word lists). The run's
//! [`Scanner`] puts every list's forms, and every regex's prefixes (the literals each of its
//! matches must start with, read from the regex by `regex-syntax`), into one Aho-Corasick
//! automaton. One pass over a document then says where each regex can match, and the regex
//! runs only there, anchored; the lists' matches come out of the same pass. A regex without a
//! finite set of prefixes, or one whose prefixes the scan mostly finds in another case
//! ([`OTHER_CASE_GAP`]), is searched over the whole document. Either way a rule finds exactly
//! what it would find searching on its own (tested below), in one pass instead of one or more
//! per rule.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored as AcAnchored, MatchKind, dfa};
use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::{REGEX_DFA_SIZE_LIMIT, REGEX_SIZE_LIMIT};
use crate::rules::RuleId;

/// More prefixes than this and the regex is searched on its own: a set that large is made of
/// short, common literals that would flood the scan with candidates.
const MAX_PREFIXES: usize = 256;

/// A regex whose matches may start with a shorter literal (a digit, say) is searched on its
/// own: such a prefix occurs every few bytes, and the regex's own literal optimisations (an
/// inner or suffix literal) do better than an anchored search at each.
const MIN_PREFIX_BYTES: usize = 2;

/// Prefixes are cut to this length.
const PREFIX_BYTES: usize = 8;

/// A run scans its first bytes with a contiguous NFA and builds the full DFA once it has
/// scanned this many: about where the DFA's quicker scan has repaid its dearer build
/// ([`automaton`]), so a pre-commit hook or an editor over a few files never builds it, and a
/// big run soon has it.
const DFA_AFTER: usize = 2 << 20;

/// A scan that ignores ASCII case (a list of the run does: names/brand-case's brands) finds a
/// regex's case-sensitive prefixes in every case, `He ` in every "the ", and drops the hits in
/// another case. While the NFA scans, it counts them by regex; a regex with more than one every
/// this many bytes is left out of the full DFA ([`Scanner::upgraded`]) and searched on its own,
/// by the regex crate's literal prefilter, which keeps case. Such a hit costs the scan some 220
/// instructions (its walk leaves the lanes and enters them again), a regex's own search some 2
/// a byte. In the 51 MB benchmark corpus, calque/run-on-sentence's `He ` and `The ` were 1.36 M
/// of the scan's 1.87 M hits, 1.29 M of them in lower case; the next regex, 1 every 390 bytes.
const OTHER_CASE_GAP: usize = 128;

/// When a data rule's regexes are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compile {
    /// At once, so that a user's rule file that does not compile is an error when it loads.
    Now,
    /// When a document first gets to the regex (a prefix found, or one without prefixes): a
    /// run compiles only what its text needs. For the built-in packs, whose every regex is
    /// known to compile (tested).
    OnFirstUse,
}

/// A data rule's regex, run where the scan found one of its prefixes.
pub struct Searcher {
    pattern: Box<str>,
    /// As scans run it: anchored at their starts, or anywhere when it has no prefixes.
    regex: OnceLock<meta::Regex>,
    /// With prefixes, searched anywhere: a scan left it out ([`OTHER_CASE_GAP`]).
    on_its_own: OnceLock<meta::Regex>,
    /// Every match starts with one of these (none shorter than [`MIN_PREFIX_BYTES`]); `None`
    /// when the regex has no such finite set.
    prefixes: Option<Vec<Vec<u8>>>,
}

impl Searcher {
    /// Reads a user-supplied regex, compiled under the size limits of
    /// [`super::compile_regex`] as `compile` says, or says why not in its words.
    pub fn new(pattern: &str, compile: Compile) -> Result<Searcher, String> {
        let hir = regex_automata::util::syntax::parse(pattern)
            .map_err(|e| format!("invalid regex: {e}"))?;
        let mut seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        // Shorter prefixes are as sound (every match still starts with one), barely less
        // selective, and keep the automaton small and quick to build.
        seq.keep_first_bytes(PREFIX_BYTES);
        seq.dedup();
        let prefixes = seq.literals().and_then(|literals| {
            let usable = !literals.is_empty()
                && literals.len() <= MAX_PREFIXES
                && literals.iter().all(|l| l.len() >= MIN_PREFIX_BYTES);
            usable.then(|| literals.iter().map(|l| l.as_bytes().to_vec()).collect())
        });
        let regex = OnceLock::new();
        if compile == Compile::Now {
            let _ = regex.set(build(&hir, prefixes.is_none())?);
        }
        Ok(Searcher {
            pattern: pattern.into(),
            regex,
            on_its_own: OnceLock::new(),
            prefixes,
        })
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Drops the regex's search caches, one per thread that searched with it: a clone shares
    /// the compiled regex, not its caches.
    pub fn forget_caches(&mut self) {
        for cell in [&mut self.regex, &mut self.on_its_own] {
            if let Some(regex) = cell.take() {
                let _ = cell.set(regex.clone());
            }
        }
    }

    /// The regex to search anywhere (`anywhere`) or anchored at the scan's starts: one built
    /// with the regex crate's literal prefilter for the first, without for the second (which
    /// would not use it, and building it was some two fifths of such a regex's build).
    fn regex(&self, anywhere: bool) -> &meta::Regex {
        let cell = match anywhere && self.prefixes.is_some() {
            true => &self.on_its_own,
            false => &self.regex,
        };
        cell.get_or_init(|| {
            regex_automata::util::syntax::parse(&self.pattern)
                .map_err(|e| e.to_string())
                .and_then(|hir| build(&hir, anywhere))
                .expect("a regex compiled on first use is one known to compile")
        })
    }

    /// Calls `f` with each match in `text`, leftmost-first and without overlaps (as
    /// `Regex::captures_iter` finds them), given where the scan found the regex's prefixes.
    pub fn for_each(&self, text: &str, starts: Starts<'_>, mut f: impl FnMut(&Captures)) {
        match starts {
            Starts::Anywhere => {
                for caps in self.regex(true).captures_iter(text) {
                    f(&caps);
                }
            }
            // No prefix in the text: nothing to search, nor to compile.
            Starts::At([]) => {}
            Starts::At(starts) => {
                // Every match starts at a prefix and is not empty, so the leftmost match from
                // any point is the first anchored match at a start from there on.
                let regex = self.regex(false);
                let mut caps = regex.create_captures();
                let mut end = 0;
                for &start in starts {
                    if start < end {
                        continue;
                    }
                    let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                    regex.search_captures(&input, &mut caps);
                    if let Some(m) = caps.get_match() {
                        end = m.end();
                        f(&caps);
                    }
                }
            }
        }
    }
}

/// Compiles a parsed regex under the size limits of [`super::compile_regex`], with the regex
/// crate's own literal prefilter when it is searched `anywhere`.
fn build(hir: &regex_syntax::hir::Hir, anywhere: bool) -> Result<meta::Regex, String> {
    let config = meta::Config::new()
        .auto_prefilter(anywhere)
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(REGEX_DFA_SIZE_LIMIT);
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            Some(limit) => format!("regex is too large: it compiles to more than {limit} bytes"),
            None => format!("invalid regex: {e}"),
        })
}

/// Where a regex may match in one document.
#[derive(Debug, Clone, Copy)]
pub enum Starts<'a> {
    /// Anywhere: the regex has no prefixes to scan for.
    Anywhere,
    /// Only at these byte offsets, in order.
    At(&'a [usize]),
}

/// A list of forms found whole: leftmost-longest and without overlaps, as an Aho-Corasick
/// automaton with `MatchKind::LeftmostLongest` finds them.
#[derive(Debug)]
pub struct Literals {
    forms: Vec<String>,
    ignore_case: bool,
}

impl Literals {
    pub fn new(forms: Vec<String>, ignore_case: bool) -> Result<Literals, String> {
        if forms.iter().any(|l| l.is_empty()) {
            return Err("empty form".into());
        }
        Ok(Literals { forms, ignore_case })
    }

    pub fn forms(&self) -> &[String] {
        &self.forms
    }
}

/// What one data rule looks for.
#[derive(Default)]
pub struct Needles<'a> {
    pub regexes: Vec<&'a Searcher>,
    pub lists: Vec<&'a Literals>,
}

impl Needles<'_> {
    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty() && self.lists.is_empty()
    }
}

/// Who wants the hits of one pattern of the automaton.
#[derive(Debug, Clone, Copy)]
struct Want {
    what: Wanted,
    /// The automaton ignores ASCII case but this want does not: compare the bytes.
    exact: bool,
}

#[derive(Debug, Clone, Copy)]
enum Wanted {
    /// The start of regex `.0` (of the whole scanner).
    Regex(usize),
    /// Form `form` of list `list`.
    Form { list: usize, form: usize },
}

/// The rules a scanner serves, and where their regexes and lists begin in its numbering.
#[derive(Debug, Clone, Copy)]
struct Owner {
    id: RuleId,
    regexes: usize,
    lists: usize,
}

/// Every literal the data rules of a run look for, in one automaton.
pub struct Scanner {
    /// The literals as a contiguous NFA, which a run starts with; `None` when no rule looks
    /// for a literal.
    nfa: Option<contiguous::NFA>,
    /// What the NFA looks for.
    plan: Plan,
    /// A full DFA and what it looks for, once the run has scanned [`DFA_AFTER`] bytes.
    upgraded: OnceLock<Upgraded>,
    /// Whether a thread is building `upgraded` (the others scan on meanwhile).
    building: AtomicBool,
    scanned: AtomicUsize,
    /// The bytes the NFA has scanned, and per regex the hits at its prefixes in another case
    /// there ([`OTHER_CASE_GAP`]).
    counted: AtomicUsize,
    other_case: Vec<AtomicUsize>,
    ignore_case: bool,
    lists: usize,
    owners: Vec<Owner>,
}

/// What an automaton of the scanner looks for.
struct Plan {
    /// Per pattern of the automaton: its bytes, and who wants its hits.
    patterns: Vec<(Vec<u8>, Vec<Want>)>,
    /// Per regex: whether it is searched where its prefixes are (else anywhere).
    prefiltered: Vec<bool>,
}

impl Plan {
    /// This plan without the prefixes of the regexes `left` marks, which are then searched
    /// anywhere.
    fn leaving(&self, left: &[bool]) -> Plan {
        let is_left = |want: &Want| matches!(want.what, Wanted::Regex(r) if left[r]);
        let patterns = (self.patterns.iter())
            .filter_map(|(bytes, wants)| {
                let kept: Vec<Want> = wants.iter().filter(|w| !is_left(w)).copied().collect();
                (!kept.is_empty()).then(|| (bytes.clone(), kept))
            })
            .collect();
        let prefiltered = (self.prefiltered.iter().zip(left))
            .map(|(&scanned, &left)| scanned && !left)
            .collect();
        Plan {
            patterns,
            prefiltered,
        }
    }
}

/// The full DFA (`None` when it would look for nothing) and what it looks for.
struct Upgraded {
    dfa: Option<dfa::DFA>,
    plan: Plan,
}

impl Scanner {
    /// The scanner of the rules given as (rule id, what it looks for).
    pub fn new<'a>(rules: impl IntoIterator<Item = (RuleId, Needles<'a>)>) -> Scanner {
        let mut literal_ids: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut patterns: Vec<(Vec<u8>, Vec<Want>)> = Vec::new();
        let mut prefiltered = Vec::new();
        let mut lists = 0;
        let mut owners = Vec::new();
        let mut wants: Vec<(&[u8], Wanted, bool)> = Vec::new();
        let all: Vec<(RuleId, Needles<'a>)> = rules.into_iter().collect();
        let ignore_case = all
            .iter()
            .any(|(_, n)| n.lists.iter().any(|l| l.ignore_case));
        for (id, needles) in &all {
            owners.push(Owner {
                id: *id,
                regexes: prefiltered.len(),
                lists,
            });
            for searcher in &needles.regexes {
                let r = prefiltered.len();
                prefiltered.push(searcher.prefixes.is_some());
                for prefix in searcher.prefixes.iter().flatten() {
                    wants.push((prefix, Wanted::Regex(r), false));
                }
            }
            for list in &needles.lists {
                for (form, text) in list.forms.iter().enumerate() {
                    wants.push((
                        text.as_bytes(),
                        Wanted::Form { list: lists, form },
                        list.ignore_case,
                    ));
                }
                lists += 1;
            }
        }
        for (bytes, what, own_ignore_case) in wants {
            let p = *literal_ids.entry(bytes.to_vec()).or_insert_with(|| {
                patterns.push((bytes.to_vec(), Vec::new()));
                patterns.len() - 1
            });
            let want = Want {
                what,
                exact: ignore_case && !own_ignore_case,
            };
            patterns[p].1.push(want);
        }
        let nfa = (!patterns.is_empty()).then(|| {
            contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(ignore_case)
                // [`overlapping`] uses none.
                .prefilter(false)
                .build(patterns.iter().map(|(bytes, _)| bytes))
                .expect("literals of bounded count and size build")
        });
        Scanner {
            nfa,
            upgraded: OnceLock::new(),
            building: AtomicBool::new(false),
            scanned: AtomicUsize::new(0),
            counted: AtomicUsize::new(0),
            other_case: prefiltered.iter().map(|_| AtomicUsize::new(0)).collect(),
            ignore_case,
            plan: Plan {
                patterns,
                prefiltered,
            },
            lists,
            owners,
        }
    }

    /// Drops the full DFA, the largest part of the scanner (2 MB for the built-in packs); it
    /// is built again once the scanner has scanned [`DFA_AFTER`] more bytes, from what the NFA
    /// counts there.
    pub fn forget_caches(&mut self) {
        self.upgraded.take();
        *self.building.get_mut() = false;
        *self.scanned.get_mut() = 0;
        *self.counted.get_mut() = 0;
        for n in &mut self.other_case {
            *n.get_mut() = 0;
        }
    }

    /// The full DFA to scan `len` more bytes with, once the run has scanned enough to repay
    /// building it (else the NFA is used), without the regexes whose prefixes the NFA found in
    /// another case too often ([`OTHER_CASE_GAP`]).
    fn upgraded(&self, len: usize) -> Option<&Upgraded> {
        if let Some(upgraded) = self.upgraded.get() {
            return Some(upgraded);
        }
        let scanned = self.scanned.fetch_add(len, Ordering::Relaxed) + len;
        if scanned > DFA_AFTER && !self.building.swap(true, Ordering::Relaxed) {
            let counted = self.counted.load(Ordering::Relaxed);
            let left: Vec<bool> = (self.other_case.iter())
                .map(|n| n.load(Ordering::Relaxed).saturating_mul(OTHER_CASE_GAP) > counted)
                .collect();
            let plan = self.plan.leaving(&left);
            let dfa = (!plan.patterns.is_empty()).then(|| {
                dfa::Builder::new()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(self.ignore_case)
                    .prefilter(false)
                    .build(plan.patterns.iter().map(|(bytes, _)| bytes))
                    .expect("literals of bounded count and size build")
            });
            return Some(self.upgraded.get_or_init(|| Upgraded { dfa, plan }));
        }
        None
    }

    /// The one pass over `text`.
    pub fn scan(&self, text: &str) -> Scan<'_> {
        let upgraded = self.nfa.as_ref().and_then(|_| self.upgraded(text.len()));
        let plan = upgraded.map_or(&self.plan, |upgraded| &upgraded.plan);
        let mut starts: Vec<Vec<usize>> = vec![Vec::new(); plan.prefiltered.len()];
        let mut found: Vec<Vec<(usize, Range<usize>)>> = vec![Vec::new(); self.lists];
        // Counted while the NFA scans a text that ignores case.
        let counting = upgraded.is_none() && self.ignore_case;
        let mut other_case = vec![0; if counting { self.other_case.len() } else { 0 }];
        let bytes = text.as_bytes();
        let mut hit = |p: usize, range: Range<usize>| {
            let (pattern, wants) = &plan.patterns[p];
            for want in wants {
                if want.exact && &bytes[range.clone()] != pattern.as_slice() {
                    if let (Wanted::Regex(r), true) = (want.what, counting) {
                        other_case[r] += 1;
                    }
                    continue;
                }
                match want.what {
                    Wanted::Regex(r) => starts[r].push(range.start),
                    Wanted::Form { list, form } => found[list].push((form, range.clone())),
                }
            }
        };
        match (upgraded, &self.nfa) {
            (Some(upgraded), _) => {
                if let Some(dfa) = &upgraded.dfa {
                    overlapping(dfa, bytes, &mut hit);
                }
            }
            (None, Some(nfa)) => overlapping(nfa, bytes, &mut hit),
            (None, None) => {}
        }
        if counting {
            self.counted.fetch_add(bytes.len(), Ordering::Relaxed);
            for (total, &n) in self
                .other_case
                .iter()
                .zip(&other_case)
                .filter(|(_, n)| **n > 0)
            {
                total.fetch_add(n, Ordering::Relaxed);
            }
        }
        for s in &mut starts {
            s.sort_unstable();
            s.dedup();
        }
        for list in &mut found {
            leftmost_longest(list);
        }
        Scan {
            owners: &self.owners,
            prefiltered: &plan.prefiltered,
            starts,
            found,
        }
    }
}

/// How many walks read a long text side by side ([`overlapping`]).
const LANES: usize = 4;

/// Texts at least this long are read in [`LANES`] parts side by side.
const LANES_FROM: usize = 512;

/// Calls `f` with every match of `aut` in `bytes`, overlapping (pattern, range), in the order
/// `AhoCorasick::find_overlapping_iter` gives them. A loop of our own, for speed: that
/// iterator returns at each match and keeps its position in memory between calls, some 12
/// instructions a byte on the full DFA where [`to_special`] takes 9. The NFA's first bytes
/// cost more (some 30 a byte), so a run starts with it only until a full DFA repays its
/// dearer build ([`DFA_AFTER`]; 6 M instructions to build against 41 M for the built-in
/// rules). No pattern is empty ([`Literals::new`], [`MIN_PREFIX_BYTES`]), so the start state
/// matches nothing.
///
/// A longer text is read in [`LANES`] parts at once. A byte's step waits on the state the
/// step before it loaded, so one walk leaves the core idle most of each step; independent
/// walks fill it. Each part's walk but the first starts the longest pattern's length less one
/// byte before its part and reports only the matches that end in it: by then it is in the
/// state a walk from the start would be in (the longest suffix read that begins a pattern is
/// no longer than a pattern), so it finds those matches, in the same order. Each part's are
/// given to `f` after those of the parts before.
fn overlapping<A: Automaton>(aut: &A, bytes: &[u8], f: &mut impl FnMut(usize, Range<usize>)) {
    overlapping_in_lanes_from(aut, bytes, LANES_FROM, f)
}

/// [`overlapping`], reading `bytes` in [`LANES`] parts when there are at least `lanes_from`.
fn overlapping_in_lanes_from<A: Automaton>(
    aut: &A,
    bytes: &[u8],
    lanes_from: usize,
    f: &mut impl FnMut(usize, Range<usize>),
) {
    let Ok(start) = aut.start_state(AcAnchored::No) else {
        return;
    };
    let longest = aut.max_pattern_len();
    if bytes.len() < lanes_from.max(2 * LANES * longest) {
        return one_walk(aut, bytes, 0, start, f);
    }
    // Lane `k` reports the matches that end in `k * part + 1..=(k + 1) * part`; the bytes past
    // the last part (fewer than `LANES`) are read on by the last lane alone.
    let part = bytes.len() / LANES;
    let mut at: [usize; LANES] = std::array::from_fn(|k| k * part);
    let mut sids = [start; LANES];
    for (k, sid) in sids.iter_mut().enumerate().skip(1) {
        // No match of this lane ends in these bytes.
        for &b in &bytes[k * part + 1 - longest..k * part] {
            *sid = aut.next_state(AcAnchored::No, *sid, b);
        }
    }
    // The later lanes' matches, with their lane, in the order found.
    let mut later: Vec<(usize, usize, Range<usize>)> = Vec::new();
    let mut done = 0;
    while done < part {
        let steps = to_special_in_lanes(aut, bytes, at, part - done, &mut sids);
        done += steps;
        for at in &mut at {
            *at += steps;
        }
        report(aut, sids[0], at[0], f);
        for k in 1..LANES {
            report(aut, sids[k], at[k], &mut |p, r| later.push((k, p, r)));
        }
    }
    for k in 1..LANES {
        for (_, p, r) in later.iter().filter(|(lane, _, _)| *lane == k) {
            f(*p, r.clone());
        }
    }
    one_walk(aut, bytes, at[LANES - 1], sids[LANES - 1], f);
}

/// Calls `f` with the matches that end at `at`, where the walk entered state `sid`.
#[inline(always)]
fn report<A: Automaton>(aut: &A, sid: StateID, at: usize, f: &mut impl FnMut(usize, Range<usize>)) {
    // Special: a match, or the dead state (never reached by an unanchored search).
    if aut.is_special(sid) && aut.is_match(sid) {
        for i in 0..aut.match_len(sid) {
            let pattern = aut.match_pattern(sid, i);
            f(pattern.as_usize(), at - aut.pattern_len(pattern)..at);
        }
    }
}

/// Walks `bytes[at..]` from state `sid`, calling `f` with each match.
fn one_walk<A: Automaton>(
    aut: &A,
    bytes: &[u8],
    mut at: usize,
    mut sid: StateID,
    f: &mut impl FnMut(usize, Range<usize>),
) {
    while at < bytes.len() {
        (at, sid) = to_special(aut, bytes, at, sid);
        report(aut, sid, at, f);
    }
}

/// Walks the lanes of `bytes` that start at `at` side by side, a byte of each a step, from
/// states `sids`, until a walk enters a special state or `steps` steps are taken: the steps
/// taken. `sids` are left the states the walks are in.
#[inline(never)]
fn to_special_in_lanes<A: Automaton>(
    aut: &A,
    bytes: &[u8],
    at: [usize; LANES],
    steps: usize,
    sids: &mut [StateID; LANES],
) -> usize {
    let lanes: [&[u8]; LANES] = std::array::from_fn(|k| &bytes[at[k]..at[k] + steps]);
    let mut s = *sids;
    for i in 0..steps {
        for (sid, lane) in s.iter_mut().zip(lanes) {
            *sid = aut.next_state(AcAnchored::No, *sid, lane[i]);
        }
        if s.iter().fold(false, |any, &sid| any | aut.is_special(sid)) {
            *sids = s;
            return i + 1;
        }
    }
    *sids = s;
    steps
}

/// Runs `aut` from state `sid` over `bytes[at..]` until it enters a special state: returns
/// the offset just past the byte that led there (else the end) and the state. A function of
/// its own, not inlined, so that the automaton's tables and the state stay in registers: in
/// the body of [`Scanner::scan`], with the hits' bookkeeping around it, they were spilled to
/// the stack and a byte took 19 instructions on the full DFA.
#[inline(never)]
fn to_special<A: Automaton>(
    aut: &A,
    bytes: &[u8],
    at: usize,
    mut sid: StateID,
) -> (usize, StateID) {
    // Eight bytes a turn: the loop's own count and end test, paid once for eight, were a
    // fifth of the cost of a byte.
    let (chunks, rest) = bytes[at..].as_chunks::<8>();
    for (k, chunk) in chunks.iter().enumerate() {
        for (i, &b) in chunk.iter().enumerate() {
            sid = aut.next_state(AcAnchored::No, sid, b);
            if aut.is_special(sid) {
                return (at + 8 * k + i + 1, sid);
            }
        }
    }
    let at = bytes.len() - rest.len();
    for (i, &b) in rest.iter().enumerate() {
        sid = aut.next_state(AcAnchored::No, sid, b);
        if aut.is_special(sid) {
            return (at + i + 1, sid);
        }
    }
    (bytes.len(), sid)
}

/// Keeps the matches leftmost-longest search would report: at the leftmost start the longest
/// (then the first listed form), and nothing that overlaps it.
pub(crate) fn leftmost_longest(matches: &mut Vec<(usize, Range<usize>)>) {
    matches.sort_unstable_by_key(|(form, r)| (r.start, std::cmp::Reverse(r.end), *form));
    let mut end = 0;
    matches.retain(|(_, r)| {
        let keep = r.start >= end;
        if keep {
            end = r.end;
        }
        keep
    });
}

/// What the one scan found in one document, for every rule of its scanner.
pub struct Scan<'s> {
    owners: &'s [Owner],
    prefiltered: &'s [bool],
    starts: Vec<Vec<usize>>,
    found: Vec<Vec<(usize, Range<usize>)>>,
}

impl Scan<'_> {
    /// A scan that served no rule: each rule then scans for itself.
    pub fn none() -> Scan<'static> {
        Scan {
            owners: &[],
            prefiltered: &[],
            starts: Vec::new(),
            found: Vec::new(),
        }
    }

    /// The hits of rule `id`'s needles, if this scan looked for them.
    pub fn of(&self, id: RuleId) -> Option<Hits<'_>> {
        let owner = *self.owners.iter().find(|o| o.id == id)?;
        Some(Hits { scan: self, owner })
    }
}

/// What the scan found for one rule, numbered as in its [`Needles`].
#[derive(Clone, Copy)]
pub struct Hits<'a> {
    scan: &'a Scan<'a>,
    owner: Owner,
}

impl<'a> Hits<'a> {
    /// Where the rule's `k`-th regex may match.
    pub fn starts(&self, k: usize) -> Starts<'a> {
        let r = self.owner.regexes + k;
        if self.scan.prefiltered[r] {
            Starts::At(&self.scan.starts[r])
        } else {
            Starts::Anywhere
        }
    }

    /// The matches of the rule's `k`-th list: (form index, byte range), in order.
    pub fn matches(&self, k: usize) -> &'a [(usize, Range<usize>)] {
        &self.scan.found[self.owner.lists + k]
    }
}

/// A rule's own scanner, for when it runs outside a run's scan (alone, in a test, or asked
/// for facts that were not extracted).
#[derive(Default)]
pub struct OwnScanner(OnceLock<Scanner>);

impl OwnScanner {
    pub fn forget_caches(&mut self) {
        if let Some(scanner) = self.0.get_mut() {
            scanner.forget_caches();
        }
    }

    /// Calls `f` with rule `id`'s hits in `text`: from `scan` if it looked for them, else
    /// from a scan of the rule's own needles.
    pub fn with<'n, R>(
        &self,
        id: RuleId,
        needles: impl FnOnce() -> Needles<'n>,
        scan: &Scan<'_>,
        text: &str,
        f: impl FnOnce(Hits<'_>) -> R,
    ) -> R {
        if let Some(hits) = scan.of(id) {
            return f(hits);
        }
        let own = self
            .0
            .get_or_init(|| Scanner::new([(id, needles())]))
            .scan(text);
        f(own.of(id).expect("a rule's own scanner serves it"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasickBuilder;

    #[test]
    fn the_overlapping_loop_finds_what_the_crate_iterator_finds() {
        let patterns = [
            "he", "she", "hers", "his", "s", "HE", "ab", "b", "ｈｅ", "e ",
        ];
        let texts = [
            "ushers said: She, he and HIS hers; abab b. ｈｅ ＨＥ he",
            // The longest pattern over and over: one ends just past a cut.
            "ｈｅ she ｈｅ she ｈｅ she ｈｅ she ｈｅ she",
            // Matches at the first and the last byte; no bytes at all.
            "she",
            "",
        ];
        // Each match at each place in the automaton's eight-byte turns, and across each cut
        // between the parts of a text read in lanes.
        let texts: Vec<String> = (texts.iter())
            .flat_map(|t| (0..48).map(move |pad| format!("{}{t}", "x".repeat(pad))))
            .collect();
        for (text, ignore_case) in texts.iter().flat_map(|t| [(t, false), (t, true)]) {
            let expected: Vec<(usize, Range<usize>)> = AhoCorasickBuilder::new()
                .ascii_case_insensitive(ignore_case)
                .build(patterns)
                .unwrap()
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.range()))
                .collect();
            // Some matches overlap: the case the loop must not lose.
            assert_eq!(
                expected.windows(2).any(|m| m[0].1.end > m[1].1.start),
                !text.trim_start_matches('x').is_empty()
            );
            let nfa = contiguous::Builder::new()
                .ascii_case_insensitive(ignore_case)
                .prefilter(false)
                .build(patterns)
                .unwrap();
            let dfa = dfa::Builder::new()
                .ascii_case_insensitive(ignore_case)
                .prefilter(false)
                .build(patterns)
                .unwrap();
            let (mut by_nfa, mut by_dfa) = (Vec::new(), Vec::new());
            overlapping(&nfa, text.as_bytes(), &mut |p, r| by_nfa.push((p, r)));
            overlapping(&dfa, text.as_bytes(), &mut |p, r| by_dfa.push((p, r)));
            assert_eq!(by_nfa, expected);
            assert_eq!(by_dfa, expected);
            // The texts are short of [`LANES_FROM`]: read in lanes whatever their length.
            let (mut by_nfa, mut by_dfa) = (Vec::new(), Vec::new());
            let bytes = text.as_bytes();
            overlapping_in_lanes_from(&nfa, bytes, 0, &mut |p, r| by_nfa.push((p, r)));
            overlapping_in_lanes_from(&dfa, bytes, 0, &mut |p, r| by_dfa.push((p, r)));
            assert_eq!(by_nfa, expected, "in lanes: {text:?}");
            assert_eq!(by_dfa, expected, "in lanes: {text:?}");
        }
    }

    /// Per match: the whole match and the first group.
    type Matches = Vec<(Range<usize>, Option<Range<usize>>)>;

    /// What `regex::Regex::captures_iter` finds.
    fn reference(pattern: &str, text: &str) -> Matches {
        let regex = regex::Regex::new(pattern).unwrap();
        regex
            .captures_iter(text)
            .map(|c| (c.get(0).unwrap().range(), c.get(1).map(|m| m.range())))
            .collect()
    }

    fn scanned(patterns: &[&str], text: &str) -> Vec<Matches> {
        let searchers: Vec<Searcher> = patterns
            .iter()
            .map(|p| Searcher::new(p, Compile::OnFirstUse).unwrap())
            .collect();
        let id = RuleId::new("test/scan");
        let needles = Needles {
            regexes: searchers.iter().collect(),
            lists: Vec::new(),
        };
        let scanner = Scanner::new([(id, needles)]);
        let scan = scanner.scan(text);
        let hits = scan.of(id).unwrap();
        searchers
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let mut out = Vec::new();
                s.for_each(text, hits.starts(k), |c| {
                    out.push((
                        c.get_match().unwrap().range(),
                        c.get_group(1).map(|g| g.range()),
                    ))
                });
                out
            })
            .collect()
    }

    #[test]
    fn a_scanner_finds_the_same_after_forgetting_its_dfa() {
        let list = Literals::new(vec!["U.S.".into(), "colour".into()], true).unwrap();
        let regex = Searcher::new(r"[Oo]n the [0-9]+(?:st|nd|rd|th)", Compile::Now).unwrap();
        let id = RuleId::new("test/forget");
        let needles = || Needles {
            regexes: vec![&regex],
            lists: vec![&list],
        };
        let mut scanner = Scanner::new([(id, needles())]);
        let line = "On the 15th the u.s. COLOUR on the 2nd, and colours.\n";
        let text = line.repeat(DFA_AFTER / line.len() + 2);
        let found = |scanner: &Scanner| {
            let scan = scanner.scan(&text);
            let hits = scan.of(id).unwrap();
            let Starts::At(starts) = hits.starts(0) else {
                panic!("the regex has prefixes to scan for")
            };
            (starts.to_vec(), hits.matches(0).to_vec())
        };
        // By the NFA, then, the run having scanned enough, by the full DFA.
        let by_nfa = found(&scanner);
        assert!(!by_nfa.0.is_empty() && !by_nfa.1.is_empty());
        assert_eq!(found(&scanner), by_nfa);
        assert!(scanner.upgraded.get().is_some());
        scanner.forget_caches();
        assert!(scanner.upgraded.get().is_none());
        assert_eq!(found(&scanner), by_nfa);
        assert_eq!(found(&scanner), by_nfa);
        assert!(scanner.upgraded.get().is_some(), "built again");
    }

    #[test]
    fn a_searcher_finds_the_same_after_forgetting_its_caches() {
        let text = "On the 15th and on the 2nd; on the 3rd. ".repeat(50);
        let mut searcher =
            Searcher::new(r"[Oo]n the ([0-9]+)(?:st|nd|rd|th)", Compile::Now).unwrap();
        let found = |searcher: &Searcher| {
            let mut out = Vec::new();
            searcher.for_each(&text, Starts::Anywhere, |c| {
                out.push(c.get_group(1).unwrap().range())
            });
            out
        };
        let before = found(&searcher);
        assert_eq!(before.len(), 150);
        searcher.forget_caches();
        assert_eq!(found(&searcher), before);
    }

    #[test]
    fn regexes_find_what_they_find_alone() {
        let patterns = [
            r"(?-u:\b)[Oo]n the [0-9]{1,2}(?:st|nd|rd|th)(?-u:\b)",
            r"(?m)^[(（]?[Pp]hotos? by[ \t]+([A-Z][^\n]*)",
            r"(?:The|These|They) [a-z]{2,}",
            r"[0-9] ?(%)",
            r"aa",
            r"(?i)colou?r",
            // No finite prefixes: searched anywhere.
            r"[a-z]+ing\b",
            r"\w+ly",
        ];
        let text = "On the 5th they said (Photo by Ann Lee)\nphotos by Bob\nThe cat saw \
                    These dogs. 5 % and 7% up. aaaa aaa. Colour COLOR; quickly sing running.";
        let got = scanned(&patterns, text);
        for (pattern, got) in patterns.iter().zip(got) {
            assert_eq!(got, reference(pattern, text), "{pattern}");
        }
        assert!(
            Searcher::new(r"(?:The|These|They) [a-z]{2,}", Compile::Now)
                .unwrap()
                .prefixes
                .is_some()
        );
        assert!(
            Searcher::new(r"\w+ly", Compile::Now)
                .unwrap()
                .prefixes
                .is_none()
        );
        // Compiled when first searched, and only then.
        let lazy = Searcher::new(r"aa", Compile::OnFirstUse).unwrap();
        lazy.for_each("b", Starts::At(&[]), |_| {});
        assert!(lazy.regex.get().is_none());
        lazy.for_each("aa", Starts::At(&[0]), |_| {});
        assert!(lazy.regex.get().is_some());
        assert!(
            Searcher::new(r"x?", Compile::Now)
                .unwrap()
                .prefixes
                .is_none()
        );
    }

    #[test]
    fn lists_are_leftmost_longest_like_an_automaton_of_their_own() {
        let cases: [(&[&str], bool, &str); 3] = [
            (
                &["colour", "col", "our", "colours"],
                false,
                "colours colour col-our",
            ),
            (&["ab", "abc", "bcd", "c"], true, "ABCD abcd xbcd c"),
            (&["，", "。", "，。"], false, "a，。b。，"),
        ];
        for (forms, ignore_case, text) in cases {
            let list =
                Literals::new(forms.iter().map(|s| s.to_string()).collect(), ignore_case).unwrap();
            // A case-sensitive regex beside an ignore-case list must stay case-sensitive.
            let regex = Searcher::new("ABC", Compile::Now).unwrap();
            let id = RuleId::new("test/list");
            let scanner = Scanner::new([(
                id,
                Needles {
                    regexes: vec![&regex],
                    lists: vec![&list],
                },
            )]);
            let scan = scanner.scan(text);
            let hits = scan.of(id).unwrap();
            let expected: Vec<(usize, Range<usize>)> = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(ignore_case)
                .build(forms)
                .unwrap()
                .find_iter(text)
                .map(|m| (m.pattern().as_usize(), m.range()))
                .collect();
            assert_eq!(
                hits.matches(0),
                expected.as_slice(),
                "{forms:?} in {text:?}"
            );
            let mut abc = Vec::new();
            regex.for_each(text, hits.starts(0), |c| {
                abc.push(c.get_match().unwrap().range())
            });
            assert_eq!(
                abc,
                reference("ABC", text)
                    .into_iter()
                    .map(|m| m.0)
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_dfa_built_past_the_threshold_finds_what_the_first_automaton_found() {
        let list = Literals::new(vec!["ab".into(), "b".into(), "bcd".into()], true).unwrap();
        let regex = Searcher::new("ABC|bc", Compile::Now).unwrap();
        let id = RuleId::new("test/dfa");
        let scanner = || {
            Scanner::new([(
                id,
                Needles {
                    regexes: vec![&regex],
                    lists: vec![&list],
                },
            )])
        };
        let (first, upgraded) = (scanner(), scanner());
        upgraded.scan(&"x".repeat(DFA_AFTER + 1));
        assert!(upgraded.upgraded.get().is_some() && first.upgraded.get().is_none());
        let text = "xABCD abcd xbcd c";
        let found = |scanner: &Scanner| {
            let scan = scanner.scan(text);
            let hits = scan.of(id).unwrap();
            let Starts::At(starts) = hits.starts(0) else {
                panic!("the regex has prefixes")
            };
            (starts.to_vec(), hits.matches(0).to_vec())
        };
        assert_eq!(found(&first), found(&upgraded));
        assert!(!found(&first).0.is_empty() && !found(&first).1.is_empty());
    }

    #[test]
    fn a_regex_whose_prefixes_the_scan_finds_in_another_case_searches_on_its_own() {
        // "He " inside every "the ": one hit in another case every few bytes. "Reuters " has
        // one (in "reuters.com") every 60 lines.
        let often = Searcher::new(r"(?:The|He) [a-z]{2,}", Compile::OnFirstUse).unwrap();
        let rarely = Searcher::new(r"Reuters (?:said|reported)", Compile::OnFirstUse).unwrap();
        let brands = Literals::new(vec!["WeChat".into()], true).unwrap();
        let id = RuleId::new("test/other-case");
        let lines: String = (0..60)
            .map(|i| match i {
                0 => "see reuters.com, where the wechat team said He left\n",
                1 => "Reuters said the man had gone; The other one stayed\n",
                _ => "and the others, then the rest of them, the whole lot\n",
            })
            .collect();
        // Scanned a chunk at a time, as a run scans its documents: the NFA counts, then the
        // full DFA is built from what it counted.
        let chunks: Vec<String> = (0..DFA_AFTER / lines.len() / 8 + 12)
            .map(|_| lines.repeat(8))
            .collect();
        let starts = |ignore_case: bool| {
            let lists = if ignore_case { vec![&brands] } else { vec![] };
            let scanner = Scanner::new([(
                id,
                Needles {
                    regexes: vec![&often, &rarely],
                    lists,
                },
            )]);
            let mut scanned = Vec::new();
            for chunk in &chunks {
                let scan = scanner.scan(chunk);
                let hits = scan.of(id).unwrap();
                let mut found = [&often, &rarely].map(|_| Vec::new());
                for (k, regex) in [&often, &rarely].iter().enumerate() {
                    regex.for_each(chunk, hits.starts(k), |c| {
                        found[k].push(c.get_match().unwrap().range())
                    });
                }
                let searched = [0, 1].map(|k| matches!(hits.starts(k), Starts::Anywhere));
                scanned.push((found, searched));
            }
            assert!(scanner.upgraded.get().is_some());
            scanned
        };
        let reference = |pattern: &str, chunk: &str| -> Vec<Range<usize>> {
            let regex = regex::Regex::new(pattern).unwrap();
            regex.find_iter(chunk).map(|m| m.range()).collect()
        };
        for ignore_case in [true, false] {
            let scanned = starts(ignore_case);
            for ((found, _), chunk) in scanned.iter().zip(&chunks) {
                assert_eq!(found[0], reference(often.pattern(), chunk));
                assert_eq!(found[1], reference(rarely.pattern(), chunk));
                assert!(!found[0].is_empty() && !found[1].is_empty());
            }
            let (first, last) = (scanned[0].1, scanned[scanned.len() - 1].1);
            assert_eq!(first, [false, false], "the NFA scans for every prefix");
            // Only a scan that ignores case finds "He " in "the ".
            assert_eq!(last, [ignore_case, false], "ignoring case: {ignore_case}");
        }
    }

    #[test]
    fn a_rule_outside_the_scan_scans_for_itself() {
        let list = Literals::new(vec!["x".into()], false).unwrap();
        let own = OwnScanner::default();
        let id = RuleId::new("test/own");
        let needles = || Needles {
            regexes: Vec::new(),
            lists: vec![&list],
        };
        let n = own.with(id, needles, &Scan::none(), "x y x", |h| h.matches(0).len());
        assert_eq!(n, 2);
    }

    #[test]
    fn bad_and_huge_regexes_are_refused_with_a_clear_error() {
        assert!(
            Searcher::new("(unclosed", Compile::Now)
                .err()
                .unwrap()
                .starts_with("invalid regex")
        );
        let huge = format!("(?:{}){{1000}}", "[a-z]{100}");
        assert!(
            Searcher::new(&huge, Compile::Now)
                .err()
                .unwrap()
                .contains("too large")
        );
    }
}

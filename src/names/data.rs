//! Romanisation knowledge as data: stop words, titles, organisation head words and aliases,
//! surname and given-name lists per origin, syllable tables and sound rewrites.
//!
//! The built-in files under `rules/names/` are compiled in; a project adds its own files of
//! the same format with `[names] data = ["file.toml"]`. Every list is merged, so a user file
//! extends the built-ins rather than replacing them. Parsing errors are diagnostics that point
//! into the offending file.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::{FileId, Source};
use crate::rules::data::parse_toml;

use super::key;

/// Built-in data files: (name, TOML text).
pub const BUILTIN_DATA: &[(&str, &str)] = &[
    (
        "rules/names/common.toml",
        include_str!("../../rules/names/common.toml"),
    ),
    (
        "rules/names/ja.toml",
        include_str!("../../rules/names/ja.toml"),
    ),
    (
        "rules/names/ko.toml",
        include_str!("../../rules/names/ko.toml"),
    ),
    (
        "rules/names/zh.toml",
        include_str!("../../rules/names/zh.toml"),
    ),
];

/// The built-in glossary of well-known entities, in the `[[names.entity]]` format.
pub const BUILTIN_ENTITIES: (&str, &str) = (
    "rules/names/entities.toml",
    include_str!("../../rules/names/entities.toml"),
);

/// One data file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DataFile {
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    org_generics: Vec<Vec<String>>,
    #[serde(default)]
    organisations: Vec<Vec<String>>,
    #[serde(default)]
    western_given: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    portfolios: Vec<String>,
    #[serde(default)]
    korean_stop_syllables: Vec<String>,
    #[serde(default)]
    vietnamese_surnames: Vec<String>,
    #[serde(default)]
    not_vietnamese: Vec<String>,
    #[serde(default)]
    vietnamese_syllables: Option<VietnameseSyllablesFile>,
    #[serde(default)]
    pinyin_renderings: Vec<PinyinRendering>,
    #[serde(default)]
    china_cues: Vec<String>,
    #[serde(default)]
    pinyin_only_initials: Vec<String>,
    #[serde(default)]
    regions: Vec<Region>,
    #[serde(default)]
    regional_roles: Vec<String>,
    #[serde(default)]
    regional_exclusions: Vec<String>,
    #[serde(default)]
    brands: Vec<String>,
    #[serde(default)]
    loanwords: Vec<String>,
    #[serde(default)]
    anonymous_given: Vec<String>,
    #[serde(default)]
    dated_spellings: Vec<(String, String)>,
    #[serde(default)]
    facility_words: Vec<String>,
    #[serde(default)]
    place_words: Vec<String>,
    #[serde(default)]
    news_heads: Vec<String>,
    #[serde(default)]
    place_words_either_side: Vec<String>,
    #[serde(default)]
    compass_words: Vec<String>,
    #[serde(default)]
    facility_last_words: Vec<String>,
    #[serde(default)]
    facility_suffixes: Vec<String>,
    #[serde(default)]
    place_suffixes: Vec<String>,
    #[serde(default)]
    sound: Vec<(String, String)>,
    #[serde(default)]
    long_vowels: Vec<(String, String)>,
    #[serde(default)]
    origin: Vec<OriginFile>,
}

/// Another country's family names as pinyin writes them, and the words that name the
/// country (`names/wrong-system`).
/// `vietnamese-syllables` as written in a data file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct VietnameseSyllablesFile {
    #[serde(default)]
    onsets: Vec<String>,
    #[serde(default)]
    rimes: Vec<String>,
    #[serde(default)]
    glide_rimes: Vec<String>,
    #[serde(default)]
    labial_onsets: Vec<String>,
}

/// The parts of a Vietnamese syllable written without its marks ("Nguyen" = "ng" + "uyen"):
/// a syllable is an onset (or none) and a rime. A rime opening with the glide o/u ("oa",
/// "uyen") never follows a labial onset (b, m, p, ph, v): "Muang" is no Vietnamese syllable.
#[derive(Debug, Default, Clone)]
pub struct VietnameseSyllables {
    onsets: Vec<String>,
    rimes: HashSet<String>,
    glide_rimes: HashSet<String>,
    labial_onsets: HashSet<String>,
}

impl VietnameseSyllables {
    /// Whether `folded` (lower case, no marks) is a Vietnamese syllable. Knows nothing when no
    /// data was loaded.
    pub fn contains(&self, folded: &str) -> bool {
        if self.rimes.is_empty() {
            return true;
        }
        std::iter::once("")
            .chain(self.onsets.iter().map(String::as_str))
            .filter_map(|onset| folded.strip_prefix(onset).map(|rime| (onset, rime)))
            .any(|(onset, rime)| {
                self.rimes.contains(rime)
                    || (self.glide_rimes.contains(rime) && !self.labial_onsets.contains(onset))
            })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PinyinRendering {
    /// The people's adjective, for messages ("Vietnamese").
    pub country: String,
    /// Words that tie a sentence to the country, as written ("Vietnam", "Hanoi").
    pub cues: Vec<String>,
    /// Pinyin family name -> the country's own spelling ("Ruan" -> "Nguyen").
    pub surnames: Vec<(String, String)>,
}

/// A region that romanises Chinese names its own way (Taiwan, Hong Kong), and the words that
/// tie a person to it (`names/wrong-system`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Region {
    /// Its name, for messages ("Taiwan").
    pub region: String,
    /// How its people write their names, for the help ("Wade–Giles style, as in ...").
    pub own: String,
    /// Places, institutions, parties and companies of the region, as written.
    pub cues: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OriginFile {
    code: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    surnames: Vec<String>,
    #[serde(default)]
    common: Vec<String>,
    #[serde(default)]
    given: Vec<String>,
    #[serde(default)]
    given_first_needs_hyphen: Option<bool>,
    #[serde(default)]
    token_classes: Vec<Vec<String>>,
    #[serde(default)]
    syllable_map: Vec<(String, String)>,
    /// The whole syllable inventory, when the initials × vowels × finals product would admit
    /// syllables the system does not have (pinyin has no "ko" or "ra").
    #[serde(default)]
    syllables: Vec<String>,
    #[serde(default)]
    initials: Vec<String>,
    #[serde(default)]
    vowels: Vec<String>,
    #[serde(default)]
    finals: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    calques: Vec<(String, String)>,
}

/// One naming tradition (Japanese, Korean, Chinese): which tokens are family names, which
/// are given names, and what its romanised syllables look like. Lists hold folded forms.
#[derive(Debug, Default)]
pub struct Origin {
    pub code: String,
    pub name: String,
    pub surnames: HashSet<String>,
    pub common: HashSet<String>,
    pub given: HashSet<String>,
    /// Given name first is only recognised with a hyphenated given name.
    pub given_first_needs_hyphen: bool,
    /// Folded names of its prefectures, provinces and cities.
    pub places: HashSet<String>,
    /// Folded head word an organisation's name takes when translated word by word, and the
    /// established word ("newspaper" -> "Shimbun").
    pub calques: HashMap<String, String>,
    syllables: HashSet<String>,
    max_syllable: usize,
    /// Folded syllable initials, longest first ("zh" before "z").
    initials: Vec<String>,
}

impl Origin {
    /// Whether `folded` (lower case, no diacritics) is one syllable of this origin.
    pub fn is_syllable(&self, folded: &str) -> bool {
        self.syllables.contains(folded)
    }

    /// Whether `folded` (lower case, no diacritics, no hyphens) splits into this origin's
    /// syllables. Hyphens and apostrophes must be removed by the caller.
    pub fn is_plausible(&self, folded: &str) -> bool {
        self.min_syllables(folded).is_some()
    }

    /// The fewest syllables of this origin `folded` splits into, if it splits.
    pub fn min_syllables(&self, folded: &str) -> Option<usize> {
        self.fewest(folded, |best, _| best[best.len() - 1].map(|(k, _)| k))
    }

    /// `folded` cut into the fewest syllables of this origin, if it splits.
    pub fn split<'a>(&self, folded: &'a str) -> Option<Vec<&'a str>> {
        self.fewest(folded, |best, bound| {
            let mut cuts = Vec::new();
            let mut j = best.len() - 1;
            while j > 0 {
                let (_, i) = best[j]?;
                cuts.push(&folded[bound(i)..bound(j)]);
                j = i;
            }
            cuts.reverse();
            Some(cuts)
        })
    }

    /// `read` of the split of `folded` into the fewest syllables: `best[i]` is the fewest
    /// syllables its first `i` chars split into and where the last starts (a char index;
    /// `bound` gives its byte offset), `None` where they do not split. Runs for many words of
    /// every document, so a short ASCII word is split without allocating.
    fn fewest<R>(
        &self,
        folded: &str,
        read: impl FnOnce(&[Option<(usize, usize)>], &dyn Fn(usize) -> usize) -> Option<R>,
    ) -> Option<R> {
        if folded.is_empty() || self.syllables.is_empty() {
            return None;
        }
        let ascii = folded.is_ascii();
        let bounds: Vec<usize> = if ascii {
            Vec::new()
        } else {
            folded
                .char_indices()
                .map(|(i, _)| i)
                .chain([folded.len()])
                .collect()
        };
        let bound = |i: usize| if ascii { i } else { bounds[i] };
        let n = if ascii {
            folded.len()
        } else {
            bounds.len() - 1
        };
        let mut on_stack = [None; 33];
        let mut on_heap = Vec::new();
        let best: &mut [Option<(usize, usize)>] = if n < on_stack.len() {
            &mut on_stack[..=n]
        } else {
            on_heap.resize(n + 1, None);
            &mut on_heap
        };
        best[0] = Some((0, 0));
        for i in 0..n {
            let Some((k, _)) = best[i] else {
                continue;
            };
            for j in i + 1..=n.min(i + self.max_syllable) {
                let fewer = best[j].is_none_or(|(x, _)| k + 1 < x);
                if fewer && self.syllables.contains(&folded[bound(i)..bound(j)]) {
                    best[j] = Some((k + 1, i));
                }
            }
        }
        best[n]?;
        read(best, &bound)
    }

    /// The initial of one of this origin's syllables: the longest listed initial it starts
    /// with ("zh" of "zhang", "" of "an").
    pub fn initial<'a>(&self, syllable: &'a str) -> &'a str {
        self.initials
            .iter()
            .find(|i| syllable.starts_with(i.as_str()))
            .map_or("", |i| &syllable[..i.len()])
    }
}

/// All name knowledge of one run, compiled for lookup. Word lists hold folded forms.
#[derive(Debug, Default)]
pub struct NameData {
    pub stopwords: HashSet<String>,
    pub titles: HashSet<String>,
    /// Organisation head word -> index of its synonym group.
    pub org_generic: HashMap<String, usize>,
    /// Alias groups of organisation names, as written.
    pub organisations: Vec<Vec<String>>,
    pub western_given: HashSet<String>,
    /// Folded names of places that look like a person's name.
    pub places: HashSet<String>,
    /// Korean syllables that are also English stop words ("In", "An"): kept at the end of a
    /// Korean name.
    pub korean_stop_syllables: HashSet<String>,
    /// Vietnamese family names, folded ("nguyen", "tran").
    pub vietnamese_surnames: HashSet<String>,
    /// Letter sequences no Vietnamese syllable has, which pinyin has ("zh", "eng", "iong").
    pub not_vietnamese: Vec<String>,
    /// How a Vietnamese syllable is built, without its marks.
    pub vietnamese_syllables: VietnameseSyllables,
    /// Other countries' family names as pinyin writes them (`names/wrong-system`).
    pub pinyin_renderings: Vec<PinyinRendering>,
    /// Words that tie a sentence to China, as written.
    pub china_cues: Vec<String>,
    /// Pinyin initials that Taiwanese and Hong Kong romanisations never use, folded.
    pub pinyin_only_initials: Vec<String>,
    /// Regions with a romanisation of their own, and the words that tie a person to them.
    pub regions: Vec<Region>,
    /// Lower-case role words of a title that ties a person to a region, folded.
    pub regional_roles: HashSet<String>,
    /// Words that undo such a tie (a mainland office, a university), as written.
    pub regional_exclusions: Vec<String>,
    /// Brands with capitals of their own, as written ("YouTube", "iPhone").
    pub brands: Vec<String>,
    /// English words taken from Chinese that look like a name, folded ("feng shui").
    pub loanwords: HashSet<String>,
    /// Readings of the mark of an anonymised person, 某, folded ("mou", "moumou").
    pub anonymous_given: HashSet<String>,
    /// Retired spellings of places, folded, and the current one as written ("teheran" ->
    /// "Tehran").
    pub dated_spellings: HashMap<String, String>,
    /// What a ministry or department is of ("education", "foreign affairs"), folded.
    pub portfolios: Vec<String>,
    /// Words after a name that make it a facility ("Station", "Shrine").
    pub facility_words: HashSet<String>,
    /// Words after a name that make it a place ("Prefecture", "River").
    pub place_words: HashSet<String>,
    /// Head words of a news organisation's name, which a dateline's place may follow
    /// without a comma ("Xinhua News Agency Tehran").
    pub news_heads: HashSet<String>,
    /// Place words English writes before the name as well as after it ("Lake Geneva",
    /// "Geneva Lake"): part of the name, so the two orders meet as one place.
    pub place_words_either_side: HashSet<String>,
    /// Compass words a place's name holds on either side of its name, before its place or
    /// facility word ("Huancheng South Road", "South Huancheng Road").
    pub compass_words: HashSet<String>,
    /// Last words of a facility's name ("Fukushima Daiichi", "Koriyama Chuo").
    pub facility_last_words: HashSet<String>,
    /// Endings of a facility's last word ("-jinja", "-ji").
    pub facility_suffixes: Vec<String>,
    /// Endings of a place's last word ("-cho", "-machi").
    pub place_suffixes: Vec<String>,
    /// Whole-token equivalence: folded token -> the spelling standing for its class.
    pub token_class: HashMap<String, String>,
    /// Wade–Giles syllable -> pinyin.
    pub syllable_map: HashMap<String, String>,
    pub sound: Vec<(String, String)>,
    pub long_vowels: Vec<(String, String)>,
    pub origins: Vec<Origin>,
    /// The lists name finding reads, in one table ([`super::extract::word_classes`]).
    pub(super) word_classes: super::extract::WordClasses,
}

impl NameData {
    /// The built-in data alone.
    pub fn builtin() -> NameData {
        let mut data = NameData::default();
        for (name, text) in BUILTIN_DATA {
            // Built-in files are tested to parse; an error here is a bug caught by the tests.
            if let Err(e) = data.add(&Source::new(*name, *text), 0) {
                debug_assert!(false, "{name}: {:?}", e[0].message);
            }
        }
        data
    }

    /// Merges one data file into `self`. Errors point into `source` (registered as `file`).
    pub fn add(&mut self, source: &Source, file: FileId) -> Result<(), Vec<Diagnostic>> {
        let parsed: DataFile = parse_toml(source, file, "config/names-data")?;
        let fold = |w: &String| key::fold(w);
        self.stopwords.extend(parsed.stopwords.iter().map(fold));
        self.titles.extend(parsed.titles.iter().map(fold));
        self.western_given
            .extend(parsed.western_given.iter().map(fold));
        self.places.extend(parsed.places.iter().map(fold));
        self.portfolios.extend(parsed.portfolios.iter().map(fold));
        self.korean_stop_syllables
            .extend(parsed.korean_stop_syllables.iter().map(fold));
        self.vietnamese_surnames
            .extend(parsed.vietnamese_surnames.iter().map(fold));
        self.not_vietnamese
            .extend(parsed.not_vietnamese.iter().map(fold));
        if let Some(v) = &parsed.vietnamese_syllables {
            let syllables = &mut self.vietnamese_syllables;
            syllables.onsets.extend(v.onsets.iter().map(fold));
            syllables.rimes.extend(v.rimes.iter().map(fold));
            syllables.glide_rimes.extend(v.glide_rimes.iter().map(fold));
            syllables
                .labial_onsets
                .extend(v.labial_onsets.iter().map(fold));
        }
        self.pinyin_renderings.extend(parsed.pinyin_renderings);
        self.china_cues.extend(parsed.china_cues);
        self.pinyin_only_initials
            .extend(parsed.pinyin_only_initials.iter().map(fold));
        self.regions.extend(parsed.regions);
        self.regional_roles
            .extend(parsed.regional_roles.iter().map(fold));
        self.regional_exclusions.extend(parsed.regional_exclusions);
        self.brands.extend(parsed.brands);
        self.loanwords.extend(parsed.loanwords.iter().map(fold));
        self.anonymous_given
            .extend(parsed.anonymous_given.iter().map(fold));
        self.dated_spellings.extend(
            parsed
                .dated_spellings
                .into_iter()
                .map(|(old, new)| (key::fold(&old), new)),
        );
        self.facility_words
            .extend(parsed.facility_words.iter().map(fold));
        self.place_words.extend(parsed.place_words.iter().map(fold));
        self.news_heads.extend(parsed.news_heads.iter().map(fold));
        self.place_words_either_side
            .extend(parsed.place_words_either_side.iter().map(fold));
        self.compass_words
            .extend(parsed.compass_words.iter().map(fold));
        self.facility_last_words
            .extend(parsed.facility_last_words.iter().map(fold));
        self.facility_suffixes
            .extend(parsed.facility_suffixes.iter().map(fold));
        self.place_suffixes
            .extend(parsed.place_suffixes.iter().map(fold));
        for group in &parsed.org_generics {
            let id = self.org_generic.len();
            for w in group {
                self.org_generic.entry(key::fold(w)).or_insert(id);
            }
        }
        self.organisations.extend(parsed.organisations);
        let pairs = |v: &[(String, String)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (key::fold(a), key::fold(b)))
                .collect()
        };
        self.sound.extend(pairs(&parsed.sound));
        self.long_vowels.extend(pairs(&parsed.long_vowels));
        for o in parsed.origin {
            for class in &o.token_classes {
                if let Some(head) = class.first() {
                    for t in class {
                        self.token_class
                            .entry(key::fold(t))
                            .or_insert_with(|| key::fold(head));
                    }
                }
            }
            for (wg, py) in &o.syllable_map {
                self.syllable_map.insert(key::fold(wg), key::fold(py));
            }
            let origin = match self.origins.iter_mut().position(|x| x.code == o.code) {
                Some(i) => &mut self.origins[i],
                None => {
                    self.origins.push(Origin {
                        code: o.code.clone(),
                        name: o.code.clone(),
                        ..Origin::default()
                    });
                    let last = self.origins.len() - 1;
                    &mut self.origins[last]
                }
            };
            if let Some(name) = o.name {
                origin.name = name;
            }
            origin.surnames.extend(o.surnames.iter().map(fold));
            origin.common.extend(o.common.iter().map(fold));
            origin.given.extend(o.given.iter().map(|g| key::strip(g)));
            origin.places.extend(o.places.iter().map(fold));
            origin
                .calques
                .extend(o.calques.iter().map(|(a, b)| (key::fold(a), b.clone())));
            if let Some(b) = o.given_first_needs_hyphen {
                origin.given_first_needs_hyphen = b;
            }
            origin.initials.extend(o.initials.iter().map(fold));
            origin.initials.sort_unstable();
            origin.initials.dedup();
            origin.initials.sort_by_key(|i| std::cmp::Reverse(i.len()));
            let finals: Vec<&str> = if o.finals.is_empty() {
                vec![""]
            } else {
                o.finals.iter().map(String::as_str).collect()
            };
            let syllables: Vec<String> = if o.syllables.is_empty() {
                let mut product = Vec::new();
                for i in &o.initials {
                    for v in &o.vowels {
                        // Concatenated, not formatted: thousands, at every start.
                        product.extend(finals.iter().map(|f| [i, v, *f].concat()));
                    }
                }
                product
            } else {
                o.syllables.clone()
            };
            for s in syllables {
                let s = key::fold(&s);
                origin.max_syllable = origin.max_syllable.max(s.chars().count());
                origin.syllables.insert(s);
            }
        }
        self.word_classes = super::extract::word_classes(self);
        Ok(())
    }

    /// How many head words share the synonym group of `folded` (0 if it is not one).
    pub fn org_synonyms(&self, folded: &str) -> usize {
        self.org_generic
            .get(folded)
            .map_or(0, |g| self.org_generic.values().filter(|x| *x == g).count())
    }

    pub fn is_stop(&self, folded: &str) -> bool {
        self.stopwords.contains(folded)
    }

    /// Whether a word is a listed surname or given name of any origin: a real name, never
    /// taken for a misspelling of another.
    pub fn is_listed_name(&self, word: &str) -> bool {
        let (folded, stripped) = (key::fold(word), key::strip(word));
        self.origins
            .iter()
            .any(|o| o.surnames.contains(&folded) || o.given.contains(&stripped))
    }

    /// The origin with this code ("ja", "ko", "zh").
    pub fn origin(&self, code: &str) -> Option<&Origin> {
        self.origins.iter().find(|o| o.code == code)
    }

    /// Whether `folded` is a common surname of any origin: sharing it says nothing.
    pub fn is_common_surname(&self, folded: &str) -> bool {
        self.origins.iter().any(|o| o.common.contains(folded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse() {
        for (name, text) in BUILTIN_DATA {
            let mut d = NameData::default();
            assert!(d.add(&Source::new(*name, *text), 0).is_ok(), "{name}");
        }
        let d = NameData::builtin();
        assert_eq!(d.origins.len(), 3);
        assert!(d.is_stop("january"));
        assert!(d.is_common_surname("kim"));
        assert!(!d.is_common_surname("funakoshi"));
    }

    #[test]
    fn syllables_tell_japanese_from_english() {
        let d = NameData::builtin();
        let ja = d.origins.iter().find(|o| o.code == "ja").unwrap();
        assert!(ja.is_plausible("katsunobu"));
        assert!(ja.is_plausible("toshimitsu"));
        assert!(ja.is_plausible("hattori"));
        assert!(!ja.is_plausible("antony"));
        assert!(!ja.is_plausible("blinken"));
        let zh = d.origins.iter().find(|o| o.code == "zh").unwrap();
        assert!(zh.is_plausible("dawei"));
        assert!(zh.is_plausible("jinping"));
        assert!(!zh.is_plausible("carrie"));
        // Pinyin has no "ko", "ra" or "ti": a Japanese place is not a Chinese given name.
        assert!(!zh.is_plausible("kochihara"));
        assert!(!zh.is_plausible("tiko"));
        assert!(zh.is_plausible("lyu") && zh.is_plausible("nue") && zh.is_plausible("er"));
    }

    /// The listed pinyin inventory is the `pinyin` crate's: every listed syllable is a reading
    /// of some character, and there are as many as the crate has (`names::source::pinyin`
    /// derives its own copy from the crate for source checks; the two must not drift).
    #[test]
    fn listed_pinyin_syllables_are_readings() {
        let d = NameData::builtin();
        let zh = d.origin("zh").unwrap();
        assert!(zh.syllables.len() > 400);
        for s in &zh.syllables {
            assert!(crate::names::source::pinyin::is_syllable(s), "{s}");
        }
        assert_eq!(
            zh.syllables.len(),
            crate::names::source::pinyin::syllable_count(),
            "a syllable of the pinyin crate is missing from `syllables` in rules/names/zh.toml"
        );
    }

    #[test]
    fn a_bad_user_file_is_a_diagnostic_pointing_into_it() {
        let mut d = NameData::builtin();
        let text = "stopwords = [\"Foo\"]\nsurname = [\"X\"]\n";
        let err = d.add(&Source::new("x.toml", text), 3).unwrap_err();
        assert_eq!(err[0].span.file, 3);
        assert!(text[err[0].span.range.clone()].contains("surname"));
    }
}

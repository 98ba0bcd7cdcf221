//! The glossary: entities a project declares in lint.toml (`[[names.entity]]`), on top of the
//! built-in well-known ones (`rules/names/entities.toml`), and `names.distinct`.
//!
//! It answers three questions for the rules: is this a declared wrong form (a variant), which
//! declared name is this one a near miss of, and were these two names declared different.
//! Errors (duplicate canonical, a variant equal to a canonical, an unknown kind, a family name
//! that is not in the canonical name) are config diagnostics pointing into the file.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use toml::Spanned;

use crate::config::{EntityDef, NamesConfig};
use crate::diagnostic::Diagnostic;
use crate::document::{FileId, Span};
use crate::rules::data::config_error;

use super::data::NameData;
use super::key;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Person,
    Organisation,
    Place,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub canonical: String,
    pub kind: EntityKind,
    pub family: Option<String>,
    pub variants: Vec<String>,
    /// Where the canonical name is declared.
    pub span: Span,
    /// Where each variant is declared.
    pub variant_spans: Vec<Span>,
    /// Shipped with translint rather than declared by the project.
    pub builtin: bool,
}

/// A token of a canonical name, for near-miss lookups.
#[derive(Debug, Clone)]
pub struct GlossaryToken {
    pub surface: String,
    stripped: String,
    pub entity: usize,
}

#[derive(Debug, Default)]
pub struct Glossary {
    pub entities: Vec<Entity>,
    /// Folded variant -> (entity, variant index).
    variants: HashMap<String, (usize, usize)>,
    /// Roman key of a canonical name -> entity.
    canonical_roman: HashMap<String, usize>,
    /// Full sound key of a canonical name, in either order -> entity.
    canonical_sound: HashMap<String, usize>,
    tokens: Vec<GlossaryToken>,
    token_index: HashMap<String, usize>,
    /// Sound key (no whole-token classes) -> tokens.
    by_sound: HashMap<String, Vec<usize>>,
    /// A token and each of its one-letter deletions -> tokens (symmetric-delete index).
    deletes: HashMap<String, Vec<usize>>,
    /// Folded family names declared in the glossary.
    pub families: HashSet<String>,
    /// Folded family name (declared or inferred) -> person entities.
    by_family: HashMap<String, Vec<usize>>,
    /// Folded name -> the `distinct` sets it is in (its names are different entities):
    /// a set of n names costs n entries, not n² pairs.
    distinct: HashMap<String, Vec<usize>>,
}

/// Shortest token looked up by edit distance: shorter names are too close to everything.
const MIN_EDIT_LEN: usize = 5;

impl Glossary {
    /// The built-in entities (registered as `builtin_file`), then the project's, which may
    /// override a built-in entity by declaring the same canonical name.
    pub fn new(
        data: &NameData,
        builtin: &NamesConfig,
        builtin_file: FileId,
        user: &NamesConfig,
        user_file: FileId,
    ) -> Result<Glossary, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        // A later declaration of a canonical name replaces the earlier one and takes its
        // place at the end: a slot per declaration, emptied when replaced (a linear pass
        // over 100,000 entities, where removing from the list each time was quadratic).
        let mut slots: Vec<Option<Entity>> = Vec::new();
        let mut slot_of: HashMap<String, usize> = HashMap::default();
        let mut user_canonicals: HashMap<String, std::ops::Range<usize>> = HashMap::default();
        for (config, file, is_user) in [(builtin, builtin_file, false), (user, user_file, true)] {
            for def in &config.entity {
                let def: &EntityDef = def.get_ref();
                match entity(def, file, !is_user) {
                    Ok(e) => {
                        let folded = key::fold(&e.canonical);
                        if is_user {
                            if let Some(first) = user_canonicals.get(&folded) {
                                errors.push(
                                    config_error(
                                        "config/names-glossary",
                                        file,
                                        def.canonical.span(),
                                        &format!("`{}` is declared twice", e.canonical),
                                    )
                                    .with_label(
                                        Span::new(file, first.clone()),
                                        "first declared here",
                                    ),
                                );
                                continue;
                            }
                            user_canonicals.insert(folded.clone(), def.canonical.span());
                        }
                        if let Some(old) = slot_of.insert(folded, slots.len()) {
                            slots[old] = None;
                        }
                        slots.push(Some(e));
                    }
                    Err(e) => errors.push(*e),
                }
            }
        }
        let entities: Vec<Entity> = slots.into_iter().flatten().collect();
        let canonicals = slot_of;
        for e in &entities {
            for (v, span) in e.variants.iter().zip(&e.variant_spans) {
                if canonicals.contains_key(&key::fold(v)) {
                    errors.push(config_error(
                        "config/names-glossary",
                        span.file,
                        span.range.clone(),
                        &format!("variant `{v}` is also declared as a canonical name"),
                    ));
                }
            }
        }
        let mut distinct: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, set) in user.distinct.iter().enumerate() {
            if set.get_ref().len() < 2 {
                errors.push(config_error(
                    "config/names-glossary",
                    user_file,
                    set.span(),
                    "`distinct` needs at least two names",
                ));
            }
            for name in set.get_ref() {
                let sets = distinct.entry(key::fold(name)).or_default();
                if sets.last() != Some(&i) {
                    sets.push(i);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut g = Glossary {
            distinct,
            ..Glossary::default()
        };
        for (i, e) in entities.iter().enumerate() {
            for (j, v) in e.variants.iter().enumerate() {
                g.variants.entry(key::fold(v)).or_insert((i, j));
            }
            let words: Vec<&str> = e.canonical.split_whitespace().collect();
            g.canonical_roman.insert(roman_name(data, &words), i);
            g.canonical_sound.insert(sound_name(data, &words, false), i);
            g.canonical_sound.insert(sound_name(data, &words, true), i);
            if let Some(f) = &e.family {
                g.families.insert(key::fold(f));
            }
            if e.kind == EntityKind::Person
                && let Some(family) = family_word(data, e, &words)
            {
                // Only the family name stands alone in running text ("Blinken said");
                // given names are compared as part of the full name.
                g.add_token(data, family, i);
                g.by_family.entry(key::fold(family)).or_default().push(i);
            }
        }
        g.entities = entities;
        Ok(g)
    }

    fn add_token(&mut self, data: &NameData, surface: &str, entity: usize) {
        let stripped = key::strip(surface);
        if stripped.chars().count() < 4 || self.token_index.contains_key(&stripped) {
            return;
        }
        let id = self.tokens.len();
        self.token_index.insert(stripped.clone(), id);
        self.by_sound
            .entry(key::sound(data, surface, false))
            .or_default()
            .push(id);
        if stripped.chars().count() >= MIN_EDIT_LEN {
            each_deletion_and_itself(&stripped, |d| {
                self.deletes.entry(d.to_string()).or_default().push(id);
            });
        }
        self.tokens.push(GlossaryToken {
            surface: surface.to_string(),
            stripped,
            entity,
        });
    }

    /// The entity and variant index of a declared wrong form.
    pub fn variant(&self, name: &str) -> Option<(usize, usize)> {
        key::with_folded(name, |folded| self.variant_folded(folded))
    }

    /// [`Glossary::variant`] of a name from its [`key::fold`].
    pub fn variant_folded(&self, folded: &str) -> Option<(usize, usize)> {
        self.variants.get(folded).copied()
    }

    /// The entity whose canonical name has this roman key.
    pub fn by_roman(&self, roman: &str) -> Option<usize> {
        self.canonical_roman.get(roman).copied()
    }

    /// The entity whose canonical name has this full sound key.
    pub fn by_sound(&self, sound: &str) -> Option<usize> {
        self.canonical_sound.get(sound).copied()
    }

    pub fn is_token(&self, token: &str) -> bool {
        self.token_index.contains_key(&key::strip(token))
    }

    /// Token `id` ([`Glossary::near_token`]).
    pub fn token(&self, id: u32) -> &GlossaryToken {
        &self.tokens[id as usize]
    }

    /// The id ([`Glossary::token`]) of the declared name token a token is a near miss of
    /// (same sound key, or one edit away), given its [`key::strip`] and its [`key::sound`]
    /// without classes: the names index holds both of every word, and keeps the id.
    pub fn near_token(&self, stripped: &str, sound: &str) -> Option<u32> {
        let len = stripped.chars().count();
        if len < 4 || self.token_index.contains_key(stripped) {
            return None;
        }
        if let Some(&id) = self.by_sound.get(sound).and_then(|ids| ids.first()) {
            return Some(id as u32);
        }
        if len < MIN_EDIT_LEN {
            return None;
        }
        let mut best: Option<usize> = None;
        each_deletion_and_itself(stripped, |d| {
            for &id in self.deletes.get(d).into_iter().flatten() {
                if best.is_none_or(|b| id < b)
                    && strsim::damerau_levenshtein(stripped, &self.tokens[id].stripped) <= 1
                {
                    best = Some(id);
                }
            }
        });
        best.map(|id| id as u32)
    }

    /// The person entity a full name is a near miss of: same family name, and the rest of
    /// the name one edit away ("Xi Jingping" for "Xi Jinping").
    pub fn near_name(&self, data: &NameData, words: &[&str]) -> Option<usize> {
        for (i, w) in words.iter().enumerate() {
            let Some(entities) = key::with_folded(w, |folded| self.by_family.get(folded)) else {
                continue;
            };
            let rest: String = words
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, w)| key::strip(w))
                .collect();
            for &e in entities {
                let canonical: Vec<&str> = self.entities[e].canonical.split_whitespace().collect();
                if canonical.len() != words.len() {
                    continue;
                }
                let Some(family) = family_word(data, &self.entities[e], &canonical) else {
                    continue;
                };
                let their: String = canonical
                    .iter()
                    .filter(|c| **c != family)
                    .map(|c| key::strip(c))
                    .collect();
                if rest != their
                    && their.chars().count() >= MIN_EDIT_LEN
                    && strsim::damerau_levenshtein(&rest, &their) <= 1
                {
                    return Some(e);
                }
            }
        }
        None
    }

    /// Whether the two names were declared different entities.
    pub fn is_distinct(&self, a: &str, b: &str) -> bool {
        if self.distinct.is_empty() {
            return false;
        }
        let (a, b) = (key::fold(a), key::fold(b));
        match (self.distinct.get(&a), self.distinct.get(&b)) {
            (Some(sa), Some(sb)) => a != b && sa.iter().any(|i| sb.contains(i)),
            _ => false,
        }
    }
}

/// The family name of a person entity: declared, else a listed surname among its words,
/// else (Western order) its last word.
fn family_word<'a>(data: &NameData, e: &Entity, words: &[&'a str]) -> Option<&'a str> {
    if let Some(f) = &e.family {
        let f = key::fold(f);
        return words.iter().copied().find(|w| key::fold(w) == f);
    }
    words
        .iter()
        .copied()
        .find(|w| {
            data.origins
                .iter()
                .any(|o| o.surnames.contains(&key::fold(w)))
        })
        .or(words.last().copied())
}

/// Gives `each` every string one deletion away from `s`, then `s` itself (the keys of the
/// symmetric-delete index), in one reused string: a lookup of a near miss makes one per
/// letter, and the allocations were most of their cost.
fn each_deletion_and_itself(s: &str, mut each: impl FnMut(&str)) {
    let mut d = String::with_capacity(s.len());
    let cuts = s.char_indices().map(|(i, c)| (i, c.len_utf8()));
    for (i, n) in cuts.chain([(s.len(), 0)]) {
        d.clear();
        d.push_str(&s[..i]);
        d.push_str(&s[i + n..]);
        each(&d);
    }
}

/// The key of a whole name from its words' keys, `|` between them: how [`roman_name`],
/// [`sound_name`] and the names index write one, so that their keys meet.
pub fn name_key<K: AsRef<str>>(keys: impl IntoIterator<Item = K>) -> String {
    let mut out = String::new();
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        out.push_str(k.as_ref());
    }
    out
}

/// The roman key of a whole name, in its written order.
pub fn roman_name(data: &NameData, words: &[&str]) -> String {
    name_key(words.iter().map(|w| key::roman(data, w)))
}

/// The sound key of a whole name, in its written order or reversed.
pub fn sound_name(data: &NameData, words: &[&str], reversed: bool) -> String {
    let mut keys: Vec<String> = words.iter().map(|w| key::sound(data, w, true)).collect();
    if reversed {
        keys.reverse();
    }
    name_key(keys)
}

fn entity(def: &EntityDef, file: FileId, builtin: bool) -> Result<Entity, Box<Diagnostic>> {
    let err = |s: &Spanned<String>, msg: String| {
        Box::new(config_error("config/names-glossary", file, s.span(), &msg))
    };
    let canonical = def.canonical.get_ref().trim().to_string();
    if canonical.is_empty() {
        return Err(err(&def.canonical, "the canonical name is empty".into()));
    }
    let kind = match def.kind.as_ref().map(|k| k.get_ref().as_str()) {
        None | Some("person") => EntityKind::Person,
        Some("organisation") | Some("organization") => EntityKind::Organisation,
        Some("place") => EntityKind::Place,
        Some(other) => {
            let k = def.kind.as_ref().unwrap_or(&def.canonical);
            return Err(err(
                k,
                format!(
                    "unknown kind `{other}`: expected \"person\", \"organisation\" or \"place\""
                ),
            ));
        }
    };
    let family = match &def.family {
        Some(f) => {
            let folded = key::fold(f.get_ref());
            if !canonical.split_whitespace().any(|w| key::fold(w) == folded) {
                return Err(err(
                    f,
                    format!(
                        "family name `{}` is not a word of `{canonical}`",
                        f.get_ref()
                    ),
                ));
            }
            Some(f.get_ref().clone())
        }
        None => None,
    };
    Ok(Entity {
        canonical,
        kind,
        family,
        variants: def.variants.iter().map(|v| v.get_ref().clone()).collect(),
        span: Span::new(file, def.canonical.span()),
        variant_spans: def
            .variants
            .iter()
            .map(|v| Span::new(file, v.span()))
            .collect(),
        builtin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::Source;

    fn glossary(text: &str) -> Result<Glossary, Vec<Diagnostic>> {
        let cfg = Config::parse(&Source::new("lint.toml", text), 1, Default::default())?;
        Glossary::new(
            &NameData::builtin(),
            &NamesConfig::default(),
            0,
            &cfg.file.names,
            1,
        )
    }

    #[test]
    fn near_misses_by_sound_and_by_one_edit() {
        let g =
            glossary("[[names.entity]]\ncanonical = \"Antony Blinken\"\nfamily = \"Blinken\"\n")
                .unwrap();
        let d = NameData::builtin();
        let near = |token: &str| {
            g.near_token(&key::strip(token), &key::sound(&d, token, false))
                .map(|id| g.token(id).surface.as_str())
        };
        assert_eq!(near("Brinken"), Some("Blinken"));
        assert_eq!(near("Blinkin"), Some("Blinken"));
        assert!(near("Blinken").is_none());
        assert!(near("Baker").is_none());
        assert!(near("Lincoln").is_none());
    }

    #[test]
    fn duplicate_canonical_and_variant_as_canonical_are_errors_in_lint_toml() {
        let text = "[[names.entity]]\ncanonical = \"Kim Jong-un\"\n[[names.entity]]\ncanonical = \"Kim Jong-un\"\n[[names.entity]]\ncanonical = \"Kim Yo-jong\"\nvariants = [\"Kim Jong-un\"]\n";
        let errs = glossary(text).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().all(|e| e.span.file == 1));
        assert!(errs[0].message.contains("declared twice"));
        assert_eq!(&text[errs[1].span.range.clone()], "\"Kim Jong-un\"");
        assert!(errs[1].message.contains("also declared as a canonical"));
    }

    #[test]
    fn bad_kind_and_foreign_family_are_errors() {
        let errs =
            glossary("[[names.entity]]\ncanonical = \"A B\"\nkind = \"robot\"\n").unwrap_err();
        assert!(errs[0].message.contains("unknown kind"));
        let errs = glossary("[[names.entity]]\ncanonical = \"A B\"\nfamily = \"C\"\n").unwrap_err();
        assert!(errs[0].message.contains("not a word"));
    }

    /// A name of two words of three syllables, different for every `i` below 50³.
    fn generated_name(i: usize) -> String {
        const SYLLABLES: [&str; 50] = [
            "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te",
            "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu",
            "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa", "ga", "gi", "gu",
            "ge", "go", "da", "de", "do", "ba", "bi", "bu",
        ];
        let word = |n: usize| {
            let w: String = [n % 50, n / 50 % 50, n / 2500 % 50]
                .iter()
                .map(|&s| SYLLABLES[s])
                .collect();
            let mut chars = w.chars();
            let first = chars.next().unwrap().to_ascii_uppercase();
            std::iter::once(first).chain(chars).collect::<String>()
        };
        format!("{} {}", word(i), word(i * 7 + 3))
    }

    #[test]
    fn a_glossary_of_100_000_entities_and_a_large_distinct_set_load() {
        // Loading was quadratic (108 s for 100,000 entities in release); this test would
        // not finish in any reasonable time then. Figures are in the closing note of issue 13.
        let n = 100_000;
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&format!(
                "[[names.entity]]\ncanonical = \"{}\"\n",
                generated_name(i)
            ));
        }
        let set: Vec<String> = (n..n + 10_000)
            .map(|i| format!("\"{}\"", generated_name(i)))
            .collect();
        text.push_str(&format!("[names]\ndistinct = [[{}]]\n", set.join(", ")));
        let started = std::time::Instant::now();
        let g = glossary(&text).unwrap();
        assert_eq!(g.entities.len(), n);
        assert!(g.is_distinct(&generated_name(n), &generated_name(n + 9_999)));
        assert!(!g.is_distinct(&generated_name(n), &generated_name(n)));
        assert!(!g.is_distinct(&generated_name(0), &generated_name(1)));
        // A bound no loaded machine reaches in a debug build, far below the quadratic cost.
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
    }

    #[test]
    fn a_later_declaration_replaces_a_built_in_entity() {
        let builtin: NamesConfig =
            toml::from_str("[[entity]]\ncanonical = \"Antony Blinken\"\nkind = \"organisation\"\n[[entity]]\ncanonical = \"Xi Jinping\"\n")
                .unwrap();
        let cfg = Config::parse(
            &Source::new(
                "lint.toml",
                "[[names.entity]]\ncanonical = \"Antony Blinken\"\n",
            ),
            1,
            Default::default(),
        )
        .unwrap();
        let g = Glossary::new(&NameData::builtin(), &builtin, 0, &cfg.file.names, 1).unwrap();
        let names: Vec<(&str, bool)> = g
            .entities
            .iter()
            .map(|e| (e.canonical.as_str(), e.builtin))
            .collect();
        assert_eq!(names, [("Xi Jinping", true), ("Antony Blinken", false)]);
        assert_eq!(g.entities[1].kind, EntityKind::Person);
    }

    #[test]
    fn distinct_pairs_are_symmetric() {
        let g = glossary("[names]\ndistinct = [[\"Kerry\", \"Kelly\"]]\n").unwrap();
        assert!(g.is_distinct("Kelly", "Kerry"));
        assert!(g.is_distinct("Kerry", "Kelly"));
        assert!(!g.is_distinct("Kerry", "Kerr"));
    }
}

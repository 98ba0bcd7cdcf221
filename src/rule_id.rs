//! Rule ids, interned (re-exported as `rules::RuleId`): a [`RuleId`] is a pointer to the one copy of its text, so it is
//! copied, compared and hashed without allocating, in every diagnostic of a run. Each id
//! also has a small number ([`RuleId::index`]) that stands for it within the process.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{LazyLock, Mutex};

use rustc_hash::FxHashMap;

/// A rule id (`family/name`), or an id of the config and I/O errors (`config/syntax`).
/// Compared, ordered and hashed as its text (maps keyed by ids are looked up by `&str`).
#[derive(Clone, Copy)]
pub struct RuleId(&'static Interned);

/// The one copy of an id, with its number in [`Table::ids`].
struct Interned {
    text: &'static str,
    index: u32,
}

/// Every id interned so far. Ids come from the code and from rule files, so the table stays
/// small; an id is leaked once and lives for the rest of the process.
/// Hashed with Fx: a run read back from the cache interns the id of each of its findings.
#[derive(Default)]
struct Table {
    by_text: FxHashMap<&'static str, &'static Interned>,
    ids: Vec<&'static Interned>,
}

static INTERNED: LazyLock<Mutex<Table>> = LazyLock::new(Default::default);

fn table() -> std::sync::MutexGuard<'static, Table> {
    INTERNED.lock().unwrap_or_else(|e| e.into_inner())
}

thread_local! {
    /// The ids this thread has interned or looked up: a run read back from the cache names a
    /// rule in each of its tens of thousands of findings, read on every worker, and each
    /// asked the shared table under its lock.
    static MET: std::cell::RefCell<FxHashMap<&'static str, RuleId>> = Default::default();
}

impl RuleId {
    pub fn new(id: &str) -> RuleId {
        if let Some(met) = MET.with_borrow(|met| met.get(id).copied()) {
            return met;
        }
        let interned = RuleId::intern(id);
        MET.with_borrow_mut(|met| met.insert(interned.as_str(), interned));
        interned
    }

    fn intern(id: &str) -> RuleId {
        let mut table = table();
        if let Some(&interned) = table.by_text.get(id) {
            return RuleId(interned);
        }
        let index = u32::try_from(table.ids.len()).expect("fewer than 2^32 rule ids");
        let text: &'static str = Box::leak(id.to_string().into_boxed_str());
        let interned: &'static Interned = Box::leak(Box::new(Interned { text, index }));
        table.by_text.insert(text, interned);
        table.ids.push(interned);
        RuleId(interned)
    }

    pub fn as_str(self) -> &'static str {
        self.0.text
    }

    /// The family the rule belongs to, which is also the pack that switches it on.
    pub fn family(self) -> &'static str {
        let text = self.as_str();
        text.split('/').next().unwrap_or(text)
    }

    /// The id's number in this process: ids are numbered as they are interned, and never
    /// forgotten, so [`RuleId::from_index`] gives it back for as long as the process runs.
    /// Not for anything saved: another process numbers its ids in another order.
    pub fn index(self) -> u32 {
        self.0.index
    }

    /// The id that has number `index` in this process ([`RuleId::index`]).
    pub fn from_index(index: u32) -> Option<RuleId> {
        let table = table();
        table
            .ids
            .get(index as usize)
            .map(|&interned| RuleId(interned))
    }
}

impl PartialEq for RuleId {
    fn eq(&self, other: &RuleId) -> bool {
        // One copy per text.
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for RuleId {}

impl Hash for RuleId {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &RuleId) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RuleId {
    fn cmp(&self, other: &RuleId) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for RuleId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read back from a cache or a summary: interned like an id from a rule file, from the text
/// as the format gives it (a `Cow<str>` is always copied, once per finding of a warm run).
impl<'de> serde::Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RuleId, D::Error> {
        struct Id;
        impl serde::de::Visitor<'_> for Id {
            type Value = RuleId;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rule id")
            }

            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<RuleId, E> {
                Ok(RuleId::new(id))
            }
        }
        d.deserialize_str(Id)
    }
}

/// What [`crate::diagnostic::Diagnostic::new`] takes as a rule: an id already interned
/// (`&self.meta.id`, free) or a text (`"io/read-error"`, interned on the way).
pub trait AsRuleId {
    fn as_rule_id(&self) -> RuleId;
}

impl AsRuleId for &str {
    fn as_rule_id(&self) -> RuleId {
        RuleId::new(self)
    }
}

impl AsRuleId for &String {
    fn as_rule_id(&self) -> RuleId {
        RuleId::new(self)
    }
}

impl AsRuleId for &RuleId {
    fn as_rule_id(&self) -> RuleId {
        **self
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for RuleId {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_one_pointer() {
        let a = RuleId::new("spacing/double-space");
        let b = RuleId::new(&String::from("spacing/double-space"));
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, "spacing/double-space");
        assert_eq!(a.family(), "spacing");
        assert_ne!(a, RuleId::new("spacing/double-spaces"));
    }

    #[test]
    fn threads_that_each_met_an_id_hold_the_same_copy() {
        // Met first on other threads, each with its own record of the ids it met.
        let ids: Vec<RuleId> = (0..4)
            .map(|_| std::thread::spawn(|| RuleId::new("test/threads-meet")))
            .map(|t| t.join().unwrap())
            .collect();
        let here = RuleId::new("test/threads-meet");
        for id in ids {
            assert!(std::ptr::eq(id.as_str(), here.as_str()));
            assert_eq!(id.index(), here.index());
        }
    }

    #[test]
    fn an_id_and_its_number_give_each_other() {
        let a = RuleId::new("spacing/double-space");
        let b = RuleId::new("pack/règle");
        assert_ne!(a.index(), b.index());
        assert_eq!(RuleId::from_index(a.index()), Some(a));
        assert_eq!(RuleId::from_index(b.index()), Some(b));
        assert_eq!(RuleId::from_index(u32::MAX), None);
    }

    #[test]
    fn an_id_compares_and_hashes_as_its_text() {
        use std::hash::BuildHasher;
        // Interned in this order: the number is not the order.
        let (z, a) = (RuleId::new("zz/last"), RuleId::new("aa/first"));
        assert!(a < z);
        let h = rustc_hash::FxBuildHasher;
        assert_eq!(h.hash_one(a), h.hash_one("aa/first"));
        let set: rustc_hash::FxHashSet<RuleId> = [a, z].into_iter().collect();
        assert!(set.contains("zz/last"));
    }
}

//! Syllable alignment: how a romanised name reads against the characters it renders.
//!
//! Each source character has its possible readings (a heteronym has several). The target's
//! words are cut into syllables so that each character is rendered by one syllable, with the
//! fewest departures: a syllable that is none of the character's readings, or a reading
//! with a letter added or left out (a misreading), or a character with no syllable at all (a dropped
//! syllable). A syllable never spans two
//! words, and every letter of the target must be used.

use std::ops::Range;

use super::pinyin::{Slip, slip};

/// How one source character is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// By one of its readings, at these letters of the target.
    Read(Range<usize>),
    /// By a syllable that is not one of its readings.
    Misread(Range<usize>),
    /// Not at all.
    Dropped,
}

/// The cheapest reading of a target against source characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// One step per source character.
    pub steps: Vec<Step>,
    /// The target's letters, lower case, words run together.
    pub letters: String,
    /// Where each target word starts in `letters`.
    pub word_starts: Vec<usize>,
}

impl Alignment {
    /// Departures from the source: misread plus dropped characters.
    pub fn cost(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| !matches!(s, Step::Read(_)))
            .count()
    }

    /// Characters rendered by one of their readings.
    pub fn read(&self) -> usize {
        self.steps.len() - self.cost()
    }

    /// The target as the source reads: each misread syllable replaced by `expected[i]` and each
    /// dropped one put back, in the target's word layout, each word capitalised.
    pub fn corrected(&self, expected: &[String]) -> String {
        let mut words: Vec<String> = vec![String::new(); self.word_starts.len()];
        let word_of = |pos: usize| {
            self.word_starts
                .iter()
                .rposition(|&s| s <= pos)
                .unwrap_or(0)
        };
        // A dropped syllable joins the word of the next rendered one (a given name is one
        // word), or the last word when it closes the name.
        let mut pending = String::new();
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                Step::Read(r) => {
                    let w = word_of(r.start);
                    words[w].push_str(&std::mem::take(&mut pending));
                    words[w].push_str(&self.letters[r.clone()]);
                }
                Step::Misread(r) => {
                    let w = word_of(r.start);
                    words[w].push_str(&std::mem::take(&mut pending));
                    words[w].push_str(&expected[i]);
                }
                Step::Dropped => pending.push_str(&expected[i]),
            }
        }
        if let Some(last) = words.last_mut() {
            last.push_str(&pending);
        }
        words
            .iter()
            .map(|w| capitalise(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Clone, Copy)]
struct Cell {
    cost: usize,
    dropped: usize,
    /// Back pointer: letters consumed by the step into this cell.
    len: usize,
    misread: bool,
    /// No letters, and none needed: the character reads as nothing (a Japanese long vowel).
    silent: bool,
}

/// Aligns `words` (lower-case ASCII letters, from [`super::pinyin::letters`]) to characters
/// with `readings` each. `is_syllable` says which strings may stand for a misread character;
/// with `slips`, so may a reading of the character with one letter added or left out inside
/// the word ("Darqiang" for 达强). `None` when the letters cannot be cut into syllables for these
/// characters at all.
pub fn align(
    readings: &[Vec<String>],
    words: &[String],
    is_syllable: impl Fn(&str) -> bool,
    slips: bool,
) -> Option<Alignment> {
    if readings.is_empty() || words.iter().any(String::is_empty) {
        return None;
    }
    let letters: String = words.concat();
    let mut word_starts = Vec::with_capacity(words.len());
    let mut boundary = vec![false; letters.len() + 1];
    let mut pos = 0;
    for w in words {
        word_starts.push(pos);
        boundary[pos] = true;
        pos += w.len();
    }
    boundary[pos] = true;
    let n = readings.len();
    let m = letters.len();
    // table[i][j]: best way to render the first i characters with the first j letters.
    let mut table: Vec<Vec<Option<Cell>>> = vec![vec![None; m + 1]; n + 1];
    table[0][0] = Some(Cell {
        cost: 0,
        dropped: 0,
        len: 0,
        misread: false,
        silent: false,
    });
    let better = |new: &Cell, old: &Option<Cell>| {
        old.is_none_or(|o| (new.cost, new.dropped) < (o.cost, o.dropped))
    };
    for i in 0..n {
        for j in 0..=m {
            let Some(here) = table[i][j] else { continue };
            let silent = readings[i].iter().any(String::is_empty);
            let dropped = Cell {
                cost: here.cost + usize::from(!silent),
                dropped: here.dropped + usize::from(!silent),
                len: 0,
                misread: false,
                silent,
            };
            if better(&dropped, &table[i + 1][j]) {
                table[i + 1][j] = Some(dropped);
            }
            // Syllables from j to the end of its word, at most six letters (seven misspelt).
            let mut k = j + 1;
            while k <= m && k - j <= 7 {
                let syllable = &letters[j..k];
                let read = readings[i].iter().any(|r| r == syllable);
                // A letter added or left out, not a changed one (Wade–Giles writes t for d,
                // ien for ian), and never the word's last letter: an English spelling adds a
                // final consonant to a transliterated name (Andanar for 安达纳).
                let slip = || {
                    slips
                        && syllable.len() >= 2
                        && readings[i].iter().any(|r| {
                            matches!(slip(r, syllable), Some(Slip::Added { .. } | Slip::LeftOut))
                                && (!boundary[k]
                                    || r.as_bytes().last() == syllable.as_bytes().last())
                        })
                };
                if read || (k - j <= 6 && is_syllable(syllable)) || slip() {
                    let cell = Cell {
                        cost: here.cost + usize::from(!read),
                        dropped: here.dropped,
                        len: k - j,
                        misread: !read,
                        silent: false,
                    };
                    if better(&cell, &table[i + 1][k]) {
                        table[i + 1][k] = Some(cell);
                    }
                }
                if boundary[k] {
                    break;
                }
                k += 1;
            }
        }
    }
    table[n][m]?;
    let mut steps = Vec::with_capacity(n);
    let (mut i, mut j) = (n, m);
    while i > 0 {
        let cell = table[i][j]?;
        let range = j - cell.len..j;
        steps.push(if cell.silent {
            Step::Read(j..j)
        } else if cell.len == 0 {
            Step::Dropped
        } else if cell.misread {
            Step::Misread(range)
        } else {
            Step::Read(range)
        });
        j -= cell.len;
        i -= 1;
    }
    steps.reverse();
    Some(Alignment {
        steps,
        letters,
        word_starts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::source::pinyin;

    fn readings(chars: &str) -> Vec<Vec<String>> {
        chars.chars().map(|c| pinyin::readings(c, &[])).collect()
    }

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(pinyin::letters).collect()
    }

    fn run(chars: &str, target: &str) -> Alignment {
        align(&readings(chars), &words(target), pinyin::is_syllable, true).expect("aligns")
    }

    fn expected(chars: &str) -> Vec<String> {
        readings(chars).into_iter().map(|r| r[0].clone()).collect()
    }

    #[test]
    fn exact_reading_costs_nothing() {
        let a = run("习近平", "Xi Jinping");
        assert_eq!(a.cost(), 0);
        assert_eq!(a.read(), 3);
    }

    #[test]
    fn misread_syllable_is_found_and_corrected() {
        let a = run("鄂竟平", "Huo Jingping");
        assert_eq!(a.cost(), 1);
        assert_eq!(a.steps[0], Step::Misread(0..3));
        assert_eq!(a.corrected(&expected("鄂竟平")), "E Jingping");
    }

    #[test]
    fn dropped_syllable_is_put_back_in_the_given_name() {
        let a = run("张家祺", "Zhang Qi");
        assert_eq!(a.steps[1], Step::Dropped);
        assert_eq!(a.corrected(&expected("张家祺")), "Zhang Jiaqi");
    }

    #[test]
    fn heteronyms_read_either_way() {
        assert_eq!(run("单雄信", "Shan Xiongxin").cost(), 0);
        assert_eq!(run("吕布", "Lyu Bu").cost(), 0);
        assert_eq!(run("吕布", "Lu Bu").cost(), 0);
    }

    #[test]
    fn a_reading_misspelt_by_one_letter_is_a_misreading() {
        let a = run("王大明", "Wang Darming");
        assert_eq!(a.cost(), 1);
        assert_eq!(a.steps[0], Step::Read(0..4));
        assert_eq!(a.corrected(&expected("王大明")), "Wang Daming");
        // Without slips, letters that are no syllable do not align.
        let words = words("Wang Darming");
        assert!(align(&readings("王大明"), &words, pinyin::is_syllable, false).is_none());
    }

    #[test]
    fn letters_that_are_no_syllables_do_not_align() {
        let none = |chars: &str, target: &str| {
            align(&readings(chars), &words(target), pinyin::is_syllable, true).is_none()
        };
        // No cut of "qqqq" is a syllable, or one letter away from 大 da.
        assert!(none("王大明", "Wang Qqqqming"));
        // A changed letter, or a letter added at the end of a word, is no slip.
        assert!(none("王大明", "Wang Dxming"));
        assert!(none("王大明", "Wang Damingo"));
        assert!(none("张", "Morris"));
    }
}

//! Where a word may take a hyphen at a line's end: hypher's patterns for
//! the workspace's language (`lang:` in brief.yaml), applied only to
//! words of Latin letters. Arabic, Persian and Hebrew are never
//! hyphenated, nor are numbers, URLs, code, acronyms and short words.
//! Pure: text in, byte offsets out.

use std::cell::RefCell;
use std::collections::HashMap;

use hypher::Lang;

/// Words whose hyphenation a thread remembers before it starts afresh: a
/// brief says the same words again and again, and looking them up was a
/// twentieth of laying one out.
const REMEMBERED_WORDS: usize = 16_384;

/// Each word's hyphenation, in the language of the last lookup (a run has
/// one).
type Remembered = (Option<Lang>, HashMap<String, Vec<usize>>);

thread_local! {
    static REMEMBERED: RefCell<Remembered> = RefCell::new((None, HashMap::new()));
}

/// The fewest letters a word needs to be hyphenated at all.
const MIN_LETTERS: usize = 5;
/// The fewest letters before a hyphen, and after it.
const MIN_BEFORE: usize = 2;
const MIN_AFTER: usize = 3;
/// Longer words are not looked up (hypher allocates past 45 bytes, and
/// such a word is more likely a hash or a paste than prose).
const MAX_BYTES: usize = 64;

/// The hyphenation patterns of a BCP 47 language tag (`en`, `en-GB`,
/// `de`): its primary subtag. `None` when hypher has none for it, which
/// includes every right-to-left language.
pub(crate) fn language(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    let code: [u8; 2] = primary.as_bytes().try_into().ok()?;
    Lang::from_iso(code)
}

/// Whether `c` is a letter of the Latin script (Basic Latin, Latin-1,
/// Latin Extended-A and -B, Latin Extended Additional).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}')
            && c.is_alphabetic()
            && c != '×'
            && c != '÷')
}

/// Byte offsets into `word` (a word's text without its trailing space)
/// where it may be hyphenated, in order; empty when it must not be.
/// Punctuation around the letters (quotes, brackets, a full stop) stays
/// outside the syllables.
pub(crate) fn hyphenation_points(word: &str, lang: Lang) -> Vec<usize> {
    let core_start = word.len()
        - word
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let core = word[core_start..].trim_end_matches(|c: char| !c.is_alphanumeric());
    if core.len() > MAX_BYTES || !core.chars().all(is_latin_letter) {
        return Vec::new();
    }
    let letters = core.chars().count();
    let capitals = core.chars().filter(|c| c.is_uppercase()).count();
    if letters < MIN_LETTERS || capitals > 1 {
        return Vec::new();
    }
    let within_core = REMEMBERED.with_borrow_mut(|(remembered_lang, remembered)| {
        if *remembered_lang != Some(lang) || remembered.len() >= REMEMBERED_WORDS {
            *remembered_lang = Some(lang);
            remembered.clear();
        }
        if let Some(points) = remembered.get(core) {
            return points.clone();
        }
        let points = syllable_ends(core, lang);
        remembered.insert(core.to_owned(), points.clone());
        points
    });
    within_core.into_iter().map(|at| core_start + at).collect()
}

/// Byte offsets into `core` (letters only) between its syllables.
fn syllable_ends(core: &str, lang: Lang) -> Vec<usize> {
    let (before, after) = lang.bounds();
    let mut points = Vec::new();
    let mut at = 0;
    let syllables =
        hypher::hyphenate_bounded(core, lang, before.max(MIN_BEFORE), after.max(MIN_AFTER));
    let count = syllables.len();
    for (i, syllable) in syllables.enumerate() {
        at += syllable.len();
        if i + 1 < count {
            points.push(at);
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(word: &str, lang: Lang) -> String {
        let mut out = String::new();
        let mut from = 0;
        for at in hyphenation_points(word, lang) {
            out.push_str(&word[from..at]);
            out.push('-');
            from = at;
        }
        out.push_str(&word[from..]);
        out
    }

    #[test]
    fn english_words_split_at_their_syllables() {
        assert_eq!(split("hyphenation", Lang::English), "hy-phen-ation");
        assert_eq!(split("negotiations,", Lang::English), "ne-go-ti-a-tions,");
        assert_eq!(split("(sanctions)", Lang::English), "(sanc-tions)");
    }

    #[test]
    fn the_language_decides_the_syllables() {
        assert_eq!(split("Verhandlungen", Lang::German), "Ver-hand-lun-gen");
        assert_eq!(language("de-CH"), Some(Lang::German));
        assert_eq!(language("EN"), Some(Lang::English));
        assert_eq!(language("fr_FR"), Some(Lang::French));
    }

    #[test]
    fn right_to_left_languages_have_no_patterns() {
        for tag in ["ar", "fa", "he", "", "english"] {
            assert_eq!(language(tag), None, "{tag}");
        }
    }

    #[test]
    fn what_is_not_a_plain_latin_word_is_left_whole() {
        for word in [
            "NATO",
            "IRGC-linked",
            "https://example.com/negotiations",
            "covid19",
            "2026-11-20",
            "مذاکرات",
            "переговоры",
            "word",
            "a_b_c_d_e_f",
        ] {
            assert!(
                hyphenation_points(word, Lang::English).is_empty(),
                "{word}: {}",
                split(word, Lang::English)
            );
        }
    }

    #[test]
    fn a_hyphen_leaves_two_letters_before_it_and_three_after() {
        for word in ["agreement", "unilateral", "reopened", "electricity"] {
            let points = hyphenation_points(word, Lang::English);
            assert!(!points.is_empty(), "{word}");
            for at in points {
                assert!(at >= 2 && word.len() - at >= 3, "{word} at {at}");
            }
        }
    }
}

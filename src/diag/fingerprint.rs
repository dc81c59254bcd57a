//! A stable name for each problem, for CI to tell a new problem from one it
//! has seen: GitLab's `fingerprint`, SARIF's `partialFingerprints`.
//!
//! It hashes what the problem is (path, code, message), not where it is, so
//! a line added above a problem leaves its fingerprint alone; problems alike
//! in all three are told apart by their order in the file. The hash is
//! FNV-1a on 128 bits: no key, same bytes on every machine, and CI compares
//! fingerprints of one repository's problems, where nobody gains by a
//! collision (a cryptographic hash would need a crate for nothing).

use std::collections::HashMap;

use super::{Diagnostic, ShownFrom, slash_path};

const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// Each diagnostic's path as `shown` writes it (forward slashes), with its
/// stable fingerprint: what the CI report formats both start from.
pub(super) fn with_paths(
    diagnostics: &[Diagnostic],
    shown: &ShownFrom,
) -> (Vec<String>, Vec<String>) {
    let paths: Vec<String> = diagnostics
        .iter()
        .map(|d| slash_path(&shown.show(&d.path)))
        .collect();
    let fingerprints = of(diagnostics, &paths);
    (paths, fingerprints)
}

/// One fingerprint per diagnostic (32 hex digits), in their order; `paths`
/// are the diagnostics' paths as printed.
pub(super) fn of(diagnostics: &[Diagnostic], paths: &[String]) -> Vec<String> {
    let mut seen: HashMap<u128, u64> = HashMap::new();
    diagnostics
        .iter()
        .zip(paths)
        .map(|(diagnostic, path)| {
            let what = hash(&[
                path.as_bytes(),
                diagnostic.code.as_str().as_bytes(),
                diagnostic.message.as_bytes(),
            ]);
            let occurrence = seen.entry(what).or_insert(0);
            *occurrence += 1;
            let unique = hash(&[&what.to_le_bytes(), &occurrence.to_le_bytes()]);
            format!("{unique:032x}")
        })
        .collect()
}

/// FNV-1a over `parts`, each followed by a NUL so that no two lists of
/// parts run together into the same bytes (paths, codes and messages hold
/// no NUL that is not escaped).
fn hash(parts: &[&[u8]]) -> u128 {
    let mut hash = FNV_OFFSET;
    for part in parts {
        for &byte in part.iter().chain(&[0]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn fnv_1a_128_matches_its_published_value() {
        // FNV-1a 128 of the empty string is its offset basis; of "a"
        // (draft-eastlake-fnv), d228cb696f1a8caf78912b704e4a8964.
        let mut hash_a = FNV_OFFSET;
        hash_a ^= u128::from(b'a');
        hash_a = hash_a.wrapping_mul(FNV_PRIME);
        assert_eq!(format!("{hash_a:032x}"), "d228cb696f1a8caf78912b704e4a8964");
    }

    #[test]
    fn alike_problems_get_distinct_fingerprints_that_do_not_depend_on_lines() {
        let one = Diagnostic::error(Code::Placeholder, "a.md", "a TODO is left");
        let all = [one.clone(), one.clone(), one];
        let paths = ["a.md".to_owned(), "a.md".to_owned(), "b.md".to_owned()];
        let prints = of(&all, &paths);
        assert_ne!(prints[0], prints[1]);
        assert_ne!(prints[0], prints[2]);
        assert_eq!(prints, of(&all, &paths), "the same on every run");
        assert!(prints.iter().all(|p| p.len() == 32));
    }
}

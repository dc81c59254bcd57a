//! A stable, dependency-free hash for names and IDs that must not change
//! between runs or machines.

/// FNV-1a, 64 bits: a stable hash for subset tags and the document ID.
pub(super) struct Fnv(u64);

impl Fnv {
    pub(super) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub(super) fn with_basis(basis: u64) -> Fnv {
        Fnv(basis)
    }
    pub(super) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    pub(super) fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published FNV-1a test vectors: subset tags and document IDs
    /// change with any other function.
    #[test]
    fn matches_the_reference_fnv1a() {
        let hash = |bytes: &[u8]| {
            let mut fnv = Fnv::new();
            fnv.write(bytes);
            fnv.finish()
        };
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }
}

//! Which split a sample's examples go to: decided by a hash of the seed and the sample's ID
//! alone, so that a sample stays where it was however many samples are added, and all the
//! pieces of one sample land together.

use sha2::{Digest as _, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Split {
    Train,
    Valid,
    Test,
}

impl Split {
    pub const ALL: [Split; 3] = [Split::Train, Split::Valid, Split::Test];

    /// Its name in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Valid => "valid",
            Split::Test => "test",
        }
    }
}

/// The fractions of samples held out.
#[derive(Debug, Clone, Copy)]
pub struct Fractions {
    pub valid: f64,
    pub test: f64,
}

/// The split of the sample with ID `id`: the first 8 bytes of SHA-256("SEED:ID") taken as a
/// number in [0, 1), below `valid` for validation, below `valid + test` for test.
pub fn of(seed: u64, id: &str, fractions: Fractions) -> Split {
    let digest = Sha256::digest(format!("{seed}:{id}"));
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let u = u64::from_be_bytes(first) as f64 / 2f64.powi(64);
    if u < fractions.valid {
        Split::Valid
    } else if u < fractions.valid + fractions.test {
        Split::Test
    } else {
        Split::Train
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_kept_roughly_and_the_seed_reshuffles() {
        let f = Fractions {
            valid: 0.1,
            test: 0.2,
        };
        let ids: Vec<String> = (0..10_000).map(|i| format!("{i:016x}")).collect();
        let count = |seed, want| ids.iter().filter(|id| of(seed, id, f) == want).count();
        assert!((900..1100).contains(&count(7, Split::Valid)));
        assert!((1800..2200).contains(&count(7, Split::Test)));
        let moved = ids.iter().filter(|id| of(7, id, f) != of(8, id, f)).count();
        assert!(moved > 3000, "another seed moved only {moved}");
    }

    #[test]
    fn no_fraction_means_everything_trains() {
        let f = Fractions {
            valid: 0.0,
            test: 0.0,
        };
        assert!((0..100).all(|i| of(1, &i.to_string(), f) == Split::Train));
    }
}

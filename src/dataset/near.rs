//! Near-duplicate texts found by MinHash: each text's set of word 5-shingles (of its
//! lowercased words, punctuation ignored) summed up in a signature of 128 minimums, whose
//! agreement estimates the Jaccard similarity of two sets; LSH banding finds the pairs worth
//! comparing without comparing every pair. A signature depends on the text alone, so the
//! store keeps it ([`SCHEME`] names how it was made) and a rebuild computes only new ones.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

/// How many minimums a signature holds.
pub const PERMUTATIONS: usize = 128;

/// Words a shingle spans.
pub const SHINGLE: usize = 5;

/// What a stored signature was made with; a signature made otherwise is made again.
pub const SCHEME: &str = "minhash-xxh3-w5-p128-mulhi-v1";

/// A text's MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; PERMUTATIONS]);

impl Signature {
    /// The signature of `text`: one minimum a permutation over the hashes of its shingles. A
    /// text with fewer than [`SHINGLE`] words is one shingle; one with no word has none, and
    /// its signature is all `u32::MAX`, which [`Signature::is_empty`] tells.
    pub fn of(text: &str) -> Signature {
        let words = word_hashes(text);
        let mut sig = [u32::MAX; PERMUTATIONS];
        let (a, b) = permutations();
        let mut add = |shingle: &[u64]| {
            let mut bytes = [0u8; SHINGLE * 8];
            for (i, w) in shingle.iter().enumerate() {
                bytes[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
            }
            let h = xxh3_64(&bytes[..shingle.len() * 8]);
            // h is already a strong hash of the shingle: each permutation only has to order
            // such values its own way. The high half of the 128-bit product with an odd
            // multiplier does, mixing every bit of h; xor with an offset, its two 32-bit
            // halves are two orders, for one multiplication (a signature is made for every
            // sample of a first build, so this loop is most of that pass).
            for ((pair, a), b) in sig.chunks_exact_mut(2).zip(a).zip(b) {
                let w = ((u128::from(*a) * u128::from(h)) >> 64) as u64 ^ b;
                pair[0] = pair[0].min((w >> 32) as u32);
                pair[1] = pair[1].min(w as u32);
            }
        };
        if words.len() < SHINGLE {
            if !words.is_empty() {
                add(&words);
            }
        } else {
            for shingle in words.windows(SHINGLE) {
                add(shingle);
            }
        }
        Signature(sig)
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&m| m == u32::MAX)
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / PERMUTATIONS as f64
    }

    /// As stored: the minimums, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|m| m.to_le_bytes()).collect()
    }

    /// A stored signature; `None` for bytes that are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != PERMUTATIONS * 4 {
            return None;
        }
        let mut sig = [0u32; PERMUTATIONS];
        for (m, b) in sig.iter_mut().zip(bytes.chunks_exact(4)) {
            *m = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        Some(Signature(sig))
    }
}

/// The words of `text`, lowercased, with everything but letters and digits taken as space.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The hash of each of [`words`], lowercased through one buffer (a signature is made for
/// every sample of a first build: no allocation a word).
fn word_hashes(text: &str) -> Vec<u64> {
    let mut lower = String::new();
    words(text)
        .map(|w| {
            lower.clear();
            if w.is_ascii() {
                lower.push_str(w);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            xxh3_64(lower.as_bytes())
        })
        .collect()
}

/// The multipliers (odd) and offsets of the permutations, one pair for every two: fixed, so
/// signatures stay comparable between runs and machines (splitmix64 from a constant seed).
fn permutations() -> &'static ([u64; PERMUTATIONS / 2], [u64; PERMUTATIONS / 2]) {
    static PERMS: std::sync::OnceLock<([u64; PERMUTATIONS / 2], [u64; PERMUTATIONS / 2])> =
        std::sync::OnceLock::new();
    PERMS.get_or_init(|| {
        let mut state = 0x5eed_u64;
        let mut next = move || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut a = [0u64; PERMUTATIONS / 2];
        let mut b = [0u64; PERMUTATIONS / 2];
        for i in 0..PERMUTATIONS / 2 {
            a[i] = next() | 1;
            b[i] = next();
        }
        (a, b)
    })
}

/// How a signature is cut into bands for a similarity threshold: `bands` bands of `rows`
/// minimums each. Two texts become candidates when any band agrees whole, which for
/// similarity s happens with probability 1 - (1 - s^rows)^bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Banding {
    pub bands: usize,
    pub rows: usize,
}

impl Banding {
    /// The banding for `threshold`: the most rows a band (the fewest needless comparisons)
    /// that still makes a pair right at the threshold a candidate 99 times in 100. Every
    /// candidate is compared whole afterwards, so a comparison too many costs little and a
    /// pair missed is a duplicate in the dataset.
    pub fn for_threshold(threshold: f64) -> Banding {
        (1..=PERMUTATIONS)
            .rev()
            .map(|rows| Banding {
                bands: PERMUTATIONS / rows,
                rows,
            })
            .find(|b| b.candidate(threshold) >= 0.99)
            .unwrap_or(Banding {
                bands: PERMUTATIONS,
                rows: 1,
            })
    }

    /// How likely two texts of similarity `s` are to share a band.
    pub fn candidate(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// The groups of near-duplicates among `signatures` (each group's indexes ascending, groups
/// in order of their first index): texts whose estimated similarity to another of the group
/// is at least `threshold`. Texts with no near-duplicate are in no group.
pub fn clusters(signatures: &[&Signature], threshold: f64) -> Vec<Vec<usize>> {
    let banding = Banding::for_threshold(threshold);
    let mut parent: Vec<usize> = (0..signatures.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for band in 0..banding.bands {
        let rows = band * banding.rows..(band + 1) * banding.rows;
        // The first text seen with each band value: later ones are compared with it.
        let mut first: HashMap<u64, usize> = HashMap::new();
        for (i, sig) in signatures.iter().enumerate() {
            if sig.is_empty() {
                continue;
            }
            let mut bytes = [0u8; PERMUTATIONS * 4];
            let values = &sig.0[rows.clone()];
            for (k, v) in values.iter().enumerate() {
                bytes[k * 4..k * 4 + 4].copy_from_slice(&v.to_le_bytes());
            }
            let key = xxh3_64(&bytes[..values.len() * 4]);
            match first.get(&key) {
                None => {
                    first.insert(key, i);
                }
                Some(&j) => {
                    if sig.similarity(signatures[j]) >= threshold {
                        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..signatures.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort_by_key(|g| g[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jaccard(a: &str, b: &str) -> f64 {
        let set = |t: &str| {
            let w: Vec<String> = words(t).map(str::to_lowercase).collect();
            w.windows(SHINGLE)
                .map(|s| s.join(" "))
                .collect::<std::collections::HashSet<_>>()
        };
        let (a, b) = (set(a), set(b));
        a.intersection(&b).count() as f64 / a.union(&b).count() as f64
    }

    const ESSAY: &str = "The heron came back to the pond every morning that winter, always at \
        the same hour, and stood in the shallows near the broken fence where the reeds grew \
        thick. I watched it from the kitchen window while the kettle boiled, and after a few \
        weeks I found that I planned my mornings around it. On the days it did not come the \
        house felt emptier, though nothing in it had changed, and I wrote about that feeling \
        in a letter to my sister, who laughed at me and then admitted she did the same with \
        the foxes in her garden.";

    #[test]
    fn the_estimate_is_close_to_the_true_jaccard_similarity() {
        let edited = ESSAY.replace("kettle boiled", "coffee brewed");
        let pasted = format!("Hi team,\n\n{ESSAY}\n\nBest,\nAlex");
        for other in [edited.as_str(), pasted.as_str()] {
            let truth = jaccard(ESSAY, other);
            let est = Signature::of(ESSAY).similarity(&Signature::of(other));
            assert!((truth - est).abs() < 0.12, "true {truth}, estimated {est}");
        }
    }

    #[test]
    fn estimates_are_unbiased_and_as_precise_as_128_permutations_allow() {
        // Pairs of texts from one pool of 400 distinct words, sharing a known part: the
        // error over many pairs must look like MinHash's (standard deviation
        // sqrt(J(1-J)/128), about 0.035 at J = 0.8), with no bias.
        let word = |i: u64| {
            format!(
                "w{}",
                (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) % 100_000
            )
        };
        let (mut sum, mut squares, n) = (0.0, 0.0, 200);
        for pair in 0..n {
            let shared = 100 + pair * 2;
            let base = pair * 10_000;
            let a: Vec<String> = (0..shared + 40).map(|i| word(base + i)).collect();
            let mut b: Vec<String> = a[..shared as usize].to_vec();
            b.extend((0..40).map(|i| word(base + 5_000 + i)));
            let (a, b) = (a.join(" "), b.join(" "));
            let err = Signature::of(&a).similarity(&Signature::of(&b)) - jaccard(&a, &b);
            sum += err;
            squares += err * err;
        }
        let (mean, rms) = (sum / n as f64, (squares / n as f64).sqrt());
        assert!(mean.abs() < 0.01, "biased: {mean}");
        assert!(rms < 0.045, "imprecise: {rms}");
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        let shouted = ESSAY.to_uppercase().replace(',', "");
        assert_eq!(Signature::of(ESSAY), Signature::of(&shouted));
    }

    #[test]
    fn near_duplicates_cluster_and_different_texts_do_not() {
        let pasted = format!("Hi team, see below.\n\n{ESSAY}\n\nThanks,\nAlex");
        let other = "Quarterly numbers are in and the sales team beat the target by a wide \
            margin again this year, which nobody expected after the slow spring we had.";
        let sigs = [
            Signature::of(ESSAY),
            Signature::of(other),
            Signature::of(&pasted),
        ];
        let refs: Vec<&Signature> = sigs.iter().collect();
        assert_eq!(clusters(&refs, 0.8), vec![vec![0, 2]]);
        assert!(clusters(&refs, 0.99).is_empty());
    }

    #[test]
    fn a_signature_survives_the_store() {
        let s = Signature::of(ESSAY);
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn texts_without_words_are_never_near_duplicates() {
        let sigs = [Signature::of("…"), Signature::of("— —")];
        assert!(sigs[0].is_empty());
        let refs: Vec<&Signature> = sigs.iter().collect();
        assert!(clusters(&refs, 0.8).is_empty());
    }

    #[test]
    fn banding_makes_pairs_at_the_threshold_candidates_and_dissimilar_ones_rarely() {
        let b = Banding::for_threshold(0.8);
        assert_eq!(b, Banding { bands: 21, rows: 6 });
        assert!(b.candidate(0.8) > 0.99);
        assert!(b.candidate(0.3) < 0.02);
        for t in [0.3, 0.5, 0.9, 0.95, 1.0] {
            let b = Banding::for_threshold(t);
            assert!(b.bands * b.rows <= PERMUTATIONS);
            assert!(b.candidate(t) >= 0.99, "{t}: {b:?}");
        }
    }
}

//! Word F1, the one measure of an extracted text against its reference: by the OCR tests and
//! benchmark (through tests/scan) and by benches/pdf-compare (included there by path), so that
//! their numbers are the same measure.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization as _;

/// The words of a text: NFKC-normalised runs of letters and digits. Punctuation is not a
/// word: pdftotext splits dot leaders into hundreds of "." tokens that would swamp the score.
pub fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    let text: String = text.nfkc().collect();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *bag.entry(w.to_string()).or_default() += 1;
    }
    bag
}

/// F1 of two bags of words.
pub fn f1(reference: &HashMap<String, usize>, candidate: &HashMap<String, usize>) -> f64 {
    let r: usize = reference.values().sum();
    let c: usize = candidate.values().sum();
    if r == 0 && c == 0 {
        return 1.0;
    }
    let overlap: usize = reference
        .iter()
        .map(|(w, n)| (*n).min(*candidate.get(w).unwrap_or(&0)))
        .sum();
    if overlap == 0 {
        return 0.0;
    }
    let (p, q) = (overlap as f64 / c as f64, overlap as f64 / r as f64);
    2.0 * p * q / (p + q)
}

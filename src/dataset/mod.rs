//! Training datasets from samples: `dataset build` selects samples, removes near-duplicates,
//! replaces PII with placeholders, cuts long texts to fit a token budget, splits by sample and
//! writes the files a fine-tuning job reads; `dataset check` validates such a directory.

pub mod pii;

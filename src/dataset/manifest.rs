//! `manifest.json`: what a dataset build made and from what, written beside the data and
//! printed by `--json` (fields fixed by cli.md; added to, never renamed). Nothing in it
//! depends on when or where it was built, so the same store and flags give the same bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The generator a manifest names: how an earlier build is recognised.
pub const GENERATOR: &str = concat!("voicetrain ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub generator: &'static str,
    pub format: &'static str,
    pub style: &'static str,
    pub tokenizer: &'static str,
    pub seed: u64,
    pub max_tokens: usize,
    pub min_tokens: usize,
    pub splits: Splits,
    pub examples: u64,
    pub tokens: Tokens,
    /// Why samples (near_duplicate) or examples (too_short, ...) were left out, and how many.
    pub left_out: BTreeMap<&'static str, u64>,
    pub near_duplicates: NearDuplicates,
    /// Placeholders put in, by kind of PII.
    pub pii: BTreeMap<&'static str, u64>,
    pub filters: Filters,
    pub date_range: DateRange,
    /// Samples taken, by kind of source.
    pub sources: BTreeMap<String, u64>,
    pub options: Options,
    /// The files this build wrote, relative to its directory: what a later build replaces.
    pub files: Vec<&'static str>,
    /// SHA-256 of everything the dataset was made from: each selected sample's ID, text hash,
    /// title, kind, type, date and context, and the options.
    pub inputs_sha256: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Splits {
    pub train: SplitTotals,
    pub valid: SplitTotals,
    pub test: SplitTotals,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SplitTotals {
    pub samples: u64,
    pub examples: u64,
    pub tokens: u64,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Tokens {
    pub total: u64,
    pub p50: u64,
    pub p95: u64,
    pub max: u64,
}

impl Tokens {
    /// Totals and nearest-rank percentiles of the examples' sizes.
    pub fn of(mut sizes: Vec<u32>) -> Tokens {
        sizes.sort_unstable();
        let rank = |p: f64| -> u64 {
            if sizes.is_empty() {
                return 0;
            }
            let i = ((p * sizes.len() as f64).ceil() as usize).clamp(1, sizes.len()) - 1;
            u64::from(sizes[i])
        };
        Tokens {
            total: sizes.iter().map(|&n| u64::from(n)).sum(),
            p50: rank(0.5),
            p95: rank(0.95),
            max: sizes.last().map_or(0, |&n| u64::from(n)),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NearDuplicates {
    /// The similarity at or above which two samples were taken as one; null with
    /// `--near-dup off`.
    pub threshold: Option<f64>,
    /// Each group of near-duplicates by sample ID, the one kept (the newest) first.
    pub clusters: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Filters {
    pub source: Vec<String>,
    pub tag: Vec<String>,
    pub account: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub include_gone: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DateRange {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The flags that shaped the examples, beyond those named above.
#[derive(Debug, Clone, Serialize)]
pub struct Options {
    pub valid: f64,
    pub test: f64,
    pub system: Option<String>,
    pub prompt: Option<String>,
    pub pii: &'static str,
}

/// What a later build needs of an earlier one's manifest.
#[derive(Debug, Deserialize)]
pub struct Earlier {
    pub generator: String,
    #[serde(default)]
    pub files: Vec<String>,
    pub format: Option<String>,
    pub style: Option<String>,
    pub tokenizer: Option<String>,
    pub max_tokens: Option<usize>,
}

impl Earlier {
    /// The manifest in `text`, if it is one voicetrain wrote.
    pub fn parse(text: &str) -> Option<Earlier> {
        serde_json::from_str::<Earlier>(text)
            .ok()
            .filter(|m| m.generator.starts_with("voicetrain "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let t = Tokens::of((1..=100).rev().collect());
        assert_eq!((t.total, t.p50, t.p95, t.max), (5050, 50, 95, 100));
        let one = Tokens::of(vec![7]);
        assert_eq!((one.p50, one.p95, one.max), (7, 7, 7));
        assert_eq!(Tokens::of(Vec::new()).max, 0);
    }

    #[test]
    fn only_a_voicetrain_manifest_is_an_earlier_build() {
        assert!(Earlier::parse(r#"{"generator": "voicetrain 0.1.0", "files": ["a"]}"#).is_some());
        assert!(Earlier::parse(r#"{"generator": "other"}"#).is_none());
        assert!(Earlier::parse("not json").is_none());
    }
}

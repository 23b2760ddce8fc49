//! Training datasets from samples: `dataset build` selects samples, removes near-duplicates
//! (`near`), replaces PII with placeholders (`pii`), makes each example's prompt from what is
//! known (`prompt`, `example`), cuts long texts to fit a token budget (`chunk`, `tokens`),
//! splits by sample (`split`) and writes the files a fine-tuning job reads (`layout`, with its
//! `manifest`), all driven by `build`; `check` validates such a directory.

pub mod build;
pub mod check;
pub mod chunk;
pub mod example;
pub mod layout;
pub mod manifest;
pub mod near;
pub mod pii;
pub mod pipeline;
pub mod prompt;
pub mod split;
pub mod tokens;

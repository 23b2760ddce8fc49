//! PII in a sample's text replaced by typed placeholders before it goes into a dataset.

//! The Fernet key: parsing (the exact format of Python's `Fernet.generate_key()`), generating,
//! fingerprinting, and encrypting single values. Tokens are standard Fernet, so Python's
//! `cryptography` reads what this writes and the other way round.

use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use fernet::Fernet;
use sha2::{Digest, Sha256};

use super::Secret;

/// A Fernet key. The encoded form is kept (redacted) so it can be saved again.
pub struct Key {
    fernet: Fernet,
    encoded: Secret,
    fingerprint: String,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.fingerprint)
    }
}

/// A value did not decrypt: wrong key, or damaged ciphertext.
#[derive(Debug, thiserror::Error)]
#[error("value does not decrypt with this key")]
pub struct DecryptError;

impl Key {
    /// Parses a key as written by `Fernet.generate_key()`; surrounding whitespace is ignored
    /// (key files end with a newline). `None` when it is not 32 bytes of url-safe base64.
    pub fn parse(text: &str) -> Option<Key> {
        let text = text.trim();
        let raw = zeroize::Zeroizing::new(URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()?);
        if raw.len() != 32 {
            return None;
        }
        let fernet = Fernet::new(text)?;
        let digest = Sha256::new()
            .chain_update(b"voicetrain key fingerprint\0")
            .chain_update(&raw[..])
            .finalize();
        Some(Key {
            fernet,
            encoded: Secret::new(URL_SAFE.encode(&raw[..])),
            fingerprint: hex::encode(&digest[..8]),
        })
    }

    /// A new random key.
    pub fn generate() -> Key {
        let mut raw = zeroize::Zeroizing::new([0u8; 32]);
        // Failing to get randomness from the OS is not something to recover from.
        #[allow(clippy::expect_used)]
        getrandom::fill(&mut raw[..]).expect("the OS random number generator failed");
        let encoded = zeroize::Zeroizing::new(URL_SAFE.encode(&raw[..]));
        #[allow(clippy::expect_used)]
        Key::parse(&encoded).expect("a freshly encoded key parses")
    }

    /// The key in `Fernet.generate_key()` form.
    pub fn encoded(&self) -> &Secret {
        &self.encoded
    }

    /// 16 hex digits that name the key without revealing it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn encrypt(&self, plain: &str) -> String {
        self.fernet.encrypt(plain.as_bytes())
    }

    /// Decrypts one token. Tokens are never expired by age, and a token stamped in the future
    /// (the clock stepped back since it was written) is accepted: a clock must not lock anyone
    /// out of their own store.
    pub fn decrypt(&self, token: &str) -> Result<Secret, DecryptError> {
        let now = jiff::Timestamp::now().as_second().max(0) as u64;
        let at = token_timestamp(token).ok_or(DecryptError)?.max(now);
        let plain = self
            .fernet
            .decrypt_at_time(token, None, at)
            .map_err(|_| DecryptError)?;
        String::from_utf8(plain)
            .map(Secret::new)
            .map_err(|_| DecryptError)
    }
}

/// The time a Fernet token says it was made (bytes 1..9, big-endian seconds).
fn token_timestamp(token: &str) -> Option<u64> {
    let data = URL_SAFE_NO_PAD.decode(token.trim_end_matches('=')).ok()?;
    let stamp: [u8; 8] = data.get(1..9)?.try_into().ok()?;
    Some(u64::from_be_bytes(stamp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_python_generated_key_with_newline() {
        // Made by `Fernet.generate_key()` in Python.
        let key = Key::parse("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=\n");
        assert!(key.is_some());
    }

    #[test]
    fn rejects_short_and_garbage_keys() {
        assert!(Key::parse("c2hvcnQ=").is_none());
        assert!(Key::parse("not a key at all!").is_none());
        assert!(Key::parse("").is_none());
    }

    #[test]
    fn round_trips_and_fingerprints_are_stable() {
        let key = Key::generate();
        let again = Key::parse(key.encoded().expose()).unwrap();
        assert_eq!(key.fingerprint(), again.fingerprint());
        let token = key.encrypt("hello");
        assert_eq!(again.decrypt(&token).unwrap().expose(), "hello");
        assert!(Key::generate().decrypt(&token).is_err());
    }

    #[test]
    fn token_from_the_future_still_decrypts() {
        // A clock that stepped back an hour since the value was written.
        let key = Key::generate();
        let future = jiff::Timestamp::now().as_second() as u64 + 3600;
        let token = key.fernet.encrypt_at_time(b"still mine", future);
        assert_eq!(key.decrypt(&token).unwrap().expose(), "still mine");
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = Key::generate();
        let shown = format!("{key:?} {:?} {}", key.encoded(), key.encoded());
        assert!(!shown.contains(key.encoded().expose()));
    }
}

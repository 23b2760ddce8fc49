//! What more than one benchmark needs: a store with a logged-in account, as `auth google`
//! would leave it.

use std::path::Path;

use voicetrain::config::{Config, Paths};
use voicetrain::secret::{KeySources, Secret, Vault};
use voicetrain::store::{Store, tokens};

/// Stores `account`'s tokens (encrypted with a key file in `home`), good for two hours.
pub fn seed_login(home: &Path, account: &str, access: &str, refresh: &str) {
    let scopes = "openid email https://www.googleapis.com/auth/drive.readonly";
    let paths = Paths::resolve(Some(home), None).expect("paths");
    let store = Store::open(home).expect("store");
    let sources = KeySources::new(&paths, &Config::default(), Some(&home.join("key")));
    let vault = Vault::open_or_create(&store, &sources, &mut |_| {}).expect("key");
    let access = vault.encrypt(&Secret::new(access.to_string()));
    let refresh = vault.encrypt(&Secret::new(refresh.to_string()));
    let expires = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(2))
        .expect("time");
    let expires = jiff::Timestamp::from_second(expires.as_second())
        .expect("time")
        .to_string();
    let now = voicetrain::store::now();
    store
        .write(|tx| {
            tokens::save_login(
                tx,
                &tokens::Login {
                    service: "google",
                    account,
                    access_token: &access,
                    refresh_token: Some(&refresh),
                    expires_at: Some(&expires),
                    scopes,
                },
                &now,
            )
        })
        .expect("seed account");
}

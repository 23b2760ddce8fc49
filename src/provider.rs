//! What a provider is to voicetrain: a service it logs into (Google, HubSpot), with
//! its token endpoint, revocation and "who am I". Each provider module implements
//! [`Provider`]; the account layer (`account`) and the `auth` and `tokens` commands work
//! through this interface alone, so that a new provider changes neither. The permissions a
//! source needs are [`Scope`]s, named by the alias `auth PROVIDER --scope` takes.

use std::time::Duration;

use futures::future::LocalBoxFuture;

use url::Url;

use crate::account::{AccountError, TokenSource};
use crate::net::NetError;
use crate::secret::Secret;

/// Every provider voicetrain knows: the name accounts are stored under (and of its `auth`
/// subcommand), and the name people read.
pub const KNOWN: &[(&str, &str)] = &[("google", "Google"), ("hubspot", "HubSpot")];

/// The name people read for a provider (`google`: "Google").
pub fn label(name: &str) -> &str {
    KNOWN
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, label)| label)
}

/// Tokens as a provider's token endpoint gave them.
#[derive(Debug)]
pub struct Tokens {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub expires_in: Option<Duration>,
    /// The scopes granted, when the answer says.
    pub scopes: Option<Vec<String>>,
}

/// A permission something needs from a login: its short name, and the granted scopes that
/// give it, the narrowest first.
#[derive(Debug)]
pub struct Scope {
    pub provider: &'static str,
    pub alias: &'static str,
    pub grants: &'static [&'static str],
    /// Whether `auth PROVIDER --scope ALIAS` adds it. Where not, every login asks for it and
    /// only the token (or the app it belongs to) can lack it.
    pub by_flag: bool,
}

impl Scope {
    /// Whether a login holding `scopes` has this permission.
    pub fn granted_by(&self, scopes: &[String]) -> bool {
        scopes.iter().any(|s| self.grants.contains(&s.as_str()))
    }

    /// The command that adds it to a login: with `--scope` where a flag adds it, else the
    /// login itself, run again once the token or app carries it.
    pub fn command(&self) -> String {
        match self.by_flag {
            true => format!("voicetrain auth {} --scope {}", self.provider, self.alias),
            false => format!("voicetrain auth {}", self.provider),
        }
    }

    /// What the person does to grant it.
    pub fn remedy(&self) -> String {
        match self.by_flag {
            true => format!(
                "run `{}` and tick every box on the consent screen",
                self.command()
            ),
            false => format!(
                "give the token (or the app it belongs to) the scope {}, then run `{}` again",
                self.grants[0],
                self.command()
            ),
        }
    }
}

/// A service voicetrain logs into. Every call goes through the network layer of the
/// provider's own client.
pub trait Provider {
    /// The name accounts and tokens are stored under, as in [`KNOWN`].
    fn name(&self) -> &'static str;

    /// A new access token from a refresh token (and a new refresh token where the provider
    /// rotates them). A dead refresh token is refused with the OAuth error `invalid_grant`.
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a Secret,
    ) -> LocalBoxFuture<'a, Result<Tokens, NetError>>;

    /// Revokes a token (and with it the grant); one the provider already considers dead
    /// counts as revoked.
    fn revoke<'a>(&'a self, token: &'a Secret) -> LocalBoxFuture<'a, Result<(), NetError>>;

    /// The e-mail address of the user an access token belongs to, where the provider says.
    fn whoami<'a>(
        &'a self,
        access_token: &'a Secret,
    ) -> LocalBoxFuture<'a, Result<Option<String>, NetError>>;
}

/// Why a call to a provider's API failed: the network layer's answer, or no fresh token
/// to make it with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Net(#[from] NetError),
    #[error(transparent)]
    Token(#[from] AccountError),
}

impl ApiError {
    /// Whether a later run may well succeed with nothing changed.
    pub fn is_temporary(&self) -> bool {
        match self {
            ApiError::Net(e) => e.is_temporary(),
            ApiError::Token(e) => e.is_temporary(),
        }
    }
}

/// An API address: `base` with `path` (`/`-separated) appended and `query` added.
pub fn api_url(base: &Url, path: &str, query: &[(&str, &str)]) -> Url {
    let mut url = base.clone();
    // Endpoints::resolve refused addresses that cannot take a path.
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty();
        for s in path.split('/') {
            segments.push(s);
        }
    }
    url.query_pairs_mut().extend_pairs(query);
    url
}

/// Sends `send(token)`; on a 401, renews the token once and sends it once more.
pub async fn with_token<T>(
    tokens: &dyn TokenSource,
    send: impl AsyncFn(Secret) -> Result<T, NetError>,
) -> Result<T, ApiError> {
    match send(tokens.current()).await {
        Err(NetError::Unauthorized) => {
            let fresh = tokens.renew().await?;
            Ok(send(fresh).await?)
        }
        other => Ok(other?),
    }
}

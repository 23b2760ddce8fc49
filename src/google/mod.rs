//! Google as a provider: where its endpoints are, which OAuth client voicetrain is (config
//! `[google]` or `VOICETRAIN_GOOGLE_*`, env winning, or a Desktop-app client-secrets file from
//! Google Cloud Console, remembered in the config), and the scopes its sources need. The
//! flows live in `oauth` (which also makes [`Google`] a [`crate::provider::Provider`]), the
//! loopback listener and browser in `loopback`, the Drive API in `drive`, Gmail's in `gmail`,
//! YouTube's in `youtube`.

pub mod address;
pub mod drive;
pub mod gmail;
pub mod loopback;
pub mod oauth;
pub mod youtube;

use std::path::Path;

use serde::Deserialize;
use url::Url;

use crate::config::setting;
use crate::net::Net;
use crate::provider::Scope;
use crate::secret::Secret;

/// The provider name accounts and tokens are stored under.
pub const SERVICE: &str = "google";

/// Reading Drive files (`--scope drive`, asked for by default).
pub static DRIVE: Scope = Scope {
    provider: SERVICE,
    alias: "drive",
    grants: &[
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/drive",
    ],
    by_flag: true,
};

/// Reading mail (`--scope gmail`). Never `gmail.metadata`: a token holding it fails every
/// search (`q`), even with `gmail.readonly` granted beside it.
pub static GMAIL: Scope = Scope {
    provider: SERVICE,
    alias: "gmail",
    grants: &["https://www.googleapis.com/auth/gmail.readonly"],
    by_flag: true,
};

/// Reading one's own videos' captions (`--scope youtube`): `captions.download` requires
/// `youtube.force-ssl`, even to read.
pub static YOUTUBE: Scope = Scope {
    provider: SERVICE,
    alias: "youtube",
    grants: &["https://www.googleapis.com/auth/youtube.force-ssl"],
    by_flag: true,
};

/// The scopes `--scope` names by alias.
pub const SCOPES: [&Scope; 3] = [&DRIVE, &GMAIL, &YOUTUBE];

/// What every login asks for: the account is named by its e-mail, which userinfo gives only
/// with these; and Drive, the default.
pub const BASE_SCOPES: [&str; 2] = ["openid", "email"];

/// A `--scope` value as the scope to ask for: an alias (`gmail`), or a full scope URL.
pub fn scope_named(name: &str) -> Option<&'static str> {
    if let Some(scope) = SCOPES.iter().find(|s| s.alias == name) {
        return Some(scope.grants[0]);
    }
    SCOPES
        .iter()
        .flat_map(|s| s.grants.iter())
        .find(|g| **g == name)
        .copied()
}

/// The aliases `--scope` takes, for the refusal message.
pub fn scope_aliases() -> String {
    SCOPES
        .iter()
        .map(|s| s.alias)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Config `[google]`; every key optional.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleConfig {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub auth_url: Option<String>,
    pub token_url: Option<String>,
    pub device_auth_url: Option<String>,
    pub revoke_url: Option<String>,
    pub userinfo_url: Option<String>,
    pub drive_url: Option<String>,
    pub gmail_url: Option<String>,
    pub youtube_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GoogleError {
    #[error("no Google OAuth client is configured")]
    NoClient,
    #[error("{name} is not a valid address: {value}")]
    BadUrl { name: &'static str, value: String },
    #[error("cannot read client secrets file {path}")]
    ReadSecrets {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a Desktop-app client secrets file from Google Cloud Console: {why}")]
    BadSecrets {
        path: std::path::PathBuf,
        why: String,
    },
}

impl GoogleError {
    pub fn hint(&self) -> Option<String> {
        match self {
            GoogleError::NoClient => Some(
                "create one in Google Cloud Console (APIs & Services > Credentials > Create credentials > \
                 OAuth client ID > Desktop app), download its JSON, and run \
                 `voicetrain auth google --client-secrets FILE`; or set VOICETRAIN_GOOGLE_CLIENT_ID and \
                 VOICETRAIN_GOOGLE_CLIENT_SECRET"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// Google, set up for a command: its endpoints, voicetrain's client there, and the network
/// layer every call goes through.
#[derive(Debug)]
pub struct Google {
    pub net: Net,
    pub endpoints: Endpoints,
    pub client: Client,
    /// The YouTube quota this run may spend (`[youtube] daily_units`), shared by its sources.
    pub youtube_quota: youtube::Meter,
}

/// Google's endpoints.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub auth: Url,
    pub token: Url,
    pub device: Url,
    pub revoke: Url,
    pub userinfo: Url,
    pub drive: Url,
    pub gmail: Url,
    pub youtube: Url,
}

/// voicetrain's OAuth client at Google.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub secret: Secret,
}

impl Endpoints {
    pub fn resolve(c: &GoogleConfig) -> Result<Endpoints, GoogleError> {
        let url = |name: &'static str, env: &str, config: &Option<String>, default: &str| {
            let value = setting(env, config, default);
            match Url::parse(&value) {
                Ok(u) if !u.cannot_be_a_base() && matches!(u.scheme(), "http" | "https") => Ok(u),
                _ => Err(GoogleError::BadUrl { name, value }),
            }
        };
        Ok(Endpoints {
            auth: url(
                "auth_url",
                "VOICETRAIN_GOOGLE_AUTH_URL",
                &c.auth_url,
                "https://accounts.google.com/o/oauth2/v2/auth",
            )?,
            token: url(
                "token_url",
                "VOICETRAIN_GOOGLE_TOKEN_URL",
                &c.token_url,
                "https://oauth2.googleapis.com/token",
            )?,
            device: url(
                "device_auth_url",
                "VOICETRAIN_GOOGLE_DEVICE_AUTH_URL",
                &c.device_auth_url,
                "https://oauth2.googleapis.com/device/code",
            )?,
            revoke: url(
                "revoke_url",
                "VOICETRAIN_GOOGLE_REVOKE_URL",
                &c.revoke_url,
                "https://oauth2.googleapis.com/revoke",
            )?,
            userinfo: url(
                "userinfo_url",
                "VOICETRAIN_GOOGLE_USERINFO_URL",
                &c.userinfo_url,
                "https://openidconnect.googleapis.com/v1/userinfo",
            )?,
            drive: url(
                "drive_url",
                "VOICETRAIN_GOOGLE_DRIVE_URL",
                &c.drive_url,
                "https://www.googleapis.com/drive/v3",
            )?,
            gmail: url(
                "gmail_url",
                "VOICETRAIN_GOOGLE_GMAIL_URL",
                &c.gmail_url,
                "https://gmail.googleapis.com/gmail/v1",
            )?,
            youtube: url(
                "youtube_url",
                "VOICETRAIN_GOOGLE_YOUTUBE_URL",
                &c.youtube_url,
                "https://www.googleapis.com/youtube/v3",
            )?,
        })
    }

    /// The endpoints a bearer token may go to.
    pub fn all(&self) -> [&Url; 8] {
        [
            &self.auth,
            &self.token,
            &self.device,
            &self.revoke,
            &self.userinfo,
            &self.drive,
            &self.gmail,
            &self.youtube,
        ]
    }
}

impl Client {
    pub fn resolve(c: &GoogleConfig) -> Result<Client, GoogleError> {
        let id = setting("VOICETRAIN_GOOGLE_CLIENT_ID", &c.client_id, "");
        let secret = setting("VOICETRAIN_GOOGLE_CLIENT_SECRET", &c.client_secret, "");
        if id.is_empty() || secret.is_empty() {
            return Err(GoogleError::NoClient);
        }
        Ok(Client {
            id,
            secret: Secret::new(secret),
        })
    }

    /// Reads a Desktop-app client secrets file (`{"installed": {...}}`).
    pub fn from_secrets_file(path: &Path) -> Result<Client, GoogleError> {
        #[derive(Deserialize)]
        struct File {
            installed: Option<Installed>,
            web: Option<serde_json::Value>,
        }
        #[derive(Deserialize)]
        struct Installed {
            client_id: String,
            client_secret: String,
        }
        let text = std::fs::read_to_string(path).map_err(|source| GoogleError::ReadSecrets {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |why: &str| GoogleError::BadSecrets {
            path: path.to_path_buf(),
            why: why.to_string(),
        };
        let file: File =
            serde_json::from_str(&text).map_err(|_| bad("not the JSON Google downloads"))?;
        match (file.installed, file.web) {
            (Some(i), _) => Ok(Client {
                id: i.client_id,
                secret: Secret::new(i.client_secret),
            }),
            (None, Some(_)) => Err(bad(
                "it is for a Web application; create a Desktop app client",
            )),
            (None, None) => Err(bad("it has no \"installed\" section")),
        }
    }
}

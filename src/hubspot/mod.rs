//! HubSpot as a provider: where its endpoints are (config `[hubspot]` or
//! `VOICETRAIN_HUBSPOT_*`, env winning), which OAuth app voicetrain is there (none is needed
//! for a static token: a legacy private app's or a service key), and [`HubSpot`] as a
//! [`Provider`] through the date-versioned OAuth endpoints (`/oauth/2026-03/...`; the v1 ones
//! go on 2027-02-16). HubSpot's tokens carry no scopes voicetrain can check before a call: the
//! API says what it lacks (`MISSING_SCOPES`). The CRM itself is read in `crm`.

pub mod crm;

use std::path::{Path, PathBuf};

use futures::future::LocalBoxFuture;
use serde::Deserialize;
use url::Url;

use crate::config::setting;
use crate::net::{Answer, Api, Call, Net, NetError, host_of};
use crate::provider::{Provider, Scope, Tokens, api_url};
use crate::secret::Secret;

/// The provider name accounts and tokens are stored under.
pub const SERVICE: &str = "hubspot";

/// Reading the CRM's emails, notes and calls. Without `sales-email-read` HubSpot blanks the
/// bodies of emails rather than refusing them.
pub static CRM: Scope = Scope {
    provider: SERVICE,
    alias: "crm",
    grants: &["sales-email-read"],
    by_flag: false,
};

/// What an OAuth login asks for: the engagements, the owners (to find the user's own) and
/// the email bodies.
pub const SCOPES: [&str; 4] = [
    "oauth",
    "crm.objects.contacts.read",
    "crm.objects.owners.read",
    "sales-email-read",
];

/// Asked for, not required: call transcripts need a paid seat.
pub const OPTIONAL_SCOPES: [&str; 1] = ["crm.extensions_calling_transcripts.read"];

/// What an OAuth login's portal (hub) ID is remembered under, for the account, among the
/// `hubspot` kind's state.
pub const HUB_STATE: &str = "hub";

/// The loopback port HubSpot's redirect is registered with, unless config says otherwise.
pub const REDIRECT_PORT: u16 = 8745;

/// Config `[hubspot]`; every key optional.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubSpotConfig {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub auth_url: Option<String>,
    pub api_url: Option<String>,
    pub redirect_port: Option<u16>,
}

#[derive(Debug, thiserror::Error)]
pub enum HubSpotError {
    #[error("no HubSpot app is configured")]
    NoClient,
    #[error("{name} is not a valid address: {value}")]
    BadUrl { name: &'static str, value: String },
    #[error("cannot read the HubSpot app file {path}")]
    ReadSecrets {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a HubSpot app file: {why}")]
    BadSecrets { path: PathBuf, why: String },
}

impl HubSpotError {
    pub fn hint(&self) -> Option<String> {
        match self {
            HubSpotError::NoClient => Some(
                "give a private app token or service key with `voicetrain auth hubspot --token-stdin`, \
                 or give your HubSpot app's client ID and secret with `--client-secrets FILE` \
                 (or [hubspot] client_id and client_secret, or VOICETRAIN_HUBSPOT_CLIENT_ID and \
                 _SECRET)"
                    .into(),
            ),
            HubSpotError::BadSecrets { .. } => Some(APP_FILE.into()),
            HubSpotError::BadUrl { .. } | HubSpotError::ReadSecrets { .. } => None,
        }
    }
}

/// voicetrain's OAuth app at HubSpot.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub secret: Secret,
}

/// HubSpot's addresses.
#[derive(Debug, Clone)]
pub struct Endpoints {
    /// The consent page.
    pub auth: Url,
    /// The API, OAuth's token endpoints included.
    pub api: Url,
    /// The loopback port of the redirect registered in the app.
    pub redirect_port: u16,
}

impl Endpoints {
    pub fn resolve(c: &HubSpotConfig) -> Result<Endpoints, HubSpotError> {
        let url = |name: &'static str, env: &str, config: &Option<String>, default: &str| {
            let value = setting(env, config, default);
            match Url::parse(&value) {
                Ok(u) if !u.cannot_be_a_base() && matches!(u.scheme(), "http" | "https") => Ok(u),
                _ => Err(HubSpotError::BadUrl { name, value }),
            }
        };
        let port = setting(
            "VOICETRAIN_HUBSPOT_REDIRECT_PORT",
            &c.redirect_port.map(|p| p.to_string()),
            &REDIRECT_PORT.to_string(),
        );
        Ok(Endpoints {
            auth: url(
                "auth_url",
                "VOICETRAIN_HUBSPOT_AUTH_URL",
                &c.auth_url,
                "https://app.hubspot.com/oauth/authorize",
            )?,
            api: url(
                "api_url",
                "VOICETRAIN_HUBSPOT_API_URL",
                &c.api_url,
                "https://api.hubapi.com",
            )?,
            redirect_port: port.parse().map_err(|_| HubSpotError::BadUrl {
                name: "redirect_port",
                value: port,
            })?,
        })
    }
}

/// What `auth hubspot --client-secrets` reads.
const APP_FILE: &str = "write the client ID and secret from the app's Auth tab as \
    {\"client_id\": \"...\", \"client_secret\": \"...\"}";

impl Client {
    /// Reads an app's client from a JSON file (`client_id`, `client_secret`, as the app's
    /// Auth tab shows them; HubSpot offers no file of its own to download).
    pub fn from_secrets_file(path: &Path) -> Result<Client, HubSpotError> {
        #[derive(Deserialize)]
        struct File {
            #[serde(alias = "clientId")]
            client_id: String,
            #[serde(alias = "clientSecret")]
            client_secret: String,
        }
        let text = std::fs::read_to_string(path).map_err(|source| HubSpotError::ReadSecrets {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |why: &str| HubSpotError::BadSecrets {
            path: path.to_path_buf(),
            why: why.to_string(),
        };
        let file: File = serde_json::from_str(&text)
            .map_err(|_| bad("not JSON with client_id and client_secret"))?;
        let (id, secret) = (file.client_id.trim(), file.client_secret.trim());
        if id.is_empty() || secret.is_empty() {
            return Err(bad("client_id or client_secret is empty"));
        }
        Ok(Client {
            id: id.to_string(),
            secret: Secret::new(secret.to_string()),
        })
    }

    /// The app from env or config; `None` when there is none (static tokens need none).
    pub fn resolve(c: &HubSpotConfig) -> Option<Client> {
        let id = setting("VOICETRAIN_HUBSPOT_CLIENT_ID", &c.client_id, "");
        let secret = setting("VOICETRAIN_HUBSPOT_CLIENT_SECRET", &c.client_secret, "");
        (!id.is_empty() && !secret.is_empty()).then(|| Client {
            id,
            secret: Secret::new(secret),
        })
    }
}

/// HubSpot, set up for a command.
#[derive(Debug)]
pub struct HubSpot {
    pub net: Net,
    pub endpoints: Endpoints,
    pub client: Option<Client>,
}

/// What the token endpoint answers.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: Option<u64>,
    scopes: Option<Vec<String>>,
}

impl From<TokenAnswer> for Tokens {
    fn from(t: TokenAnswer) -> Tokens {
        Tokens {
            access_token: Secret::new(t.access_token),
            refresh_token: t.refresh_token.map(Secret::new),
            expires_in: t.expires_in.map(std::time::Duration::from_secs),
            scopes: t.scopes,
        }
    }
}

/// Who an access token is for, as introspection says.
#[derive(Debug, Deserialize)]
pub struct Introspection {
    #[serde(default)]
    pub active: bool,
    /// The user's e-mail.
    pub user: Option<String>,
    pub hub_id: Option<u64>,
    #[serde(default)]
    pub scopes: Vec<String>,
}

impl HubSpot {
    fn oauth_url(&self, path: &str) -> Url {
        api_url(&self.endpoints.api, &format!("oauth/2026-03/{path}"), &[])
    }

    fn client(&self) -> Result<&Client, NetError> {
        self.client.as_ref().ok_or_else(|| {
            NetError::Setup(
                "no HubSpot app is configured ([hubspot] client_id and client_secret)".into(),
            )
        })
    }

    /// A form POST to one of OAuth's endpoints, with the app's credentials in the body
    /// (never the query string, which HubSpot's v1 endpoints allowed and are retired for).
    async fn oauth_send(&self, path: &str, form: &[(&str, &str)]) -> Result<Answer, NetError> {
        let client = self.client()?;
        let mut body = vec![
            ("client_id", client.id.as_str()),
            ("client_secret", client.secret.expose()),
        ];
        body.extend_from_slice(form);
        let call = Call::post_form(Api::Token, self.oauth_url(path), body);
        self.net.send(&call).await
    }

    /// [`HubSpot::oauth_send`], its JSON answer read.
    async fn oauth<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        form: &[(&str, &str)],
    ) -> Result<T, NetError> {
        let host = host_of(&self.endpoints.api);
        self.oauth_send(path, form).await?.json(&host)
    }

    /// Trades the code from the redirect for tokens (PKCE: the verifier goes with it).
    pub async fn exchange(
        &self,
        redirect: &Url,
        code: &str,
        verifier: &str,
    ) -> Result<Tokens, NetError> {
        let answer: TokenAnswer = self
            .oauth(
                "token",
                &[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("redirect_uri", redirect.as_str()),
                    ("code_verifier", verifier),
                ],
            )
            .await?;
        Ok(answer.into())
    }

    /// Who an access token is for.
    pub async fn introspect(&self, token: &Secret) -> Result<Introspection, NetError> {
        self.oauth(
            "token/introspect",
            &[
                ("token", token.expose()),
                ("token_type_hint", "access_token"),
            ],
        )
        .await
    }
}

impl Provider for HubSpot {
    fn name(&self) -> &'static str {
        SERVICE
    }

    fn refresh<'a>(
        &'a self,
        refresh_token: &'a Secret,
    ) -> LocalBoxFuture<'a, Result<Tokens, NetError>> {
        Box::pin(async move {
            let answer: TokenAnswer = self
                .oauth(
                    "token",
                    &[
                        ("grant_type", "refresh_token"),
                        ("refresh_token", refresh_token.expose()),
                    ],
                )
                .await?;
            Ok(answer.into())
        })
    }

    fn revoke<'a>(&'a self, token: &'a Secret) -> LocalBoxFuture<'a, Result<(), NetError>> {
        Box::pin(async move {
            match self
                .oauth_send("token/revoke", &[("token", token.expose())])
                .await
            {
                // Already dead counts as revoked.
                Ok(_) | Err(NetError::Refused { status: 400, .. }) => Ok(()),
                Err(e) => Err(e),
            }
        })
    }

    fn whoami<'a>(
        &'a self,
        access_token: &'a Secret,
    ) -> LocalBoxFuture<'a, Result<Option<String>, NetError>> {
        Box::pin(async move { Ok(self.introspect(access_token).await?.user) })
    }
}

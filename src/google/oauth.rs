//! Google's OAuth 2.0 for installed apps: the authorization URL (PKCE S256, a random state,
//! offline access, incremental authorization), the code exchange and refresh (through the
//! oauth2 crate, over the network layer), the device grant, revocation and userinfo, and
//! [`Google`] as a [`Provider`]. Every call goes through the network layer.

use std::time::Duration;

use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope, TokenResponse as _,
    TokenUrl,
};
use serde::Deserialize;
use url::Url;

use futures::future::LocalBoxFuture;

use super::{Google, SERVICE};
use crate::net::{Api, Call, NetError};
use crate::provider::{Provider, Tokens};
use crate::secret::Secret;

/// A login in progress: the address to send the person to, and what must come back.
pub struct Authorization {
    pub url: Url,
    pub state: CsrfToken,
    pub verifier: PkceCodeVerifier,
}

impl Google {
    /// voicetrain's client at Google's authorization and token endpoints.
    fn oauth_client(
        &self,
    ) -> oauth2::basic::BasicClient<
        oauth2::EndpointSet,
        oauth2::EndpointNotSet,
        oauth2::EndpointNotSet,
        oauth2::EndpointNotSet,
        oauth2::EndpointSet,
    > {
        BasicClient::new(ClientId::new(self.client.id.clone()))
            .set_client_secret(ClientSecret::new(self.client.secret.expose().to_string()))
            .set_auth_uri(AuthUrl::from_url(self.endpoints.auth.clone()))
            .set_token_uri(TokenUrl::from_url(self.endpoints.token.clone()))
    }

    /// The consent address: PKCE S256, a random state, offline access, `prompt=consent` so
    /// that Google sends a refresh token even to an account that consented before, and
    /// `include_granted_scopes` so that the new grant keeps every scope granted before
    /// (incremental authorization: `--scope gmail` adds Gmail to a Drive login).
    pub fn authorize(&self, redirect: &Url, scopes: &[String]) -> Authorization {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .oauth_client()
            .set_redirect_uri(RedirectUrl::from_url(redirect.clone()))
            .authorize_url(CsrfToken::new_random)
            .add_scopes(scopes.iter().map(|s| Scope::new(s.clone())))
            .set_pkce_challenge(challenge)
            .add_extra_param("access_type", "offline")
            .add_extra_param("prompt", "consent")
            .add_extra_param("include_granted_scopes", "true")
            .url();
        Authorization {
            url,
            state,
            verifier,
        }
    }

    /// Trades the code from the redirect for tokens.
    pub async fn exchange(
        &self,
        redirect: &Url,
        code: String,
        verifier: PkceCodeVerifier,
    ) -> Result<Tokens, NetError> {
        let http = |req| self.net.send_http(req);
        let answer = self
            .oauth_client()
            .set_redirect_uri(RedirectUrl::from_url(redirect.clone()))
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(verifier)
            .request_async(&http)
            .await;
        tokens(answer, &self.endpoints.token)
    }

    async fn refresh_token(&self, refresh_token: &Secret) -> Result<Tokens, NetError> {
        let http = |req| self.net.send_http(req);
        let token = RefreshToken::new(refresh_token.expose().to_string());
        let answer = self
            .oauth_client()
            .exchange_refresh_token(&token)
            .request_async(&http)
            .await;
        tokens(answer, &self.endpoints.token)
    }

    /// Revokes a token (and with it the whole grant). A token Google already considers dead
    /// (400) counts as revoked.
    async fn revoke_token(&self, token: &Secret) -> Result<(), NetError> {
        let call = Call::post_form(
            Api::Token,
            self.endpoints.revoke.clone(),
            vec![("token", token.expose())],
        );
        match self.net.send(&call).await {
            Ok(_) | Err(NetError::Refused { status: 400, .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The account's e-mail address, from userinfo.
    async fn email(&self, access_token: &Secret) -> Result<Option<String>, NetError> {
        #[derive(Deserialize)]
        struct UserInfo {
            email: Option<String>,
        }
        let call = Call::get(Api::Token, self.endpoints.userinfo.clone()).bearer(access_token);
        let info: UserInfo = self
            .net
            .send(&call)
            .await?
            .json(&crate::net::host_of(&self.endpoints.userinfo))?;
        Ok(info.email)
    }

    /// The device authorization grant: shows a code to enter at Google's address, then polls
    /// (as slowly as Google asks) until the person has approved.
    pub async fn device(
        &self,
        scopes: &[String],
        show: &mut dyn FnMut(&str, &str),
    ) -> Result<Tokens, NetError> {
        #[derive(Deserialize)]
        struct Started {
            device_code: String,
            user_code: String,
            verification_url: String,
            expires_in: u64,
            #[serde(default = "five")]
            interval: u64,
        }
        fn five() -> u64 {
            5
        }
        let scope = scopes.join(" ");
        let start = Call::post_form(
            Api::Token,
            self.endpoints.device.clone(),
            vec![
                ("client_id", self.client.id.as_str()),
                ("scope", scope.as_str()),
            ],
        );
        let host = crate::net::host_of(&self.endpoints.device);
        let started: Started = self.net.send(&start).await?.json(&host)?;
        show(&started.verification_url, &started.user_code);
        let mut interval = Duration::from_secs(started.interval.max(1));
        let deadline = std::time::Instant::now() + Duration::from_secs(started.expires_in);
        loop {
            tokio::time::sleep(interval).await;
            if std::time::Instant::now() > deadline {
                return Err(NetError::Refused {
                    status: 400,
                    reason: "expired_token".into(),
                    message: "the code was not entered in time".into(),
                });
            }
            let poll = Call::post_form(
                Api::Token,
                self.endpoints.token.clone(),
                vec![
                    ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                    ("device_code", started.device_code.as_str()),
                    ("client_id", self.client.id.as_str()),
                    ("client_secret", self.client.secret.expose()),
                ],
            );
            match self.net.send(&poll).await {
                Ok(answer) => {
                    let t: oauth2::basic::BasicTokenResponse = answer.json(&host)?;
                    return Ok(from_response(&t));
                }
                Err(NetError::Refused { reason, .. }) if reason == "authorization_pending" => {}
                Err(NetError::Refused { reason, .. }) if reason == "slow_down" => {
                    interval += Duration::from_secs(5);
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl Provider for Google {
    fn name(&self) -> &'static str {
        SERVICE
    }

    fn refresh<'a>(
        &'a self,
        refresh_token: &'a Secret,
    ) -> LocalBoxFuture<'a, Result<Tokens, NetError>> {
        Box::pin(self.refresh_token(refresh_token))
    }

    fn revoke<'a>(&'a self, token: &'a Secret) -> LocalBoxFuture<'a, Result<(), NetError>> {
        Box::pin(self.revoke_token(token))
    }

    fn whoami<'a>(
        &'a self,
        access_token: &'a Secret,
    ) -> LocalBoxFuture<'a, Result<Option<String>, NetError>> {
        Box::pin(self.email(access_token))
    }
}

fn from_response(t: &oauth2::basic::BasicTokenResponse) -> Tokens {
    Tokens {
        access_token: Secret::new(t.access_token().secret().clone()),
        refresh_token: t.refresh_token().map(|r| Secret::new(r.secret().clone())),
        expires_in: t.expires_in(),
        scopes: t
            .scopes()
            .map(|s| s.iter().map(|s| s.to_string()).collect()),
    }
}

type Answer = Result<
    oauth2::basic::BasicTokenResponse,
    RequestTokenError<NetError, oauth2::basic::BasicErrorResponse>,
>;

fn tokens(answer: Answer, url: &Url) -> Result<Tokens, NetError> {
    match answer {
        Ok(t) => Ok(from_response(&t)),
        Err(RequestTokenError::Request(e)) => Err(e),
        Err(RequestTokenError::ServerResponse(e)) => Err(NetError::Refused {
            status: 400,
            reason: e.error().to_string(),
            message: e.error_description().cloned().unwrap_or_default(),
        }),
        Err(RequestTokenError::Parse(e, _)) => Err(NetError::BadAnswer {
            host: crate::net::host_of(url),
            why: e.to_string(),
        }),
        Err(RequestTokenError::Other(why)) => Err(NetError::BadAnswer {
            host: crate::net::host_of(url),
            why,
        }),
    }
}

//! Who is calling: the OAuth app's 2026-03 endpoints (install/authorize, token, introspect,
//! revoke) and the check of the bearer token on every API call. HubSpot's rules (A2): the
//! redirect URI must equal the registered one exactly, every requested scope must be one the
//! app has ("Insufficient scopes were provided"), PKCE's `code_verifier` is checked against an
//! S256 `code_challenge`, the token endpoint takes a form body only (credentials in the query
//! string, as v1 allowed, are refused), access tokens live `access_token_lifetime` (30 min),
//! refresh tokens are never rotated and die only when revoked (revoking leaves issued access
//! tokens working until they expire), errors are RFC 6749 plus HubSpot's legacy `status`. The v1
//! paths are not served at all (404), so a client still on them fails loudly.
//!
//! Static tokens (legacy private apps, service keys) are `pat-na1-<uuid>`, never expire and
//! carry no user. A bearer token of no shape HubSpot issues (not `pat-…`, not an access token's
//! `C…`, not a refresh token's `na1-…`, or under 20 characters, or with characters outside
//! base64url) gets Cloudflare's 530, not a 401.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use sha2::{Digest as _, Sha256};

use super::errors::{self, uuid};
use super::fixture::{
    APP_SCOPES, HUB_APP_ID, HUB_CLIENT_ID, HUB_CLIENT_SECRET, HUB_DOMAIN, HUB_ID,
};
use super::http::{AuthRequest, Req, Resp, json as json_resp};
use super::{Inner, iso};

/// What kind of token a call came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A private-app token or service key: `pat-…`.
    Static,
    /// An OAuth access token.
    OAuth,
}

/// The caller of an API request, once its token checked out.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token: String,
    pub kind: TokenKind,
    pub scopes: Vec<String>,
    /// The user an OAuth token was issued to (static tokens have none).
    pub user: Option<String>,
}

impl Caller {
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// Whose rate limits a call counts against: a private app's token has its own; every
    /// OAuth token of the app shares the app's limits in the account (A7: "110/10 s per
    /// account"), so refreshing does not buy a fresh window.
    pub fn limit_key(&self) -> String {
        match self.kind {
            TokenKind::Static => format!("privateapp:{HUB_ID}:{}", self.token),
            TokenKind::OAuth => format!("oauth:{HUB_APP_ID}:{HUB_ID}"),
        }
    }
}

struct Access {
    user: String,
    user_id: u64,
    scopes: Vec<String>,
    /// On the fake clock.
    expires_ms: i64,
}

struct Refresh {
    user: String,
    user_id: u64,
    scopes: Vec<String>,
    live: bool,
}

struct Code {
    redirect_uri: String,
    challenge: Option<String>,
    scopes: Vec<String>,
    user: String,
    user_id: u64,
}

/// Every token and code the fake has issued.
#[derive(Default)]
pub struct OAuth {
    statics: HashMap<String, Vec<String>>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, Refresh>,
    codes: HashMap<String, Code>,
    /// The last request to the authorize page, accepted or not.
    pub last_authorization: Option<AuthRequest>,
}

impl OAuth {
    pub fn issue_static(&mut self, scopes: &[&str]) -> String {
        let token = format!("pat-na1-{}", uuid());
        self.statics.insert(
            token.clone(),
            scopes.iter().map(|s| s.to_string()).collect(),
        );
        token
    }

    /// A new access token and a new refresh token for `user`.
    pub fn issue_pair(
        &mut self,
        user: &str,
        user_id: u64,
        scopes: &[String],
        expires_ms: i64,
    ) -> (String, String) {
        let access = self.new_access(user, user_id, scopes, expires_ms);
        let refresh = format!("na1-{}", uuid());
        self.refresh.insert(
            refresh.clone(),
            Refresh {
                user: user.into(),
                user_id,
                scopes: scopes.to_vec(),
                live: true,
            },
        );
        (access, refresh)
    }

    fn new_access(
        &mut self,
        user: &str,
        user_id: u64,
        scopes: &[String],
        expires_ms: i64,
    ) -> String {
        let mut bytes = [0u8; 96];
        getrandom::fill(&mut bytes).expect("random");
        let token = format!("CKf{}", URL_SAFE_NO_PAD.encode(bytes));
        self.access.insert(
            token.clone(),
            Access {
                user: user.into(),
                user_id,
                scopes: scopes.to_vec(),
                expires_ms,
            },
        );
        token
    }

    /// Every OAuth access token issued so far expired a second before `now_ms`.
    pub fn expire_all(&mut self, now_ms: i64) {
        for a in self.access.values_mut() {
            a.expires_ms = a.expires_ms.min(now_ms - 1000);
        }
    }

    pub fn refresh_is_live(&self, token: &str) -> bool {
        self.refresh.get(token).is_some_and(|r| r.live)
    }
}

/// Whether `token` has a shape HubSpot issues (else Cloudflare answers 530).
fn well_shaped(token: &str) -> bool {
    (20..=512).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && (token.starts_with("pat-") || token.starts_with('C') || token.starts_with("na1-"))
}

/// Checks an API call's `Authorization: Bearer` token: 401 for none or an unknown one, 401
/// `EXPIRED_AUTHENTICATION` for an expired access token, 530 for a malformed one.
pub fn authenticate(inner: &Inner, req: &Req) -> Result<Caller, Resp> {
    let header = req.header("authorization").unwrap_or("");
    let token = match header.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token,
        _ => return Err(errors::invalid_authentication()),
    };
    if token.is_empty() {
        return Err(errors::invalid_authentication());
    }
    if !well_shaped(token) {
        return Err(errors::malformed_token());
    }
    let oauth = &inner.oauth;
    if let Some(scopes) = oauth.statics.get(token) {
        return Ok(Caller {
            token: token.into(),
            kind: TokenKind::Static,
            scopes: scopes.clone(),
            user: None,
        });
    }
    let Some(access) = oauth.access.get(token) else {
        return Err(errors::invalid_authentication());
    };
    let now = inner.now_ms();
    if access.expires_ms <= now {
        return Err(errors::expired_authentication(
            (now - access.expires_ms) / 1000,
            &iso(access.expires_ms),
        ));
    }
    Ok(Caller {
        token: token.into(),
        kind: TokenKind::OAuth,
        scopes: access.scopes.clone(),
        user: Some(access.user.clone()),
    })
}

/// `GET /oauth/authorize`: the install page. The fixture's first user (or the one
/// `set_consent_user` chose) consents at once: a 302 to the redirect URI with `code` and
/// `state`. Anything wrong stops at an HTML error page, with no redirect.
pub fn authorize(inner: &mut Inner, req: &Req) -> Resp {
    let asked = AuthRequest {
        query: req.query.clone(),
    };
    inner.oauth.last_authorization = Some(asked.clone());
    if asked.get("client_id") != Some(HUB_CLIENT_ID) {
        return errors::install_page(
            400,
            "Authorization failed because this app's client_id is missing or unknown.",
        );
    }
    let redirect_uri = asked.get("redirect_uri").unwrap_or("");
    if redirect_uri != inner.fixture.redirect_uri {
        return errors::install_page(
            400,
            "Authorization failed because the redirect URL doesn't match the app's redirect \
             URL: there is a mismatch between the redirect URI in the install URL and the \
             app's configured redirect URI.",
        );
    }
    let required = asked.scopes();
    if required.is_empty() {
        return errors::install_page(
            400,
            "Authorization failed because the scope parameter is missing.",
        );
    }
    let optional = asked.optional_scopes();
    if let Some(bad) = required
        .iter()
        .chain(&optional)
        .find(|s| !APP_SCOPES.contains(s))
    {
        return errors::install_page(
            400,
            &format!(
                "Insufficient scopes were provided: {bad} is not among the scopes this app is \
                 configured with."
            ),
        );
    }
    let challenge = match (
        asked.get("code_challenge"),
        asked.get("code_challenge_method"),
    ) {
        (None, None) => None,
        (Some(c), Some("S256")) if !c.is_empty() => Some(c.to_string()),
        _ => {
            return errors::install_page(
                400,
                "Authorization failed because the PKCE parameters are invalid: a \
                 code_challenge needs code_challenge_method=S256.",
            );
        }
    };
    let who = inner
        .consent_user
        .clone()
        .or_else(|| inner.fixture.users.first().map(|u| u.email.clone()));
    let Some(user) = who.and_then(|e| inner.fixture.users.iter().find(|u| u.email == e).cloned())
    else {
        return errors::install_page(
            400,
            "No user is signed in to consent (the fixture has none).",
        );
    };
    let Ok(mut target) = url::Url::parse(redirect_uri) else {
        return errors::install_page(400, "Authorization failed: the redirect URL is not a URL.");
    };
    let mut scopes: Vec<String> = Vec::new();
    for s in required.iter().chain(&optional) {
        if !scopes.iter().any(|g| g == s) {
            scopes.push(s.to_string());
        }
    }
    let code = format!("na1-{}", uuid());
    inner.oauth.codes.insert(
        code.clone(),
        Code {
            redirect_uri: redirect_uri.into(),
            challenge,
            scopes,
            user: user.email.clone(),
            user_id: user.user_id,
        },
    );
    {
        let mut pairs = target.query_pairs_mut();
        pairs.append_pair("code", &code);
        if let Some(state) = asked.get("state") {
            pairs.append_pair("state", state);
        }
    }
    Resp::redirect(target.as_str())
}

/// The form body of an OAuth endpoint, after the checks every one of them makes: no
/// credentials in the query string, a form content type, and the app's client id and secret.
fn client_form(req: &Req) -> Result<HashMap<String, String>, Resp> {
    const SECRETS: &[&str] = &[
        "client_id",
        "client_secret",
        "code",
        "code_verifier",
        "refresh_token",
        "redirect_uri",
        "grant_type",
        "token",
    ];
    if let Some((name, _)) = req
        .query
        .iter()
        .find(|(k, _)| SECRETS.contains(&k.as_str()))
    {
        return Err(errors::oauth(
            400,
            "invalid_request",
            "BAD_REQUEST",
            &format!("{name} must be sent in the form-encoded request body, not the query string."),
        ));
    }
    let form_type = req
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return Err(errors::oauth(
            400,
            "invalid_request",
            "BAD_REQUEST",
            "The request body must be application/x-www-form-urlencoded.",
        ));
    }
    let form = req.form();
    if form.get("client_id").map(String::as_str) != Some(HUB_CLIENT_ID) {
        let basic = req
            .header("authorization")
            .is_some_and(|h| h.starts_with("Basic "));
        let message = if basic {
            "missing or unknown client id: the client id and secret go in the form body \
             (client_id, client_secret), not in HTTP Basic auth"
        } else {
            "missing or unknown client id"
        };
        return Err(errors::oauth(
            400,
            "invalid_client",
            "BAD_CLIENT_ID",
            message,
        ));
    }
    if form.get("client_secret").map(String::as_str) != Some(HUB_CLIENT_SECRET) {
        return Err(errors::oauth(
            400,
            "invalid_client",
            "BAD_CLIENT_SECRET",
            "missing or invalid client secret",
        ));
    }
    Ok(form)
}

fn token_answer(
    access: &str,
    refresh: &str,
    lifetime_s: u64,
    user_id: u64,
    scopes: &[String],
) -> Resp {
    json_resp(
        200,
        &json!({
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": lifetime_s,
            "token_type": "bearer",
            "hub_id": HUB_ID,
            "user_id": user_id,
            "scopes": scopes,
            "token_use": "user",
        }),
    )
}

/// `POST /oauth/2026-03/token`: the authorization-code and refresh-token grants.
pub fn token(inner: &mut Inner, req: &Req) -> Resp {
    let form = match client_form(req) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let lifetime = inner.config.access_token_lifetime;
    let expires_ms = inner.now_ms() + lifetime.as_millis() as i64;
    let get = |k: &str| form.get(k).map(String::as_str);
    match get("grant_type") {
        Some("authorization_code") => {
            // Codes are single-use: taken out whatever happens next.
            let Some(code) = get("code").and_then(|c| inner.oauth.codes.remove(c)) else {
                return errors::oauth(
                    400,
                    "invalid_grant",
                    "BAD_AUTH_CODE",
                    "missing or unknown auth code",
                );
            };
            if get("redirect_uri") != Some(code.redirect_uri.as_str()) {
                return errors::oauth(
                    400,
                    "invalid_grant",
                    "BAD_REDIRECT_URI",
                    "redirect_uri does not match the one the code was issued for",
                );
            }
            if let Some(challenge) = &code.challenge {
                let derived = get("code_verifier")
                    .map(|v| URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes())));
                if derived.as_deref() != Some(challenge.as_str()) {
                    return errors::oauth(
                        400,
                        "invalid_grant",
                        "BAD_AUTH_CODE",
                        "code_verifier is missing or does not match the code_challenge",
                    );
                }
            }
            let (access, refresh) =
                inner
                    .oauth
                    .issue_pair(&code.user, code.user_id, &code.scopes, expires_ms);
            token_answer(
                &access,
                &refresh,
                lifetime.as_secs(),
                code.user_id,
                &code.scopes,
            )
        }
        Some("refresh_token") => {
            let token = get("refresh_token").unwrap_or("").to_string();
            let Some(found) = inner.oauth.refresh.get(&token).filter(|r| r.live) else {
                return errors::oauth(
                    400,
                    "invalid_grant",
                    "BAD_REFRESH_TOKEN",
                    "missing or unknown refresh token",
                );
            };
            let (user, user_id, scopes) = (found.user.clone(), found.user_id, found.scopes.clone());
            let access = inner.oauth.new_access(&user, user_id, &scopes, expires_ms);
            // Not rotated: the same refresh token comes back.
            token_answer(&access, &token, lifetime.as_secs(), user_id, &scopes)
        }
        Some(other) => errors::oauth(
            400,
            "unsupported_grant_type",
            "BAD_GRANT_TYPE",
            &format!("grant_type {other} is not supported for this app"),
        ),
        None => errors::oauth(
            400,
            "invalid_request",
            "BAD_GRANT_TYPE",
            "missing grant_type",
        ),
    }
}

/// `POST /oauth/2026-03/token/introspect`: who a token is for. A live OAuth access or refresh
/// token: `active: true` and its user, hub and scopes; anything else (static tokens, expired or
/// unknown ones, a revoked refresh token): `{"active": false}`.
pub fn introspect(inner: &mut Inner, req: &Req) -> Resp {
    let form = match client_form(req) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let token = form.get("token").map(String::as_str).unwrap_or("");
    let now = inner.now_ms();
    let base = |user: &str, user_id: u64, scopes: &[String]| {
        json!({
            "active": true,
            "client_id": HUB_CLIENT_ID,
            "token_use": "user",
            "app_id": HUB_APP_ID,
            "hub_id": HUB_ID,
            "hub_domain": HUB_DOMAIN,
            "user": user,
            "user_id": user_id,
            "scopes": scopes,
            "is_private_distribution": false,
        })
    };
    let hint = form.get("token_type_hint").map(String::as_str);
    let access = inner.oauth.access.get(token).filter(|a| a.expires_ms > now);
    let refresh = inner.oauth.refresh.get(token).filter(|r| r.live);
    let body = match (access, refresh) {
        (Some(a), _) if hint != Some("refresh_token") || refresh.is_none() => {
            let mut body = base(&a.user, a.user_id, &a.scopes);
            body["expires_in"] = ((a.expires_ms - now) / 1000).into();
            body["token_type"] = "access".into();
            body
        }
        (_, Some(r)) => {
            let mut body = base(&r.user, r.user_id, &r.scopes);
            body["token_type"] = "refresh".into();
            body
        }
        _ => json!({"active": false}),
    };
    json_resp(200, &body)
}

/// `POST /oauth/2026-03/token/revoke`: the refresh token dies (access tokens already issued
/// keep working until they expire, and an access token passed here is left alone, as v1's
/// DELETE only deleted refresh tokens). 200 whatever the token, as RFC 7009 has it.
pub fn revoke(inner: &mut Inner, req: &Req) -> Resp {
    let form = match client_form(req) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    if let Some(r) = form
        .get("token")
        .and_then(|t| inner.oauth.refresh.get_mut(t))
    {
        r.live = false;
    }
    Resp::new(200, "text/plain; charset=utf-8", Vec::new())
}

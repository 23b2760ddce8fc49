//! The OAuth 2.0 side: consent (automatic), the token endpoint for the authorization-code
//! (with PKCE), refresh-token and device grants, revocation and userinfo, with Google's rules:
//! loopback redirects only, a refresh token on first consent (or `prompt=consent`) only,
//! `invalid_grant` for a dead refresh token, rotation on demand, the device grant's short
//! list of scopes, `authorization_pending` and `slow_down`, and incremental authorization:
//! with `include_granted_scopes=true` a new grant holds every scope the user granted the
//! client before as well as those asked for now; without it, only those asked for.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

use super::Inner;
use super::http::{AuthRequest, Req, Resp, json, oauth_error};

/// Scopes Google allows with the device grant (for Drive only drive.file and drive.appdata).
const DEVICE_SCOPES: &[&str] = &[
    "openid",
    "email",
    "profile",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/userinfo.profile",
    "https://www.googleapis.com/auth/drive.file",
    "https://www.googleapis.com/auth/drive.appdata",
];

/// A scope Google grants, but that a client must never ask for (google.md, gmail.md: with it,
/// Gmail refuses `q` even alongside gmail.readonly). Unlike Google, the fake refuses it at
/// consent, so that a test sees the request.
const NEVER_ASK: &str = "https://www.googleapis.com/auth/gmail.metadata";

#[derive(Default)]
pub struct OAuth {
    codes: HashMap<String, Code>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, Refresh>,
    devices: HashMap<String, Device>,
    /// (user, client) pairs that consented before: later logins get no new refresh token
    /// unless they ask with `prompt=consent`.
    consented: HashSet<(String, String)>,
    /// Every scope each (user, client) pair has granted, in the order first granted: what
    /// `include_granted_scopes=true` adds to a new grant. Revocation clears it.
    granted: HashMap<(String, String), Vec<String>>,
    /// The last request to the consent page.
    pub last_authorization: Option<AuthRequest>,
    revoked_grants: HashSet<u64>,
    next_grant: u64,
}

struct Code {
    client_id: String,
    redirect_uri: String,
    challenge: Option<(String, String)>,
    scopes: String,
    user: String,
    offline: bool,
    force_consent: bool,
}

pub struct Access {
    grant: u64,
    pub user: String,
    client_id: String,
    pub scopes: String,
    expires: Instant,
}

struct Refresh {
    grant: u64,
    user: String,
    scopes: String,
    client_id: String,
    live: bool,
}

struct Device {
    client_id: String,
    scopes: String,
    polls: u32,
    last_poll: Option<Instant>,
}

impl OAuth {
    pub fn expire_all(&mut self) {
        let past = Instant::now() - Duration::from_secs(1);
        for a in self.access.values_mut() {
            a.expires = past;
        }
    }

    pub fn refresh_is_live(&self, token: &str) -> bool {
        self.refresh
            .get(token)
            .is_some_and(|r| r.live && !self.revoked_grants.contains(&r.grant))
    }

    pub fn revoke_all(&mut self) {
        let grants: Vec<u64> = self.refresh.values().map(|r| r.grant).collect();
        self.revoked_grants.extend(grants);
        let grants: Vec<u64> = self.access.values().map(|a| a.grant).collect();
        self.revoked_grants.extend(grants);
        self.granted.clear();
    }

    /// Revokes a whole grant: its tokens die, and the client holds none of the user's scopes
    /// any more (a later `include_granted_scopes` adds nothing).
    fn revoke_grant(&mut self, grant: u64) {
        self.revoked_grants.insert(grant);
        let owner = self
            .access
            .values()
            .find(|a| a.grant == grant)
            .map(|a| (a.user.clone(), a.client_id.clone()))
            .or_else(|| {
                self.refresh
                    .values()
                    .find(|r| r.grant == grant)
                    .map(|r| (r.user.clone(), r.client_id.clone()))
            });
        if let Some(owner) = owner {
            self.granted.remove(&owner);
        }
    }

    /// What `user` has granted `client_id` so far.
    pub fn granted(&self, user: &str, client_id: &str) -> Vec<String> {
        self.granted
            .get(&(user.to_string(), client_id.to_string()))
            .cloned()
            .unwrap_or_default()
    }

    /// Adds `scopes` (space-separated) to what `user` has granted `client_id`.
    fn grant(&mut self, user: &str, client_id: &str, scopes: &str) {
        let granted = self
            .granted
            .entry((user.to_string(), client_id.to_string()))
            .or_default();
        for scope in scopes.split_whitespace() {
            if !granted.iter().any(|g| g == scope) {
                granted.push(scope.to_string());
            }
        }
    }

    /// A fresh grant with an access and a refresh token.
    pub fn issue(
        &mut self,
        client_id: &str,
        user: &str,
        scopes: &str,
        lifetime: Duration,
    ) -> (String, String) {
        let grant = self.new_grant();
        let access = self.new_access(grant, user, client_id, scopes, lifetime);
        let refresh = self.new_refresh(grant, user, scopes, client_id);
        self.grant(user, client_id, scopes);
        (access, refresh)
    }

    fn new_grant(&mut self) -> u64 {
        self.next_grant += 1;
        self.next_grant
    }

    fn new_access(
        &mut self,
        grant: u64,
        user: &str,
        client_id: &str,
        scopes: &str,
        lifetime: Duration,
    ) -> String {
        let token = format!("ya29.fake-{}", random_text());
        self.access.insert(
            token.clone(),
            Access {
                grant,
                user: user.into(),
                client_id: client_id.into(),
                scopes: scopes.into(),
                expires: Instant::now() + lifetime,
            },
        );
        token
    }

    fn new_refresh(&mut self, grant: u64, user: &str, scopes: &str, client_id: &str) -> String {
        let token = format!("1//fake-refresh-{}", random_text());
        self.refresh.insert(
            token.clone(),
            Refresh {
                grant,
                user: user.into(),
                scopes: scopes.into(),
                client_id: client_id.into(),
                live: true,
            },
        );
        token
    }

    /// The grant behind a live, unexpired access token, or the 401 Google gives.
    pub fn check_access(&self, token: Option<&str>) -> Result<&Access, Resp> {
        token
            .and_then(|t| self.access.get(t))
            .filter(|a| a.expires > Instant::now() && !self.revoked_grants.contains(&a.grant))
            .ok_or_else(|| {
                let mut resp = super::http::google_error(
                    401,
                    "global",
                    "authError",
                    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                );
                resp.headers
                    .push(("www-authenticate".into(), "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"".into()));
                resp
            })
    }
}

fn random_text() -> String {
    let mut bytes = [0u8; 18];
    getrandom::fill(&mut bytes).expect("random");
    URL_SAFE_NO_PAD.encode(bytes)
}

fn error_page(message: &str) -> Resp {
    Resp::new(
        400,
        "text/html; charset=utf-8",
        format!(
            "<html><body><h1>Access blocked: authorization error</h1><p>{message}</p></body></html>"
        )
        .into_bytes(),
    )
}

/// Whether `uri` is a loopback redirect Google accepts for installed apps.
fn is_loopback(uri: &str) -> bool {
    url::Url::parse(uri).is_ok_and(|u| {
        u.scheme() == "http"
            && matches!(
                u.host_str(),
                Some("127.0.0.1") | Some("localhost") | Some("[::1]")
            )
    })
}

/// `GET /o/oauth2/v2/auth`: consent is given at once, by the configured user, to the scopes
/// asked for and, with `include_granted_scopes=true`, to those granted before as well.
pub fn authorize(inner: &mut Inner, req: &Req) -> Resp {
    inner.oauth.last_authorization = Some(AuthRequest {
        query: req.query.clone(),
    });
    let client_id = req.q("client_id").unwrap_or("");
    if !inner
        .fixture
        .clients
        .iter()
        .any(|c| c.client_id == client_id)
    {
        return error_page("Error 401: invalid_client. The OAuth client was not found.");
    }
    let Some(redirect_uri) = req.q("redirect_uri") else {
        return error_page("Error 400: invalid_request. Missing required parameter: redirect_uri");
    };
    if !is_loopback(redirect_uri) {
        return error_page(
            "Error 400: redirect_uri_mismatch. Only loopback redirects are allowed for this client.",
        );
    }
    if req.q("response_type") != Some("code") {
        return error_page(
            "Error 400: invalid_request. Required parameter is missing or invalid: response_type",
        );
    }
    let Some(asked) = req.q("scope").filter(|s| !s.trim().is_empty()) else {
        return error_page("Error 400: invalid_request. Missing required parameter: scope");
    };
    if asked.split_whitespace().any(|s| s == NEVER_ASK) {
        return error_page(&format!(
            "Error 400: invalid_scope. The fake refuses {NEVER_ASK}: a client must never ask for it."
        ));
    }
    let challenge = match (req.q("code_challenge"), req.q("code_challenge_method")) {
        (None, _) => None,
        (Some(c), Some(m @ ("S256" | "plain"))) => Some((c.to_string(), m.to_string())),
        (Some(c), None) => Some((c.to_string(), "plain".to_string())),
        (Some(_), Some(_)) => {
            return error_page("Error 400: invalid_request. Invalid code_challenge_method");
        }
    };
    let Ok(mut target) = url::Url::parse(redirect_uri) else {
        return error_page("Error 400: invalid_request. Invalid redirect_uri");
    };
    let state = req.q("state");
    if inner.config.deny_consent {
        let mut pairs = target.query_pairs_mut();
        pairs.append_pair("error", "access_denied");
        if let Some(s) = state {
            pairs.append_pair("state", s);
        }
        drop(pairs);
        return Resp::redirect(target.as_str());
    }
    let user = inner
        .config
        .consent_user
        .clone()
        .or_else(|| inner.fixture.users.first().cloned())
        .unwrap_or_default();
    let mut scopes: Vec<String> = Vec::new();
    if req.flag("include_granted_scopes") {
        scopes = inner.oauth.granted(&user, client_id);
    }
    for scope in asked.split_whitespace() {
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_string());
        }
    }
    let scopes = scopes.join(" ");
    let code = format!("4/fake-code-{}", random_text());
    inner.oauth.codes.insert(
        code.clone(),
        Code {
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
            challenge,
            scopes: scopes.clone(),
            user,
            offline: req.q("access_type") == Some("offline"),
            force_consent: req
                .q("prompt")
                .is_some_and(|p| p.split(' ').any(|p| p == "consent")),
        },
    );
    let mut pairs = target.query_pairs_mut();
    if let Some(s) = state {
        pairs.append_pair("state", s);
    }
    pairs.append_pair("code", &code);
    pairs.append_pair("scope", &scopes);
    pairs.append_pair("authuser", "0");
    pairs.append_pair("prompt", "consent");
    drop(pairs);
    Resp::redirect(target.as_str())
}

/// The client's credentials, from the form or HTTP Basic auth (Google takes either).
fn client_credentials(req: &Req, form: &HashMap<String, String>) -> (String, String) {
    let basic = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .map(|d| String::from_utf8_lossy(&d).into_owned());
    if let Some((id, secret)) = basic.as_deref().and_then(|d| d.split_once(':')) {
        // RFC 6749 2.3.1: both parts are form-urlencoded before being joined.
        let unescape = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        return (unescape(id), unescape(secret));
    }
    (
        form.get("client_id").cloned().unwrap_or_default(),
        form.get("client_secret").cloned().unwrap_or_default(),
    )
}

/// `POST /token`.
pub fn token(inner: &mut Inner, req: &Req) -> Resp {
    let form = req.form();
    let (client_id, client_secret) = client_credentials(req, &form);
    let client_ok = inner
        .fixture
        .clients
        .iter()
        .any(|c| c.client_id == client_id && c.client_secret == client_secret);
    if !client_ok {
        return oauth_error(401, "invalid_client", "Unauthorized");
    }
    let lifetime = inner.config.access_token_lifetime;
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = form.get("code").map(String::as_str).unwrap_or("");
            // Codes are single-use: taken out whatever happens next.
            let Some(grant) = inner.oauth.codes.remove(code) else {
                return oauth_error(400, "invalid_grant", "Malformed auth code.");
            };
            if grant.client_id != client_id {
                return oauth_error(400, "invalid_grant", "Bad Request");
            }
            if form.get("redirect_uri") != Some(&grant.redirect_uri) {
                return oauth_error(400, "redirect_uri_mismatch", "Bad Request");
            }
            if let Some((challenge, method)) = &grant.challenge {
                let Some(verifier) = form.get("code_verifier") else {
                    return oauth_error(400, "invalid_grant", "Missing code verifier.");
                };
                let derived = match method.as_str() {
                    "S256" => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
                    _ => verifier.clone(),
                };
                if !(43..=128).contains(&verifier.len()) || &derived != challenge {
                    return oauth_error(400, "invalid_grant", "Invalid code verifier.");
                }
            }
            let g = inner.oauth.new_grant();
            let access =
                inner
                    .oauth
                    .new_access(g, &grant.user, &client_id, &grant.scopes, lifetime);
            let pair = (grant.user.clone(), client_id.clone());
            let first = inner.oauth.consented.insert(pair);
            inner.oauth.grant(&grant.user, &client_id, &grant.scopes);
            let mut body = serde_json::json!({
                "access_token": access,
                "expires_in": lifetime.as_secs(),
                "scope": grant.scopes,
                "token_type": "Bearer",
            });
            if grant.offline && (first || grant.force_consent) {
                body["refresh_token"] = inner
                    .oauth
                    .new_refresh(g, &grant.user, &grant.scopes, &client_id)
                    .into();
            }
            if grant.scopes.split(' ').any(|s| s == "openid") {
                body["id_token"] = id_token(&grant.user, &client_id).into();
            }
            json(200, &body)
        }
        Some("refresh_token") => {
            let token = form.get("refresh_token").cloned().unwrap_or_default();
            let live = inner.oauth.refresh_is_live(&token);
            let Some(found) = inner.oauth.refresh.get(&token).filter(|_| live) else {
                return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
            };
            if found.client_id != client_id {
                return oauth_error(400, "unauthorized_client", "Unauthorized");
            }
            let (grant, user, scopes) = (found.grant, found.user.clone(), found.scopes.clone());
            let access = inner
                .oauth
                .new_access(grant, &user, &client_id, &scopes, lifetime);
            let mut body = serde_json::json!({
                "access_token": access,
                "expires_in": lifetime.as_secs(),
                "scope": scopes,
                "token_type": "Bearer",
            });
            if inner.config.rotate_refresh_tokens {
                if let Some(old) = inner.oauth.refresh.get_mut(&token) {
                    old.live = false;
                }
                body["refresh_token"] = inner
                    .oauth
                    .new_refresh(grant, &user, &scopes, &client_id)
                    .into();
            }
            json(200, &body)
        }
        Some("urn:ietf:params:oauth:grant-type:device_code") => {
            let code = form.get("device_code").cloned().unwrap_or_default();
            let pending = inner.config.device_pending_polls;
            let min_gap = inner.config.device_interval;
            let Some(device) = inner.oauth.devices.get_mut(&code) else {
                return oauth_error(400, "invalid_grant", "Bad Request");
            };
            if device.client_id != client_id {
                return oauth_error(400, "invalid_client", "Unauthorized");
            }
            let now = Instant::now();
            let too_soon = device
                .last_poll
                .is_some_and(|t| now.duration_since(t) < min_gap);
            device.last_poll = Some(now);
            if too_soon {
                return oauth_error(403, "slow_down", "Forbidden");
            }
            device.polls += 1;
            if device.polls <= pending {
                return oauth_error(428, "authorization_pending", "Precondition Required");
            }
            let scopes = device.scopes.clone();
            inner.oauth.devices.remove(&code);
            let user = inner.fixture.users.first().cloned().unwrap_or_default();
            let (access, refresh) = inner.oauth.issue(&client_id, &user, &scopes, lifetime);
            json(
                200,
                &serde_json::json!({
                    "access_token": access,
                    "expires_in": lifetime.as_secs(),
                    "refresh_token": refresh,
                    "scope": scopes,
                    "token_type": "Bearer",
                }),
            )
        }
        Some(_) => oauth_error(400, "unsupported_grant_type", "Invalid grant_type"),
        None => oauth_error(
            400,
            "invalid_request",
            "Missing required parameter: grant_type",
        ),
    }
}

/// `POST /device/code`.
pub fn device_code(inner: &mut Inner, req: &Req) -> Resp {
    let form = req.form();
    let client_id = form.get("client_id").cloned().unwrap_or_default();
    if !inner
        .fixture
        .clients
        .iter()
        .any(|c| c.client_id == client_id)
    {
        return oauth_error(401, "invalid_client", "The OAuth client was not found.");
    }
    let scopes = form.get("scope").cloned().unwrap_or_default();
    if let Some(bad) = scopes.split(' ').find(|s| !DEVICE_SCOPES.contains(s)) {
        return oauth_error(
            400,
            "invalid_scope",
            &format!("Invalid device flow scope: {bad}"),
        );
    }
    let code = format!("AH-fake-device-{}", random_text());
    inner.oauth.devices.insert(
        code.clone(),
        Device {
            client_id,
            scopes,
            polls: 0,
            last_poll: None,
        },
    );
    json(
        200,
        &serde_json::json!({
            "device_code": code,
            "user_code": "FAKE-CODE",
            "verification_url": "https://www.google.com/device",
            "expires_in": 1800,
            "interval": inner.config.device_interval.as_secs(),
        }),
    )
}

/// `POST /revoke`: 200 for a live token (its whole grant dies), 400 for a dead one.
pub fn revoke(inner: &mut Inner, req: &Req) -> Resp {
    let token = req
        .form()
        .get("token")
        .cloned()
        .or_else(|| req.q("token").map(str::to_string))
        .unwrap_or_default();
    let grant = if inner.oauth.refresh_is_live(&token) {
        inner.oauth.refresh.get(&token).map(|r| r.grant)
    } else {
        inner.oauth.check_access(Some(&token)).ok().map(|a| a.grant)
    };
    match grant {
        Some(g) => {
            inner.oauth.revoke_grant(g);
            json(200, &serde_json::json!({}))
        }
        None => oauth_error(400, "invalid_token", "Token expired or revoked"),
    }
}

/// `GET /v1/userinfo` (OpenID Connect): the e-mail only with an e-mail scope, as Google does.
pub fn userinfo(inner: &mut Inner, req: &Req) -> Resp {
    let access = match inner.oauth.check_access(req.bearer()) {
        Ok(a) => a,
        Err(_) => {
            let mut resp = oauth_error(401, "invalid_request", "Invalid Credentials");
            resp.headers.push((
                "www-authenticate".into(),
                "Bearer error=\"invalid_token\"".into(),
            ));
            return resp;
        }
    };
    let mut body = serde_json::json!({"sub": format!("1{:020}", access.user.len() * 7919)});
    let email_scope = access
        .scopes
        .split(' ')
        .any(|s| s == "email" || s.ends_with("/auth/userinfo.email"));
    if email_scope {
        body["email"] = access.user.clone().into();
        body["email_verified"] = true.into();
    }
    json(200, &body)
}

/// An unsigned-looking ID token carrying the e-mail, enough for a client that reads claims.
fn id_token(user: &str, client_id: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = serde_json::json!({
        "iss": "https://accounts.google.com", "aud": client_id, "email": user,
        "email_verified": true, "sub": "1234567890",
    });
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{payload}.fake-signature")
}

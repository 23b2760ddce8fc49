//! The fake HubSpot's own tests: each a rule of the HubSpot facts page (part A) it must keep,
//! over real HTTP, so that voicetrain's HubSpot source is tested against something as strict
//! as HubSpot.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};
use sha2::Digest as _;

use crate::fake_hubspot::{
    CallSpec, DEFAULT_REDIRECT_URI, EmailSpec, FakeHubSpot, HUB_CLIENT_ID, HUB_CLIENT_SECRET,
    HUB_ID, HubConfig, HubFixture, NoteSpec, OTHER_USER, SALES_USER, Utterance, other, sam,
};

const EMAILS: &str = "crm.objects.emails.read";
const SALES_EMAIL: &str = "sales-email-read";
const NOTES: &str = "crm.objects.notes.read";
const CALLS: &str = "crm.objects.calls.read";
const OWNERS: &str = "crm.objects.owners.read";
const TRANSCRIPTS: &str = "crm.extensions_calling_transcripts.read";
const ALL: &[&str] = &[EMAILS, SALES_EMAIL, NOTES, CALLS, OWNERS, TRANSCRIPTS];

fn client() -> Client {
    voicetrain::net::install_tls_provider();
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The response's status and body as JSON (`Null` when it is not JSON).
fn read(resp: Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let text = resp.text().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn header(resp: &Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// No rate limits in the way of tests about something else.
fn unlimited() -> HubConfig {
    HubConfig {
        limits: false,
        ..HubConfig::default()
    }
}

struct Hub {
    fake: FakeHubSpot,
    http: Client,
}

impl Hub {
    fn start(fixture: HubFixture, config: HubConfig) -> Hub {
        Hub {
            fake: FakeHubSpot::start(fixture, config),
            http: client(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.fake.url)
    }

    fn get_resp(&self, token: &str, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .unwrap()
    }

    fn get(&self, token: &str, path: &str) -> (u16, Value) {
        read(self.get_resp(token, path))
    }

    fn search_resp(&self, token: &str, kind: &str, body: &Value) -> Response {
        self.http
            .post(self.url(&format!("/crm/objects/2026-03/{kind}/search")))
            .bearer_auth(token)
            .json(body)
            .send()
            .unwrap()
    }

    fn search(&self, token: &str, kind: &str, body: Value) -> (u16, Value) {
        read(self.search_resp(token, kind, &body))
    }

    /// The ids of a search answer, in order.
    fn search_ids(&self, token: &str, kind: &str, body: Value) -> Vec<u64> {
        let (status, v) = self.search(token, kind, body);
        assert_eq!(status, 200, "{v}");
        ids(&v)
    }

    fn form(&self, path: &str, pairs: &[(&str, &str)]) -> (u16, Value) {
        read(self.http.post(self.url(path)).form(pairs).send().unwrap())
    }

    fn token(&self, pairs: &[(&str, &str)]) -> (u16, Value) {
        let mut all = vec![
            ("client_id", HUB_CLIENT_ID),
            ("client_secret", HUB_CLIENT_SECRET),
        ];
        all.extend_from_slice(pairs);
        self.form("/oauth/2026-03/token", &all)
    }

    fn authorize(&self, query: &[(&str, &str)]) -> Response {
        self.http
            .get(self.url("/oauth/authorize"))
            .query(query)
            .send()
            .unwrap()
    }

    /// Installs the app with `scope` (and a PKCE challenge if given); returns the code.
    fn code(&self, scope: &str, challenge: Option<&str>) -> String {
        let mut query = vec![
            ("client_id", HUB_CLIENT_ID),
            ("redirect_uri", DEFAULT_REDIRECT_URI),
            ("scope", scope),
            ("state", "s1"),
        ];
        if let Some(c) = challenge {
            query.push(("code_challenge", c));
            query.push(("code_challenge_method", "S256"));
        }
        let resp = self.authorize(&query);
        assert_eq!(resp.status().as_u16(), 302);
        let location = url::Url::parse(&header(&resp, "location").unwrap()).unwrap();
        location
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap()
    }
}

fn ids(v: &Value) -> Vec<u64> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

fn filter(property: &str, operator: &str, value: &str) -> Value {
    json!({"propertyName": property, "operator": operator, "value": value})
}

/// Sam's mail: 1–8 sent (6 and 7 by a sequence), 9–10 replies to Sam, 11 forwarded, 12–13
/// Olive's; two notes; a call with a transcript and one without.
fn world() -> HubFixture {
    let (sam, olive) = (sam(), other());
    let mut f = HubFixture::sales();
    for id in 1..=8 {
        let mut e = EmailSpec::sent(
            id,
            &sam,
            &format!("Quote number {id}"),
            &format!("Body {id}"),
        );
        if id == 2 {
            e = e.html("<p>Body 2</p>");
        }
        if id == 6 || id == 7 {
            e = e.sequence("seq-77");
        }
        f = f.with_email(e);
    }
    f = f
        .with_email(EmailSpec::received(
            9,
            &sam,
            "casey@customer.example.org",
            "Re: Quote",
            "Thanks",
        ))
        .with_email(EmailSpec::received(
            10,
            &sam,
            "dana@customer.example.org",
            "Re: Quote",
            "Great",
        ))
        .with_email(EmailSpec::forwarded(11, &sam, "Fwd: pricing", "See below"))
        .with_email(EmailSpec::sent(12, &olive, "Olive's note", "Olive writes"))
        .with_email(EmailSpec::sent(
            13,
            &olive,
            "Olive again",
            "More from Olive",
        ))
        .with_note(NoteSpec::new(101, &sam, "<p>Met Casey, wants a demo.</p>"))
        .with_note(NoteSpec::new(102, &olive, "<p>Olive's note</p>"))
        .with_call(
            CallSpec::new(201, &sam, "Discovery call", "<p>Went well</p>").with_transcript(vec![
                Utterance::by(&sam, "Thanks for taking the time today.", 0, 2500),
                Utterance::guest("Casey Customer", "Happy to, let's dig in.", 2600, 4800),
                Utterance::by(&sam, "Great, first question.", 5000, 7000),
            ]),
        )
        .with_call(CallSpec::new(
            202,
            &sam,
            "Follow-up",
            "<p>Left a voicemail</p>",
        ));
    f
}

#[test]
fn authorize_redirects_only_to_the_registered_uri_exactly() {
    let hub = Hub::start(HubFixture::sales(), HubConfig::default());
    let scope = format!("oauth {EMAILS} {OWNERS}");
    let ask = |redirect: &str, scope: &str, optional: &str| {
        hub.authorize(&[
            ("client_id", HUB_CLIENT_ID),
            ("redirect_uri", redirect),
            ("scope", scope),
            ("optional_scope", optional),
            ("state", "xyz 1"),
        ])
    };

    let resp = ask(DEFAULT_REDIRECT_URI, &scope, SALES_EMAIL);
    assert_eq!(resp.status().as_u16(), 302);
    let location = url::Url::parse(&header(&resp, "location").unwrap()).unwrap();
    assert!(location.as_str().starts_with(DEFAULT_REDIRECT_URI));
    let q: Vec<(String, String)> = location.query_pairs().into_owned().collect();
    assert!(q.iter().any(|(k, v)| k == "code" && !v.is_empty()), "{q:?}");
    assert!(q.contains(&("state".into(), "xyz 1".into())), "{q:?}");
    let last = hub.fake.last_authorization().unwrap();
    assert_eq!(last.scopes(), vec!["oauth", EMAILS, OWNERS]);
    assert_eq!(last.optional_scopes(), vec![SALES_EMAIL]);
    assert_eq!(last.get("state"), Some("xyz 1"));

    for near_miss in [
        "http://localhost:8745",
        "http://127.0.0.1:8745/",
        "http://localhost:8745/?x=1",
        "http://LOCALHOST:8745/",
        "https://localhost:8745/",
    ] {
        let resp = ask(near_miss, &scope, "");
        assert_eq!(resp.status().as_u16(), 400, "{near_miss}");
        assert!(header(&resp, "location").is_none());
        assert!(
            header(&resp, "content-type")
                .unwrap()
                .starts_with("text/html")
        );
        let page = resp.text().unwrap();
        assert!(
            page.contains("redirect URL doesn't match the app's"),
            "{page}"
        );
    }
    // The last request is kept whether or not it was accepted.
    assert_eq!(
        hub.fake.last_authorization().unwrap().get("redirect_uri"),
        Some("https://localhost:8745/")
    );

    for (scope, optional) in [
        ("oauth crm.objects.deals.read", ""),
        ("oauth", "crm.objects.deals.read"),
    ] {
        let resp = ask(DEFAULT_REDIRECT_URI, scope, optional);
        assert_eq!(resp.status().as_u16(), 400);
        assert!(
            resp.text()
                .unwrap()
                .contains("Insufficient scopes were provided")
        );
    }

    let resp = hub.authorize(&[
        ("client_id", "not-the-app"),
        ("redirect_uri", DEFAULT_REDIRECT_URI),
        ("scope", "oauth"),
    ]);
    assert_eq!(resp.status().as_u16(), 400);
    assert!(header(&resp, "location").is_none());
    assert_eq!(hub.fake.count("oauth.authorize"), 9);
    assert_eq!(hub.fake.count("oauth.authorize:302"), 1);
    assert_eq!(hub.fake.count("oauth.authorize:400"), 8);
}

#[test]
fn the_registered_redirect_uri_is_the_fixtures() {
    let fixture = HubFixture::sales().with_redirect_uri("http://127.0.0.1:53682/callback");
    let hub = Hub::start(fixture, HubConfig::default());
    let ask = |redirect: &str| {
        hub.authorize(&[
            ("client_id", HUB_CLIENT_ID),
            ("redirect_uri", redirect),
            ("scope", "oauth"),
        ])
        .status()
        .as_u16()
    };
    assert_eq!(ask("http://127.0.0.1:53682/callback"), 302);
    assert_eq!(ask(DEFAULT_REDIRECT_URI), 400);
}

#[test]
fn pkce_is_checked_and_codes_are_single_use() {
    let hub = Hub::start(HubFixture::sales(), HubConfig::default());
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-fake-verifier";
    let challenge = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    let scope = format!("oauth {EMAILS}");
    let exchange = |code: &str, verifier: Option<&str>, redirect: &str| {
        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect),
        ];
        if let Some(v) = verifier {
            pairs.push(("code_verifier", v));
        }
        hub.token(&pairs)
    };

    let code = hub.code(&scope, Some(&challenge));
    let (status, v) = exchange(&code, None, DEFAULT_REDIRECT_URI);
    assert_eq!(
        (status, v["error"].as_str()),
        (400, Some("invalid_grant")),
        "{v}"
    );
    assert_eq!(v["status"], "BAD_AUTH_CODE");

    let code = hub.code(&scope, Some(&challenge));
    let (status, v) = exchange(
        &code,
        Some("the-wrong-verifier-0000000000000000000000000"),
        DEFAULT_REDIRECT_URI,
    );
    assert_eq!(
        (status, v["error"].as_str()),
        (400, Some("invalid_grant")),
        "{v}"
    );

    let code = hub.code(&scope, Some(&challenge));
    let (status, v) = exchange(&code, Some(verifier), DEFAULT_REDIRECT_URI);
    assert_eq!(status, 200, "{v}");
    assert!(v["access_token"].as_str().unwrap().len() > 20);
    assert!(v["refresh_token"].as_str().unwrap().len() > 20);
    assert_eq!(v["expires_in"], 1800);
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["hub_id"], HUB_ID);
    assert_eq!(v["user_id"], 9001);
    assert_eq!(v["scopes"], json!(["oauth", EMAILS]));
    assert_eq!(v["token_use"], "user");
    // The access token works, and the code is spent.
    let (status, _) = hub.get(
        v["access_token"].as_str().unwrap(),
        "/crm/objects/2026-03/emails",
    );
    assert_eq!(status, 200);
    let (status, v) = exchange(&code, Some(verifier), DEFAULT_REDIRECT_URI);
    assert_eq!(
        (status, v["status"].as_str()),
        (400, Some("BAD_AUTH_CODE")),
        "{v}"
    );

    // Without a challenge no verifier is needed, but redirect_uri must still match.
    let code = hub.code(&scope, None);
    let (status, v) = exchange(&code, None, "http://localhost:8745/other");
    assert_eq!(
        (status, v["error"].as_str()),
        (400, Some("invalid_grant")),
        "{v}"
    );
    let code = hub.code(&scope, None);
    assert_eq!(exchange(&code, None, DEFAULT_REDIRECT_URI).0, 200);

    // A challenge needs S256.
    let resp = hub.authorize(&[
        ("client_id", HUB_CLIENT_ID),
        ("redirect_uri", DEFAULT_REDIRECT_URI),
        ("scope", "oauth"),
        ("code_challenge", verifier),
        ("code_challenge_method", "plain"),
    ]);
    assert_eq!(resp.status().as_u16(), 400);
}

#[test]
fn the_token_endpoint_takes_a_form_body_only() {
    let hub = Hub::start(HubFixture::sales(), HubConfig::default());
    let (_, refresh) = hub.fake.issue_oauth_tokens(SALES_USER, &[EMAILS]);

    // As JSON: refused.
    let (status, v) = read(
        hub.http
            .post(hub.url("/oauth/2026-03/token"))
            .json(&json!({
                "grant_type": "refresh_token", "refresh_token": refresh,
                "client_id": HUB_CLIENT_ID, "client_secret": HUB_CLIENT_SECRET,
            }))
            .send()
            .unwrap(),
    );
    assert_eq!(
        (status, v["error"].as_str()),
        (400, Some("invalid_request")),
        "{v}"
    );

    // Credentials in the query string (v1's habit): refused, even with a good form.
    let (status, v) = read(
        hub.http
            .post(hub.url("/oauth/2026-03/token"))
            .query(&[("client_secret", HUB_CLIENT_SECRET)])
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh.as_str()),
                ("client_id", HUB_CLIENT_ID),
                ("client_secret", HUB_CLIENT_SECRET),
            ])
            .send()
            .unwrap(),
    );
    assert_eq!(status, 400, "{v}");

    let (status, v) = hub.form(
        "/oauth/2026-03/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
            ("client_id", HUB_CLIENT_ID),
            ("client_secret", "wrong"),
        ],
    );
    assert_eq!(
        (status, v["error"].as_str()),
        (400, Some("invalid_client")),
        "{v}"
    );

    let (status, v) = hub.token(&[("grant_type", "client_credentials")]);
    assert_eq!(
        (status, v["error"].as_str()),
        (400, Some("unsupported_grant_type")),
        "{v}"
    );

    // The v1 endpoints are not there at all.
    for path in [
        "/oauth/v1/token",
        &format!("/oauth/v1/access-tokens/{refresh}"),
    ] {
        let resp = hub
            .http
            .post(hub.url(path))
            .form(&[("grant_type", "refresh_token")])
            .send()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 404, "{path}");
    }
    assert_eq!(hub.fake.count("oauth.token:400"), 4);
}

#[test]
fn refresh_tokens_are_not_rotated_and_revoking_kills_only_them() {
    let hub = Hub::start(HubFixture::sales(), HubConfig::default());
    let (access, refresh) = hub.fake.issue_oauth_tokens(SALES_USER, &[EMAILS, OWNERS]);
    assert!(hub.fake.refresh_token_is_live(&refresh));

    let (status, v) = hub.token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["refresh_token"], refresh.as_str(), "not rotated");
    let fresh = v["access_token"].as_str().unwrap().to_string();
    assert_ne!(fresh, access);
    assert_eq!(v["expires_in"], 1800);
    assert_eq!(v["scopes"], json!([EMAILS, OWNERS]));
    assert_eq!(hub.get(&fresh, "/crm/v3/owners").0, 200);

    let (status, v) = hub.token(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", "na1-0000-bogus"),
    ]);
    assert_eq!(status, 400);
    assert_eq!(v["error"], "invalid_grant");
    assert_eq!(v["status"], "BAD_REFRESH_TOKEN");
    assert!(
        v["error_description"].is_string() && v["message"].is_string(),
        "{v}"
    );

    let (status, _) = hub.form(
        "/oauth/2026-03/token/revoke",
        &[
            ("client_id", HUB_CLIENT_ID),
            ("client_secret", HUB_CLIENT_SECRET),
            ("token", &refresh),
        ],
    );
    assert_eq!(status, 200);
    assert!(!hub.fake.refresh_token_is_live(&refresh));
    let (status, v) = hub.token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]);
    assert_eq!(
        (status, v["status"].as_str()),
        (400, Some("BAD_REFRESH_TOKEN"))
    );
    // Access tokens already issued keep working until they expire.
    assert_eq!(hub.get(&access, "/crm/v3/owners").0, 200);
    assert_eq!(hub.get(&fresh, "/crm/v3/owners").0, 200);
    assert_eq!(hub.fake.count("oauth.revoke:200"), 1);
}

#[test]
fn introspection_names_the_user_and_hub() {
    let hub = Hub::start(HubFixture::sales(), HubConfig::default());
    let (access, refresh) = hub.fake.issue_oauth_tokens(OTHER_USER, &[EMAILS, OWNERS]);
    let introspect = |token: &str| {
        hub.form(
            "/oauth/2026-03/token/introspect",
            &[
                ("client_id", HUB_CLIENT_ID),
                ("client_secret", HUB_CLIENT_SECRET),
                ("token", token),
                ("token_type_hint", "access_token"),
            ],
        )
    };
    let (status, v) = introspect(&access);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["active"], true);
    assert_eq!(v["client_id"], HUB_CLIENT_ID);
    assert_eq!(v["token_use"], "user");
    assert_eq!(v["hub_id"], HUB_ID);
    assert_eq!(v["user"], OTHER_USER);
    assert_eq!(v["user_id"], 9002);
    assert_eq!(v["scopes"], json!([EMAILS, OWNERS]));
    let expires_in = v["expires_in"].as_i64().unwrap();
    assert!((1700..=1800).contains(&expires_in), "{expires_in}");
    assert!(v["token_type"].is_string());

    let (_, v) = introspect(&refresh);
    assert_eq!(
        (v["active"].as_bool(), v["user"].as_str()),
        (Some(true), Some(OTHER_USER))
    );

    let static_token = hub.fake.issue_static_token(&[EMAILS]);
    for token in ["CKfnot-a-token-we-issued-000000", static_token.as_str()] {
        let (status, v) = introspect(token);
        assert_eq!((status, v), (200, json!({"active": false})));
    }
    hub.fake.expire_access_tokens();
    assert_eq!(introspect(&access).1, json!({"active": false}));

    let (status, _) = hub.form(
        "/oauth/2026-03/token/introspect",
        &[
            ("client_id", HUB_CLIENT_ID),
            ("client_secret", "no"),
            ("token", &access),
        ],
    );
    assert_eq!(status, 400);
}

#[test]
fn owners_by_user_id_and_by_email() {
    let hub = Hub::start(HubFixture::sales(), HubConfig::default());
    let token = hub.fake.issue_static_token(&[OWNERS]);

    let (status, v) = hub.get(&token, "/crm/v3/owners/9001?idProperty=userId");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["id"], "501", "the owner id, a string");
    assert_eq!(v["userId"], 9001, "the user id, a number");
    assert_eq!(v["email"], SALES_USER);
    assert_eq!(
        (v["firstName"].as_str(), v["lastName"].as_str()),
        (Some("Sam"), Some("Seller"))
    );
    assert_eq!(v["archived"], false);
    assert!(v["createdAt"].as_str().unwrap().ends_with('Z'));

    // A user id is not an owner id.
    assert_eq!(hub.get(&token, "/crm/v3/owners/9001").0, 404);
    assert_eq!(hub.get(&token, "/crm/v3/owners/9001?idProperty=id").0, 404);
    assert_eq!(hub.get(&token, "/crm/v3/owners/501").1["userId"], 9001);
    assert_eq!(
        hub.get(&token, "/crm/v3/owners/501?idProperty=email").0,
        400
    );

    let (status, v) = hub.get(&token, &format!("/crm/v3/owners?email={OTHER_USER}"));
    assert_eq!(status, 200);
    assert_eq!(ids(&v), vec![502]);
    assert!(v.get("paging").is_none());
    assert_eq!(
        ids(&hub.get(&token, "/crm/v3/owners?email=nobody@x.example").1),
        Vec::<u64>::new()
    );

    let (_, v) = hub.get(&token, "/crm/v3/owners?limit=1");
    assert_eq!(ids(&v), vec![501]);
    let after = v["paging"]["next"]["after"].as_str().unwrap().to_string();
    let (_, v) = hub.get(&token, &format!("/crm/v3/owners?limit=1&after={after}"));
    assert_eq!(ids(&v), vec![502]);
    assert!(v.get("paging").is_none());
    assert_eq!(ids(&hub.get(&token, "/crm/v3/owners").1), vec![501, 502]);
    assert_eq!(hub.get(&token, "/crm/v3/owners?limit=500").0, 200);
    assert_eq!(hub.get(&token, "/crm/v3/owners?limit=501").0, 400);
    assert_eq!(hub.get(&token, "/crm/v3/owners?emial=x").0, 400);
    assert_eq!(
        hub.fake.rejected_parameters(),
        vec![("owners.list".to_string(), "emial".to_string())]
    );

    let no_scope = hub.fake.issue_static_token(&[EMAILS]);
    let (status, v) = hub.get(&no_scope, "/crm/v3/owners/501");
    assert_eq!(status, 403);
    assert_eq!(v["category"], "MISSING_SCOPES");
    assert_eq!(v["errors"][0]["context"]["requiredScopes"], json!([OWNERS]));
    assert_eq!(hub.fake.count("owners.get:404"), 2);
    assert_eq!(hub.fake.count("owners.get:403"), 1);
}

#[test]
fn search_caps_are_hubspots() {
    let hub = Hub::start(world(), unlimited());
    let token = hub.fake.issue_static_token(ALL);
    let search = |body: Value| hub.search(&token, "emails", body);
    let error = |body: Value| {
        let (status, v) = search(body);
        assert_eq!(status, 400, "{v}");
        assert_eq!(v["status"], "error");
        assert_eq!(v["category"], "VALIDATION_ERROR");
        assert!(v["correlationId"].is_string() && v["message"].is_string());
    };
    assert_eq!(search(json!({"limit": 200})).0, 200);
    error(json!({"limit": 201}));

    // The 10,000 cap is on the offset, however few the results.
    error(json!({"after": "10000"}));
    error(json!({"after": "9990", "limit": 11}));
    let (status, v) = search(json!({"after": "9990", "limit": 10}));
    assert_eq!((status, v["total"].as_u64()), (200, Some(13)));
    assert_eq!(ids(&v), Vec::<u64>::new());
    error(json!({"after": "page2"}));

    let group = |n: usize| json!({"filters": vec![filter("hs_object_id", "GT", "0"); n]});
    assert_eq!(search(json!({"filterGroups": vec![group(1); 5]})).0, 200);
    error(json!({"filterGroups": vec![group(1); 6]}));
    assert_eq!(search(json!({"filterGroups": [group(10)]})).0, 200);
    error(json!({"filterGroups": [group(11)]}));
    assert_eq!(
        search(json!({"filterGroups": [group(10), group(10), group(5)]})).0,
        200
    );
    error(json!({"filterGroups": [group(9), group(9), group(8)]}));

    error(json!({"sorts": [
        {"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"},
        {"propertyName": "hs_object_id", "direction": "ASCENDING"},
    ]}));
    error(json!({"sorts": [{"propertyName": "hs_object_id", "direction": "UP"}]}));
    error(json!({"filterGroups": [{"filters": [filter("no_such_property", "EQ", "1")]}]}));
    error(json!({"filterGroups": [{"filters": [filter("hs_object_id", "LIKE", "1")]}]}));
    error(json!({"filterGroups": [{"filters": [
        {"propertyName": "hs_object_id", "operator": "EQ", "value": 1}
    ]}]}));
    error(
        json!({"filterGroups": [{"filters": [filter("hs_lastmodifieddate", "GTE", "yesterday")]}]}),
    );
    error(
        json!({"filterGroups": [{"filters": [{"propertyName": "hs_object_id", "operator": "IN"}]}]}),
    );
    error(json!({"filter_groups": []}));
    error(json!({"query": "x".repeat(3001)}));
    assert_eq!(search(json!({"query": "x".repeat(3000)})).0, 200);
    assert_eq!(hub.fake.count("emails.search:400"), 16);
}

#[test]
fn search_filters_sorts_and_pages() {
    let hub = Hub::start(world(), unlimited());
    let token = hub.fake.issue_static_token(ALL);
    let ids_of = |filters: Vec<Value>| {
        hub.search_ids(
            &token,
            "emails",
            json!({"filterGroups": [{"filters": filters}], "limit": 100}),
        )
    };

    assert_eq!(
        ids_of(vec![
            filter("hubspot_owner_id", "EQ", "501"),
            filter("hs_email_direction", "EQ", "EMAIL"),
        ]),
        (1..=8).collect::<Vec<_>>()
    );
    // hs_object_id is numeric: 10 > 9.
    assert_eq!(
        ids_of(vec![filter("hs_object_id", "GT", "9")]),
        vec![10, 11, 12, 13]
    );
    assert_eq!(ids_of(vec![filter("hs_object_id", "LTE", "2")]), vec![1, 2]);
    assert_eq!(
        ids_of(vec![
            filter("hs_object_id", "NEQ", "2"),
            filter("hs_object_id", "LT", "4")
        ]),
        vec![1, 3]
    );

    // Dates compare as epoch ms; a filter may give epoch ms or ISO 8601.
    let modified_5 = EmailSpec::sent(5, &sam(), "", "").modified_ms;
    assert_eq!(
        ids_of(vec![filter(
            "hs_lastmodifieddate",
            "GTE",
            &modified_5.to_string()
        )]),
        (5..=13).collect::<Vec<_>>()
    );
    assert_eq!(
        ids_of(vec![json!({
            "propertyName": "hs_timestamp", "operator": "BETWEEN",
            "value": "2026-03-02T09:03:00.000Z", "highValue": "2026-03-02T09:05:00Z",
        })]),
        vec![3, 4, 5]
    );
    assert_eq!(
        ids_of(vec![
            json!({"propertyName": "hs_email_direction", "operator": "IN",
            "values": ["INCOMING_EMAIL", "FORWARDED_EMAIL"]})
        ]),
        vec![9, 10, 11]
    );
    assert_eq!(
        ids_of(vec![
            json!({"propertyName": "hs_email_direction", "operator": "NOT_IN", "values": ["EMAIL"]}),
            filter("hs_email_from_email", "NEQ", "dana@customer.example.org"),
        ]),
        vec![9, 11]
    );
    assert_eq!(
        ids_of(vec![
            json!({"propertyName": "hs_sequence_id", "operator": "HAS_PROPERTY"})
        ]),
        vec![6, 7]
    );
    assert_eq!(
        ids_of(vec![
            json!({"propertyName": "hs_email_html", "operator": "HAS_PROPERTY"}),
        ]),
        vec![2]
    );
    assert_eq!(
        ids_of(vec![
            json!({"propertyName": "hs_sequence_id", "operator": "NOT_HAS_PROPERTY"}),
            filter("hubspot_owner_id", "EQ", "501"),
        ]),
        vec![1, 2, 3, 4, 5, 8, 9, 10, 11]
    );
    assert_eq!(
        ids_of(vec![filter("hs_email_subject", "CONTAINS_TOKEN", "oliv*")]),
        vec![12, 13]
    );
    assert_eq!(
        ids_of(vec![filter("hs_email_subject", "CONTAINS_TOKEN", "again")]),
        vec![13]
    );
    assert_eq!(
        ids_of(vec![filter(
            "hs_email_subject",
            "NOT_CONTAINS_TOKEN",
            "quote"
        )]),
        vec![11, 12, 13]
    );
    assert_eq!(
        ids_of(vec![filter("hs_owner_ids_from", "EQ", "502")]),
        vec![12, 13]
    );

    // Groups are ORed.
    let (status, v) = hub.search(
        &token,
        "emails",
        json!({"filterGroups": [
            {"filters": [filter("hs_object_id", "EQ", "3")]},
            {"filters": [filter("hs_object_id", "EQ", "12")]},
        ]}),
    );
    assert_eq!(status, 200);
    assert_eq!((ids(&v), v["total"].as_u64()), (vec![3, 12], Some(2)));

    // Sorts: the object form, the spec's string form; default id ascending.
    let sorted = |sorts: Value| {
        hub.search_ids(
            &token,
            "emails",
            json!({"sorts": sorts, "limit": 5, "filterGroups": [
            {"filters": [filter("hubspot_owner_id", "EQ", "501")]}]}),
        )
    };
    assert_eq!(
        sorted(json!([{"propertyName": "hs_timestamp", "direction": "DESCENDING"}])),
        vec![11, 10, 9, 8, 7]
    );
    assert_eq!(sorted(json!(["hs_object_id"])), vec![1, 2, 3, 4, 5]);
    assert_eq!(sorted(json!([])), vec![1, 2, 3, 4, 5]);

    // Paging: `after` is an offset; no paging on the last page.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut body = json!({"limit": 5, "sorts": [{"propertyName": "hs_object_id", "direction": "ASCENDING"}]});
        if let Some(a) = &after {
            body["after"] = a.clone().into();
        }
        let (status, v) = hub.search(&token, "emails", body);
        assert_eq!(status, 200);
        assert_eq!(v["total"], 13);
        pages += 1;
        seen.extend(ids(&v));
        match v["paging"]["next"]["after"].as_str() {
            Some(a) => after = Some(a.to_string()),
            None => break,
        }
    }
    assert_eq!((seen, pages), ((1..=13).collect::<Vec<_>>(), 3));

    // Only the properties asked for, plus the three defaults; every value a string.
    let (_, v) = hub.search(
        &token,
        "emails",
        json!({"properties": ["hs_email_subject", "hs_timestamp", "hs_email_headers", "hs_email_html", "no_such"],
               "filterGroups": [{"filters": [filter("hs_object_id", "EQ", "5")]}]}),
    );
    let r = &v["results"][0];
    assert_eq!(r["id"], "5");
    assert_eq!(r["archived"], false);
    let props = r["properties"].as_object().unwrap();
    let keys: BTreeSet<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "hs_createdate",
            "hs_email_headers",
            "hs_email_html",
            "hs_email_subject",
            "hs_lastmodifieddate",
            "hs_object_id",
            "hs_timestamp",
        ])
    );
    assert_eq!(props["hs_timestamp"], "2026-03-02T09:05:00.000Z");
    assert_eq!(props["hs_object_id"], "5");
    assert_eq!(props["hs_email_subject"], "Quote number 5");
    assert_eq!(props["hs_email_html"], Value::Null, "unset");
    let headers: Value = serde_json::from_str(props["hs_email_headers"].as_str().unwrap()).unwrap();
    assert_eq!(headers["from"]["email"], SALES_USER);
    assert_eq!(headers["from"]["firstName"], "Sam");
    assert_eq!(headers["to"][0]["email"], "casey@customer.example.org");
    assert_eq!(r["createdAt"], "2026-03-02T09:05:00.000Z");
    assert_eq!(r["updatedAt"], "2026-03-02T10:05:00.000Z");

    // Full-text query, and notes and calls.
    let (_, v) = hub.search(&token, "emails", json!({"query": "olive writes"}));
    assert_eq!(ids(&v), vec![12]);
    let (_, v) = hub.search(
        &token,
        "notes",
        json!({"filterGroups": [{"filters": [filter("hubspot_owner_id", "EQ", "501")]}],
               "properties": ["hs_note_body"]}),
    );
    assert_eq!(ids(&v), vec![101]);
    assert_eq!(
        v["results"][0]["properties"]["hs_note_body"],
        "<p>Met Casey, wants a demo.</p>"
    );
    let (_, v) = hub.search(
        &token,
        "calls",
        json!({"filterGroups": [{"filters": [filter("hs_call_has_transcript", "EQ", "true")]}],
               "properties": ["hs_call_title", "hs_call_has_transcript", "hs_call_duration"]}),
    );
    assert_eq!(ids(&v), vec![201]);
    let props = &v["results"][0]["properties"];
    assert_eq!(
        (
            props["hs_call_has_transcript"].as_str(),
            props["hs_call_duration"].as_str()
        ),
        (Some("true"), Some("7000"))
    );
}

#[test]
fn lists_page_by_cursor_and_archived_records_are_listed_apart() {
    let hub = Hub::start(world(), unlimited());
    let token = hub.fake.issue_static_token(ALL);
    let list = "/crm/objects/2026-03/emails";

    // Default limit 10, an opaque cursor, and the link to the next page.
    let (status, v) = hub.get(&token, list);
    assert_eq!(status, 200);
    assert_eq!(ids(&v), (1..=10).collect::<Vec<_>>());
    let after = v["paging"]["next"]["after"].as_str().unwrap().to_string();
    assert!(after.parse::<u64>().is_err(), "opaque: {after}");
    let link = v["paging"]["next"]["link"].as_str().unwrap();
    assert!(
        link.starts_with(&hub.url(list)) && link.contains("after="),
        "{link}"
    );
    let (_, v) = hub.get(&token, &format!("{list}?after={after}"));
    assert_eq!(ids(&v), vec![11, 12, 13]);
    assert!(v.get("paging").is_none());

    // Only the properties asked for (either form), plus the defaults.
    let (_, v) = hub.get(
        &token,
        &format!(
            "{list}?limit=1&properties=hs_email_subject,hs_email_direction&properties=hs_timestamp"
        ),
    );
    let keys: BTreeSet<String> = v["results"][0]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys.len(), 6, "{keys:?}");
    assert_eq!(v["results"][0]["properties"]["hs_email_direction"], "EMAIL");

    for bad in [
        "limit=101",
        "limit=0",
        "limit=ten",
        "archived=yes",
        "after=%%%",
        "propertys=hs_email_text",
    ] {
        assert_eq!(hub.get(&token, &format!("{list}?{bad}")).0, 400, "{bad}");
    }
    assert_eq!(hub.get(&token, &format!("{list}?limit=100")).0, 200);

    hub.fake.archive("emails", 3);
    let (_, v) = hub.get(&token, &format!("{list}?limit=100"));
    assert!(!ids(&v).contains(&3));
    let (_, v) = hub.get(&token, &format!("{list}?archived=true"));
    assert_eq!(ids(&v), vec![3]);
    assert_eq!(v["results"][0]["archived"], true);
    assert!(
        v["results"][0]["archivedAt"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let all = hub.search_ids(&token, "emails", json!({"limit": 100}));
    assert_eq!(all.len(), 12);
    assert!(!all.contains(&3), "archived records are never in search");
    assert_eq!(hub.get(&token, &format!("{list}/3")).0, 404);
    assert_eq!(hub.get(&token, &format!("{list}/3?archived=true")).0, 200);
    let (status, v) = hub.get(&token, &format!("{list}/4?properties=hs_email_text"));
    assert_eq!(
        (status, v["properties"]["hs_email_text"].as_str()),
        (200, Some("Body 4"))
    );

    hub.fake.restore("emails", 3);
    assert_eq!(
        hub.search_ids(&token, "emails", json!({"limit": 100}))
            .len(),
        13
    );
    assert_eq!(hub.fake.count("emails.list:400"), 6);
}

#[test]
fn without_sales_email_read_email_content_is_blanked() {
    let hub = Hub::start(world(), unlimited());
    let content = ["hs_email_text", "hs_email_html", "hs_email_subject"];
    let path = "/crm/objects/2026-03/emails?limit=3&properties=hs_email_text,hs_email_html,hs_email_subject,hs_email_from_email";
    let body = json!({"properties": ["hs_email_text", "hs_email_html", "hs_email_subject", "hs_email_from_email"], "limit": 3});
    for scopes in [&[EMAILS][..], &["crm.objects.contacts.read"]] {
        let token = hub.fake.issue_static_token(scopes);
        let (status, listed) = hub.get(&token, path);
        assert_eq!(status, 200, "{listed}");
        let (status, searched) = hub.search(&token, "emails", body.clone());
        assert_eq!(status, 200, "{searched}");
        for v in [&listed, &searched] {
            for r in v["results"].as_array().unwrap() {
                for p in content {
                    assert_eq!(r["properties"][p], "", "{p} blanked: {r}");
                }
                assert_eq!(r["properties"]["hs_email_from_email"], SALES_USER);
            }
        }
    }
    let token = hub.fake.issue_static_token(&[EMAILS, SALES_EMAIL]);
    let (_, v) = hub.get(&token, path);
    assert_eq!(v["results"][1]["properties"]["hs_email_text"], "Body 2");
    assert_eq!(
        v["results"][1]["properties"]["hs_email_html"],
        "<p>Body 2</p>"
    );
    assert_eq!(
        v["results"][1]["properties"]["hs_email_subject"],
        "Quote number 2"
    );

    // The other reading of A3: a 403 instead.
    hub.fake
        .configure(|c| c.emails_need_sales_email_read = true);
    let token = hub.fake.issue_static_token(&[EMAILS]);
    let (status, v) = hub.get(&token, path);
    assert_eq!(status, 403);
    assert_eq!(
        v["errors"][0]["context"]["requiredScopes"],
        json!([SALES_EMAIL])
    );
}

#[test]
fn missing_scopes_answer_hubspots_403() {
    let hub = Hub::start(world(), unlimited());
    let token = hub.fake.issue_static_token(&[EMAILS]);
    for (kind, scope) in [("notes", NOTES), ("calls", CALLS)] {
        for resp in [
            hub.get_resp(&token, &format!("/crm/objects/2026-03/{kind}")),
            hub.search_resp(&token, kind, &json!({})),
        ] {
            let (status, v) = read(resp);
            assert_eq!(status, 403);
            assert_eq!(v["status"], "error");
            assert_eq!(
                v["message"],
                "This app hasn't been granted all required scopes to make this call. Read more \
                 about required scopes here: https://developers.hubspot.com/scopes."
            );
            assert_eq!(v["category"], "MISSING_SCOPES");
            assert!(v["correlationId"].as_str().unwrap().len() == 36);
            assert_eq!(
                v["errors"][0]["message"],
                "One or more of the following scopes are required."
            );
            let required = v["errors"][0]["context"]["requiredScopes"]
                .as_array()
                .unwrap();
            assert!(required.contains(&json!(scope)), "{required:?}");
            assert_eq!(
                v["links"]["scopes"],
                "https://developers.hubspot.com/scopes"
            );
        }
    }
    // contacts.read covers every engagement.
    let contacts = hub.fake.issue_static_token(&["crm.objects.contacts.read"]);
    assert_eq!(hub.get(&contacts, "/crm/objects/2026-03/notes").0, 200);
    assert_eq!(hub.get(&contacts, "/crm/objects/2026-03/calls").0, 200);
    assert_eq!(hub.fake.count("notes.list:403"), 1);
    assert_eq!(hub.fake.count("calls.search:403"), 1);
}

#[test]
fn bad_credentials_get_401_and_malformed_tokens_530() {
    let hub = Hub::start(world(), HubConfig::default());
    let path = "/crm/objects/2026-03/emails";
    let with = |auth: Option<&str>| {
        let mut req = hub.http.get(hub.url(path));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        req.send().unwrap()
    };
    for auth in [
        None,
        Some("Bearer pat-na1-00000000-0000-0000-0000-000000000000"),
        Some("Basic dXNlcjpwYXNz"),
        Some("Bearer CKfThisLooksLikeAnAccessTokenButIsNot"),
    ] {
        let resp = with(auth);
        assert!(header(&resp, "x-hubspot-ratelimit-daily").is_none());
        let (status, v) = read(resp);
        assert_eq!(status, 401, "{auth:?}");
        assert_eq!(v["status"], "error");
        assert_eq!(v["category"], "INVALID_AUTHENTICATION");
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .starts_with("Authentication credentials not found")
        );
        assert!(v["correlationId"].is_string());
    }
    for auth in [
        "Bearer not a token at all, with spaces",
        "Bearer pat-short",
        "Bearer abcdefghijklmnopqrstuvwxyz0123456789",
        "Bearer pat-na1-0000\"quoted\"-0000-0000-0000",
    ] {
        let resp = with(Some(auth));
        assert_eq!(resp.status().as_u16(), 530, "{auth}");
        assert!(
            header(&resp, "content-type")
                .unwrap()
                .starts_with("text/html")
        );
        assert!(resp.text().unwrap().contains("<html>"));
    }
    assert_eq!(hub.fake.count("emails.list:401"), 4);
    assert_eq!(hub.fake.count("emails.list:530"), 4);
}

#[test]
fn expired_access_tokens_get_expired_authentication() {
    let hub = Hub::start(world(), HubConfig::default());
    let (access, refresh) = hub.fake.issue_oauth_tokens(SALES_USER, &[EMAILS]);
    let path = "/crm/objects/2026-03/emails";
    assert_eq!(hub.get(&access, path).0, 200);
    hub.fake.expire_access_tokens();
    let (status, v) = hub.get(&access, path);
    assert_eq!(status, 401);
    assert_eq!(v["status"], "error");
    assert_eq!(v["category"], "EXPIRED_AUTHENTICATION");
    let message = v["message"].as_str().unwrap();
    let secs = message
        .strip_prefix("The OAuth token used to make this call expired ")
        .and_then(|m| m.strip_suffix(" second(s) ago."))
        .unwrap_or_else(|| panic!("{message}"));
    assert!(secs.parse::<u64>().unwrap() <= 2, "{message}");
    let at = v["context"]["expire time"][0].as_str().unwrap();
    assert!(
        at.parse::<jiff::Timestamp>().is_ok() && at.ends_with('Z'),
        "{at}"
    );

    let (_, v) = hub.token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]);
    assert_eq!(hub.get(v["access_token"].as_str().unwrap(), path).0, 200);

    // And on their own, after access_token_lifetime.
    let short = Hub::start(
        world(),
        HubConfig {
            access_token_lifetime: Duration::from_millis(300),
            ..HubConfig::default()
        },
    );
    let (access, _) = short.fake.issue_oauth_tokens(SALES_USER, &[EMAILS]);
    assert_eq!(short.get(&access, path).0, 200);
    std::thread::sleep(Duration::from_millis(350));
    assert_eq!(
        short.get(&access, path).1["category"],
        "EXPIRED_AUTHENTICATION"
    );
    // Static tokens never expire.
    short.fake.expire_access_tokens();
    let pat = short.fake.issue_static_token(&[EMAILS]);
    assert_eq!(short.get(&pat, path).0, 200);
}

#[test]
fn the_ten_secondly_limit_with_and_without_retry_after() {
    let hub = Hub::start(
        world(),
        HubConfig {
            ten_second_limit: 3,
            ten_second_limit_oauth: 2,
            ..HubConfig::default()
        },
    );
    let token = hub.fake.issue_static_token(ALL);
    let path = "/crm/objects/2026-03/emails";
    for remaining in ["2", "1", "0"] {
        let resp = hub.get_resp(&token, path);
        assert_eq!(resp.status().as_u16(), 200);
        assert_eq!(
            header(&resp, "x-hubspot-ratelimit-max").as_deref(),
            Some("3")
        );
        assert_eq!(
            header(&resp, "x-hubspot-ratelimit-remaining").as_deref(),
            Some(remaining)
        );
        assert_eq!(
            header(&resp, "x-hubspot-ratelimit-interval-milliseconds").as_deref(),
            Some("10000")
        );
        assert_eq!(
            header(&resp, "x-hubspot-ratelimit-daily").as_deref(),
            Some("650000")
        );
        assert!(header(&resp, "x-hubspot-ratelimit-daily-remaining").is_some());
    }
    let resp = hub.get_resp(&token, path);
    assert!(header(&resp, "retry-after").is_none());
    let (status, v) = read(resp);
    assert_eq!(status, 429);
    assert_eq!(v["status"], "error");
    assert_eq!(
        v["message"],
        "You have reached your ten_secondly_rolling limit."
    );
    assert_eq!(v["errorType"], "RATE_LIMIT");
    assert_eq!(v["policyName"], "TEN_SECONDLY_ROLLING");
    assert!(v["groupName"].is_string() && v["correlationId"].is_string());

    // Search is exempt from the ten-secondly window, and says so by its headers.
    let resp = hub.search_resp(&token, "emails", &json!({}));
    assert_eq!(resp.status().as_u16(), 200);
    assert!(header(&resp, "x-hubspot-ratelimit-max").is_none());
    assert!(header(&resp, "x-hubspot-ratelimit-daily-remaining").is_some());
    assert_eq!(
        header(&resp, "x-hubspot-ratelimit-secondly").as_deref(),
        Some("5")
    );

    // Another private app's token has its own window.
    let second = hub.fake.issue_static_token(ALL);
    assert_eq!(hub.get(&second, path).0, 200);

    hub.fake.configure(|c| c.retry_after = true);
    let resp = hub.get_resp(&token, path);
    assert_eq!(resp.status().as_u16(), 429);
    let wait: u64 = header(&resp, "retry-after").unwrap().parse().unwrap();
    assert!((1..=10).contains(&wait), "{wait}");
    assert_eq!(hub.fake.rate_limited(), 2);
    assert_eq!(hub.fake.count("emails.list:429"), 2);
    assert_eq!(hub.fake.count("ratelimit:TEN_SECONDLY_ROLLING"), 2);

    // OAuth tokens of the app share one window in the account, of their own size.
    let (sam_token, _) = hub.fake.issue_oauth_tokens(SALES_USER, ALL);
    let (olive_token, _) = hub.fake.issue_oauth_tokens(OTHER_USER, ALL);
    let resp = hub.get_resp(&sam_token, path);
    assert_eq!(
        header(&resp, "x-hubspot-ratelimit-max").as_deref(),
        Some("2")
    );
    assert_eq!(hub.get(&olive_token, path).0, 200);
    assert_eq!(hub.get(&sam_token, path).0, 429);

    // Off: no 429s.
    hub.fake.configure(|c| c.limits = false);
    for _ in 0..5 {
        assert_eq!(hub.get(&token, path).0, 200);
    }
}

#[test]
fn search_has_its_own_per_second_limit_and_there_is_a_daily_one() {
    let hub = Hub::start(
        world(),
        HubConfig {
            search_per_second: 2,
            retry_after: true,
            ..HubConfig::default()
        },
    );
    let token = hub.fake.issue_static_token(ALL);
    assert_eq!(hub.search(&token, "emails", json!({})).0, 200);
    assert_eq!(hub.search(&token, "notes", json!({})).0, 200);
    let resp = hub.search_resp(&token, "emails", &json!({}));
    assert_eq!(header(&resp, "retry-after").as_deref(), Some("1"));
    let (status, v) = read(resp);
    assert_eq!(status, 429);
    assert_eq!(v["policyName"], "SECONDLY");
    assert_eq!(v["message"], "You have reached your secondly limit.");
    assert_eq!(v["errorType"], "RATE_LIMIT");
    // Lists are not held up by it.
    assert_eq!(hub.get(&token, "/crm/objects/2026-03/emails").0, 200);
    assert_eq!(hub.fake.count("emails.search:429"), 1);

    let daily = Hub::start(
        world(),
        HubConfig {
            daily_limit: 2,
            ..HubConfig::default()
        },
    );
    let token = daily.fake.issue_static_token(ALL);
    let resp = daily.get_resp(&token, "/crm/v3/owners");
    assert_eq!(
        header(&resp, "x-hubspot-ratelimit-daily-remaining").as_deref(),
        Some("1")
    );
    assert_eq!(daily.search(&token, "emails", json!({})).0, 200);
    let (status, v) = daily.get(&token, "/crm/v3/owners");
    assert_eq!((status, v["policyName"].as_str()), (429, Some("DAILY")));
    assert_eq!(daily.fake.rate_limited(), 1);
}

#[test]
fn urls_longer_than_8000_characters_get_414() {
    let hub = Hub::start(world(), unlimited());
    let token = hub.fake.issue_static_token(ALL);
    let names = |n: usize| {
        (0..n)
            .map(|i| format!("custom_property_{i:04}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let path = |n: usize| format!("/crm/objects/2026-03/emails?properties={}", names(n));
    assert!(path(330).len() < 8000 && path(400).len() > 8000);
    assert_eq!(hub.get(&token, &path(330)).0, 200);
    let resp = hub.get_resp(&token, &path(400));
    assert_eq!(resp.status().as_u16(), 414);
    assert_eq!(hub.fake.count("emails.list:414"), 1);
}

#[test]
fn transcripts_need_oauth_and_their_scope() {
    let hub = Hub::start(world(), unlimited());
    let (token, _) = hub.fake.issue_oauth_tokens(SALES_USER, ALL);
    let (_, v) = hub.get(
        &token,
        "/crm/objects/2026-03/calls?properties=hs_call_transcription_id,hs_call_has_transcript",
    );
    assert_eq!(ids(&v), vec![201, 202]);
    let with = &v["results"][0]["properties"];
    assert_eq!(with["hs_call_has_transcript"], "true");
    assert_eq!(
        v["results"][1]["properties"]["hs_call_has_transcript"],
        "false"
    );
    assert_eq!(
        v["results"][1]["properties"]["hs_call_transcription_id"],
        Value::Null
    );
    let id = with["hs_call_transcription_id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/crm/extensions/calling/2026-03/transcripts/{id}");

    let (status, t) = hub.get(&token, &path);
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["id"], id.as_str());
    assert_eq!(t["engagementId"], 201);
    assert_eq!(t["transcriptSource"], "HUBSPOT_GENERATED");
    let u = t["transcriptUtterances"].as_array().unwrap();
    assert_eq!(u.len(), 3);
    assert_eq!(u[0]["speaker"]["email"], SALES_USER);
    assert_eq!(u[0]["speaker"]["name"], "Sam Seller");
    assert_eq!(u[0]["text"], "Thanks for taking the time today.");
    assert_eq!(
        (
            u[0]["startTimeMillis"].as_i64(),
            u[0]["endTimeMillis"].as_i64()
        ),
        (Some(0), Some(2500))
    );
    assert!(u[1]["speaker"].get("email").is_none());
    assert_eq!(u[2]["speaker"]["id"], u[0]["speaker"]["id"]);
    assert!(t["createdAt"].is_string() && t["updatedAt"].is_string());

    assert_eq!(
        hub.get(
            &token,
            "/crm/extensions/calling/2026-03/transcripts/7000000202"
        )
        .0,
        404
    );
    assert_eq!(
        hub.get(&token, "/crm/extensions/calling/2026-03/transcripts/12")
            .0,
        404
    );

    let pat = hub.fake.issue_static_token(ALL);
    assert_eq!(hub.get(&pat, &path).0, 403);
    let (no_scope, _) = hub.fake.issue_oauth_tokens(SALES_USER, &[CALLS]);
    let (status, v) = hub.get(&no_scope, &path);
    assert_eq!(
        (status, v["category"].as_str()),
        (403, Some("MISSING_SCOPES"))
    );
    assert_eq!(
        v["errors"][0]["context"]["requiredScopes"],
        json!([TRANSCRIPTS])
    );

    hub.fake.configure(|c| c.transcripts_need_oauth = false);
    assert_eq!(hub.get(&pat, &path).0, 200);
    assert_eq!(hub.fake.count("transcripts.get:200"), 2);
}

#[test]
fn edits_bump_modified_dates_and_search_lags_behind() {
    let hub = Hub::start(
        world(),
        HubConfig {
            search_lag: Duration::from_millis(400),
            ..unlimited()
        },
    );
    let token = hub.fake.issue_static_token(ALL);
    let one = |id: u64| {
        let body = json!({"filterGroups": [{"filters": [filter("hs_object_id", "EQ", &id.to_string())]}],
                          "properties": ["hs_email_text"]});
        hub.search(&token, "emails", body).1
    };
    let modified = |path: &str| {
        let (_, v) = hub.get(&token, path);
        let p = &v["properties"];
        let at = p["hs_lastmodifieddate"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .unwrap();
        (
            at.as_millisecond(),
            p["hs_email_text"].as_str().map(str::to_string),
        )
    };
    assert_eq!(one(1)["total"], 1, "fixture records were indexed long ago");

    let (before, _) = modified("/crm/objects/2026-03/emails/1?properties=hs_email_text");
    let started = hub.fake.now_ms();
    hub.fake.modify_email_text(1, "Rewritten");
    let (after, text) = modified("/crm/objects/2026-03/emails/1?properties=hs_email_text");
    assert!(after > before && after >= started, "{before} {after}");
    assert_eq!(text.as_deref(), Some("Rewritten"), "lists see it at once");
    hub.fake.modify_email_text(1, "Rewritten again");
    let (again, _) = modified("/crm/objects/2026-03/emails/1");
    assert!(again > after);
    assert_eq!(one(1)["total"], 0, "search has not caught up");

    let mut added = EmailSpec::sent(50, &sam(), "New", "Fresh words");
    added.modified_ms = 0;
    hub.fake.add_email(added);
    let (stamped, _) = modified("/crm/objects/2026-03/emails/50");
    assert!(stamped > again, "a new record is stamped now");
    assert_eq!(one(50)["total"], 0);

    hub.fake.modify_note(101, "<p>Edited</p>");
    let (_, v) = hub.get(
        &token,
        "/crm/objects/2026-03/notes/101?properties=hs_note_body",
    );
    assert_eq!(v["properties"]["hs_note_body"], "<p>Edited</p>");

    std::thread::sleep(Duration::from_millis(450));
    let v = one(1);
    assert_eq!(
        v["results"][0]["properties"]["hs_email_text"],
        "Rewritten again"
    );
    assert_eq!(one(50)["total"], 1);
}

#[test]
fn latency_injected_failures_counters_and_unknown_paths() {
    let hub = Hub::start(
        world(),
        HubConfig {
            latency_ms: 120,
            ..unlimited()
        },
    );
    let token = hub.fake.issue_static_token(ALL);
    let path = "/crm/objects/2026-03/emails";
    let t = Instant::now();
    assert_eq!(hub.get(&token, path).0, 200);
    assert!(t.elapsed() >= Duration::from_millis(120));
    hub.fake.configure(|c| c.latency_ms = 0);

    hub.fake.fail_next("emails.", 503, 1);
    let (status, v) = hub.get(&token, path);
    assert_eq!((status, v["status"].as_str()), (503, Some("error")));
    assert_eq!(hub.get(&token, path).0, 200);
    hub.fake.fail_next("", 0, 1);
    assert!(
        hub.http
            .get(hub.url(path))
            .bearer_auth(&token)
            .send()
            .is_err()
    );
    assert_eq!(hub.get(&token, path).0, 200);
    hub.fake.fail_next("oauth.token", 429, 1);
    assert_eq!(hub.token(&[("grant_type", "refresh_token")]).0, 429);

    // Only the 2026-03 paths are served; v3 object paths and v1 OAuth are not.
    for p in [
        "/crm/v3/objects/emails",
        "/oauth/v1/access-tokens/x",
        "/nothing",
    ] {
        let (status, v) = hub.get(&token, p);
        assert_eq!((status, v["status"].as_str()), (404, Some("error")), "{p}");
    }
    let c = hub.fake.counters();
    assert_eq!(c["emails.list"], 5);
    assert_eq!(c["emails.list:200"], 3);
    assert_eq!(c["emails.list:503"], 1);
    assert_eq!(c["emails.list:drop"], 1);
    assert_eq!(c["oauth.token:429"], 1);
    assert_eq!(hub.fake.rate_limited(), 1);
    hub.fake.reset_counters();
    assert!(hub.fake.counters().is_empty());
    assert_eq!(hub.fake.rate_limited(), 0);

    let env = hub.fake.env();
    let get = |k: &str| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
    assert_eq!(
        get("VOICETRAIN_HUBSPOT_API_URL"),
        Some(hub.fake.url.clone())
    );
    assert_eq!(
        get("VOICETRAIN_HUBSPOT_AUTH_URL"),
        Some(hub.url("/oauth/authorize"))
    );
    assert_eq!(
        get("VOICETRAIN_HUBSPOT_CLIENT_ID").as_deref(),
        Some(HUB_CLIENT_ID)
    );
    assert_eq!(
        get("VOICETRAIN_HUBSPOT_CLIENT_SECRET").as_deref(),
        Some(HUB_CLIENT_SECRET)
    );
}

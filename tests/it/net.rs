//! The network layer against the fake Google over real sockets: which answers are retried,
//! how long it waits, pacing, the circuit breaker, and recovery from drops and cut bodies.

use std::time::{Duration, Instant};

use url::Url;
use voicetrain::net::settings::{Breaker, Pacing, RetryPolicy};
use voicetrain::net::{Api, Call, Net, NetError, Settings};
use voicetrain::secret::Secret;
use voicetrain::store::Store;

use crate::fake_google::{Config, FakeGoogle, Faults, FileSpec, Fixture, USER};

const FAST: RetryPolicy = RetryPolicy {
    attempts: 5,
    base_delay: Duration::from_millis(10),
    max_delay: Duration::from_millis(40),
    budget: Duration::from_secs(5),
};

fn fixture() -> Fixture {
    Fixture::default()
        .with(FileSpec::doc("doc1", "Essay", "root", "Some words\n"))
        .with(FileSpec::binary(
            "bin1",
            "notes.txt",
            "root",
            "text/plain",
            &b"0123456789".repeat(1000),
        ))
}

fn settings() -> Settings {
    let mut s = Settings::default();
    s.retry.drive = FAST;
    s.retry.token = FAST;
    s
}

/// A fake, a store and the network layer pointed at both.
struct Rig {
    fake: FakeGoogle,
    _dir: tempfile::TempDir,
    store: Store,
    token: Secret,
}

impl Rig {
    fn new(faults: Faults) -> Rig {
        let fake = FakeGoogle::start(
            fixture(),
            Config {
                faults,
                ..Config::default()
            },
        );
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (token, _) = fake.issue_tokens(USER, "https://www.googleapis.com/auth/drive.readonly");
        Rig {
            fake,
            _dir: dir,
            store,
            token: Secret::new(token),
        }
    }

    fn net(&self, settings: Settings) -> Net {
        let url = Url::parse(&self.fake.url).unwrap();
        Net::new(settings, &[&url], &self.store).unwrap()
    }

    fn url(&self, path: &str) -> Url {
        Url::parse(&format!("{}/drive/v3{path}", self.fake.url)).unwrap()
    }

    fn get(&self, net: &Net, path: &str) -> Result<u16, NetError> {
        let call = Call::get(Api::Drive, self.url(path)).bearer(&self.token);
        block_on(net.send(&call)).map(|a| a.status)
    }
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn unhealthy_and_rate_limited_answers_are_retried_to_success() {
    for faults in [
        Faults {
            server_error: 1.0,
            limit: 2,
            ..Faults::default()
        },
        Faults {
            rate_limit_429: 1.0,
            retry_after_secs: 0,
            limit: 2,
            ..Faults::default()
        },
        Faults {
            rate_limit_403: 1.0,
            limit: 2,
            ..Faults::default()
        },
        Faults {
            drop: 1.0,
            limit: 2,
            ..Faults::default()
        },
        Faults {
            truncate: 1.0,
            limit: 2,
            ..Faults::default()
        },
    ] {
        let rig = Rig::new(faults.clone());
        let net = rig.net(settings());
        assert_eq!(
            rig.get(&net, "/files/doc1?fields=id,name").unwrap(),
            200,
            "{faults:?}"
        );
        assert_eq!(rig.fake.count("files.get"), 3, "{faults:?}");
    }
}

#[test]
fn refusals_are_not_retried() {
    let rig = Rig::new(Faults::default());
    let net = rig.net(settings());
    for (path, status, reason) in [
        ("/files/missing", 404, "notFound"),
        ("/files/doc1?alt=media", 403, "fileNotDownloadable"),
        (
            "/files/bin1/export?mimeType=text/plain",
            403,
            "fileNotExportable",
        ),
        ("/files/doc1?fields=bogus", 400, "invalidParameter"),
        ("/files?pageSize=5000", 400, "invalidParameter"),
    ] {
        rig.fake.reset_counters();
        match rig.get(&net, path) {
            Err(NetError::Refused {
                status: s,
                reason: r,
                ..
            }) => assert_eq!((s, r.as_str()), (status, reason)),
            other => panic!("{path}: {other:?}"),
        }
        let total: u64 = rig
            .fake
            .counters()
            .iter()
            .filter(|(k, _)| !k.contains(':'))
            .map(|(_, v)| v)
            .sum();
        assert_eq!(total, 1, "{path} was sent once");
    }
    // No Drive scope: refused, once.
    let (no_drive, _) = rig.fake.issue_tokens(USER, "openid email");
    let no_drive = Secret::new(no_drive);
    let call = Call::get(Api::Drive, rig.url("/files/doc1")).bearer(&no_drive);
    assert!(
        matches!(block_on(net.send(&call)), Err(NetError::Refused { reason, .. }) if reason == "insufficientPermissions")
    );
    // An expired token goes back to the caller to refresh.
    rig.fake.expire_access_tokens();
    rig.fake.reset_counters();
    assert!(matches!(
        rig.get(&net, "/files/doc1"),
        Err(NetError::Unauthorized)
    ));
    assert_eq!(rig.fake.count("files.get"), 1);
}

#[test]
fn invalid_grant_from_the_token_endpoint_is_final() {
    let rig = Rig::new(Faults::default());
    let net = rig.net(settings());
    let url = Url::parse(&format!("{}/token", rig.fake.url)).unwrap();
    let form = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", "1//dead"),
        ("client_id", crate::fake_google::CLIENT_ID),
        ("client_secret", crate::fake_google::CLIENT_SECRET),
    ];
    let result = block_on(net.send(&Call::post_form(Api::Token, url, form)));
    assert!(
        matches!(result, Err(NetError::Refused { status: 400, ref reason, .. }) if reason == "invalid_grant"),
        "{result:?}"
    );
    assert_eq!(rig.fake.count("token.refresh_token"), 1);
}

#[test]
fn retry_after_is_obeyed() {
    let rig = Rig::new(Faults {
        rate_limit_429: 1.0,
        retry_after_secs: 1,
        limit: 1,
        ..Faults::default()
    });
    let net = rig.net(settings());
    let started = Instant::now();
    assert_eq!(rig.get(&net, "/files/doc1").unwrap(), 200);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(3),
        "{took:?}"
    );
}

#[test]
fn backoff_stops_at_its_budget() {
    let rig = Rig::new(Faults {
        server_error: 1.0,
        ..Faults::default()
    });
    let mut s = settings();
    s.retry.drive = RetryPolicy {
        attempts: 100,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(200),
        budget: Duration::from_secs(1),
    };
    s.breaker.failures = 1000;
    let net = rig.net(s);
    let started = Instant::now();
    match rig.get(&net, "/files/doc1") {
        Err(e @ NetError::Unavailable { .. }) => assert!(e.is_temporary()),
        other => panic!("{other:?}"),
    }
    let took = started.elapsed();
    assert!(took <= Duration::from_millis(1300), "{took:?}");
    assert!(
        rig.fake.count("files.get") >= 4,
        "{:?}",
        rig.fake.counters()
    );
}

#[test]
fn pacing_holds_requests_to_the_rate() {
    let rig = Rig::new(Faults::default());
    let mut s = settings();
    s.pacing = Pacing {
        rate: 20.0,
        burst: 1.0,
    };
    let net = rig.net(s);
    let started = Instant::now();
    for _ in 0..21 {
        rig.get(&net, "/files/doc1").unwrap();
    }
    // One from the burst, then twenty at 20 a second.
    assert!(
        started.elapsed() >= Duration::from_millis(980),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn breaker_opens_refuses_fast_half_opens_and_closes() {
    let rig = Rig::new(Faults {
        server_error: 1.0,
        ..Faults::default()
    });
    let mut s = settings();
    s.retry.drive.attempts = 2;
    s.breaker = Breaker {
        failures: 3,
        recovery: Duration::from_millis(500),
    };
    let net = rig.net(s);
    assert!(matches!(
        rig.get(&net, "/files/doc1"),
        Err(NetError::Unavailable { .. })
    ));
    // The third failure in a row opens the circuit, and the call stops there.
    assert!(matches!(
        rig.get(&net, "/files/doc1"),
        Err(NetError::CircuitOpen { .. })
    ));
    assert_eq!(rig.fake.count("files.get"), 3);
    // Refused at once, without a request, by this client and by another one on the store.
    let started = Instant::now();
    assert!(matches!(
        rig.get(&net, "/files/doc1"),
        Err(NetError::CircuitOpen { .. })
    ));
    assert!(matches!(
        rig.get(&rig.net(s), "/files/doc1"),
        Err(NetError::CircuitOpen { .. })
    ));
    assert!(started.elapsed() < Duration::from_millis(100));
    assert_eq!(rig.fake.count("files.get"), 3);
    // After the recovery time one probe goes through; it succeeds and the circuit closes.
    rig.fake.set_faults(Faults::default());
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(rig.get(&net, "/files/doc1").unwrap(), 200);
    assert_eq!(rig.get(&net, "/files/doc1").unwrap(), 200);
}

#[test]
fn breaker_ignores_refusals() {
    let rig = Rig::new(Faults::default());
    let mut s = settings();
    s.breaker = Breaker {
        failures: 2,
        recovery: Duration::from_secs(60),
    };
    let net = rig.net(s);
    for _ in 0..5 {
        assert!(matches!(
            rig.get(&net, "/files/missing"),
            Err(NetError::Refused { .. })
        ));
    }
    assert_eq!(rig.get(&net, "/files/doc1").unwrap(), 200);
}

#[test]
fn downloads_cut_short_are_fetched_again_whole() {
    let rig = Rig::new(Faults {
        truncate: 1.0,
        limit: 2,
        only: vec!["files.download".into()],
        ..Faults::default()
    });
    let net = rig.net(settings());
    let dir = tempfile::tempdir().unwrap();
    let expected = b"0123456789".repeat(1000);
    let md5 = hex::encode(<md5::Md5 as md5::Digest>::digest(&expected));
    let call = Call::get(Api::Drive, rig.url("/files/bin1?alt=media")).bearer(&rig.token);
    let got = block_on(net.download(&call, dir.path(), Some(&md5))).unwrap();
    assert_eq!(std::fs::read(got.file.path()).unwrap(), expected);
    assert_eq!((got.bytes, got.md5.as_str()), (10_000, md5.as_str()));
    assert_eq!(rig.fake.count("files.download"), 3);
    assert_eq!(rig.fake.count("files.download:truncated"), 2);
    drop(got);
    // A checksum that never matches is retried, then given up, leaving no file behind.
    let wrong = "0".repeat(32);
    assert!(matches!(
        block_on(net.download(&call, dir.path(), Some(&wrong))),
        Err(NetError::Unavailable { .. })
    ));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_bearer_token_never_leaves_for_another_host() {
    let rig = Rig::new(Faults::default());
    let net = rig.net(settings());
    let elsewhere = Url::parse("http://127.0.0.2:9/steal").unwrap();
    let call = Call::get(Api::Drive, elsewhere).bearer(&rig.token);
    assert!(
        matches!(block_on(net.send(&call)), Err(NetError::Untrusted { host }) if host == "127.0.0.2:9")
    );
}

//! What more than one benchmark needs: a store of many samples of English-like text, a store
//! with a logged-in account, as `auth google` would leave it, and the real binary run under
//! GNU time for its wall time and peak memory.

#![allow(dead_code)]

use std::fs::File;
use std::ops::Range;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use voicetrain::config::{Config, Paths};
use voicetrain::secret::{KeySources, Secret, Vault};
use voicetrain::store::samples::{self, Body, NewSample, Provenance, SourceKey};
use voicetrain::store::{Store, tokens};

/// Drive, as a first login grants it.
pub const DRIVE_SCOPES: &str = "openid email https://www.googleapis.com/auth/drive.readonly";

/// Stores `account`'s tokens (encrypted with a key file in `home`), good for two hours.
pub fn seed_login(home: &Path, account: &str, access: &str, refresh: &str) {
    seed_login_with(home, account, access, refresh, DRIVE_SCOPES);
}

/// [`seed_login`] with these scopes granted.
pub fn seed_login_with(home: &Path, account: &str, access: &str, refresh: &str, scopes: &str) {
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

/// What one run of the binary came to.
pub struct Timed {
    pub wall: Duration,
    /// Peak resident memory, in kilobytes.
    pub peak_kb: u64,
    /// What it printed on stderr, GNU time's line left out.
    pub stderr: String,
}

/// Runs `cmd` (the binary and its arguments) under `/usr/bin/time -f %M` to its end; panics
/// if it fails.
pub fn timed(cmd: &mut Command) -> Timed {
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "%M"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    let started = Instant::now();
    let out = timed.output().expect("run under /usr/bin/time");
    let wall = started.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let mut lines: Vec<&str> = err.lines().collect();
    let peak_kb = lines.pop().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    Timed {
        wall,
        peak_kb,
        stderr: lines.join("\n"),
    }
}

pub fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

/// Fills `home` with `count` samples of [`add_samples`], once: a later call finds it made.
pub fn build_store(home: &Path, count: usize) {
    let marker = home.join("complete");
    if marker.exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(home);
    let started = Instant::now();
    let store = Store::open(home).expect("open bench store");
    add_samples(&store, 0..count);
    drop(store);
    File::create(marker).expect("marker");
    eprintln!(
        "built a store of {count} samples in {:.1?}",
        started.elapsed()
    );
}

/// Adds samples number `range` to `store`, each of 150 to 650 words of English-like text,
/// the same words for the same number on every run, as `ingest` would store local files.
pub fn add_samples(store: &Store, range: Range<usize>) {
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let now = voicetrain::store::now();
    let all: Vec<usize> = range.collect();
    for chunk in all.chunks(10_000) {
        store
            .write(|tx| -> Result<(), voicetrain::store::StoreError> {
                for &i in chunk {
                    // xorshift64 from the sample's number: fast and reproducible.
                    let mut rng =
                        0x2545_f491_4f6c_dd1d_u64 ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                    let mut next = move || {
                        rng ^= rng << 13;
                        rng ^= rng >> 7;
                        rng ^= rng << 17;
                        rng
                    };
                    let n = 150 + (next() % 500) as usize;
                    let mut text = String::with_capacity(n * 7);
                    for w in 0..n {
                        text.push_str(words[(next() % words.len() as u64) as usize]);
                        text.push(if w % 14 == 13 { '\n' } else { ' ' });
                    }
                    text.push('\n');
                    let path = format!("/home/writer/essays/essay-{i}.md");
                    let url = format!("file://{path}");
                    let sha = format!("{:064x}", i);
                    let provenance = Provenance {
                        title: format!("Essay number {i}"),
                        source_type: "local".into(),
                        source_id: path,
                        source_url: url.clone(),
                        mime_type: "text/markdown".into(),
                        created_time: Some(now.clone()),
                        modified_time: Some(now.clone()),
                        ..Provenance::default()
                    };
                    let new = NewSample {
                        provenance: &provenance,
                        text: Body::Whole(&text),
                        context: None,
                        sha256: &sha,
                        words: n as i64,
                        chars: text.chars().count() as i64,
                    };
                    let (seq, _) = samples::insert(tx, new, &now)?;
                    let key = SourceKey {
                        source_type: "local",
                        account: "",
                        key: &url,
                    };
                    samples::save_source(tx, key, seq, "0:0", None, &now)?;
                }
                Ok(())
            })
            .expect("fill bench store");
    }
}

const WORDS: &str = "the of and to a in that is was he for it with as his on be at by i this had not \
    are but from or have an they which one you were her all she there would their we him been has \
    when who will more no if out so said what up its about into than them can only other new some \
    could time these two may then do first any my now such like our over man me even most made \
    after also did many before must through back years where much your way well down should \
    because each just those people how too little state good very make world still own see men \
    work long get here between both life being under never day same another know while last might \
    us great old year off come since against go came right used take three river heron morning \
    letter garden window kitchen winter summer rain light quiet wrote reading walked remember";

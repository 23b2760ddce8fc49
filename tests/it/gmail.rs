//! `ingest gmail:` through the real binary against the fake Gmail (issue 13): the scope it
//! needs, one sample per message the user wrote and nothing else, replies with their context,
//! every fixture of tests/fixtures/mail read as its expectation files say, the cheap re-run,
//! an expired history, Gmail's quota, and nothing private in the output.

use std::path::Path;

use serde_json::Value;

use crate::fake_google::{Config, FakeGoogle, Fixture, MessageSpec, USER, fixture::plain_message};
use crate::util::{Env, stderr_of};

const DATE: &str = "Mon, 2 Mar 2026 09:00:00 +0000";

pub fn login_with_gmail(env: &Env, fake: &FakeGoogle) {
    let out = env
        .google(fake)
        .env("BROWSER", env.browser("", ""))
        .args(["auth", "google", "--scope", "gmail"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

fn mine(subject: &str, body: &str) -> Vec<u8> {
    plain_message(USER, "team@example.com", subject, DATE, body)
}

/// The mailbox most tests read.
pub fn mailbox() -> Fixture {
    let question = plain_message(
        "Bob <bob@example.com>",
        USER,
        "The deck",
        "Mon, 2 Mar 2026 08:00:00 +0000",
        "Could you send me the deck before Friday?\n\nBob\n",
    );
    let question_id = message_id(&question);
    let reply = format!(
        "From: {USER}\r\nTo: bob@example.com\r\nSubject: Re: The deck\r\nDate: {DATE}\r\n\
         Message-ID: <reply1@example.com>\r\nIn-Reply-To: <{question_id}>\r\n\
         References: <{question_id}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=UTF-8\r\n\r\n\
         Sure \u{2014} it is attached. Caf\u{e9} at ten?\r\n\r\n\
         On Mon, Mar 2, 2026 at 8:00 AM Bob <bob@example.com> wrote:\r\n\
         > Could you send me the deck before Friday?\r\n>\r\n> Bob\r\n"
    );
    Fixture::default()
        .with_alias(USER, "alex@work.example.com", "Alex at work")
        .with_mail(MessageSpec::sent(
            "m1",
            &mine(
                "Launch",
                "Hi team,\n\nThe launch moved to Friday.\n\nThanks,\nAlex\n\n-- \nAlex Kim | PM\n",
            ),
        ))
        .with_mail(MessageSpec::received("q1", &question).in_thread("q1"))
        .with_mail(MessageSpec::sent("m2", reply.as_bytes()).in_thread("q1"))
        .with_mail(MessageSpec::sent(
            "m3",
            &plain_message(
                "Someone Else <else@example.com>",
                USER,
                "Invite",
                DATE,
                "An invitation someone else sent, copied into Sent Items.\n",
            ),
        ))
        .with_mail(MessageSpec::sent(
            "m4",
            &plain_message(
                "alex@work.example.com",
                "x@example.com",
                "From the alias",
                DATE,
                "Written from my work address.\n",
            ),
        ))
        .with_mail(MessageSpec::sent(
            "m5",
            &plain_message(
                USER,
                "x@example.com",
                "Fwd: News",
                DATE,
                "---------- Forwarded message ---------\nFrom: News <news@example.com>\n\
                 Date: Sun, 1 Mar 2026\nSubject: News\nTo: <writer@example.com>\n\nThe news.\n",
            ),
        ))
}

fn message_id(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let line = text
        .lines()
        .find(|l| l.starts_with("Message-ID: <"))
        .unwrap();
    line["Message-ID: <".len()..line.len() - 1].to_string()
}

fn show(env: &Env, id: &str) -> Value {
    let out = env
        .cmd()
        .args(["samples", "show", id, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn gmail_calls(fake: &FakeGoogle) -> u64 {
    fake.counters()
        .iter()
        .filter(|(name, _)| name.starts_with("gmail.") && !name.contains(':'))
        .map(|(_, n)| n)
        .sum()
}

#[test]
fn without_the_gmail_scope_ingest_exits_3_naming_the_command_to_run() {
    let env = Env::new();
    let fake = FakeGoogle::start(mailbox(), Config::default());
    env.login(&fake);
    let (code, _, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("voicetrain auth google --scope gmail"),
        "{stderr}"
    );
    assert_eq!(gmail_calls(&fake), 0, "nothing asked of Gmail");
}

#[test]
fn sent_mail_becomes_one_sample_per_message_the_user_wrote_with_replies_in_context() {
    let env = Env::new();
    let fake = FakeGoogle::start(mailbox(), Config::default());
    login_with_gmail(&env, &fake);
    let (code, reports, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    let status = |id: &str| {
        reports
            .iter()
            .find(|r| r.file_id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no report for {id}: {reports:#?}"))
    };
    for id in ["m1", "m2", "m4"] {
        assert_eq!(
            status(id).status,
            "ingested",
            "{id}: {:?}",
            status(id).reason
        );
    }
    let reason = |id: &str| status(id).reason.clone().unwrap_or_default();
    assert_eq!(status("m3").status, "skipped");
    assert!(
        reason("m3").contains("not written by you"),
        "{}",
        reason("m3")
    );
    assert_eq!(status("m5").status, "skipped");
    assert!(reason("m5").contains("forward with no text of your own"));
    assert!(
        reports.iter().all(|r| r.file_id.as_deref() != Some("q1")),
        "received mail is not read"
    );

    let out = env
        .cmd()
        .args(["samples", "list", "--json", "--source", "gmail"])
        .output()
        .unwrap();
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 3, "{list:#?}");
    let by_title = |t: &str| list.iter().find(|s| s["title"] == t).unwrap();
    let launch = show(&env, by_title("Launch")["id"].as_str().unwrap());
    assert_eq!(
        launch["text"], "Hi team,\n\nThe launch moved to Friday.\n\nThanks,\nAlex\n",
        "the signature after `-- ` is gone, the typed sign-off stays"
    );
    assert_eq!(launch["context"], Value::Null);
    assert_eq!(launch["account"], USER);
    let reply = show(&env, by_title("Re: The deck")["id"].as_str().unwrap());
    assert_eq!(
        reply["text"],
        "Sure \u{2014} it is attached. Caf\u{e9} at ten?\n"
    );
    assert_eq!(
        reply["context"], "Could you send me the deck before Friday?\n\nBob\n",
        "the parent message, from the thread"
    );

    let out = env
        .cmd()
        .args([
            "samples", "export", "--format", "jsonl", "--source", "gmail",
        ])
        .output()
        .unwrap();
    let exported: Vec<Value> = crate::util::json_lines(&out.stdout);
    let with_context: Vec<&Value> = exported
        .iter()
        .filter(|e| e.get("context").is_some())
        .collect();
    assert_eq!(with_context.len(), 1, "only the reply carries a context");
    assert_eq!(with_context[0]["context"], reply["context"]);
}

#[test]
fn a_rerun_costs_at_most_two_gmail_calls_and_a_new_message_is_the_only_one_fetched() {
    let env = Env::new();
    let fake = FakeGoogle::start(mailbox(), Config::default());
    login_with_gmail(&env, &fake);
    let (code, _, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");

    fake.reset_counters();
    let (code, reports, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(gmail_calls(&fake) <= 2, "{:?}", fake.counters());
    assert_eq!(fake.count("gmail.messages.get"), 0);
    assert!(reports.is_empty(), "nothing new: {reports:#?}");

    fake.add_mail(MessageSpec::sent("m9", &mine("Later", "One more thing.\n")));
    fake.reset_counters();
    let (code, reports, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fake.count("gmail.messages.get"), 1, "{:?}", fake.counters());
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].status, "ingested");
    assert_eq!(reports[0].file_id.as_deref(), Some("m9"));

    // Gmail forgot the history: everything is listed again, only the new one fetched.
    fake.add_mail(MessageSpec::sent(
        "m10",
        &mine("Even later", "And another.\n"),
    ));
    fake.expire_history();
    fake.reset_counters();
    let (code, reports, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fake.count("gmail.history.list:404"),
        1,
        "{:?}",
        fake.counters()
    );
    // Only the new one: neither those stored nor those skipped before.
    assert_eq!(fake.count("gmail.messages.get"), 1, "{:?}", fake.counters());
    let ingested: Vec<_> = reports.iter().filter(|r| r.status == "ingested").collect();
    assert_eq!(ingested.len(), 1);
    assert_eq!(ingested[0].file_id.as_deref(), Some("m10"));
}

#[test]
fn many_messages_stay_within_gmails_quota_without_one_refusal() {
    let env = Env::new();
    let mut fixture = Fixture::default();
    for i in 0..150 {
        fixture = fixture.with_mail(MessageSpec::sent(
            &format!("n{i:03}"),
            &mine(
                &format!("Note {i}"),
                &format!("Note number {i}, in my words.\n"),
            ),
        ));
    }
    let fake = FakeGoogle::start(fixture, Config::default());
    login_with_gmail(&env, &fake);
    let (code, reports, stderr) = env.ingest_from(&fake, &["gmail:", "--jobs", "16"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        reports.iter().filter(|r| r.status == "ingested").count(),
        150
    );
    assert_eq!(fake.count("gmail.quota:403"), 0, "{:?}", fake.counters());
    assert_eq!(
        fake.count("gmail.concurrency:429"),
        0,
        "{:?}",
        fake.counters()
    );
}

#[test]
fn no_token_or_message_text_reaches_the_output_at_any_verbosity() {
    let env = Env::new();
    let fake = FakeGoogle::start(mailbox(), Config::default());
    login_with_gmail(&env, &fake);
    let out = env
        .google(&fake)
        .args(["ingest", "gmail:", "-vvv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    let (access, refresh) = env.stored_tokens();
    assert!(!all.contains(&access) && !refresh.is_some_and(|r| all.contains(&r)));
    for private in ["launch moved", "send me the deck", "Written from my work"] {
        assert!(!all.contains(private), "{private:?} in the output:\n{all}");
    }
}

/// The directory `tests/fixtures/mail/SUB` and the names of its messages (`NAME.eml`), sorted.
fn mail_fixtures(sub: &str) -> (std::path::PathBuf, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(sub);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".eml")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    (dir, names)
}

/// The messages `names` of `dir` as sent mail: Alex's (the fixtures' own), and the writer's
/// (those from email_reply_parser).
fn sent_fixtures(dir: &Path, names: &[String]) -> Fixture {
    let mut fixture = Fixture::default().with_alias(USER, "alex@example.com", "Alex Smith");
    for name in names {
        let raw = std::fs::read(dir.join(format!("{name}.eml"))).unwrap();
        fixture = fixture.with_mail(MessageSpec::sent(name, &raw));
    }
    fixture
}

/// How the binary's result for fixture `name` differs from its expectation files: skipped
/// where `.skip` says so, else a sample whose text and context are `.text` and `.context`.
fn fixture_mismatches(
    env: &Env,
    dir: &Path,
    name: &str,
    reports: &[crate::util::FileReport],
    stderr: &str,
) -> Vec<String> {
    let Some(report) = reports.iter().find(|r| r.file_id.as_deref() == Some(name)) else {
        return vec![format!("{name}: no report ({stderr})")];
    };
    let expected = |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).ok();
    if expected("skip").is_some() {
        return (report.status != "skipped")
            .then(|| format!("{name}: {} instead of skipped", report.status))
            .into_iter()
            .collect();
    }
    let Some(id) = report.sample_id.as_deref() else {
        return vec![format!("{name}: {} ({:?})", report.status, report.reason)];
    };
    let shown = show(env, id);
    let mut wrong = Vec::new();
    if shown["text"].as_str() != expected("text").as_deref() {
        wrong.push(format!("{name}: text {:?}", shown["text"]));
    }
    if shown["context"].as_str() != expected("context").as_deref() {
        wrong.push(format!("{name}: context {:?}", shown["context"]));
    }
    wrong
}

/// Every fixture of tests/fixtures/mail (the directory of one writer whose signature is
/// learned across their mail aside), served as sent mail, comes out of the binary as its
/// `.text` and `.context` files say, or skipped when a `.skip` file says so.
#[test]
fn every_mail_fixture_comes_out_of_the_binary_as_its_expectation_files_say() {
    let (dir, names) = mail_fixtures("");
    let fixture = sent_fixtures(&dir, &names);
    let env = Env::new();
    let fake = FakeGoogle::start(fixture, Config::default());
    login_with_gmail(&env, &fake);
    let (_, reports, stderr) = env.ingest_from(&fake, &["gmail:"]);
    let wrong: Vec<String> = names
        .iter()
        .flat_map(|name| fixture_mismatches(&env, &dir, name, &reports, &stderr))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        names.len(),
        wrong.join("\n")
    );
}

fn notes(n: usize) -> Fixture {
    let mut fixture = Fixture::default();
    for i in 0..n {
        fixture = fixture.with_mail(MessageSpec::sent(
            &format!("n{i:03}"),
            &mine(
                &format!("Note {i}"),
                &format!("Note number {i}, in my words.\n"),
            ),
        ));
    }
    fixture
}

#[test]
fn a_mailbox_slower_than_voicetrain_paces_slows_it_down_but_never_fails_the_run() {
    let env = Env::new();
    // A fifth of Gmail's quota, and four requests in flight: both refused as Gmail refuses.
    let fake = FakeGoogle::start(
        notes(40),
        Config {
            gmail_units_per_second: 50.0,
            gmail_burst: 50.0,
            gmail_max_concurrent: 4,
            ..Config::default()
        },
    );
    login_with_gmail(&env, &fake);
    let (code, reports, stderr) = env.ingest_from(&fake, &["gmail:", "--jobs", "16"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        reports.iter().filter(|r| r.status == "ingested").count(),
        40
    );
    let refused = fake.count("gmail.quota:403") + fake.count("gmail.concurrency:429");
    assert!(refused > 0, "the fake did push back: {:?}", fake.counters());
}

#[test]
fn an_access_token_refused_mid_run_is_renewed_once_and_the_run_goes_on() {
    let env = Env::new();
    let fake = FakeGoogle::start(notes(10), Config::default());
    login_with_gmail(&env, &fake);
    fake.expire_access_tokens();
    let (code, reports, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        reports.iter().filter(|r| r.status == "ingested").count(),
        10
    );
    assert!(
        fake.count("token.refresh_token") >= 1,
        "{:?}",
        fake.counters()
    );
    assert!(
        fake.count("token.refresh_token") <= 2,
        "renewed once, not per message"
    );
}

/// The writer of tests/fixtures/mail/signature signs every message with the same contact
/// block: learned across their mail, it is taken off each, and remembered for later runs.
#[test]
fn the_signature_that_recurs_across_the_users_mail_is_learned_and_taken_off() {
    let (dir, mut names) = mail_fixtures("signature");
    let later = names.pop().unwrap();
    let fixture = sent_fixtures(&dir, &names);
    let env = Env::new();
    let fake = FakeGoogle::start(fixture, Config::default());
    login_with_gmail(&env, &fake);
    let (code, mut reports, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fake.count("gmail.messages.get"),
        names.len() as u64,
        "each fetched once, learning included"
    );
    // A later run knows the signature without learning it again.
    let raw = std::fs::read(dir.join(format!("{later}.eml"))).unwrap();
    fake.add_mail(MessageSpec::sent(&later, &raw));
    let (code, more, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(more.len(), 1);
    reports.extend(more);
    let wrong: Vec<String> = names
        .iter()
        .chain([&later])
        .flat_map(|name| fixture_mismatches(&env, &dir, name, &reports, &stderr))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn force_lists_everything_again_and_fetches_every_message() {
    let env = Env::new();
    let fake = FakeGoogle::start(notes(5), Config::default());
    login_with_gmail(&env, &fake);
    let (code, _, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    fake.reset_counters();
    let (code, reports, stderr) = env.ingest_from(&fake, &["gmail:", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fake.count("gmail.history.list"), 0, "{:?}", fake.counters());
    assert_eq!(fake.count("gmail.messages.get"), 5);
    assert!(
        reports.iter().all(|r| r.status == "unchanged"),
        "{reports:#?}"
    );
}

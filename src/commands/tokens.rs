//! `voicetrain tokens refresh|list|log`. `refresh` is what cron runs: it decides from the
//! stored expiry times alone whether anything is due, so the common case (nothing is) opens
//! neither the key nor the network; it prints nothing on success unless `-v`, and one line
//! per failure.

use std::io::Write as _;

use serde::Serialize;

use super::{Ctx, block_on};
use crate::Error;
use crate::auth::{Session, expires_within};
use crate::cli::{RefreshArgs, TokensCommand};
use crate::error::exit;
use crate::google::SERVICE;
use crate::output;
use crate::secret::Vault;
use crate::store::tokens;

pub fn run(cmd: TokensCommand, ctx: &Ctx) -> Result<u8, Error> {
    match cmd {
        TokensCommand::Refresh(args) => refresh(&args, ctx),
        TokensCommand::List(args) => {
            let store = ctx.open_store()?;
            let rows = tokens::all(store.conn(), SERVICE)?;
            let mut out = output::stdout();
            if args.json {
                #[derive(Serialize)]
                struct Row<'a> {
                    account: &'a str,
                    service: &'a str,
                    scopes: &'a [String],
                    expires_at: Option<&'a str>,
                    revoked: bool,
                    updated_at: &'a str,
                    last_refreshed_at: Option<&'a str>,
                    has_refresh_token: bool,
                }
                let rows: Vec<Row<'_>> = rows
                    .iter()
                    .map(|r| Row {
                        account: &r.account,
                        service: &r.service,
                        scopes: &r.scopes,
                        expires_at: r.expires_at.as_deref(),
                        revoked: r.revoked,
                        updated_at: &r.updated_at,
                        last_refreshed_at: r.last_refreshed_at.as_deref(),
                        has_refresh_token: r.refresh_token.is_some(),
                    })
                    .collect();
                output::json_pretty(&mut out, &rows)?;
            } else {
                for r in &rows {
                    let state = if r.revoked { "revoked" } else { "valid" };
                    writeln!(
                        out,
                        "{}  {}  {state}  expires {}  updated {}",
                        r.account,
                        r.service,
                        r.expires_at.as_deref().unwrap_or("-"),
                        r.updated_at
                    )?;
                }
            }
            out.flush()?;
            Ok(exit::OK)
        }
        TokensCommand::Log(args) => {
            let store = ctx.open_store()?;
            let events = tokens::events(store.conn(), args.limit)?;
            let mut out = output::stdout();
            if args.json {
                #[derive(Serialize)]
                struct Event<'a> {
                    at: &'a str,
                    account: &'a str,
                    service: &'a str,
                    event: &'a str,
                    reason: Option<&'a str>,
                }
                let events: Vec<Event<'_>> = events
                    .iter()
                    .map(|e| Event {
                        at: &e.at,
                        account: &e.account,
                        service: &e.service,
                        event: &e.event,
                        reason: e.reason.as_deref(),
                    })
                    .collect();
                output::json_pretty(&mut out, &events)?;
            } else {
                for e in &events {
                    let reason = e
                        .reason
                        .as_deref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{}  {:<14} {} ({}){reason}",
                        e.at, e.event, e.account, e.service
                    )?;
                }
            }
            out.flush()?;
            Ok(exit::OK)
        }
    }
}

#[derive(Debug, Default, Serialize)]
struct Report {
    refreshed: Vec<Refreshed>,
    skipped: Vec<Skipped>,
    failed: Vec<Failed>,
}

#[derive(Debug, Serialize)]
struct Refreshed {
    account: String,
    service: &'static str,
    expires_at: Option<String>,
}

#[derive(Debug, Serialize)]
struct Skipped {
    account: String,
    service: &'static str,
    expires_at: Option<String>,
    reason: &'static str,
}

#[derive(Debug, Serialize)]
struct Failed {
    account: String,
    service: &'static str,
    error: String,
    reauth_required: bool,
}

fn refresh(args: &RefreshArgs, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.open_store()?;
    let mut rows = tokens::all(store.conn(), SERVICE)?;
    if let Some(wanted) = &args.account.account {
        rows.retain(|r| r.account.eq_ignore_ascii_case(wanted));
        if rows.is_empty() {
            return Err(crate::auth::AuthError::UnknownAccount(wanted.clone()).into());
        }
    }
    let mut report = Report::default();
    let due: Vec<_> = rows
        .iter()
        .filter(|r| {
            let due = !r.revoked && (args.force || expires_within(r, args.within));
            if !due && !r.revoked {
                report.skipped.push(Skipped {
                    account: r.account.clone(),
                    service: SERVICE,
                    expires_at: r.expires_at.clone(),
                    reason: "not due",
                });
            }
            due
        })
        .collect();
    for r in rows.iter().filter(|r| r.revoked) {
        report.failed.push(Failed {
            account: r.account.clone(),
            service: SERVICE,
            error: format!(
                "the login for {} was revoked; run `voicetrain auth google` again",
                r.account
            ),
            reauth_required: true,
        });
    }
    let mut codes = Vec::new();
    if !due.is_empty() {
        let vault =
            Vault::open(&store, &ctx.key_sources())?.ok_or(crate::auth::AuthError::NoAccount)?;
        let remote = ctx.remote(&store, args.retries)?;
        let session = Session {
            store: &store,
            vault: &vault,
            data_dir: &ctx.paths.data_dir,
        };
        let google = remote.google();
        for row in due {
            match block_on(session.refresh(&google, &row.account, args.within, args.force))? {
                Ok(fresh) if fresh.refreshed => {
                    ctx.out.detail(
                        1,
                        &format!(
                            "refreshed {}; valid until {}",
                            row.account,
                            fresh.expires_at.as_deref().unwrap_or("(unknown)")
                        ),
                    );
                    report.refreshed.push(Refreshed {
                        account: row.account.clone(),
                        service: SERVICE,
                        expires_at: fresh.expires_at,
                    });
                }
                Ok(fresh) => report.skipped.push(Skipped {
                    account: row.account.clone(),
                    service: SERVICE,
                    expires_at: fresh.expires_at,
                    reason: "refreshed by another process",
                }),
                Err(e) => {
                    let code = e.exit_code();
                    codes.push(code);
                    report.failed.push(Failed {
                        account: row.account.clone(),
                        service: SERVICE,
                        error: e.to_string(),
                        reauth_required: code == exit::AUTH,
                    });
                }
            }
        }
    }
    codes.extend(
        report
            .failed
            .iter()
            .filter(|f| f.reauth_required)
            .map(|_| exit::AUTH),
    );
    for f in &report.failed {
        let todo = if f.reauth_required && !f.error.contains("auth google") {
            "; run `voicetrain auth google` again"
        } else {
            ""
        };
        ctx.out.say(&format!(
            "error: refreshing {}: {}{todo}",
            f.account, f.error
        ));
    }
    if args.json {
        let mut out = output::stdout();
        output::json_line(&mut out, &report)?;
        out.flush()?;
    }
    // A person must act (3) outranks try-later (75), which outranks anything else.
    Ok(if codes.contains(&exit::AUTH) {
        exit::AUTH
    } else if codes.contains(&exit::TEMPORARY) {
        exit::TEMPORARY
    } else if codes.is_empty() {
        exit::OK
    } else {
        exit::FAILED
    })
}

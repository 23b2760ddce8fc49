//! `voicetrain tokens refresh|list|log`, for every provider. `refresh` is what cron runs: it
//! decides from the stored expiry times alone whether anything is due, so the common case
//! (nothing is) touches no network; it opens the key all the same, so that a key that no
//! longer opens the store is said at once. It prints nothing on success unless `-v`, and one
//! line per failure.

use std::io::Write as _;

use super::{Ctx, block_on};
use crate::Error;
use crate::account::{AccountError, Session, expires_within};
use crate::cli::{RefreshArgs, TokensCommand};
use crate::error::exit;
use crate::output::{self, json};
use crate::provider::Provider;
use crate::store::tokens::{self, TokenRow};

pub fn run(cmd: TokensCommand, ctx: &Ctx) -> Result<u8, Error> {
    match cmd {
        TokensCommand::Refresh(args) => refresh(&args, ctx),
        TokensCommand::List(args) => {
            let store = ctx.read_store()?;
            let rows = tokens::all(store.db(), args.provider.as_deref())?;
            if let Some(first) = rows.first() {
                // "valid" must mean usable: not when the key that opens them is gone.
                ctx.vault(&store, &first.service)?;
            }
            let mut out = output::stdout();
            if args.json {
                let rows: Vec<json::Token<'_>> = rows.iter().map(json::Token::from).collect();
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
            let store = ctx.read_store()?;
            let mut events = tokens::events(store.db(), args.limit)?;
            if let Some(provider) = &args.provider {
                events.retain(|e| &e.service == provider);
            }
            let mut out = output::stdout();
            if args.json {
                let events: Vec<json::Logged<'_>> = events.iter().map(json::Logged::from).collect();
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

fn refresh(args: &RefreshArgs, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.read_store()?;
    let mut rows = tokens::all(store.db(), args.account.provider.as_deref())?;
    let wanted = args
        .account
        .account
        .clone()
        .or_else(super::account_from_env);
    if let Some(wanted) = &wanted {
        rows.retain(|r| r.account.eq_ignore_ascii_case(wanted));
        if rows.is_empty() {
            return Err(AccountError::UnknownAccount {
                provider: args
                    .account
                    .provider
                    .clone()
                    .unwrap_or_else(|| crate::google::SERVICE.into()),
                account: wanted.clone(),
            }
            .into());
        }
    }
    let Some(first) = rows.first() else {
        // After the last logout a cron line still runs this: say so, every run.
        return Err(AccountError::NoAccount {
            provider: args
                .account
                .provider
                .clone()
                .unwrap_or_else(|| crate::google::SERVICE.into()),
        }
        .into());
    };
    // A key that no longer opens the store is found now, not when a token falls due.
    let vault = ctx.vault(&store, &first.service)?;
    let mut report = json::Refresh::default();
    let mut due: Vec<&TokenRow> = Vec::new();
    for r in &rows {
        if r.revoked {
            report.failed.push(json::RefreshFailed {
                account: r.account.clone(),
                service: r.service.clone(),
                error: format!(
                    "the login for {} was revoked; run `voicetrain auth {}` again",
                    r.account, r.service
                ),
                reauth_required: true,
            });
        } else if r.refresh_token.is_some() && (args.force || expires_within(r, args.within)) {
            due.push(r);
        } else {
            report.skipped.push(json::NotRefreshed {
                account: r.account.clone(),
                service: r.service.clone(),
                expires_at: r.expires_at.clone(),
                // A static token (HubSpot's private app tokens, service keys) has no refresh.
                reason: if r.refresh_token.is_some() {
                    "not due"
                } else {
                    "a static token: never refreshed"
                },
            });
        }
    }
    let mut codes = Vec::new();
    if !due.is_empty() {
        let session = Session {
            store: &store,
            vault: &vault,
            data_dir: &ctx.paths.data_dir,
        };
        // Each provider set up once, when the first of its tokens is due.
        let mut providers: Vec<Box<dyn Provider>> = Vec::new();
        for row in due {
            let provider = match providers.iter().position(|p| p.name() == row.service) {
                Some(i) => &providers[i],
                None => {
                    providers.push(ctx.provider(&row.service, &store, args.retries)?);
                    &providers[providers.len() - 1]
                }
            };
            let refreshed = block_on(session.refresh(
                provider.as_ref(),
                &row.account,
                args.within,
                args.force,
            ))?;
            match refreshed {
                Ok(fresh) if fresh.refreshed => {
                    tracing::info!(
                        "refreshed {}; valid until {}",
                        row.account,
                        fresh.expires_at.as_deref().unwrap_or("(unknown)")
                    );
                    report.refreshed.push(json::Refreshed {
                        account: row.account.clone(),
                        service: row.service.clone(),
                        expires_at: fresh.expires_at,
                    });
                }
                Ok(fresh) => report.skipped.push(json::NotRefreshed {
                    account: row.account.clone(),
                    service: row.service.clone(),
                    expires_at: fresh.expires_at,
                    reason: "refreshed by another process",
                }),
                Err(e) => {
                    let e = Error::from(e);
                    let code = e.exit_code();
                    codes.push(code);
                    report.failed.push(json::RefreshFailed {
                        account: row.account.clone(),
                        service: row.service.clone(),
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
        let relogin = format!("auth {}", f.service);
        let todo = if f.reauth_required && !f.error.contains(&relogin) {
            format!("; run `voicetrain {relogin}` again")
        } else {
            String::new()
        };
        // Google's own messages end in a full stop; what follows is a clause of this line.
        let error = if todo.is_empty() {
            f.error.as_str()
        } else {
            f.error.trim_end_matches('.')
        };
        ctx.out
            .say(&format!("error: refreshing {}: {error}{todo}", f.account));
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

//! `voicetrain auth google|hubspot|status|token|logout|switch`: logging in, and the accounts
//! of every provider through the provider interface. HubSpot's two logins are in `hubspot`.

mod hubspot;

use std::io::Write as _;
use std::time::Duration;

use super::{Ctx, block_on};
use crate::Error;
use crate::account::{self, AccountError, MARGIN, Session};
use crate::cli::{AuthCommand, GoogleLoginArgs};
use crate::error::exit;
use crate::google::loopback::{Listener, open_browser};
use crate::google::{self, Client, Google, SERVICE};
use crate::output::{self, json};
use crate::provider::{Provider, Tokens};
use crate::secret::KeySource;
use crate::store::{self, Store, tokens};

pub fn run(cmd: AuthCommand, ctx: &Ctx) -> Result<u8, Error> {
    match cmd {
        AuthCommand::Google(args) => login(&args, ctx),
        AuthCommand::HubSpot(args) => hubspot::login(&args, ctx),
        AuthCommand::Status(args) => status(args.json, args.provider.as_deref(), ctx),
        AuthCommand::Token(args) => {
            let store = ctx.read_store()?;
            let provider = ctx.provider_name(&store, args.provider.as_deref())?;
            let account = ctx.choose(&store, &provider, args.account.as_deref())?;
            let vault = ctx.vault(&store, &provider)?;
            let session = Session {
                store: &store,
                vault: &vault,
                data_dir: &ctx.paths.data_dir,
            };
            let fresh = match session.cached(&provider, &account, MARGIN)? {
                Some(fresh) => fresh,
                None => {
                    let remote = ctx.provider(&provider, &store, None)?;
                    block_on(session.refresh(remote.as_ref(), &account, MARGIN, false))??
                }
            };
            store.write(|tx| {
                tokens::event(
                    tx,
                    &provider,
                    &account,
                    "used",
                    Some("auth token"),
                    &store::now(),
                )
            })?;
            // The one place an access token is printed: it is what was asked for.
            let mut out = output::stdout();
            writeln!(out, "{}", fresh.access_token.expose())?;
            out.flush()?;
            Ok(exit::OK)
        }
        AuthCommand::Logout(args) => {
            let store = ctx.read_store()?;
            let provider = ctx.provider_name(&store, args.account.provider.as_deref())?;
            let account = ctx.choose(&store, &provider, args.account.account.as_deref())?;
            let question = if args.local_only {
                format!("Forget the tokens of {account} on this machine?")
            } else {
                format!("Revoke voicetrain's access to {account} and forget its tokens?")
            };
            if !ctx.confirm(&question, args.yes)? {
                ctx.out.notice("nothing changed");
                return Ok(exit::OK);
            }
            let revoked = !args.local_only && revoke(ctx, &store, &provider, &account)?;
            store.write(|tx| tokens::remove(tx, &provider, &account, &store::now()))?;
            let how = if !revoked {
                format!(
                    "forgotten here (not revoked at {})",
                    crate::provider::label(&provider)
                )
            } else {
                "revoked and forgotten".to_string()
            };
            ctx.out
                .notice(&format!("logged out {account}: tokens {how}"));
            Ok(exit::OK)
        }
        AuthCommand::Switch(args) => {
            let store = ctx.read_store()?;
            let provider = ctx.provider_name(&store, args.provider.as_deref())?;
            let account = ctx.choose(&store, &provider, Some(&args.email))?;
            store.write(|tx| tokens::set_default(tx, &provider, &account))?;
            ctx.out
                .notice(&format!("{account} is now the default account"));
            Ok(exit::OK)
        }
    }
}

/// Revokes the account's grant at its provider (the refresh token revokes everything with
/// it); whether it did. A static token (HubSpot's private app tokens, service keys) is
/// revoked only where it was made.
fn revoke(ctx: &Ctx, store: &Store, provider: &str, account: &str) -> Result<bool, Error> {
    let Some(row) = tokens::get(store.db(), provider, account)? else {
        return Ok(false);
    };
    if row.refresh_token.is_none() && row.expires_at.is_none() {
        ctx.out.notice(&format!(
            "{account}'s token is a static one: rotate or delete it in {} to revoke it",
            crate::provider::label(provider)
        ));
        return Ok(false);
    }
    let Some(vault) = crate::secret::Vault::open(store, &ctx.key_sources())? else {
        return Ok(false);
    };
    let token = vault.decrypt(row.refresh_token.as_deref().unwrap_or(&row.access_token))?;
    let remote = ctx.provider(provider, store, None)?;
    block_on(remote.revoke(&token))??;
    Ok(true)
}

/// The scopes a login asks for: openid and email always (the account is named by its
/// e-mail), and every `--scope` (an alias or a full scope URL). Drive, the default, is asked
/// for without `--scope`, and on a first login unless `--scope` names a Drive scope itself
/// (`drive.file`, which the device grant allows). What a login already holds is kept by
/// `include_granted_scopes`, so `--scope` on an existing login only adds.
fn wanted_scopes(args: &GoogleLoginArgs, first_login: bool) -> Result<Vec<String>, Error> {
    let mut scopes: Vec<String> = google::BASE_SCOPES.map(String::from).to_vec();
    let names_drive = args.scopes.iter().any(|s| {
        s == google::DRIVE.alias || s.starts_with("https://www.googleapis.com/auth/drive")
    });
    if args.scopes.is_empty() || (first_login && !names_drive) {
        scopes.push(google::DRIVE.grants[0].to_string());
    }
    for name in &args.scopes {
        let scope = match google::scope_named(name) {
            Some(scope) => scope.to_string(),
            None if name.contains("gmail.metadata") => {
                return Err(Error::usage(
                    "voicetrain never asks for gmail.metadata: a token holding it fails every Gmail search",
                    Some("use `--scope gmail` (gmail.readonly)".to_string()),
                ));
            }
            None if name.starts_with("https://")
                || matches!(name.as_str(), "openid" | "email" | "profile") =>
            {
                name.clone()
            }
            None => {
                return Err(Error::usage(
                    format!("`{name}` is not a scope voicetrain knows"),
                    Some(format!(
                        "give an alias ({}) or a full scope address (https://www.googleapis.com/auth/...)",
                        google::scope_aliases()
                    )),
                ));
            }
        };
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    Ok(scopes)
}

/// Stores a login's tokens, encrypted, as `account` of `service`.
fn save_login(
    store: &Store,
    vault: &crate::secret::Vault,
    service: &str,
    account: &str,
    tokens: &Tokens,
    scopes: &str,
) -> Result<(), Error> {
    let access = vault.encrypt(&tokens.access_token);
    let refresh = tokens.refresh_token.as_ref().map(|r| vault.encrypt(r));
    let expires_at = account::expiry(tokens.expires_in);
    store.write(|tx| {
        tokens::save_login(
            tx,
            &tokens::Login {
                service,
                account,
                access_token: &access,
                refresh_token: refresh.as_deref(),
                expires_at: expires_at.as_deref(),
                scopes,
            },
            &store::now(),
        )
    })?;
    Ok(())
}

/// Writes the OAuth client a login was given a file for into the config file's table of
/// `service`, and says so: the file is needed once.
fn remember_client(
    ctx: &Ctx,
    service: &str,
    what: &str,
    id: &str,
    secret: &crate::secret::Secret,
) -> Result<(), Error> {
    crate::config::remember_client(&ctx.paths.config_file, service, id, secret)?;
    ctx.out.notice(&format!(
        "remembered this {what} in {}",
        ctx.paths.config_file.display()
    ));
    Ok(())
}

fn login(args: &GoogleLoginArgs, ctx: &Ctx) -> Result<u8, Error> {
    let client = match &args.client_secrets {
        Some(path) => {
            let client = Client::from_secrets_file(path)?;
            remember_client(ctx, SERVICE, "OAuth client", &client.id, &client.secret)?;
            client
        }
        None => Client::resolve(&ctx.config.google)?,
    };
    let store = ctx.open_store()?;
    let first_login = tokens::all(store.db(), Some(SERVICE))?.is_empty();
    let scopes = wanted_scopes(args, first_login)?;
    let vault = crate::secret::Vault::open_or_create(&store, &ctx.key_sources(), &mut |n| {
        ctx.out.notice(n)
    })?;
    let google = ctx.google_as(&store, client, None)?;
    let tokens = block_on(async {
        if args.device {
            return google
                .device(&scopes, &mut |url, code| {
                    ctx.out.say(&format!(
                        "To log in, open {url} on any device and enter the code {code}"
                    ));
                })
                .await
                .map_err(Error::from);
        }
        browser_login(args, ctx, &google, &scopes).await
    })??;
    let email =
        block_on(google.whoami(&tokens.access_token))??.ok_or_else(|| AccountError::Login {
            provider: SERVICE.into(),
            why: "Google did not say which account this is".into(),
        })?;
    // Google answers with every scope the grant now holds (include_granted_scopes); where it
    // does not say, the login holds what it held and what was asked for.
    let granted = match tokens.scopes.clone() {
        Some(granted) => granted,
        None => {
            let mut all = tokens::get(store.db(), SERVICE, &email)?
                .map(|r| r.scopes)
                .unwrap_or_default();
            all.extend(
                scopes
                    .iter()
                    .filter(|s| !all.contains(s))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
            all
        }
    };
    let scope_text = granted.join(" ");
    save_login(&store, &vault, SERVICE, &email, &tokens, &scope_text)?;
    ctx.out.notice(&format!(
        "Logged in to Google as {email}\nscopes: {scope_text}"
    ));
    if let KeySource::File(path) = vault.source() {
        tracing::info!("tokens encrypted with the key in {}", path.display());
    }
    // Every permission asked for by alias must have been granted (a box left unticked).
    if let Some(scope) = google::SCOPES
        .into_iter()
        .filter(|s| scopes.iter().any(|w| w == s.grants[0]))
        .find(|s| !s.granted_by(&granted))
    {
        return Err(AccountError::MissingScope {
            account: email,
            scope,
        }
        .into());
    }
    Ok(exit::OK)
}

/// The loopback login: print (and open) the consent address, wait for the redirect.
async fn browser_login(
    args: &GoogleLoginArgs,
    ctx: &Ctx,
    google: &Google,
    scopes: &[String],
) -> Result<Tokens, Error> {
    let listener = Listener::bind().await?;
    let redirect = listener.redirect.clone();
    let authorization = google.authorize(&redirect, scopes);
    ctx.out
        .say("Open this address in a browser to log in to Google:");
    ctx.out.say(authorization.url.as_str());
    if args.no_browser {
        ctx.out.say(
            "Then paste here the address the browser ends on, if it cannot reach this machine.",
        );
    } else if let Err(why) = open_browser(&authorization.url) {
        ctx.out
            .notice(&format!("{why}; open the address above yourself"));
    }
    let callback = listener
        .wait(args.no_browser, Duration::from_secs(args.timeout))
        .await?;
    let failed = |why: &str| AccountError::Login {
        provider: SERVICE.into(),
        why: why.to_string(),
    };
    if let Some(error) = callback.error {
        let why = if error == "access_denied" {
            "access was denied on Google's consent screen".to_string()
        } else {
            format!("Google answered {error}")
        };
        return Err(failed(&why).into());
    }
    let code = callback
        .code_for(authorization.state.secret())
        .map_err(failed)?;
    Ok(google
        .exchange(&redirect, code, authorization.verifier)
        .await?)
}

fn status(json: bool, provider: Option<&str>, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.read_store()?;
    let rows = tokens::all(store.db(), provider)?;
    let key_source = if rows.is_empty() {
        None
    } else {
        crate::secret::Vault::open(&store, &ctx.key_sources())?.map(|v| v.source().kind())
    };
    let mut out = output::stdout();
    if json {
        let status = json::AuthStatus {
            key_source,
            accounts: rows.iter().map(json::Account::from).collect(),
        };
        output::json_line(&mut out, &status)?;
    } else {
        for r in &rows {
            let mark = if r.is_default { "*" } else { " " };
            let state = if r.revoked {
                "REVOKED: log in again".to_string()
            } else {
                format!(
                    "token expires {}",
                    r.expires_at.as_deref().unwrap_or("(unknown)")
                )
            };
            writeln!(out, "{mark} {} ({}): {state}", r.account, r.service)?;
            writeln!(out, "    scopes: {}", r.scopes.join(" "))?;
        }
    }
    out.flush()?;
    if rows.iter().any(account::is_usable) {
        Ok(exit::OK)
    } else if rows.is_empty() {
        Err(AccountError::NoAccount {
            provider: provider.unwrap_or(SERVICE).to_string(),
        }
        .into())
    } else {
        Err(AccountError::NoUsableAccount.into())
    }
}

//! `voicetrain auth google|status|token|logout|switch`.

use std::io::Write as _;
use std::time::Duration;

use serde::Serialize;

use super::{Ctx, block_on};
use crate::Error;
use crate::auth::{self, AuthError, Session, choose_account, expires_within};
use crate::cli::{AuthCommand, GoogleLoginArgs};
use crate::error::exit;
use crate::google::loopback::{Listener, open_browser};
use crate::google::oauth::{Google, Tokens};
use crate::google::{Client, DEFAULT_SCOPES, SERVICE};
use crate::output;
use crate::secret::{KeySource, Vault};
use crate::store::{self, Store, tokens};

/// `auth token` refreshes a token that expires within this.
const TOKEN_MARGIN: Duration = Duration::from_secs(5 * 60);

pub fn run(cmd: AuthCommand, ctx: &Ctx) -> Result<u8, Error> {
    match cmd {
        AuthCommand::Google(args) => login(&args, ctx),
        AuthCommand::Status(args) => status(args.json, ctx),
        AuthCommand::Token(args) => {
            let store = ctx.open_store()?;
            let account = choose_account(&store, args.account.as_deref(), &ctx.out)?;
            let vault = Vault::open(&store, &ctx.key_sources())?.ok_or(AuthError::NoAccount)?;
            let session = Session {
                store: &store,
                vault: &vault,
                data_dir: &ctx.paths.data_dir,
            };
            let fresh = match session.cached(&account, TOKEN_MARGIN)? {
                Some(fresh) => fresh,
                None => {
                    let remote = ctx.remote(&store, None)?;
                    let google = remote.google();
                    block_on(session.refresh(&google, &account, TOKEN_MARGIN, false))??
                }
            };
            store.write(|tx| {
                tokens::event(
                    tx,
                    SERVICE,
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
            let store = ctx.open_store()?;
            let account = choose_account(&store, args.account.account.as_deref(), &ctx.out)?;
            let question = if args.local_only {
                format!("Forget the tokens of {account} on this machine?")
            } else {
                format!("Revoke voicetrain's access to {account} and forget its tokens?")
            };
            if !ctx.confirm(&question, args.yes)? {
                ctx.out.notice("nothing changed");
                return Ok(exit::OK);
            }
            if !args.local_only {
                revoke(ctx, &store, &account)?;
            }
            store.write(|tx| tokens::remove(tx, SERVICE, &account, &store::now()))?;
            let how = if args.local_only {
                "forgotten here (not revoked at Google)"
            } else {
                "revoked and forgotten"
            };
            ctx.out
                .notice(&format!("logged out {account}: tokens {how}"));
            Ok(exit::OK)
        }
        AuthCommand::Switch(args) => {
            let store = ctx.open_store()?;
            let known = tokens::all(store.conn(), SERVICE)?;
            let Some(row) = known
                .iter()
                .find(|r| r.account.eq_ignore_ascii_case(&args.email))
            else {
                return Err(AuthError::UnknownAccount(args.email).into());
            };
            store.write(|tx| tokens::set_default(tx, SERVICE, &row.account))?;
            ctx.out
                .notice(&format!("{} is now the default account", row.account));
            Ok(exit::OK)
        }
    }
}

/// Revokes the account's grant at Google (the refresh token revokes everything with it).
fn revoke(ctx: &Ctx, store: &Store, account: &str) -> Result<(), Error> {
    let Some(row) = tokens::get(store.conn(), SERVICE, account)? else {
        return Ok(());
    };
    let Some(vault) = Vault::open(store, &ctx.key_sources())? else {
        return Ok(());
    };
    let token = vault.decrypt(row.refresh_token.as_deref().unwrap_or(&row.access_token))?;
    let remote = ctx.remote(store, None)?;
    let google = remote.google();
    block_on(google.revoke(&token))??;
    Ok(())
}

fn login(args: &GoogleLoginArgs, ctx: &Ctx) -> Result<u8, Error> {
    let client = match &args.client_secrets {
        Some(path) => {
            let client = Client::from_secrets_file(path)?;
            client.remember(&ctx.paths.config_file)?;
            ctx.out.notice(&format!(
                "remembered this OAuth client in {}",
                ctx.paths.config_file.display()
            ));
            client
        }
        None => Client::resolve(&ctx.config.google)?,
    };
    let store = ctx.open_store()?;
    let vault = Vault::open_or_create(&store, &ctx.key_sources(), &mut |n| ctx.out.notice(n))?;
    let remote = ctx.remote_as(&store, client, None)?;
    let google = remote.google();
    let mut scopes: Vec<String> = if args.scopes.is_empty() {
        DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect()
    } else {
        args.scopes.clone()
    };
    // The account is named by its e-mail, which userinfo gives only with these.
    let missing: Vec<String> = ["openid", "email"]
        .into_iter()
        .filter(|needed| !scopes.iter().any(|s| s == needed))
        .map(String::from)
        .collect();
    scopes.splice(0..0, missing);
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
    let email = block_on(google.email(&tokens.access_token))??
        .ok_or_else(|| AuthError::Login("Google did not say which account this is".into()))?;
    let granted = tokens.scopes.clone().unwrap_or_else(|| scopes.clone());
    let now = store::now();
    let access = vault.encrypt(&tokens.access_token);
    let refresh = tokens.refresh_token.as_ref().map(|r| vault.encrypt(r));
    let expires_at = auth::expiry(tokens.expires_in);
    let scope_text = granted.join(" ");
    store.write(|tx| {
        tokens::save_login(
            tx,
            &tokens::Login {
                service: SERVICE,
                account: &email,
                access_token: &access,
                refresh_token: refresh.as_deref(),
                expires_at: expires_at.as_deref(),
                scopes: &scope_text,
            },
            &now,
        )
    })?;
    ctx.out.notice(&format!(
        "Logged in to Google as {email}\nscopes: {scope_text}"
    ));
    if let KeySource::File(path) = vault.source() {
        ctx.out.detail(
            1,
            &format!("tokens encrypted with the key in {}", path.display()),
        );
    }
    if let Some(missing) = scopes
        .iter()
        .find(|s| s.contains("/auth/drive") && !granted.contains(s))
    {
        return Err(AuthError::MissingScope {
            account: email,
            scope: missing.clone(),
        }
        .into());
    }
    Ok(exit::OK)
}

/// The loopback login: print (and open) the consent address, wait for the redirect.
async fn browser_login(
    args: &GoogleLoginArgs,
    ctx: &Ctx,
    google: &Google<'_>,
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
    if let Some(error) = callback.error {
        let why = if error == "access_denied" {
            "access was denied on Google's consent screen".to_string()
        } else {
            format!("Google answered {error}")
        };
        return Err(AuthError::Login(why).into());
    }
    if callback.state.as_deref() != Some(authorization.state.secret().as_str()) {
        return Err(AuthError::Login(
            "the answer's state does not match this login (a stale or forged redirect)".into(),
        )
        .into());
    }
    let code = callback
        .code
        .ok_or_else(|| AuthError::Login("the answer holds no code".into()))?;
    Ok(google
        .exchange(&redirect, code, authorization.verifier)
        .await?)
}

fn status(json: bool, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.open_store()?;
    let rows = tokens::all(store.conn(), SERVICE)?;
    let key_source = if rows.is_empty() {
        None
    } else {
        Vault::open(&store, &ctx.key_sources())?.map(|v| v.source().kind())
    };
    let usable = |r: &tokens::TokenRow| {
        !r.revoked && (r.refresh_token.is_some() || !expires_within(r, Duration::ZERO))
    };
    let mut out = output::stdout();
    if json {
        #[derive(Serialize)]
        struct Account<'a> {
            email: &'a str,
            provider: &'a str,
            default: bool,
            scopes: &'a [String],
            expires_at: Option<&'a str>,
            revoked: bool,
            last_refreshed_at: Option<&'a str>,
        }
        #[derive(Serialize)]
        struct Status<'a> {
            key_source: Option<&'a str>,
            accounts: Vec<Account<'a>>,
        }
        let status = Status {
            key_source,
            accounts: rows
                .iter()
                .map(|r| Account {
                    email: &r.account,
                    provider: &r.service,
                    default: r.is_default,
                    scopes: &r.scopes,
                    expires_at: r.expires_at.as_deref(),
                    revoked: r.revoked,
                    last_refreshed_at: r.last_refreshed_at.as_deref(),
                })
                .collect(),
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
    if rows.iter().any(usable) {
        Ok(exit::OK)
    } else if rows.is_empty() {
        Err(AuthError::NoAccount.into())
    } else {
        Err(AuthError::NoUsableAccount.into())
    }
}

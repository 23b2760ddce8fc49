//! `voicetrain auth hubspot`: a static token (a legacy private app's, or a service key) read
//! from stdin and named by the user's e-mail, since it carries none; or the OAuth flow of a
//! HubSpot app, at the fixed loopback address registered in it, named by the e-mail the
//! token introspects to. Either is checked against the owners API before it is stored.

use std::io::BufRead as _;
use std::time::Duration;

use oauth2::{CsrfToken, PkceCodeChallenge};

use super::super::{Ctx, block_on};
use crate::Error;
use crate::account::{AccountError, Fixed};
use crate::cli::HubSpotLoginArgs;
use crate::error::exit;
use crate::google::loopback::{Listener, WaitError, open_browser};
use crate::hubspot::crm::Crm;
use crate::hubspot::{self, HUB_STATE, HubSpot, HubSpotError, SERVICE};
use crate::net::NetError;
use crate::provider::{ApiError, Tokens};
use crate::secret::{Secret, Vault};
use crate::store::{self, state};

pub fn login(args: &HubSpotLoginArgs, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.open_store()?;
    let mut hubspot = ctx.hubspot(&store, None)?;
    if let Some(path) = &args.client_secrets {
        let client = hubspot::Client::from_secrets_file(path)?;
        super::remember_client(ctx, SERVICE, "HubSpot app", &client.id, &client.secret)?;
        hubspot.client = Some(client);
    }
    let (tokens, email, scopes, hub) = if args.token_stdin {
        let token = read_token(ctx)?;
        let email = user(args, ctx)?;
        (
            Tokens {
                access_token: token,
                refresh_token: None,
                expires_in: None,
                scopes: None,
            },
            email,
            Vec::new(),
            None,
        )
    } else {
        let tokens = block_on(browser_login(args, ctx, &hubspot))??;
        let who = block_on(hubspot.introspect(&tokens.access_token))??;
        let email = who
            .user
            .filter(|_| who.active)
            .ok_or_else(|| failed("HubSpot did not say which user this token is for"))?;
        let scopes = tokens.scopes.clone().unwrap_or(who.scopes);
        (tokens, email, scopes, who.hub_id)
    };
    // The user must be an owner in the portal: their records are found by it.
    let checked = Fixed {
        provider: SERVICE,
        token: tokens.access_token.clone(),
    };
    match block_on(Crm::new(&hubspot, &checked).owner_of(&email))? {
        Ok(Some(_)) => {}
        Ok(None) => {
            return Err(failed(&format!(
                "no HubSpot user in this portal has the e-mail {email}"
            ))
            .into());
        }
        Err(ApiError::Token(e)) => return Err(e.into()),
        // Refused: not a token HubSpot issued (530), a dead one (401), too few scopes (403).
        Err(ApiError::Net(NetError::Refused {
            status: 401 | 403 | 530,
            reason,
            message,
            ..
        })) => {
            return Err(failed(&format!("HubSpot refused the token: {reason}: {message}")).into());
        }
        Err(ApiError::Net(e)) => return Err(e.into()),
    }
    let vault = Vault::open_or_create(&store, &ctx.key_sources(), &mut |n| ctx.out.notice(n))?;
    let scope_text = scopes.join(" ");
    super::save_login(&store, &vault, SERVICE, &email, &tokens, &scope_text)?;
    // The portal, for addresses of its records (a static token does not say which it is).
    if let Some(hub) = hub {
        store.write(|tx| {
            state::set(
                tx,
                SERVICE,
                &email,
                HUB_STATE,
                &hub.to_string(),
                &store::now(),
            )
        })?;
    }
    let what = if args.token_stdin {
        "a static token: it never expires; rotate it in HubSpot to revoke it".to_string()
    } else {
        format!("scopes: {scope_text}")
    };
    ctx.out
        .notice(&format!("Logged in to HubSpot as {email}\n{what}"));
    Ok(exit::OK)
}

fn failed(why: &str) -> AccountError {
    AccountError::Login {
        provider: SERVICE.into(),
        why: why.to_string(),
    }
}

/// The token, one line on stdin.
fn read_token(ctx: &Ctx) -> Result<Secret, Error> {
    let line = if ctx.out.stdin_is_terminal {
        // Typed or pasted where someone may look on: not echoed.
        dialoguer::Password::new()
            .with_prompt("The private app token or service key (not shown)")
            .allow_empty_password(true)
            .interact()
            .map_err(|e| match e {
                dialoguer::Error::IO(e) => Error::Output(e),
            })?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line
    };
    let token = line.trim();
    if token.is_empty() {
        return Err(Error::usage(
            "no token on stdin",
            Some(
                "pipe it in: `voicetrain auth hubspot --token-stdin --account EMAIL < token-file`"
                    .to_string(),
            ),
        ));
    }
    Ok(Secret::new(token.to_string()))
}

/// The user a static token is for: `--account`, else asked on a terminal.
fn user(args: &HubSpotLoginArgs, ctx: &Ctx) -> Result<String, Error> {
    let email = match &args.account {
        Some(email) => email.clone(),
        None if ctx.out.stdin_is_terminal => dialoguer::Input::<String>::new()
            .with_prompt("The e-mail of the HubSpot user whose words are wanted")
            .interact_text()
            .map_err(|e| match e {
                dialoguer::Error::IO(e) => Error::Output(e),
            })?,
        None => {
            return Err(Error::usage(
                "--account EMAIL is needed with a static token",
                Some(
                    "a private app token or service key carries no user: name the HubSpot user whose \
                     emails, notes and calls are wanted"
                        .to_string(),
                ),
            ));
        }
    };
    let email = email.trim().to_string();
    if !email.contains('@') {
        return Err(Error::usage(
            format!("`{email}` is not an e-mail address"),
            None,
        ));
    }
    Ok(email)
}

/// The OAuth login: the consent address (PKCE S256, a random state), the redirect to the
/// fixed loopback address, the code exchanged at the 2026-03 token endpoint.
async fn browser_login(
    args: &HubSpotLoginArgs,
    ctx: &Ctx,
    hubspot: &HubSpot,
) -> Result<Tokens, Error> {
    let client = hubspot.client.as_ref().ok_or(HubSpotError::NoClient)?;
    let port = hubspot.endpoints.redirect_port;
    let listener = Listener::bind_on(port).await.map_err(|e| {
        match e {
        WaitError::Listen(why) => Error::failed(
            format!("cannot listen for HubSpot's redirect on port {port}: {why}"),
            Some(
                "set [hubspot] redirect_port (or VOICETRAIN_HUBSPOT_REDIRECT_PORT) to a free port, \
                 and register http://localhost:PORT/ as a redirect URL in the app"
                    .to_string(),
            ),
        ),
        other => other.into(),
    }
    })?;
    let redirect = listener.redirect.clone();
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let state = CsrfToken::new_random();
    let mut url = hubspot.endpoints.auth.clone();
    url.query_pairs_mut()
        .append_pair("client_id", &client.id)
        .append_pair("redirect_uri", redirect.as_str())
        .append_pair("scope", &hubspot::SCOPES.join(" "))
        .append_pair("optional_scope", &hubspot::OPTIONAL_SCOPES.join(" "))
        .append_pair("state", state.secret())
        .append_pair("code_challenge", challenge.as_str())
        .append_pair("code_challenge_method", "S256");
    ctx.out.say(&format!(
        "HubSpot sends the browser back only to an address registered in the app: {redirect}"
    ));
    ctx.out
        .say("Open this address in a browser to log in to HubSpot:");
    ctx.out.say(url.as_str());
    if args.no_browser {
        ctx.out.say(
            "Then paste here the address the browser ends on, if it cannot reach this machine.",
        );
    } else if let Err(why) = open_browser(&url) {
        ctx.out
            .notice(&format!("{why}; open the address above yourself"));
    }
    let callback = match listener
        .wait(args.no_browser, Duration::from_secs(args.timeout))
        .await
    {
        Ok(callback) => callback,
        Err(WaitError::Timeout(secs)) => {
            return Err(Error::failed(
                format!("no answer from the browser within {secs} s"),
                Some(format!(
                    "if HubSpot showed an error about the redirect URL, add {redirect} to the app's \
                     redirect URLs (Auth settings), exactly so, and log in again"
                )),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(error) = callback.error {
        return Err(failed(&format!("HubSpot answered {error}")).into());
    }
    let code = callback.code_for(state.secret()).map_err(failed)?;
    Ok(hubspot
        .exchange(&redirect, &code, verifier.secret())
        .await?)
}

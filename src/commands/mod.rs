//! One file a subcommand, each `run(args, &Ctx)`. The context is set up once (paths, config,
//! output) and opens the store only for the commands that need one. It is also the one place
//! that sets up a provider, chooses an account and hands sources a fresh token
//! ([`Ctx::with_link`]), so that no command repeats that setup.

mod auth;
mod completions;
mod dataset;
mod doctor;
mod ingest;
mod key;
mod samples;
mod sources;
mod store;
mod sync;
mod tokens;

use std::path::PathBuf;

use crate::Error;
use crate::account::{self, AccountError, Choice, Session};
use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::{Config, Paths};
use crate::google::{Client, Endpoints, Google, youtube};
use crate::hubspot::{self, HubSpot};
use crate::net::{Net, Settings};
use crate::output::Output;
use crate::provider::{self, Provider, Scope};
use crate::secret::{KeySources, Vault};
use crate::source::{Failure, GoogleLink, HubSpotLink, Link, NO_ACCOUNT};
use crate::store::location::Location;
use crate::store::{FILE_NAME, Store, StoreError, state};

/// What every command is handed.
#[derive(Debug)]
pub struct Ctx {
    pub paths: Paths,
    pub config: Config,
    pub out: Output,
    key_file: Option<PathBuf>,
    /// The store as `--store` or `VOICETRAIN_STORE` named it.
    store: Option<String>,
}

impl Ctx {
    pub fn new(global: &GlobalArgs) -> Result<Ctx, Error> {
        let paths = Paths::resolve(global.home.as_deref(), global.config.as_deref())?;
        let config = Config::load(&paths)?;
        Ok(Ctx::with(global, paths, config))
    }

    /// A context from paths and config found elsewhere (`doctor` goes on with a broken config).
    pub fn with(global: &GlobalArgs, paths: Paths, config: Config) -> Ctx {
        Ctx {
            paths,
            config,
            out: Output::new(global.quiet, global.verbose, global.color),
            key_file: global
                .key_file
                .clone()
                .or_else(|| crate::config::env_var("VOICETRAIN_KEY_FILE").map(PathBuf::from)),
            store: global.store.clone().or_else(|| {
                crate::config::env_var("VOICETRAIN_STORE").map(|v| v.to_string_lossy().into_owned())
            }),
        }
    }

    /// Where the store is: as `--store` names it, else `VOICETRAIN_STORE`, else config's
    /// `store`, else the file in the data directory.
    pub fn store_location(&self) -> Result<Location, Error> {
        match self.store.as_ref().or(self.config.store.as_ref()) {
            Some(named) => Location::parse(named).map_err(|e| {
                Error::usage(
                    e.to_string(),
                    Some(
                        "write it as postgres://USER@HOST:PORT/DB (or ?host=DIR for a Unix socket)"
                            .to_string(),
                    ),
                )
            }),
            None => Ok(Location::File(self.paths.data_dir.join(FILE_NAME))),
        }
    }

    /// The store, made on first use: for commands that write.
    pub fn open_store(&self) -> Result<Store, Error> {
        let store = Store::open_at(&self.store_location()?)?;
        tracing::debug!("store: {}", store.location());
        Ok(store)
    }

    /// The store, or an empty one where there is none yet: for commands that only read, and
    /// dry runs, which must create nothing.
    pub fn read_store(&self) -> Result<Store, Error> {
        let store = Store::read_at(&self.store_location()?)?;
        tracing::debug!("store: {}", store.location());
        Ok(store)
    }

    /// Google, set up once for a command: endpoints and client from config/env, and the
    /// network layer with config's settings (`retries`, if given, overrides every policy's
    /// tries).
    pub fn google(&self, store: &Store, retries: Option<u32>) -> Result<Google, Error> {
        self.google_as(store, Client::resolve(&self.config.google)?, retries)
    }

    /// [`Ctx::google`] with a client from elsewhere (a client-secrets file).
    pub fn google_as(
        &self,
        store: &Store,
        client: Client,
        retries: Option<u32>,
    ) -> Result<Google, Error> {
        let endpoints = Endpoints::resolve(&self.config.google)?;
        let net = Net::new(self.net_settings(retries), &endpoints.all(), store)?;
        Ok(Google {
            net,
            endpoints,
            client,
            youtube_quota: youtube::Meter::new(
                (self.config.youtube.daily_units).unwrap_or(youtube::DAILY_UNITS),
                state::get(store.db(), "youtube", "", youtube::LEDGER)?.as_deref(),
                jiff::Timestamp::now(),
            ),
        })
    }

    /// The network layer's settings from config (`retries`, if given, overrides every
    /// policy's tries).
    fn net_settings(&self, retries: Option<u32>) -> Settings {
        let mut settings = Settings {
            retry: self.config.retry,
            pacing: self.config.pacing,
            breaker: self.config.breaker,
            timeouts: self.config.timeouts,
        };
        if let Some(n) = retries {
            settings.retry.drive.attempts = n;
            settings.retry.token.attempts = n;
        }
        settings
    }

    /// HubSpot, set up once for a command: its endpoints and app (if any) from config/env,
    /// and the network layer with config's settings.
    pub fn hubspot(&self, store: &Store, retries: Option<u32>) -> Result<HubSpot, Error> {
        let endpoints = hubspot::Endpoints::resolve(&self.config.hubspot)?;
        let net = Net::new(
            self.net_settings(retries),
            &[&endpoints.api, &endpoints.auth],
            store,
        )?;
        Ok(HubSpot {
            net,
            endpoints,
            client: hubspot::Client::resolve(&self.config.hubspot),
        })
    }

    /// The provider named `name` (one of [`provider::KNOWN`]), set up for this command.
    pub fn provider(
        &self,
        name: &str,
        store: &Store,
        retries: Option<u32>,
    ) -> Result<Box<dyn Provider>, Error> {
        match name {
            crate::google::SERVICE => Ok(Box::new(self.google(store, retries)?)),
            hubspot::SERVICE => Ok(Box::new(self.hubspot(store, retries)?)),
            other => Err(Error::usage(
                format!("{other} is not a provider voicetrain knows"),
                Some(format!(
                    "the providers are: {}",
                    provider::KNOWN
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )),
        }
    }

    /// Which provider a command acts on: `--provider`, else the only one with accounts,
    /// else Google.
    pub fn provider_name(&self, store: &Store, flag: Option<&str>) -> Result<String, Error> {
        if let Some(name) = flag {
            return Ok(name.to_string());
        }
        let mut with_accounts = crate::store::tokens::providers(store.db())?;
        Ok(match (with_accounts.pop(), with_accounts.is_empty()) {
            (Some(only), true) => only,
            _ => crate::google::SERVICE.to_string(),
        })
    }

    /// Which account of `provider` to act for: `--account`, else the default, else the only
    /// one; with several and no default, the person picks on a terminal.
    pub fn choose(
        &self,
        store: &Store,
        provider: &str,
        flag: Option<&str>,
    ) -> Result<String, Error> {
        let from_env = account_from_env();
        match account::choose(store, provider, flag.or(from_env.as_deref()))? {
            Choice::One(account) => Ok(account),
            Choice::Ask(names) if self.out.stdin_is_terminal => {
                let chosen = dialoguer::Select::new()
                    .with_prompt("Which account?")
                    .items(&names)
                    .default(0)
                    .interact()
                    .map_err(|dialoguer::Error::IO(e)| Error::Output(e))?;
                names
                    .into_iter()
                    .nth(chosen)
                    .ok_or_else(|| Error::Output(std::io::ErrorKind::InvalidInput.into()))
            }
            Choice::Ask(names) => Err(Error::WhichAccount(names)),
        }
    }

    /// The key that opens this store's secrets; none yet means no one has logged in.
    pub fn vault(&self, store: &Store, provider: &str) -> Result<Vault, Error> {
        Vault::open(store, &self.key_sources())?.ok_or_else(|| {
            AccountError::NoAccount {
                provider: provider.to_string(),
            }
            .into()
        })
    }

    /// Runs `f` with a [`Link`] to every provider that `scopes` name: its account chosen
    /// (`account`, as [`Ctx::choose`] decides), its scopes checked and its token fresh. With
    /// no scopes (local files only) no account, key or network is touched. A login that is
    /// missing, revoked or lacks a scope, or a provider that stays unavailable, is not the
    /// run's end: the link says why, and only the sources that need it fail.
    pub fn with_link<T>(
        &self,
        store: &Store,
        account: Option<&str>,
        retries: Option<u32>,
        scopes: &[&'static Scope],
        f: impl AsyncFnOnce(&Link<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let of = |name: &str| -> Vec<&'static Scope> {
            scopes
                .iter()
                .copied()
                .filter(|s| s.provider == name)
                .collect()
        };
        let (google_scopes, hubspot_scopes) = (of(crate::google::SERVICE), of(hubspot::SERVICE));
        let google_login = self.login(store, crate::google::SERVICE, account, &google_scopes)?;
        let hubspot_login = self.login(store, hubspot::SERVICE, account, &hubspot_scopes)?;
        let google = match &google_login {
            Some(Ok(_)) => Some(self.google(store, retries)?),
            _ => None,
        };
        let hubspot = match &hubspot_login {
            Some(Ok(_)) => Some(self.hubspot(store, retries)?),
            _ => None,
        };
        block_on(async {
            let google_token = token(
                &google_login,
                google.as_ref().map(|g| g as &dyn Provider),
                &google_scopes,
                &self.paths.data_dir,
                store,
            )
            .await?;
            let hubspot_token = token(
                &hubspot_login,
                hubspot.as_ref().map(|h| h as &dyn Provider),
                &hubspot_scopes,
                &self.paths.data_dir,
                store,
            )
            .await?;
            let link = Link {
                google: match (&google_token, &google) {
                    (Ok(token), Some(google)) => Ok(GoogleLink { google, token }),
                    (Err(failure), _) => Err(failure.clone()),
                    (Ok(_), None) => Err(NO_ACCOUNT.into()),
                },
                hubspot: match (&hubspot_token, &hubspot) {
                    (Ok(token), Some(hubspot)) => Ok(HubSpotLink { hubspot, token }),
                    (Err(failure), _) => Err(failure.clone()),
                    (Ok(_), None) => Err(NO_ACCOUNT.into()),
                },
            };
            let done = f(&link).await;
            if let Some(google) = &google {
                keep_ledger(store, &google.youtube_quota);
            }
            done
        })?
    }

    /// The account of `provider` a run reads as, and the key to its tokens; `None` when the
    /// run needs nothing of the provider (no `scopes`), the failure its sources end in when
    /// there is no such login.
    fn login(
        &self,
        store: &Store,
        provider: &str,
        account: Option<&str>,
        scopes: &[&'static Scope],
    ) -> Result<Option<Login>, Error> {
        if scopes.is_empty() {
            return Ok(None);
        }
        let login = self
            .choose(store, provider, account)
            .and_then(|chosen| Ok((chosen, self.vault(store, provider)?)));
        Ok(Some(match login {
            Ok(login) => Ok(login),
            Err(e) => Err(unlinked(e)?),
        }))
    }

    pub fn key_sources(&self) -> KeySources {
        KeySources::new(&self.paths, &self.config, self.key_file.as_deref())
    }

    /// Asks before something that can't be undone. With no terminal on stdin it never asks:
    /// the caller must have passed `--yes`.
    pub fn confirm(&self, question: &str, yes: bool) -> Result<bool, Error> {
        if yes {
            return Ok(true);
        }
        if !self.out.stdin_is_terminal {
            return Err(Error::usage(
                format!("{question} needs confirmation, and stdin is not a terminal"),
                Some("pass --yes to go ahead without asking".to_string()),
            ));
        }
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|e| match e {
                dialoguer::Error::IO(e) => Error::Output(e),
            })
    }
}

/// Runs the parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<u8, Error> {
    match &cli.command {
        // Needs no paths, config or store.
        Command::Completions(args) => return completions::run(args),
        // Goes on when the config is broken, to say so.
        Command::Doctor(args) => return doctor::run(args, &cli.global),
        _ => {}
    }
    let ctx = Ctx::new(&cli.global)?;
    match cli.command {
        Command::Ingest(args) => ingest::run(args, &ctx),
        Command::Samples(cmd) => samples::run(cmd, &ctx),
        Command::Key(cmd) => key::run(cmd, &ctx),
        Command::Store(cmd) => store::run(cmd, &ctx),
        Command::Auth(cmd) => auth::run(cmd, &ctx),
        Command::Tokens(cmd) => tokens::run(cmd, &ctx),
        Command::Dataset(cmd) => dataset::run(cmd, &ctx),
        Command::Sources(cmd) => sources::run(cmd, &ctx),
        Command::Sync(args) => sync::run(&args, &ctx),
        Command::Completions(_) | Command::Doctor(_) => Ok(crate::error::exit::OK),
    }
}

/// `VOICETRAIN_ACCOUNT`, which `--account` stands in for.
pub fn account_from_env() -> Option<String> {
    crate::config::env_var("VOICETRAIN_ACCOUNT").map(|v| v.to_string_lossy().into_owned())
}

/// A login that cannot be had, as the failure of each source that needs it; an error that is
/// no such thing (a damaged store, a wrong key, an ambiguous `--account`) stays the run's.
fn unlinked(e: Error) -> Result<Failure, Error> {
    let account = match &e {
        Error::Account(a) if a.needs_login() || a.is_temporary() => a,
        _ => return Err(e),
    };
    let reason = match e.hint() {
        Some(hint) => format!("{e} ({hint})"),
        None => e.to_string(),
    };
    Ok(Failure {
        reason,
        temporary: account.is_temporary(),
        needs_login: account.needs_login(),
        quota: false,
    })
}

/// A login a run reads through (its account, and the key to its tokens), or the failure its
/// sources end in.
type Login = Result<(String, Vault), Failure>;

/// A fresh token for a login [`Ctx::login`] found, through its provider; the failure its
/// sources end in otherwise.
async fn token<'s>(
    login: &'s Option<Login>,
    provider: Option<&'s dyn Provider>,
    scopes: &[&'static Scope],
    data_dir: &'s std::path::Path,
    store: &'s Store,
) -> Result<Result<account::AccountToken<'s>, Failure>, Error> {
    let (Some(Ok((chosen, vault))), Some(provider)) = (login, provider) else {
        return Ok(Err(match login {
            Some(Err(failure)) => failure.clone(),
            _ => NO_ACCOUNT.into(),
        }));
    };
    let session = Session {
        store,
        vault,
        data_dir,
    };
    match session.token_source(provider, chosen, scopes).await {
        Ok(token) => Ok(Ok(token)),
        Err(e) => Ok(Err(unlinked(e.into())?)),
    }
}

/// Runs a command's async part on a runtime of its own (one thread: every command here is
/// I/O-bound, and the store's connection stays on it).
pub fn block_on<T>(future: impl std::future::Future<Output = T>) -> Result<T, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let output = runtime.block_on(future);
    // Do not wait for an extractor thread that overran its time limit.
    runtime.shutdown_background();
    Ok(output)
}

/// Keeps what a run spent of YouTube's quota, for the day's next run ([`youtube::Meter`]). A
/// store that will not take it costs only that the next run may ask Google once in vain.
fn keep_ledger(store: &Store, quota: &youtube::Meter) {
    let Some(ledger) = quota.ledger() else {
        return;
    };
    let kept = store.write(|tx| -> Result<(), StoreError> {
        state::set(
            tx,
            "youtube",
            "",
            youtube::LEDGER,
            &ledger,
            &crate::store::now(),
        )
    });
    if let Err(e) = kept {
        tracing::warn!("YouTube quota spent not kept: {e}");
    }
}

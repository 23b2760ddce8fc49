//! One file a subcommand, each `run(args, &Ctx)`. The context is set up once (paths, config,
//! output) and opens the store only for the commands that need one.

mod auth;
mod completions;
mod doctor;
mod ingest;
mod key;
mod samples;
mod tokens;

use std::path::PathBuf;

use crate::Error;
use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::{Config, Paths};
use crate::google::oauth::Google;
use crate::google::{Client, Endpoints};
use crate::net::{Net, Settings};
use crate::output::Output;
use crate::secret::KeySources;
use crate::store::Store;

/// What every command is handed.
#[derive(Debug)]
pub struct Ctx {
    pub paths: Paths,
    pub config: Config,
    pub out: Output,
    key_file: Option<PathBuf>,
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
            key_file: global.key_file.clone(),
        }
    }

    pub fn open_store(&self) -> Result<Store, Error> {
        let store = Store::open(&self.paths.data_dir)?;
        self.out
            .detail(2, &format!("store: {}", store.path().display()));
        Ok(store)
    }

    /// Google, set up once for a command: endpoints and client from config/env, and the
    /// network layer with config's settings (`retries`, if given, overrides every policy's
    /// tries).
    pub fn remote(&self, store: &Store, retries: Option<u32>) -> Result<Remote, Error> {
        self.remote_as(store, Client::resolve(&self.config.google)?, retries)
    }

    /// [`Ctx::remote`] with a client from elsewhere (a client-secrets file).
    pub fn remote_as(
        &self,
        store: &Store,
        client: Client,
        retries: Option<u32>,
    ) -> Result<Remote, Error> {
        let endpoints = Endpoints::resolve(&self.config.google)?;
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
        let net = Net::new(settings, &endpoints.all(), store, self.out.clone())?;
        Ok(Remote {
            endpoints,
            client,
            net,
        })
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
        Command::Auth(cmd) => auth::run(cmd, &ctx),
        Command::Tokens(cmd) => tokens::run(cmd, &ctx),
        Command::Completions(_) | Command::Doctor(_) => Ok(crate::error::exit::OK),
    }
}

/// Google's endpoints, voicetrain's client there, and the network layer to reach them.
pub struct Remote {
    endpoints: Endpoints,
    client: Client,
    net: Net,
}

impl Remote {
    pub fn google(&self) -> Google<'_> {
        Google {
            net: &self.net,
            endpoints: &self.endpoints,
            client: &self.client,
        }
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

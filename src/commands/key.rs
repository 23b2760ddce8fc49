//! `voicetrain key status` and `voicetrain key rotate`.

use std::io::Write as _;

use super::Ctx;
use crate::Error;
use crate::cli::KeyCommand;
use crate::error::exit;
use crate::output::{self, json};
use crate::secret::{Rotated, Vault};

pub fn run(cmd: KeyCommand, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.read_store()?;
    let sources = ctx.key_sources();
    match cmd {
        KeyCommand::Status(args) => {
            let report = Vault::report(&store, &sources)?;
            let mut out = output::stdout();
            if args.json {
                let status = json::KeyStatus::from(&report);
                output::json_line(&mut out, &status)?;
            } else {
                let key = match (&report.source, &report.problem) {
                    (Some(source), _) => format!("from {source}"),
                    (None, Some(_)) => "cannot be used (see the error below)".to_string(),
                    (None, None) => {
                        "none yet (one is made when a secret is first stored)".to_string()
                    }
                };
                writeln!(out, "key          {key}")?;
                if let Some(fp) = &report.fingerprint {
                    writeln!(out, "fingerprint  {fp}")?;
                }
                let store_line = match (&report.problem, &report.store_fingerprint) {
                    (Some(_), Some(fp)) => format!("does NOT open this store (it needs key {fp})"),
                    (Some(_), None) => "cannot be checked".to_string(),
                    (None, _) if report.secrets == 0 => "opens; no secrets stored yet".to_string(),
                    (None, _) => format!(
                        "opens; {} stored",
                        output::counted(report.secrets, "secret", "secrets")
                    ),
                };
                writeln!(out, "store        {store_line}")?;
                let keyring = match &report.keyring {
                    Ok(()) => "available".to_string(),
                    Err(reason) => format!("not used: {reason}"),
                };
                writeln!(out, "keyring      {keyring}")?;
            }
            out.flush()?;
            match report.problem {
                Some(problem) => Err(problem.into()),
                None => Ok(exit::OK),
            }
        }
        KeyCommand::Rotate(args) => {
            let Some(vault) = Vault::open(&store, &sources)? else {
                ctx.out
                    .notice("there is no key yet, so nothing to rotate; one is made when a secret is first stored");
                return Ok(exit::OK);
            };
            let question = format!(
                "Replace the key from {} and re-encrypt every stored secret?",
                vault.source()
            );
            if !ctx.confirm(&question, args.yes)? {
                ctx.out.notice("key unchanged");
                return Ok(exit::OK);
            }
            match vault.rotate(&store, &sources)? {
                Rotated::Saved {
                    source,
                    fingerprint,
                    secrets,
                } => ctx.out.notice(&format!(
                    "new key {fingerprint} saved to {source}; {} re-encrypted",
                    output::counted(secrets, "secret", "secrets")
                )),
                Rotated::Show {
                    var,
                    key,
                    fingerprint,
                    secrets,
                } => {
                    // The one place a key is printed: the user asked for a new one and it can
                    // only reach the environment through them.
                    let mut out = output::stdout();
                    writeln!(out, "{}", key.expose())?;
                    out.flush()?;
                    ctx.out.notice(&format!(
                        "new key {fingerprint} printed above; {} re-encrypted.\n\
                         Set {var} to it wherever voicetrain runs (cron too). Until then the old key still works, through this rotation only.",
                        output::counted(secrets, "secret", "secrets")
                    ));
                }
            }
            Ok(exit::OK)
        }
    }
}

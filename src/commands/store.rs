//! `voicetrain store status` (which store this is and what it holds) and `store migrate`
//! (a checked copy of it into a new store: a file, or an empty PostgreSQL database).

use std::io::Write as _;

use super::Ctx;
use crate::Error;
use crate::cli::StoreCommand;
use crate::error::exit;
use crate::output::{self, json};
use crate::store::Counts;
use crate::store::location::Location;
use crate::store::pg::PgStore;

pub fn run(cmd: StoreCommand, ctx: &Ctx) -> Result<u8, Error> {
    match cmd {
        StoreCommand::Migrate(args) => {
            let to = Location::parse(&args.to)
                .map_err(|e| Error::usage(e.to_string(), None::<String>))?;
            let copied = match (ctx.store_location()?, to) {
                (Location::File(_), Location::File(path)) => ctx.open_store()?.copy_to(&path)?,
                (Location::File(_), Location::Postgres(url)) => {
                    ctx.open_store()?.copy_to_postgres(&url)?
                }
                (Location::Postgres(from), Location::File(path)) => {
                    PgStore::open(&from)?.copy_to(&path)?
                }
                (Location::Postgres(_), Location::Postgres(_)) => {
                    return Err(Error::usage(
                        "a PostgreSQL store is copied into a file, not into another database",
                        Some(
                            "copy it into a file first (`store migrate --to FILE`), then that \
                             file into the other database (`--store FILE store migrate --to URL`)"
                                .to_string(),
                        ),
                    ));
                }
            };
            ctx.out.notice(&format!(
                "copied the store into {}: {}; every table checked",
                copied.to,
                held(&copied.counts),
            ));
            Ok(exit::OK)
        }
        StoreCommand::Status(args) => {
            let (kind, location, schema_version, counts, size_bytes) = match ctx.store_location()? {
                Location::File(_) => {
                    let store = ctx.read_store()?;
                    let location = store.location().to_string();
                    (
                        "sqlite",
                        location,
                        store.schema()?.0,
                        store.counts()?,
                        store.size_bytes()?,
                    )
                }
                Location::Postgres(url) => {
                    let mut store = PgStore::connect(&url)?;
                    (
                        "postgres",
                        url.shown().to_string(),
                        store.schema()?.0,
                        store.counts()?,
                        store.size_bytes()?,
                    )
                }
            };
            let mut out = output::stdout();
            if args.json {
                let status = json::StoreStatus {
                    kind,
                    location,
                    schema_version,
                    counts: &counts,
                    size_bytes,
                };
                output::json_line(&mut out, &status)?;
            } else {
                let made = if size_bytes == 0 {
                    " (not made yet: it is made when something is first stored)"
                } else {
                    ""
                };
                writeln!(out, "store     {kind} {location}{made}")?;
                writeln!(out, "schema    version {schema_version}")?;
                writeln!(out, "holds     {}", held(&counts))?;
                writeln!(out, "size      {size_bytes} bytes")?;
            }
            out.flush()?;
            Ok(exit::OK)
        }
    }
}

/// "1 account, 1 token, 412 samples, 2 remembered sources".
fn held(c: &Counts) -> String {
    [
        output::counted(c.accounts, "account", "accounts"),
        output::counted(c.tokens, "token", "tokens"),
        output::counted(c.samples, "sample", "samples"),
        output::counted(c.sources, "remembered source", "remembered sources"),
    ]
    .join(", ")
}

//! `voicetrain store status` (which store this is and what it holds) and `store migrate`
//! (a checked copy of it into a new store file).

use std::io::Write as _;

use super::Ctx;
use crate::Error;
use crate::cli::StoreCommand;
use crate::error::exit;
use crate::output::{self, json};
use crate::store::Counts;

pub fn run(cmd: StoreCommand, ctx: &Ctx) -> Result<u8, Error> {
    match cmd {
        StoreCommand::Migrate(args) => {
            let text = args.to.to_string_lossy();
            if text.starts_with("postgres://") || text.starts_with("postgresql://") {
                return Err(Error::usage(
                    "PostgreSQL stores are not built yet",
                    Some("give a file path for the new SQLite store".to_string()),
                ));
            }
            let store = ctx.open_store()?;
            let copied = store.copy_to(&args.to)?;
            ctx.out.notice(&format!(
                "copied the store into {}: {}; every table checked",
                copied.path.display(),
                held(&copied.counts),
            ));
            Ok(exit::OK)
        }
        StoreCommand::Status(args) => {
            let store = ctx.read_store()?;
            let (schema_version, _) = store.schema()?;
            let counts = store.counts()?;
            let location = store.path().display().to_string();
            let size_bytes = store.size_bytes();
            let mut out = output::stdout();
            if args.json {
                let status = json::StoreStatus {
                    kind: "sqlite",
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
                writeln!(out, "store     sqlite {location}{made}")?;
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

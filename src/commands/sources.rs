//! `voicetrain sources add|list|rm`: the sources `sync` keeps in step, each remembered with
//! the ingest options it was added with.

use std::io::Write as _;

use clap::ValueEnum as _;

use super::Ctx;
use crate::Error;
use crate::cli::{JsonArg, SourcesAddArgs, SourcesCommand, SourcesRmArgs};
use crate::error::exit;
use crate::output::{self, json};
use crate::source::{self, Address};
use crate::store::{self, Store, synced};

pub fn run(cmd: SourcesCommand, ctx: &Ctx) -> Result<u8, Error> {
    match cmd {
        SourcesCommand::Add(args) => add(&args, ctx),
        SourcesCommand::List(args) => list(&args, ctx),
        SourcesCommand::Rm(args) => rm(&args, ctx),
    }
}

fn add(args: &SourcesAddArgs, ctx: &Ctx) -> Result<u8, Error> {
    let addresses =
        source::addresses(&args.sources, &mut std::io::stdin().lock()).map_err(Error::Stdin)?;
    // Every address is checked before any is remembered: a typo adds nothing.
    let mut named = Vec::with_capacity(addresses.len());
    for address in &addresses {
        named.push(remembered_name(address)?);
    }
    let types: Vec<String> = args
        .types
        .iter()
        .filter_map(|t| t.to_possible_value().map(|v| v.get_name().to_string()))
        .collect();
    let store = ctx.open_store()?;
    let now = store::now();
    for (address, name) in addresses.iter().zip(&named) {
        let new = synced::NewSynced {
            source: name,
            kind: address.kind.name(),
            account: args.account.as_deref(),
            tags: &args.tags,
            types: &types,
            recursive: !args.no_recursive,
        };
        let (id, added) = store.write(|tx| synced::add(tx, new, &now))?;
        let what = if added { "added" } else { "updated" };
        ctx.out
            .notice(&format!("{what} source {id}: {}", output::printable(name)));
    }
    Ok(exit::OK)
}

/// What a source is remembered as: a local path made absolute (a cron job runs elsewhere),
/// anything else as given. An address no kind can read, or a path that is not there, is
/// refused.
fn remembered_name(address: &Address) -> Result<String, Error> {
    let text = address.text.to_string_lossy();
    if let Some(why) = &address.malformed {
        return Err(Error::usage(
            format!("{text}: {why}"),
            Some("give it as `voicetrain ingest` takes it".to_string()),
        ));
    }
    if address.kind.scope().is_some() {
        return Ok(text.into_owned());
    }
    let path = std::path::Path::new(&address.text);
    let absolute =
        std::path::absolute(path).map_err(|e| Error::failed(format!("{text}: {e}"), None))?;
    if let Err(e) = absolute.symlink_metadata() {
        return Err(Error::failed(
            format!("{}: {e}", absolute.display()),
            Some("a local source must exist when it is added".to_string()),
        ));
    }
    Ok(absolute.to_string_lossy().into_owned())
}

fn list(args: &JsonArg, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.read_store()?;
    let all = synced::list(store.db())?;
    let mut out = output::stdout();
    if args.json {
        let rows: Vec<json::Source<'_>> = all.iter().map(json::Source::from).collect();
        output::json_pretty(&mut out, &rows)?;
    } else {
        for s in &all {
            let last = match (&s.last_sync_at, &s.last_status) {
                (Some(at), Some(status)) => format!("{status} {at}"),
                _ => "never synced".to_string(),
            };
            writeln!(
                out,
                "{:>3}  {:<6}  {:>7} samples  {last}  {}",
                s.id,
                s.kind,
                s.items,
                output::printable(&s.source)
            )?;
            if let Some(error) = &s.last_error {
                writeln!(out, "     {}", output::printable(error))?;
            }
        }
    }
    out.flush()?;
    Ok(exit::OK)
}

fn rm(args: &SourcesRmArgs, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.open_store()?;
    let mut found = Vec::with_capacity(args.sources.len());
    for name in &args.sources {
        found.push(find(&store, name)?);
    }
    let mut removed = 0;
    for s in &found {
        removed += store.write(|tx| synced::remove(tx, s.id, args.forget_samples))?;
        ctx.out.notice(&format!(
            "removed source {}: {}",
            s.id,
            output::printable(&s.source)
        ));
    }
    if args.forget_samples {
        ctx.out.notice(&format!(
            "removed {}",
            output::counted(removed, "sample", "samples")
        ));
    }
    Ok(exit::OK)
}

/// The remembered source `name` stands for: as added, as stored (a local path made absolute)
/// or by its ID.
fn find(store: &Store, name: &std::ffi::OsStr) -> Result<synced::Synced, Error> {
    let text = name.to_string_lossy();
    let absolute = std::path::absolute(name)
        .ok()
        .map(|p| p.to_string_lossy().into_owned());
    synced::find(store.db(), &text, absolute.as_deref())?.ok_or_else(|| {
        Error::failed(
            format!("no remembered source is {text}"),
            Some("`voicetrain sources list` shows them, with their IDs".to_string()),
        )
    })
}

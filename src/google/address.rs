//! Drive and Docs addresses as people paste them (google.md, "Addresses people paste"): the
//! file or folder ID they name and the `resourcekey` to send with it. Anything else with a
//! scheme is refused with the list of shapes that are understood.

use url::Url;

/// What an address names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriveRef {
    pub id: String,
    /// For link-shared files: sent as `X-Goog-Drive-Resource-Keys: ID/KEY`.
    pub resource_key: Option<String>,
    /// Whether the address itself says it is a folder.
    pub folder: bool,
}

/// The shapes `parse` understands, for the refusal message.
pub const SHAPES: &str = "https://drive.google.com/file/d/ID/view, https://drive.google.com/open?id=ID, \
https://drive.google.com/uc?id=ID, https://docs.google.com/document/d/ID/edit (and spreadsheets, \
presentation), https://drive.google.com/drive/folders/ID, any of them with ?resourcekey=..., or a bare ID";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{address}` is not a Google Drive or Docs address voicetrain understands")]
pub struct NotDrive {
    pub address: String,
}

/// Whether `text` looks like a Drive ID, bare or in an address: letters, digits, `-` and `_`;
/// real ones are 25 to 44 characters, and 10 to 128 are accepted (the fuzz target found
/// an address accepted with an ID too short to pass as a bare one; 100 KB ones passed too).
pub fn is_bare_id(text: &str) -> bool {
    (10..=128).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// How a bare word (no scheme) reads when no file of that name exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BareWord {
    /// Not a Drive ID at all (a `.`, a `/`, a space; too short or too long): a path.
    NotAnId,
    /// Fits a Drive ID, but reads as a name: most likely a mistyped path.
    Unlikely,
    /// Reads as a Drive ID.
    Likely,
}

/// Whether a bare word is a Drive ID or a name. Drive makes its IDs at random: 25 to 44
/// characters (33 for files and folders, 44 for Docs, 28 for old `0B` ones) that mix upper
/// case, lower case and digits (new ones begin with a digit, and 32 random characters lack
/// an upper or a lower case letter about once in ten million). A name reads as words: one case
/// only, no digit, or parts joined by `_` or `-` that are each a word in one case or a number
/// (`Essay`, `draft`, `v2`, `2024`), which a random ID's parts, a dozen characters of every
/// kind, never are. A name in CamelCase with digits (`EssayDraft2024VersionTwoFinal`) still
/// passes for an ID; a word that does not is a path, and the caller says how to ask for Drive.
pub fn bare_word(text: &str) -> BareWord {
    if !is_bare_id(text) {
        return BareWord::NotAnId;
    }
    let has = |class: fn(&u8) -> bool| text.as_bytes().iter().any(class);
    let mixed =
        has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase) && has(u8::is_ascii_digit);
    let word = |part: &str| {
        let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
        let tail = letters.get(1..).unwrap_or("");
        !part.is_empty()
            && letters.bytes().all(|b| b.is_ascii_alphabetic())
            && (tail.bytes().all(|b| b.is_ascii_lowercase())
                || letters.bytes().all(|b| b.is_ascii_uppercase()))
    };
    let words = text.contains(['_', '-']) && text.split(['_', '-']).all(word);
    if (25..=44).contains(&text.len()) && mixed && !words {
        BareWord::Likely
    } else {
        BareWord::Unlikely
    }
}

/// Parses an address (or a bare ID).
pub fn parse(text: &str) -> Result<DriveRef, NotDrive> {
    let text = text.trim();
    let refuse = || NotDrive {
        address: text.to_string(),
    };
    if is_bare_id(text) {
        return Ok(DriveRef {
            id: text.to_string(),
            resource_key: None,
            folder: false,
        });
    }
    let url = Url::parse(text).map_err(|_| refuse())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse());
    }
    let host = url.host_str().unwrap_or("").trim_start_matches("www.");
    let query = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty())
    };
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    // Drop `/u/N` (a signed-in user's index) and `/a/DOMAIN` (a Workspace domain).
    let mut path: Vec<&str> = Vec::with_capacity(segments.len());
    let mut i = 0;
    while i < segments.len() {
        match (segments[i], segments.get(i + 1)) {
            ("u", Some(n)) if n.bytes().all(|b| b.is_ascii_digit()) => i += 2,
            ("a", Some(_)) if i == 0 => i += 2,
            (s, _) => {
                path.push(s);
                i += 1;
            }
        }
    }
    let (id, folder) = match (host, path.as_slice()) {
        ("drive.google.com", ["file", "d", id, ..]) => ((*id).to_string(), false),
        ("drive.google.com", ["open"] | ["uc"]) => (query("id").ok_or_else(refuse)?, false),
        ("drive.google.com", ["drive", "folders", id, ..])
        | ("drive.google.com", ["folders", id, ..]) => ((*id).to_string(), true),
        ("docs.google.com", [kind, "d", id, ..])
            if matches!(*kind, "document" | "spreadsheets" | "presentation") =>
        {
            ((*id).to_string(), false)
        }
        _ => return Err(refuse()),
    };
    if !is_bare_id(&id) {
        return Err(refuse());
    }
    Ok(DriveRef {
        id,
        resource_key: query("resourcekey"),
        folder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "1AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    fn id_of(address: &str) -> DriveRef {
        parse(address).unwrap_or_else(|e| panic!("{address}: {e}"))
    }

    #[test]
    fn every_shape_in_google_md() {
        let files = [
            format!("https://drive.google.com/file/d/{ID}/view?usp=sharing"),
            format!("https://drive.google.com/file/d/{ID}/edit"),
            format!("https://drive.google.com/file/u/0/d/{ID}/view"),
            format!("https://drive.google.com/open?id={ID}"),
            format!("https://drive.google.com/uc?id={ID}&export=download"),
            format!("https://drive.google.com/a/example.com/uc?id={ID}"),
            format!("https://docs.google.com/document/d/{ID}/edit"),
            format!("https://docs.google.com/document/u/1/d/{ID}/edit"),
            format!("https://docs.google.com/document/d/{ID}"),
            format!("https://docs.google.com/spreadsheets/d/{ID}/edit#gid=0"),
            format!("https://docs.google.com/spreadsheets/u/0/d/{ID}/edit?gid=0"),
            format!("https://docs.google.com/presentation/d/{ID}/edit"),
            format!("https://docs.google.com/presentation/u/0/d/{ID}/htmlview"),
            ID.to_string(),
        ];
        for address in &files {
            let r = id_of(address);
            assert_eq!((r.id.as_str(), r.folder), (ID, false), "{address}");
        }
        for address in [
            format!("https://drive.google.com/drive/folders/{ID}?usp=sharing"),
            format!("https://drive.google.com/drive/u/2/folders/{ID}"),
        ] {
            let r = id_of(&address);
            assert_eq!((r.id.as_str(), r.folder), (ID, true), "{address}");
        }
    }

    #[test]
    fn resource_keys_are_kept() {
        let r = id_of(&format!(
            "https://drive.google.com/file/d/{ID}/view?usp=sharing&resourcekey=0-AbC_d"
        ));
        assert_eq!(r.resource_key.as_deref(), Some("0-AbC_d"));
        let r = id_of(&format!(
            "https://drive.google.com/drive/folders/{ID}?resourcekey=0-xyz"
        ));
        assert_eq!(r.resource_key.as_deref(), Some("0-xyz"));
    }

    /// Found by the address fuzz target: an ID accepted in an address but not on its own.
    #[test]
    fn an_id_too_short_or_too_long_is_refused_in_every_shape() {
        for id in ["1AbCdEfG".to_string(), "A".repeat(129)] {
            for address in [
                id.clone(),
                format!("https://drive.google.com/file/d/{id}/view"),
                format!("https://docs.google.com/spreadsheets/d/{id}/edit"),
                format!("https://drive.google.com/open?id={id}"),
            ] {
                assert!(parse(&address).is_err(), "{address}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_id_in_any_shape_comes_back(
            id in "[A-Za-z0-9_-]{25,44}",
            shape in 0usize..6,
            user in 0u8..5,
            key in proptest::option::of("0-[A-Za-z0-9_-]{5,20}"),
        ) {
            let base = match shape {
                0 => format!("https://drive.google.com/file/u/{user}/d/{id}/view"),
                1 => format!("https://drive.google.com/open?id={id}"),
                2 => format!("https://docs.google.com/document/u/{user}/d/{id}/edit"),
                3 => format!("https://docs.google.com/spreadsheets/d/{id}/edit#gid={user}"),
                4 => format!("https://drive.google.com/drive/u/{user}/folders/{id}"),
                _ => id.clone(),
            };
            let address = match (&key, shape) {
                (Some(k), 1) => format!("{base}&resourcekey={k}"),
                (Some(k), 0 | 2 | 4) => format!("{base}?resourcekey={k}"),
                _ => base,
            };
            let r = parse(&address).unwrap();
            proptest::prop_assert_eq!(&r.id, &id);
            proptest::prop_assert_eq!(r.folder, shape == 4);
            if matches!(shape, 0 | 1 | 2 | 4) {
                proptest::prop_assert_eq!(r.resource_key, key);
            }
        }

        #[test]
        fn never_panics(text in "\\PC*") {
            let _ = parse(&text);
        }

        #[test]
        fn a_bare_word_is_an_id_or_not_as_the_parser_says(text in "[A-Za-z0-9_.-]{0,50}") {
            proptest::prop_assert_eq!(
                bare_word(&text) == BareWord::NotAnId,
                parse(&text).is_err()
            );
        }
    }

    /// The mistyped path of issue 12 was taken for a Drive ID and asked for a login.
    #[test]
    fn a_name_is_not_taken_for_a_drive_id() {
        for name in [
            "essay_draft_version_two_final_2024",
            "ESSAY_DRAFT_VERSION_TWO_FINAL_2024",
            "Essay_Draft_Version_Two_Final_2024",
            "notes-on-walking-in-the-rain-v2-final",
            "essaydraftversiontwofinal2024",
            "EssayDraftVersionTwoFinalVersion",
            "my_notes_v2",
            "1AbCdEfGhIjKlMn",
            &format!("{ID}{ID}"),
        ] {
            assert_eq!(bare_word(name), BareWord::Unlikely, "{name}");
        }
    }

    #[test]
    fn a_drive_id_is_taken_for_one() {
        for id in [
            ID,
            // The Sheet of Google's API examples; the shapes of an old file ID and of one with `-`
            // and `_`.
            "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms",
            "0B4fk8L6brI_eX1U5Ui1Lb1FpVG8",
            "1a-Bc_De2fGhIjKlMnOpQrStUvWxYz345",
            // The shape the tests' fake Drive uses.
            "1EssayDoc000000000000000000",
        ] {
            assert_eq!(bare_word(id), BareWord::Likely, "{id}");
        }
    }

    #[test]
    fn what_cannot_be_an_id_is_a_path() {
        for path in [
            "notes.txt",
            "drafts/essay",
            "essay",
            "two words here and more",
            "",
        ] {
            assert_eq!(bare_word(path), BareWord::NotAnId, "{path}");
        }
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            "https://example.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view",
            "https://drive.google.com/drive/my-drive",
            "https://drive.google.com/drive/search?q=essays",
            "https://drive.google.com/open",
            "https://docs.google.com/forms/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/edit",
            "ftp://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345",
            "https://drive.google.com/file/d/../view",
            "short",
            "not an address at all",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}

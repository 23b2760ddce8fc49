//! A Drive folder followed through Drive's changes feed. The feed is the account's (or a
//! shared drive's), not the folder's: Drive has no way to ask for one folder's changes. So a
//! folder's [`Tree`], its folders and files found by the last whole listing, is remembered
//! with the feed's position, and [`Tree::apply`] decides from each change whether it
//! concerns the folder: a file in it to read, one that left it, a folder moved in (to list)
//! or out (its subtree leaving with it). A folder's move reports a change for the folder
//! only, never for what is in it, which is why the tree is kept whole.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::google::drive::{Change, FOLDER, Meta, SHORTCUT};

/// Where a remembered folder's tree and feed position are kept (`source_state` name).
pub fn state_name(folder: &str, recursive: bool) -> String {
    let depth = if recursive { "all" } else { "top" };
    format!("changes:{folder}:{depth}")
}

/// A folder as its last listing found it, and where its feed was read to.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tree {
    /// The feed position every change after which is still to be applied.
    pub token: String,
    /// The shared drive whose own feed it is read from; `None`: the user's feed.
    pub drive: Option<String>,
    /// The folder itself.
    pub top: String,
    /// Each folder in it (the top one included) and the folder it is in.
    pub folders: HashMap<String, String>,
    /// Each file in it and the folder it was found in; [`VIA_SHORTCUT`] before that folder's
    /// ID for a file reached through a shortcut (which stays where it is in Drive).
    pub files: HashMap<String, String>,
    /// The top folder is in the trash (or gone): restored, it is listed again.
    #[serde(default)]
    pub top_gone: bool,
}

/// Marks a file reached through a shortcut in [`Tree::files`].
pub const VIA_SHORTCUT: char = '~';

/// What the changes since the last sync ask for.
#[derive(Debug, Default)]
pub struct Plan {
    /// Files in the folder that changed (or came into it): each read unless unchanged.
    pub read: Vec<Meta>,
    /// Shortcuts that came into it: their targets are to be read.
    pub shortcuts: Vec<Meta>,
    /// Folders that came into it: each to be listed, and its files read.
    pub list: Vec<Meta>,
    /// Files that left it, with why.
    pub left: Vec<(String, &'static str)>,
}

impl Tree {
    pub fn new(top: &str, drive: Option<String>, token: String) -> Tree {
        Tree {
            token,
            drive,
            top: top.to_string(),
            folders: HashMap::from([(top.to_string(), String::new())]),
            files: HashMap::new(),
            top_gone: false,
        }
    }

    /// A folder's place in the tree, found by a listing.
    pub fn add_folder(&mut self, id: &str, parent: &str) {
        self.folders.insert(id.to_string(), parent.to_string());
    }

    /// A file found in `folder` by a listing (`via_shortcut`: through a shortcut there).
    pub fn add_file(&mut self, id: &str, folder: &str, via_shortcut: bool) {
        let place = match via_shortcut {
            true => format!("{VIA_SHORTCUT}{folder}"),
            false => folder.to_string(),
        };
        self.files.insert(id.to_string(), place);
    }

    /// Applies `changes`, oldest first, to the tree, saying what is to be done; `recursive`
    /// as the folder is synced (without it only the top folder's own files count).
    pub fn apply(&mut self, changes: Vec<Change>, recursive: bool) -> Plan {
        let mut plan = Plan::default();
        for change in changes {
            let id = change.file_id;
            let file = match change.file {
                Some(file) if !change.removed && !file.trashed => file,
                trashed => {
                    let why = match trashed {
                        Some(_) => "in the trash",
                        None => "deleted, or no longer shared",
                    };
                    self.leave(&id, why, &mut plan);
                    continue;
                }
            };
            let inside = file.parents.iter().any(|p| self.folders.contains_key(p))
                && (recursive || file.parents.contains(&self.top));
            if file.mime_type == FOLDER {
                match (self.folders.contains_key(&id), inside || id == self.top) {
                    (false, true) if recursive => {
                        let parent = file.parents.first().cloned().unwrap_or_default();
                        self.add_folder(&id, &parent);
                        plan.list.push(file);
                    }
                    (true, false) => self.leave(&id, "moved out of the folder", &mut plan),
                    (true, true) if id == self.top && self.top_gone => {
                        self.top_gone = false;
                        plan.list.push(file);
                    }
                    (true, true) if id == self.top => {}
                    (true, true) => {
                        if let Some(parent) = file.parents.first() {
                            self.add_folder(&id, parent);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let via_shortcut = self
                .files
                .get(&id)
                .is_some_and(|place| place.starts_with(VIA_SHORTCUT));
            if via_shortcut {
                plan.read.push(file);
            } else if inside {
                let parent = file.parents.first().cloned().unwrap_or_default();
                if file.mime_type == SHORTCUT {
                    plan.shortcuts.push(file);
                } else {
                    self.add_file(&id, &parent, false);
                    plan.read.push(file);
                }
            } else if self.files.remove(&id).is_some() {
                plan.left.push((id, "moved out of the folder"));
            }
        }
        // A file listed with a folder that came in is read there; once is enough.
        let listed: HashSet<&str> = plan.list.iter().map(|m| m.id.as_str()).collect();
        plan.read.retain(|m| !listed.contains(m.id.as_str()));
        plan
    }

    /// `id` left the folder: a file goes, a folder takes what is in it along. The top folder
    /// trashed or deleted takes everything, and stays to be come back to.
    fn leave(&mut self, id: &str, why: &'static str, plan: &mut Plan) {
        if self.files.remove(id).is_some() {
            plan.left.push((id.to_string(), why));
            return;
        }
        if !self.folders.contains_key(id) {
            return;
        }
        let mut gone: HashSet<String> = HashSet::from([id.to_string()]);
        loop {
            let more: Vec<String> = self
                .folders
                .iter()
                .filter(|(f, parent)| !gone.contains(*f) && gone.contains(*parent))
                .map(|(f, _)| f.clone())
                .collect();
            if more.is_empty() {
                break;
            }
            gone.extend(more);
        }
        let files: Vec<String> = self
            .files
            .iter()
            .filter(|(_, place)| gone.contains(place.trim_start_matches(VIA_SHORTCUT)))
            .map(|(f, _)| f.clone())
            .collect();
        for f in files {
            self.files.remove(&f);
            plan.left.push((f, why));
        }
        if gone.remove(&self.top) {
            self.top_gone = true;
        }
        self.folders.retain(|f, _| !gone.contains(f));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, mime: &str, parent: &str, trashed: bool) -> Meta {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "mimeType": mime, "parents": [parent], "trashed": trashed,
        }))
        .unwrap()
    }

    fn change(id: &str, file: Option<Meta>) -> Change {
        Change {
            file_id: id.to_string(),
            removed: file.is_none(),
            file,
        }
    }

    /// top/ { a, sub/ { b, deep/ { c } } }
    fn tree() -> Tree {
        let mut t = Tree::new("top", None, "1".into());
        t.add_folder("sub", "top");
        t.add_folder("deep", "sub");
        t.add_file("a", "top", false);
        t.add_file("b", "sub", false);
        t.add_file("c", "deep", false);
        t
    }

    fn left(plan: &Plan) -> Vec<&str> {
        let mut l: Vec<&str> = plan.left.iter().map(|(id, _)| id.as_str()).collect();
        l.sort();
        l
    }

    #[test]
    fn a_file_edited_in_the_tree_is_read_and_one_elsewhere_is_not() {
        let mut t = tree();
        let plan = t.apply(
            vec![
                change("b", Some(meta("b", "text/plain", "sub", false))),
                change("z", Some(meta("z", "text/plain", "elsewhere", false))),
                change("new", Some(meta("new", "text/plain", "deep", false))),
            ],
            true,
        );
        let read: Vec<&str> = plan.read.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(read, ["b", "new"]);
        assert!(plan.left.is_empty());
        assert_eq!(t.files["new"], "deep");
    }

    #[test]
    fn trashed_deleted_and_moved_out_files_leave_with_why() {
        let mut t = tree();
        let plan = t.apply(
            vec![
                change("a", Some(meta("a", "text/plain", "top", true))),
                change("b", None),
                change("c", Some(meta("c", "text/plain", "elsewhere", false))),
                change("z", None),
            ],
            true,
        );
        assert_eq!(
            plan.left,
            [
                ("a".to_string(), "in the trash"),
                ("b".to_string(), "deleted, or no longer shared"),
                ("c".to_string(), "moved out of the folder"),
            ]
        );
        assert!(t.files.is_empty());
    }

    #[test]
    fn a_folder_moved_out_takes_its_subtree_and_one_moved_in_is_listed() {
        let mut t = tree();
        let plan = t.apply(
            vec![
                change("sub", Some(meta("sub", FOLDER, "elsewhere", false))),
                change("new", Some(meta("new", FOLDER, "top", false))),
            ],
            true,
        );
        assert_eq!(left(&plan), ["b", "c"]);
        assert_eq!(plan.list.len(), 1);
        assert_eq!(plan.list[0].id, "new");
        let mut folders: Vec<&str> = t.folders.keys().map(String::as_str).collect();
        folders.sort();
        assert_eq!(folders, ["new", "top"]);
        // Not recursive: a subfolder is no part of it.
        let mut top_only = Tree::new("top", None, "1".into());
        let plan = top_only.apply(
            vec![change("new", Some(meta("new", FOLDER, "top", false)))],
            false,
        );
        assert!(plan.list.is_empty());
    }

    #[test]
    fn the_top_folder_trashed_takes_everything_and_stays_to_come_back_to() {
        let mut t = tree();
        let plan = t.apply(
            vec![change("top", Some(meta("top", FOLDER, "root", true)))],
            true,
        );
        assert_eq!(left(&plan), ["a", "b", "c"]);
        assert_eq!(t.folders.len(), 1);
        // Restored: listed again, once.
        let plan = t.apply(
            vec![change("top", Some(meta("top", FOLDER, "root", false)))],
            true,
        );
        assert!(plan.left.is_empty());
        assert_eq!(plan.list.len(), 1);
        let plan = t.apply(
            vec![change("top", Some(meta("top", FOLDER, "root", false)))],
            true,
        );
        assert!(plan.list.is_empty(), "renamed, say: nothing to list");
    }

    #[test]
    fn a_file_reached_through_a_shortcut_is_read_wherever_it_is() {
        let mut t = tree();
        t.add_file("target", "sub", true);
        let plan = t.apply(
            vec![change(
                "target",
                Some(meta("target", "text/plain", "far", false)),
            )],
            true,
        );
        assert_eq!(plan.read.len(), 1);
        let plan = t.apply(vec![change("sub", None)], true);
        assert_eq!(left(&plan), ["b", "c", "target"]);
    }
}

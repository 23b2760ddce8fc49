//! A text file too large to hold in memory (over [`STREAM_OVER`]), read a piece at a time. Its
//! encoding is decided from all of its bytes as `text::decode` decides a small file's
//! (a byte-order mark, else UTF-8, else chardetng's guess), then it is decoded and brought to
//! the normal form of [`super::normalize`] one line at a time, so that it costs a few times
//! its longest line in memory, not its size. It is read more than once (to learn its encoding,
//! to measure and hash its text, to store it); each read checks that the bytes are still those
//! first read, so a file that changes meanwhile fails rather than being stored half old.

use std::fs::File;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use encoding_rs::{Decoder, Encoding};
use sha2::{Digest as _, Sha256};

use super::NoText;
use super::text::SNIFF_LEN;

/// Text files larger than this are streamed; smaller ones are read whole.
pub const STREAM_OVER: u64 = 16 << 20;

/// How much of the file is read at a time.
const CHUNK: usize = 256 << 10;

#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error("{0}")]
    Read(#[source] io::Error),
    #[error("it changed while it was read; try again once it is still")]
    Changed,
    #[error(transparent)]
    NoText(NoText),
}

/// A text file, measured: what its normal-form text hashes to and holds, without holding it.
#[derive(Debug)]
pub struct TextFile {
    path: PathBuf,
    encoding: &'static Encoding,
    /// The byte-order mark's length, skipped before decoding.
    mark: usize,
    /// Of the file's bytes, as first read.
    raw: [u8; 32],
    /// The file's size.
    pub bytes: u64,
    /// Bytes of normal-form text before the white space at its end.
    content: u64,
    /// Of the normal-form text: the identity deduplication uses, as for any other text.
    pub sha256: String,
    pub words: usize,
    pub chars: usize,
}

impl TextFile {
    /// Reads the file at `path` through, to decide its encoding and measure its text.
    pub fn open(path: &Path) -> Result<TextFile, StreamError> {
        let mut head = Vec::with_capacity(SNIFF_LEN);
        File::open(path)
            .and_then(|f| f.take(SNIFF_LEN as u64).read_to_end(&mut head))
            .map_err(StreamError::Read)?;
        if head.is_empty() {
            return Err(StreamError::NoText(NoText::Empty));
        }
        let (encoding, mark, raw, bytes) = match Encoding::for_bom(&head) {
            Some((encoding, mark)) => {
                let (raw, bytes) = raw_hash(path, |_| {})?;
                (encoding, mark, raw, bytes)
            }
            None if head.contains(&0) => return Err(StreamError::NoText(NoText::Binary)),
            None => {
                let mut utf8 = Utf8Check::default();
                let (raw, bytes) = raw_hash(path, |chunk| utf8.feed(chunk))?;
                let encoding = if utf8.finish() {
                    encoding_rs::UTF_8
                } else {
                    let mut detector = chardetng::EncodingDetector::new();
                    let (again, _) = raw_hash(path, |chunk| {
                        detector.feed(chunk, false);
                    })?;
                    if again != raw {
                        return Err(StreamError::Changed);
                    }
                    detector.feed(&[], true);
                    detector.guess(None, true)
                };
                (encoding, 0, raw, bytes)
            }
        };
        let mut file = TextFile {
            path: path.to_path_buf(),
            encoding,
            mark,
            raw,
            bytes,
            content: u64::MAX,
            sha256: String::new(),
            words: 0,
            chars: 0,
        };
        let hashed = file.measure()?;
        if file.content == 0 {
            return Err(StreamError::NoText(NoText::Blank));
        }
        file.sha256 = match hashed {
            Some(sha256) => sha256,
            None => {
                let mut hasher = Sha256::new();
                for line in file.lines()? {
                    hasher.update(line?.as_bytes());
                }
                hex::encode(hasher.finalize())
            }
        };
        Ok(file)
    }

    /// Of the file's bytes, in hex: what tells an unchanged file from a changed one.
    pub fn content_sha256(&self) -> String {
        hex::encode(self.raw)
    }

    /// Counts what the normal-form text holds, and where the white space at its end begins;
    /// hashes it on the way, holding back white space until words follow it (the normal form
    /// ends at the last word). `None` for the hash when a run of white space grew too long to
    /// hold back (a file of blank lines): then it takes a read of its own.
    fn measure(&mut self) -> Result<Option<String>, StreamError> {
        /// The most white space held back, in bytes.
        const HELD: usize = 1 << 20;
        let (mut offset, mut content, mut chars, mut content_chars, mut words) = (0, 0, 0, 0, 0);
        let mut in_word = false;
        let mut hasher = Some(Sha256::new());
        let mut held = String::new();
        for line in self.lines()? {
            let line = line?;
            let mut hashed_to = 0;
            for (at, c) in line.char_indices() {
                offset += c.len_utf8() as u64;
                chars += 1;
                if c.is_whitespace() {
                    in_word = false;
                } else {
                    words += usize::from(!in_word);
                    in_word = true;
                    content = offset;
                    content_chars = chars;
                    if let Some(h) = hasher.as_mut() {
                        h.update(held.as_bytes());
                        held.clear();
                        let end = at + c.len_utf8();
                        h.update(&line.as_bytes()[hashed_to..end]);
                        hashed_to = end;
                    }
                }
            }
            if hasher.is_some() {
                held.push_str(&line[hashed_to..]);
                if held.len() > HELD {
                    hasher = None;
                    held = String::new();
                }
            }
        }
        self.content = content;
        self.words = words;
        // The one newline the normal form ends with.
        self.chars = content_chars + 1;
        Ok(hasher.map(|mut h| {
            h.update(b"\n");
            hex::encode(h.finalize())
        }))
    }

    /// The normal-form text a line at a time, each line with its `\n`, the last one ending the
    /// text as [`super::normalize`] ends it. Every item is a fresh read's: call it again to
    /// read the text again.
    pub fn lines(&self) -> Result<Lines<'_>, StreamError> {
        let mut file = File::open(&self.path).map_err(StreamError::Read)?;
        let mut mark = [0u8; 4];
        file.read_exact(&mut mark[..self.mark])
            .map_err(StreamError::Read)?;
        let mut raw = Sha256::new();
        raw.update(&mark[..self.mark]);
        Ok(Lines {
            text: self,
            file: Some(file),
            decoder: self.encoding.new_decoder_without_bom_handling(),
            raw,
            chunk: vec![0; CHUNK],
            decoded: String::new(),
            pending: String::new(),
            start: 0,
            after_cr: false,
            emitted: 0,
            ended: false,
        })
    }
}

/// Reads `path` through, handing each chunk to `each`; returns the hash of its bytes and
/// their number.
fn raw_hash(path: &Path, mut each: impl FnMut(&[u8])) -> Result<([u8; 32], u64), StreamError> {
    let mut file = File::open(path).map_err(StreamError::Read)?;
    let mut chunk = vec![0; CHUNK];
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    loop {
        let n = read_some(&mut file, &mut chunk)?;
        if n == 0 {
            return Ok((hasher.finalize().into(), bytes));
        }
        hasher.update(&chunk[..n]);
        each(&chunk[..n]);
        bytes += n as u64;
    }
}

fn read_some(file: &mut File, chunk: &mut [u8]) -> Result<usize, StreamError> {
    loop {
        match file.read(chunk) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(StreamError::Read(e)),
        }
    }
}

/// Whether bytes fed a chunk at a time are UTF-8, a character cut by a chunk's end included.
#[derive(Default)]
struct Utf8Check {
    carry: Vec<u8>,
    bad: bool,
}

impl Utf8Check {
    fn feed(&mut self, chunk: &[u8]) {
        if self.bad {
            return;
        }
        let mut joined;
        let bytes = if self.carry.is_empty() {
            chunk
        } else {
            joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(chunk);
            &joined[..]
        };
        match std::str::from_utf8(bytes) {
            Ok(_) => self.carry.clear(),
            Err(e) if e.error_len().is_none() => self.carry = bytes[e.valid_up_to()..].to_vec(),
            Err(_) => self.bad = true,
        }
    }

    fn finish(&self) -> bool {
        !self.bad && self.carry.is_empty()
    }
}

/// The lines of a [`TextFile`]'s normal-form text, read and decoded as they are asked for.
pub struct Lines<'a> {
    text: &'a TextFile,
    /// `None` once read to its end.
    file: Option<File>,
    decoder: Decoder,
    raw: Sha256,
    chunk: Vec<u8>,
    decoded: String,
    /// Normal-form text not yet handed out, from `start`.
    pending: String,
    start: usize,
    /// The last character decoded was a `\r`: a `\n` next belongs to it.
    after_cr: bool,
    /// Bytes of text handed out so far.
    emitted: u64,
    ended: bool,
}

impl Lines<'_> {
    /// Decodes the next chunk into `pending`; false at the end of the file.
    fn fill(&mut self) -> Result<bool, StreamError> {
        let Some(file) = self.file.as_mut() else {
            return Ok(false);
        };
        let n = read_some(file, &mut self.chunk)?;
        let last = n == 0;
        self.raw.update(&self.chunk[..n]);
        self.decoded.clear();
        self.decoded.reserve(
            self.decoder
                .max_utf8_buffer_length(n)
                .unwrap_or(n.saturating_mul(3) + 16),
        );
        // The buffer is large enough, so the decoder takes the whole chunk at once.
        let _ = self
            .decoder
            .decode_to_string(&self.chunk[..n], &mut self.decoded, last);
        if self.start > 0 {
            self.pending.drain(..self.start);
            self.start = 0;
        }
        for c in self.decoded.chars() {
            match c {
                '\r' => self.pending.push('\n'),
                '\n' if self.after_cr => {}
                '\u{feff}' | '\0' => {}
                c => self.pending.push(c),
            }
            self.after_cr = c == '\r';
        }
        if last {
            // Read to its end: nothing more to read, only the hash to check.
            self.verify_rest()?;
        }
        Ok(!last)
    }

    /// The next line (or the text's last piece), cut where the text's content ends.
    fn next_line(&mut self) -> Result<Option<String>, StreamError> {
        loop {
            if self.ended {
                return Ok(None);
            }
            let rest = &self.pending[self.start..];
            let line_end = rest.find('\n').map(|i| i + 1);
            let at_end = self.file.is_none();
            let Some(len) = line_end.or((at_end && !rest.is_empty()).then_some(rest.len())) else {
                if at_end {
                    self.ended = true;
                    return Ok(None);
                }
                self.fill()?;
                continue;
            };
            let room = self.text.content.saturating_sub(self.emitted);
            if room <= len as u64 && self.text.content != u64::MAX {
                // The content ends within this line: what is left is white space.
                let mut line = rest[..room as usize].to_string();
                line.push('\n');
                self.ended = true;
                self.verify_rest()?;
                return Ok(Some(line));
            }
            let line = rest[..len].to_string();
            self.start += len;
            self.emitted += len as u64;
            return Ok(Some(line));
        }
    }

    /// Reads what is left of the file, the white space after the content, only to check that
    /// the bytes are still those first read.
    fn verify_rest(&mut self) -> Result<(), StreamError> {
        while let Some(file) = self.file.as_mut() {
            let n = read_some(file, &mut self.chunk)?;
            self.raw.update(&self.chunk[..n]);
            if n == 0 {
                self.file = None;
                let raw: [u8; 32] = std::mem::take(&mut self.raw).finalize().into();
                if raw != self.text.raw {
                    return Err(StreamError::Changed);
                }
            }
        }
        Ok(())
    }
}

impl Iterator for Lines<'_> {
    type Item = Result<String, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_line() {
            Ok(line) => line.map(Ok),
            Err(e) => {
                self.ended = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(bytes: &[u8]) -> Result<(String, TextFile), StreamError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, bytes).unwrap();
        let file = TextFile::open(&path)?;
        let text = file.lines()?.collect::<Result<String, _>>()?;
        Ok((text, file))
    }

    /// Streamed, a text comes out exactly as the whole-file path makes it, with the same
    /// measures.
    fn same_as_whole(bytes: &[u8]) {
        let whole = super::super::extract(super::super::Kind::Text, bytes).unwrap();
        let (text, file) = streamed(bytes).unwrap();
        assert_eq!(text, whole, "{bytes:?}");
        assert_eq!(file.sha256, hex::encode(Sha256::digest(whole.as_bytes())));
        assert_eq!(file.words, super::super::word_count(&whole));
        assert_eq!(file.chars, whole.chars().count());
    }

    #[test]
    fn streamed_text_is_the_whole_file_normal_form() {
        same_as_whole(b"a\r\nb\rc\n\n  \n");
        same_as_whole("\u{feff}caf\u{e9}\r\n  words  and\twords \n\n\n".as_bytes());
        same_as_whole(b"no final newline");
        same_as_whole(b"Caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu\r\n");
        let mut long: Vec<u8> = Vec::new();
        for i in 0..40_000 {
            long.extend_from_slice(format!("line {i} with \u{e9}t\u{e9}\r\n").as_bytes());
        }
        long.extend_from_slice(&[b' '; 300_000]);
        long.extend_from_slice(b"\n\n");
        same_as_whole(&long);
        // White space too long to hold back while hashing.
        let mut blank = b"words\n".to_vec();
        blank.extend(std::iter::repeat_n(b'\n', 3 << 20));
        blank.extend_from_slice(b"more words \n\n");
        same_as_whole(&blank);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "h\u{e9}llo\r\nworld"
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes()),
            )
            .collect();
        same_as_whole(&utf16);
    }

    #[test]
    fn a_cr_lf_cut_by_a_chunk_is_one_line_end() {
        let mut bytes = vec![b'x'; CHUNK - 1];
        bytes.extend_from_slice(b"\r\ny\n");
        same_as_whole(&bytes);
    }

    #[test]
    fn nothing_to_learn_from_is_told() {
        assert!(matches!(
            streamed(b""),
            Err(StreamError::NoText(NoText::Empty))
        ));
        assert!(matches!(
            streamed(b"  \n\r\n"),
            Err(StreamError::NoText(NoText::Blank))
        ));
        assert!(matches!(
            streamed(b"\x7fELF\0\0"),
            Err(StreamError::NoText(NoText::Binary))
        ));
    }

    #[test]
    fn a_file_changed_between_reads_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, "first words\n").unwrap();
        let file = TextFile::open(&path).unwrap();
        std::fs::write(&path, "other words\n").unwrap();
        let read: Result<String, _> = file.lines().unwrap().collect();
        assert!(matches!(read, Err(StreamError::Changed)), "{read:?}");
    }
}

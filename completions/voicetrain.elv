
use builtin;
use str;

set edit:completion:arg-completer[voicetrain] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'voicetrain'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'voicetrain'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ingest 'Turn files and mail into samples: Drive addresses and IDs, `gmail:` (your sent mail), `hubspot:` (your CRM emails, notes and calls), `youtube:` (what you said in your videos), local files and directories, or `-` for a list on stdin'
            cand samples 'List, read, search, export and remove samples'
            cand dataset 'Make a training dataset from the samples, and check one'
            cand sources 'Remember sources for `sync`: add, list, remove'
            cand sync 'Ingest every remembered source incrementally (for cron: silent unless something fails)'
            cand auth 'Log in to Google or HubSpot, and manage the accounts logged in'
            cand tokens 'Keep OAuth tokens fresh (for cron), list them, read their audit trail'
            cand key 'The key that encrypts stored tokens'
            cand store 'The store: where it is, its schema, what it holds'
            cand completions 'Print a shell completion script'
            cand doctor 'Check everything voicetrain depends on, one line each, and say what to do about what is wrong (config, key, keyring, store, each account''s token, Google''s endpoints)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;ingest'= {
            cand --title 'Title for the sample (only when one file is ingested)'
            cand --tag 'Tag every sample touched (repeatable)'
            cand --exclude 'Leave out what GLOB matches in a directory walked (repeatable): gitignore-style, on the path within that directory, e.g. ''*.md'', ''drafts/'', ''/notes/old*'''
            cand --types 'Only these kinds (comma-separated): docs (Google Docs, .docx, .odt, .rtf), sheets (Google Sheets, .xlsx, .csv), slides (Google Slides, .pptx, .odp), pdf, images (.png, .jpg, .tiff, read with OCR), text (plain text, Markdown, .html, .epub, and files whose content is text)'
            cand --jobs 'Files or messages handled at once [default: the number of CPUs for local files, 8 for Drive and Gmail]'
            cand --max-size 'Skip files larger than SIZE (e.g. 20MB, 1GiB)'
            cand --account 'The Google account to read Drive and Gmail as [default: the default account] [env: VOICETRAIN_ACCOUNT]'
            cand --retries 'Tries in all for each Drive or Gmail call (overrides config [retry.drive] attempts)'
            cand --ocr 'When to read scans and images with OCR (Tesseract): auto (pages without text), off, force (every page) [default: config ocr, else auto]'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --no-recursive 'Do not descend into subdirectories'
            cand --follow 'Follow symbolic links out of a directory walked (links within it are followed anyway; a link named as a SOURCE is always followed)'
            cand --no-ignore 'Walk what .gitignore files (inside a git repository) and .ignore files leave out too'
            cand --force 'Extract again even when unchanged'
            cand --dry-run 'Say what would happen, store nothing'
            cand --json 'One JSON object a line per file on stdout'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'voicetrain;samples'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List samples, newest last'
            cand show 'Print one sample: its metadata, then its text'
            cand search 'Full-text search, best match first'
            cand export 'Write every sample out for training'
            cand rm 'Remove samples'
            cand stats 'Counts and words, by source, type and account'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;samples;list'= {
            cand --source 'Only samples from this kind of source'
            cand --tag 'Only samples with this tag'
            cand --account 'Only samples from this account'
            cand --limit 'Show at most N samples (the newest N)'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --gone 'Show the samples that left their source (deleted, trashed, moved out), and only those'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;samples;show'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;samples;search'= {
            cand --limit 'Show at most N results'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'voicetrain;samples;export'= {
            cand --format 'Output format'
            cand -o 'Write to FILE instead of stdout (`-`: stdout). A regular file is replaced whole, never left half-written, and keeps its mode; a symlink is written through to its target; a FIFO or device is written to as a stream'
            cand --output 'Write to FILE instead of stdout (`-`: stdout). A regular file is replaced whole, never left half-written, and keeps its mode; a symlink is written through to its target; a FIFO or device is written to as a stream'
            cand --separator 'In --format txt, the line between two samples [default: a form feed, ^L]'
            cand --source 'Only samples from this kind of source'
            cand --tag 'Only samples with this tag'
            cand --account 'Only samples from this account'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'voicetrain;samples;rm'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;samples;stats'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;samples;help'= {
            cand list 'List samples, newest last'
            cand show 'Print one sample: its metadata, then its text'
            cand search 'Full-text search, best match first'
            cand export 'Write every sample out for training'
            cand rm 'Remove samples'
            cand stats 'Counts and words, by source, type and account'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;samples;help;list'= {
        }
        &'voicetrain;samples;help;show'= {
        }
        &'voicetrain;samples;help;search'= {
        }
        &'voicetrain;samples;help;export'= {
        }
        &'voicetrain;samples;help;rm'= {
        }
        &'voicetrain;samples;help;stats'= {
        }
        &'voicetrain;samples;help;help'= {
        }
        &'voicetrain;dataset'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand build 'Turn the samples into a training dataset in DIR'
            cand check 'Check a dataset directory against its format''s rules (OpenAI''s for openai)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;dataset;build'= {
            cand --format 'Who reads it'
            cand --style 'How each example is laid out [default: chat for openai, hf and mlx; completion for alpaca; text for text]'
            cand -o 'The dataset directory: made if missing; an earlier dataset''s files are replaced'
            cand --output 'The dataset directory: made if missing; an earlier dataset''s files are replaced'
            cand --valid 'The fraction of samples held out for validation'
            cand --test 'The fraction of samples held out for testing'
            cand --seed 'Decides the split, with each sample''s ID'
            cand --max-tokens 'The most tokens an example may hold, prompt and framing included'
            cand --min-tokens 'Leave out examples whose answer has fewer tokens'
            cand --tokenizer 'The tokenizer tokens are counted with'
            cand --system 'A system turn for every example (chat); before the prompt in completions'
            cand --prompt 'The prompt for samples that reply to nothing, with {title}, {kind}, {source}, {date} and {part} filled in [default: one for each kind of source, e.g. ''Write the {kind} "{title}".'']'
            cand --near-dup 'Keep near-duplicates once (the newest) at this estimated Jaccard similarity of their word 5-shingles, or `off`'
            cand --pii 'Replace e-mail addresses, phone and card numbers, IBANs, IP addresses and secrets in URLs with placeholders (`<EMAIL>`, ...), or keep them'
            cand --source 'Only samples from this kind of source (repeatable: any of them)'
            cand --tag 'Only samples with this tag (repeatable: any of them)'
            cand --account 'Only samples from this account'
            cand --since 'Only samples written on or after DATE (YYYY-MM-DD, UTC, or an RFC 3339 time)'
            cand --until 'Only samples written on or before DATE (YYYY-MM-DD: that whole day, UTC; or before an RFC 3339 time)'
            cand --jobs 'Threads making examples [default: the number of CPUs]'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --include-gone 'Take samples marked gone (deleted or moved out of their source) too'
            cand --force 'Write into a DIR that holds other files (those of an earlier build are replaced, others left alone)'
            cand --dry-run 'Print the manifest, write nothing'
            cand --json 'Print the manifest as JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'voicetrain;dataset;check'= {
            cand --format 'Its format [default: as its manifest.json says]'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print the result as JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'voicetrain;dataset;help'= {
            cand build 'Turn the samples into a training dataset in DIR'
            cand check 'Check a dataset directory against its format''s rules (OpenAI''s for openai)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;dataset;help;build'= {
        }
        &'voicetrain;dataset;help;check'= {
        }
        &'voicetrain;dataset;help;help'= {
        }
        &'voicetrain;sources'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Remember sources for `sync`, with the ingest options to read them with'
            cand list 'List the remembered sources, with how their last sync ended'
            cand rm 'Stop syncing sources (their samples stay, unless --forget-samples)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;sources;add'= {
            cand --tag 'Tag every sample it gives (repeatable)'
            cand --types 'Only these kinds of file (comma-separated: docs, sheets, slides, pdf, images, text)'
            cand --account 'Read it as this account [default: the default account at each sync]'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --no-recursive 'Only the top level of a folder or directory'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'voicetrain;sources;list'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;sources;rm'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --forget-samples 'Remove the samples that only this source gave, too'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;sources;help'= {
            cand add 'Remember sources for `sync`, with the ingest options to read them with'
            cand list 'List the remembered sources, with how their last sync ended'
            cand rm 'Stop syncing sources (their samples stay, unless --forget-samples)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;sources;help;add'= {
        }
        &'voicetrain;sources;help;list'= {
        }
        &'voicetrain;sources;help;rm'= {
        }
        &'voicetrain;sources;help;help'= {
        }
        &'voicetrain;sync'= {
            cand --jobs 'Files fetched at once, per source [default: as ingest]'
            cand --ocr 'When to read scans and images with OCR (Tesseract): auto (pages without text), off, force (every page) [default: config ocr, else auto]'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print one JSON object: how each source''s sync ended'
            cand --wait 'Wait for a sync already running to end, then sync, instead of exiting at once'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'voicetrain;auth'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand google 'Log in to Google in the browser (or with --device), and store the tokens encrypted'
            cand hubspot 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app'
            cand status 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh'
            cand token 'Print a valid access token alone on stdout, refreshing it first if it expires soon'
            cand logout 'Revoke an account''s tokens at the provider and forget them'
            cand switch 'Make an account the default'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;auth;google'= {
            cand --scope 'Add a scope to the login (repeatable): drive, gmail, youtube, or a scope address [first login: openid email drive]'
            cand --client-secrets 'Google Cloud Console''s Desktop-app client JSON; remembered in the config'
            cand --timeout 'Give up waiting for the browser after SECS seconds'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --no-browser 'Open no browser; the address the browser ended on may also be pasted on stdin'
            cand --device 'Use the device authorization grant (a code to enter on another device)'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;auth;hubspot'= {
            cand --account 'The HubSpot user (e-mail) whose words are wanted: a static token carries no user'
            cand --client-secrets 'The HubSpot app''s client ID and secret, as JSON (`client_id`, `client_secret`); remembered in the config'
            cand --timeout 'Give up waiting for the browser after SECS seconds'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --token-stdin 'Read a private app token or service key from stdin (never from an argument, which `ps` would show)'
            cand --no-browser 'Open no browser; the address the browser ended on may also be pasted on stdin'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;auth;status'= {
            cand --provider 'Only this provider''s accounts'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;auth;token'= {
            cand --account 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]'
            cand --provider 'The provider of the account [default: the only one with accounts, else google]'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;auth;logout'= {
            cand --account 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]'
            cand --provider 'The provider of the account [default: the only one with accounts, else google]'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --local-only 'Forget the tokens here without revoking them at the provider'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;auth;switch'= {
            cand --provider 'The provider of the account [default: the only one with accounts, else google]'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;auth;help'= {
            cand google 'Log in to Google in the browser (or with --device), and store the tokens encrypted'
            cand hubspot 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app'
            cand status 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh'
            cand token 'Print a valid access token alone on stdout, refreshing it first if it expires soon'
            cand logout 'Revoke an account''s tokens at the provider and forget them'
            cand switch 'Make an account the default'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;auth;help;google'= {
        }
        &'voicetrain;auth;help;hubspot'= {
        }
        &'voicetrain;auth;help;status'= {
        }
        &'voicetrain;auth;help;token'= {
        }
        &'voicetrain;auth;help;logout'= {
        }
        &'voicetrain;auth;help;switch'= {
        }
        &'voicetrain;auth;help;help'= {
        }
        &'voicetrain;tokens'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand refresh 'Refresh every token that expires soon; silent on success (for cron)'
            cand list 'One row a token, never the secret itself'
            cand log 'The audit trail: stored, refreshed, refresh_failed, revoked, used'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;tokens;refresh'= {
            cand --within 'Refresh tokens that expire within DURATION (e.g. 35m, 2h)'
            cand --account 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]'
            cand --provider 'The provider of the account [default: the only one with accounts, else google]'
            cand --retries 'Tries in all for each refresh (overrides config [retry.token] attempts)'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --force 'Refresh every token, however fresh'
            cand --json 'Print a JSON report'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;tokens;list'= {
            cand --provider 'Only this provider''s accounts'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;tokens;log'= {
            cand --limit 'Show the newest N events'
            cand --provider 'Only this provider''s events'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;tokens;help'= {
            cand refresh 'Refresh every token that expires soon; silent on success (for cron)'
            cand list 'One row a token, never the secret itself'
            cand log 'The audit trail: stored, refreshed, refresh_failed, revoked, used'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;tokens;help;refresh'= {
        }
        &'voicetrain;tokens;help;list'= {
        }
        &'voicetrain;tokens;help;log'= {
        }
        &'voicetrain;tokens;help;help'= {
        }
        &'voicetrain;key'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand status 'Where the key comes from, its fingerprint, and whether it opens the store'
            cand rotate 'Make a new key and re-encrypt every stored secret with it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;key;status'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;key;rotate'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;key;help'= {
            cand status 'Where the key comes from, its fingerprint, and whether it opens the store'
            cand rotate 'Make a new key and re-encrypt every stored secret with it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;key;help;status'= {
        }
        &'voicetrain;key;help;rotate'= {
        }
        &'voicetrain;key;help;help'= {
        }
        &'voicetrain;store'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand migrate 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is'
            cand status 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;store;migrate'= {
            cand --to 'The new store: a file path that does not exist yet, or the address of an empty PostgreSQL database (postgres://USER@HOST/DB)'
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;store;status'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;store;help'= {
            cand migrate 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is'
            cand status 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;store;help;migrate'= {
        }
        &'voicetrain;store;help;status'= {
        }
        &'voicetrain;store;help;help'= {
        }
        &'voicetrain;completions'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;doctor'= {
            cand --home 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]'
            cand --config 'Read the configuration from FILE'
            cand --store 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]'
            cand --key-file 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]'
            cand --color 'When to use colour'
            cand --json 'Print JSON'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand --verbose 'Say more (-v: each step and the cause of an error, -vv: more detail)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'voicetrain;help'= {
            cand ingest 'Turn files and mail into samples: Drive addresses and IDs, `gmail:` (your sent mail), `hubspot:` (your CRM emails, notes and calls), `youtube:` (what you said in your videos), local files and directories, or `-` for a list on stdin'
            cand samples 'List, read, search, export and remove samples'
            cand dataset 'Make a training dataset from the samples, and check one'
            cand sources 'Remember sources for `sync`: add, list, remove'
            cand sync 'Ingest every remembered source incrementally (for cron: silent unless something fails)'
            cand auth 'Log in to Google or HubSpot, and manage the accounts logged in'
            cand tokens 'Keep OAuth tokens fresh (for cron), list them, read their audit trail'
            cand key 'The key that encrypts stored tokens'
            cand store 'The store: where it is, its schema, what it holds'
            cand completions 'Print a shell completion script'
            cand doctor 'Check everything voicetrain depends on, one line each, and say what to do about what is wrong (config, key, keyring, store, each account''s token, Google''s endpoints)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'voicetrain;help;ingest'= {
        }
        &'voicetrain;help;samples'= {
            cand list 'List samples, newest last'
            cand show 'Print one sample: its metadata, then its text'
            cand search 'Full-text search, best match first'
            cand export 'Write every sample out for training'
            cand rm 'Remove samples'
            cand stats 'Counts and words, by source, type and account'
        }
        &'voicetrain;help;samples;list'= {
        }
        &'voicetrain;help;samples;show'= {
        }
        &'voicetrain;help;samples;search'= {
        }
        &'voicetrain;help;samples;export'= {
        }
        &'voicetrain;help;samples;rm'= {
        }
        &'voicetrain;help;samples;stats'= {
        }
        &'voicetrain;help;dataset'= {
            cand build 'Turn the samples into a training dataset in DIR'
            cand check 'Check a dataset directory against its format''s rules (OpenAI''s for openai)'
        }
        &'voicetrain;help;dataset;build'= {
        }
        &'voicetrain;help;dataset;check'= {
        }
        &'voicetrain;help;sources'= {
            cand add 'Remember sources for `sync`, with the ingest options to read them with'
            cand list 'List the remembered sources, with how their last sync ended'
            cand rm 'Stop syncing sources (their samples stay, unless --forget-samples)'
        }
        &'voicetrain;help;sources;add'= {
        }
        &'voicetrain;help;sources;list'= {
        }
        &'voicetrain;help;sources;rm'= {
        }
        &'voicetrain;help;sync'= {
        }
        &'voicetrain;help;auth'= {
            cand google 'Log in to Google in the browser (or with --device), and store the tokens encrypted'
            cand hubspot 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app'
            cand status 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh'
            cand token 'Print a valid access token alone on stdout, refreshing it first if it expires soon'
            cand logout 'Revoke an account''s tokens at the provider and forget them'
            cand switch 'Make an account the default'
        }
        &'voicetrain;help;auth;google'= {
        }
        &'voicetrain;help;auth;hubspot'= {
        }
        &'voicetrain;help;auth;status'= {
        }
        &'voicetrain;help;auth;token'= {
        }
        &'voicetrain;help;auth;logout'= {
        }
        &'voicetrain;help;auth;switch'= {
        }
        &'voicetrain;help;tokens'= {
            cand refresh 'Refresh every token that expires soon; silent on success (for cron)'
            cand list 'One row a token, never the secret itself'
            cand log 'The audit trail: stored, refreshed, refresh_failed, revoked, used'
        }
        &'voicetrain;help;tokens;refresh'= {
        }
        &'voicetrain;help;tokens;list'= {
        }
        &'voicetrain;help;tokens;log'= {
        }
        &'voicetrain;help;key'= {
            cand status 'Where the key comes from, its fingerprint, and whether it opens the store'
            cand rotate 'Make a new key and re-encrypt every stored secret with it'
        }
        &'voicetrain;help;key;status'= {
        }
        &'voicetrain;help;key;rotate'= {
        }
        &'voicetrain;help;store'= {
            cand migrate 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is'
            cand status 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size'
        }
        &'voicetrain;help;store;migrate'= {
        }
        &'voicetrain;help;store;status'= {
        }
        &'voicetrain;help;completions'= {
        }
        &'voicetrain;help;doctor'= {
        }
        &'voicetrain;help;help'= {
        }
    ]
    $completions[$command]
}

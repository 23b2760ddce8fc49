
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'voicetrain' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'voicetrain'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'voicetrain' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ingest', 'ingest', [CompletionResultType]::ParameterValue, 'Turn files and mail into samples: Drive addresses and IDs, `gmail:` (your sent mail), `hubspot:` (your CRM emails, notes and calls), `youtube:` (what you said in your videos), local files and directories, or `-` for a list on stdin')
            [CompletionResult]::new('samples', 'samples', [CompletionResultType]::ParameterValue, 'List, read, search, export and remove samples')
            [CompletionResult]::new('dataset', 'dataset', [CompletionResultType]::ParameterValue, 'Make a training dataset from the samples, and check one')
            [CompletionResult]::new('sources', 'sources', [CompletionResultType]::ParameterValue, 'Remember sources for `sync`: add, list, remove')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Ingest every remembered source incrementally (for cron: silent unless something fails)')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Log in to Google or HubSpot, and manage the accounts logged in')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'Keep OAuth tokens fresh (for cron), list them, read their audit trail')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'The key that encrypts stored tokens')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'The store: where it is, its schema, what it holds')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check everything voicetrain depends on, one line each, and say what to do about what is wrong (config, key, keyring, store, each account''s token, Google''s endpoints)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;ingest' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Title for the sample (only when one file is ingested)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag every sample touched (repeatable)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out what GLOB matches in a directory walked (repeatable): gitignore-style, on the path within that directory, e.g. ''*.md'', ''drafts/'', ''/notes/old*''')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Only these kinds (comma-separated): docs (Google Docs, .docx, .odt, .rtf), sheets (Google Sheets, .xlsx, .csv), slides (Google Slides, .pptx, .odp), pdf, images (.png, .jpg, .tiff, read with OCR), text (plain text, Markdown, .html, .epub, and files whose content is text)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Files or messages handled at once [default: the number of CPUs for local files, 8 for Drive and Gmail]')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Skip files larger than SIZE (e.g. 20MB, 1GiB)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The Google account to read Drive and Gmail as [default: the default account] [env: VOICETRAIN_ACCOUNT]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Tries in all for each Drive or Gmail call (overrides config [retry.drive] attempts)')
            [CompletionResult]::new('--ocr', '--ocr', [CompletionResultType]::ParameterName, 'When to read scans and images with OCR (Tesseract): auto (pages without text), off, force (every page) [default: config ocr, else auto]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--no-recursive', '--no-recursive', [CompletionResultType]::ParameterName, 'Do not descend into subdirectories')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow symbolic links out of a directory walked (links within it are followed anyway; a link named as a SOURCE is always followed)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Walk what .gitignore files (inside a git repository) and .ignore files leave out too')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Extract again even when unchanged')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would happen, store nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object a line per file on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'voicetrain;samples' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List samples, newest last')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one sample: its metadata, then its text')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search, best match first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every sample out for training')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove samples')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Counts and words, by source, type and account')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;samples;list' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only samples from this kind of source')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only samples with this tag')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Only samples from this account')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N samples (the newest N)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--gone', '--gone', [CompletionResultType]::ParameterName, 'Show the samples that left their source (deleted, trashed, moved out), and only those')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;samples;show' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;samples;search' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N results')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'voicetrain;samples;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (`-`: stdout). A regular file is replaced whole, never left half-written, and keeps its mode; a symlink is written through to its target; a FIFO or device is written to as a stream')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout (`-`: stdout). A regular file is replaced whole, never left half-written, and keeps its mode; a symlink is written through to its target; a FIFO or device is written to as a stream')
            [CompletionResult]::new('--separator', '--separator', [CompletionResultType]::ParameterName, 'In --format txt, the line between two samples [default: a form feed, ^L]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only samples from this kind of source')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only samples with this tag')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Only samples from this account')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'voicetrain;samples;rm' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;samples;stats' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;samples;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List samples, newest last')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one sample: its metadata, then its text')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search, best match first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every sample out for training')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove samples')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Counts and words, by source, type and account')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;samples;help;list' {
            break
        }
        'voicetrain;samples;help;show' {
            break
        }
        'voicetrain;samples;help;search' {
            break
        }
        'voicetrain;samples;help;export' {
            break
        }
        'voicetrain;samples;help;rm' {
            break
        }
        'voicetrain;samples;help;stats' {
            break
        }
        'voicetrain;samples;help;help' {
            break
        }
        'voicetrain;dataset' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Turn the samples into a training dataset in DIR')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a dataset directory against its format''s rules (OpenAI''s for openai)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;dataset;build' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Who reads it')
            [CompletionResult]::new('--style', '--style', [CompletionResultType]::ParameterName, 'How each example is laid out [default: chat for openai, hf and mlx; completion for alpaca; text for text]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The dataset directory: made if missing; an earlier dataset''s files are replaced')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The dataset directory: made if missing; an earlier dataset''s files are replaced')
            [CompletionResult]::new('--valid', '--valid', [CompletionResultType]::ParameterName, 'The fraction of samples held out for validation')
            [CompletionResult]::new('--test', '--test', [CompletionResultType]::ParameterName, 'The fraction of samples held out for testing')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Decides the split, with each sample''s ID')
            [CompletionResult]::new('--max-tokens', '--max-tokens', [CompletionResultType]::ParameterName, 'The most tokens an example may hold, prompt and framing included')
            [CompletionResult]::new('--min-tokens', '--min-tokens', [CompletionResultType]::ParameterName, 'Leave out examples whose answer has fewer tokens')
            [CompletionResult]::new('--tokenizer', '--tokenizer', [CompletionResultType]::ParameterName, 'The tokenizer tokens are counted with')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'A system turn for every example (chat); before the prompt in completions')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'The prompt for samples that reply to nothing, with {title}, {kind}, {source}, {date} and {part} filled in [default: one for each kind of source, e.g. ''Write the {kind} "{title}".'']')
            [CompletionResult]::new('--near-dup', '--near-dup', [CompletionResultType]::ParameterName, 'Keep near-duplicates once (the newest) at this estimated Jaccard similarity of their word 5-shingles, or `off`')
            [CompletionResult]::new('--pii', '--pii', [CompletionResultType]::ParameterName, 'Replace e-mail addresses, phone and card numbers, IBANs, IP addresses and secrets in URLs with placeholders (`<EMAIL>`, ...), or keep them')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Only samples from this kind of source (repeatable: any of them)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only samples with this tag (repeatable: any of them)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Only samples from this account')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only samples written on or after DATE (YYYY-MM-DD, UTC, or an RFC 3339 time)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only samples written on or before DATE (YYYY-MM-DD: that whole day, UTC; or before an RFC 3339 time)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Threads making examples [default: the number of CPUs]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--include-gone', '--include-gone', [CompletionResultType]::ParameterName, 'Take samples marked gone (deleted or moved out of their source) too')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into a DIR that holds other files (those of an earlier build are replaced, others left alone)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the manifest, write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the manifest as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'voicetrain;dataset;check' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Its format [default: as its manifest.json says]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'voicetrain;dataset;help' {
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Turn the samples into a training dataset in DIR')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a dataset directory against its format''s rules (OpenAI''s for openai)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;dataset;help;build' {
            break
        }
        'voicetrain;dataset;help;check' {
            break
        }
        'voicetrain;dataset;help;help' {
            break
        }
        'voicetrain;sources' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Remember sources for `sync`, with the ingest options to read them with')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the remembered sources, with how their last sync ended')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Stop syncing sources (their samples stay, unless --forget-samples)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;sources;add' {
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag every sample it gives (repeatable)')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Only these kinds of file (comma-separated: docs, sheets, slides, pdf, images, text)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Read it as this account [default: the default account at each sync]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--no-recursive', '--no-recursive', [CompletionResultType]::ParameterName, 'Only the top level of a folder or directory')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'voicetrain;sources;list' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;sources;rm' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--forget-samples', '--forget-samples', [CompletionResultType]::ParameterName, 'Remove the samples that only this source gave, too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;sources;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Remember sources for `sync`, with the ingest options to read them with')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the remembered sources, with how their last sync ended')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Stop syncing sources (their samples stay, unless --forget-samples)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;sources;help;add' {
            break
        }
        'voicetrain;sources;help;list' {
            break
        }
        'voicetrain;sources;help;rm' {
            break
        }
        'voicetrain;sources;help;help' {
            break
        }
        'voicetrain;sync' {
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Files fetched at once, per source [default: as ingest]')
            [CompletionResult]::new('--ocr', '--ocr', [CompletionResultType]::ParameterName, 'When to read scans and images with OCR (Tesseract): auto (pages without text), off, force (every page) [default: config ocr, else auto]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: how each source''s sync ended')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for a sync already running to end, then sync, instead of exiting at once')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'voicetrain;auth' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('google', 'google', [CompletionResultType]::ParameterValue, 'Log in to Google in the browser (or with --device), and store the tokens encrypted')
            [CompletionResult]::new('hubspot', 'hubspot', [CompletionResultType]::ParameterValue, 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token alone on stdout, refreshing it first if it expires soon')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke an account''s tokens at the provider and forget them')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make an account the default')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;auth;google' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Add a scope to the login (repeatable): drive, gmail, youtube, or a scope address [first login: openid email drive]')
            [CompletionResult]::new('--client-secrets', '--client-secrets', [CompletionResultType]::ParameterName, 'Google Cloud Console''s Desktop-app client JSON; remembered in the config')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting for the browser after SECS seconds')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Open no browser; the address the browser ended on may also be pasted on stdin')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Use the device authorization grant (a code to enter on another device)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;auth;hubspot' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The HubSpot user (e-mail) whose words are wanted: a static token carries no user')
            [CompletionResult]::new('--client-secrets', '--client-secrets', [CompletionResultType]::ParameterName, 'The HubSpot app''s client ID and secret, as JSON (`client_id`, `client_secret`); remembered in the config')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting for the browser after SECS seconds')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read a private app token or service key from stdin (never from an argument, which `ps` would show)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Open no browser; the address the browser ended on may also be pasted on stdin')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;auth;status' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only this provider''s accounts')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;auth;token' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider of the account [default: the only one with accounts, else google]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;auth;logout' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider of the account [default: the only one with accounts, else google]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--local-only', '--local-only', [CompletionResultType]::ParameterName, 'Forget the tokens here without revoking them at the provider')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;auth;switch' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider of the account [default: the only one with accounts, else google]')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;auth;help' {
            [CompletionResult]::new('google', 'google', [CompletionResultType]::ParameterValue, 'Log in to Google in the browser (or with --device), and store the tokens encrypted')
            [CompletionResult]::new('hubspot', 'hubspot', [CompletionResultType]::ParameterValue, 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token alone on stdout, refreshing it first if it expires soon')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke an account''s tokens at the provider and forget them')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make an account the default')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;auth;help;google' {
            break
        }
        'voicetrain;auth;help;hubspot' {
            break
        }
        'voicetrain;auth;help;status' {
            break
        }
        'voicetrain;auth;help;token' {
            break
        }
        'voicetrain;auth;help;logout' {
            break
        }
        'voicetrain;auth;help;switch' {
            break
        }
        'voicetrain;auth;help;help' {
            break
        }
        'voicetrain;tokens' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Refresh every token that expires soon; silent on success (for cron)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'One row a token, never the secret itself')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The audit trail: stored, refreshed, refresh_failed, revoked, used')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;tokens;refresh' {
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Refresh tokens that expire within DURATION (e.g. 35m, 2h)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider of the account [default: the only one with accounts, else google]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Tries in all for each refresh (overrides config [retry.token] attempts)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Refresh every token, however fresh')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON report')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;tokens;list' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only this provider''s accounts')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;tokens;log' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show the newest N events')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only this provider''s events')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;tokens;help' {
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Refresh every token that expires soon; silent on success (for cron)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'One row a token, never the secret itself')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The audit trail: stored, refreshed, refresh_failed, revoked, used')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;tokens;help;refresh' {
            break
        }
        'voicetrain;tokens;help;list' {
            break
        }
        'voicetrain;tokens;help;log' {
            break
        }
        'voicetrain;tokens;help;help' {
            break
        }
        'voicetrain;key' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where the key comes from, its fingerprint, and whether it opens the store')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new key and re-encrypt every stored secret with it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;key;status' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;key;rotate' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;key;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where the key comes from, its fingerprint, and whether it opens the store')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new key and re-encrypt every stored secret with it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;key;help;status' {
            break
        }
        'voicetrain;key;help;rotate' {
            break
        }
        'voicetrain;key;help;help' {
            break
        }
        'voicetrain;store' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;store;migrate' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The new store: a file path that does not exist yet, or the address of an empty PostgreSQL database (postgres://USER@HOST/DB)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;store;status' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;store;help' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;store;help;migrate' {
            break
        }
        'voicetrain;store;help;status' {
            break
        }
        'voicetrain;store;help;help' {
            break
        }
        'voicetrain;completions' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;doctor' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read the configuration from FILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more (-v: each step and the cause of an error, -vv: more detail)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'voicetrain;help' {
            [CompletionResult]::new('ingest', 'ingest', [CompletionResultType]::ParameterValue, 'Turn files and mail into samples: Drive addresses and IDs, `gmail:` (your sent mail), `hubspot:` (your CRM emails, notes and calls), `youtube:` (what you said in your videos), local files and directories, or `-` for a list on stdin')
            [CompletionResult]::new('samples', 'samples', [CompletionResultType]::ParameterValue, 'List, read, search, export and remove samples')
            [CompletionResult]::new('dataset', 'dataset', [CompletionResultType]::ParameterValue, 'Make a training dataset from the samples, and check one')
            [CompletionResult]::new('sources', 'sources', [CompletionResultType]::ParameterValue, 'Remember sources for `sync`: add, list, remove')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Ingest every remembered source incrementally (for cron: silent unless something fails)')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Log in to Google or HubSpot, and manage the accounts logged in')
            [CompletionResult]::new('tokens', 'tokens', [CompletionResultType]::ParameterValue, 'Keep OAuth tokens fresh (for cron), list them, read their audit trail')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'The key that encrypts stored tokens')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'The store: where it is, its schema, what it holds')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check everything voicetrain depends on, one line each, and say what to do about what is wrong (config, key, keyring, store, each account''s token, Google''s endpoints)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'voicetrain;help;ingest' {
            break
        }
        'voicetrain;help;samples' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List samples, newest last')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one sample: its metadata, then its text')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Full-text search, best match first')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every sample out for training')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove samples')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Counts and words, by source, type and account')
            break
        }
        'voicetrain;help;samples;list' {
            break
        }
        'voicetrain;help;samples;show' {
            break
        }
        'voicetrain;help;samples;search' {
            break
        }
        'voicetrain;help;samples;export' {
            break
        }
        'voicetrain;help;samples;rm' {
            break
        }
        'voicetrain;help;samples;stats' {
            break
        }
        'voicetrain;help;dataset' {
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Turn the samples into a training dataset in DIR')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a dataset directory against its format''s rules (OpenAI''s for openai)')
            break
        }
        'voicetrain;help;dataset;build' {
            break
        }
        'voicetrain;help;dataset;check' {
            break
        }
        'voicetrain;help;sources' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Remember sources for `sync`, with the ingest options to read them with')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the remembered sources, with how their last sync ended')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Stop syncing sources (their samples stay, unless --forget-samples)')
            break
        }
        'voicetrain;help;sources;add' {
            break
        }
        'voicetrain;help;sources;list' {
            break
        }
        'voicetrain;help;sources;rm' {
            break
        }
        'voicetrain;help;sync' {
            break
        }
        'voicetrain;help;auth' {
            [CompletionResult]::new('google', 'google', [CompletionResultType]::ParameterValue, 'Log in to Google in the browser (or with --device), and store the tokens encrypted')
            [CompletionResult]::new('hubspot', 'hubspot', [CompletionResultType]::ParameterValue, 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token alone on stdout, refreshing it first if it expires soon')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke an account''s tokens at the provider and forget them')
            [CompletionResult]::new('switch', 'switch', [CompletionResultType]::ParameterValue, 'Make an account the default')
            break
        }
        'voicetrain;help;auth;google' {
            break
        }
        'voicetrain;help;auth;hubspot' {
            break
        }
        'voicetrain;help;auth;status' {
            break
        }
        'voicetrain;help;auth;token' {
            break
        }
        'voicetrain;help;auth;logout' {
            break
        }
        'voicetrain;help;auth;switch' {
            break
        }
        'voicetrain;help;tokens' {
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Refresh every token that expires soon; silent on success (for cron)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'One row a token, never the secret itself')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The audit trail: stored, refreshed, refresh_failed, revoked, used')
            break
        }
        'voicetrain;help;tokens;refresh' {
            break
        }
        'voicetrain;help;tokens;list' {
            break
        }
        'voicetrain;help;tokens;log' {
            break
        }
        'voicetrain;help;key' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where the key comes from, its fingerprint, and whether it opens the store')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Make a new key and re-encrypt every stored secret with it')
            break
        }
        'voicetrain;help;key;status' {
            break
        }
        'voicetrain;help;key;rotate' {
            break
        }
        'voicetrain;help;store' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size')
            break
        }
        'voicetrain;help;store;migrate' {
            break
        }
        'voicetrain;help;store;status' {
            break
        }
        'voicetrain;help;completions' {
            break
        }
        'voicetrain;help;doctor' {
            break
        }
        'voicetrain;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

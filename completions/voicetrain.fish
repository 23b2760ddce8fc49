# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_voicetrain_global_optspecs
    string join \n home= config= store= key-file= q/quiet v/verbose color= h/help V/version
end

function __fish_voicetrain_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_voicetrain_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_voicetrain_using_subcommand
    set -l cmd (__fish_voicetrain_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c voicetrain -n "__fish_voicetrain_needs_command" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_needs_command" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_needs_command" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_needs_command" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_needs_command" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -s V -l version -d 'Print version'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "ingest" -d 'Turn files and mail into samples: Drive addresses and IDs, `gmail:` (your sent mail), `hubspot:` (your CRM emails, notes and calls), `youtube:` (what you said in your videos), local files and directories, or `-` for a list on stdin'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "samples" -d 'List, read, search, export and remove samples'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "dataset" -d 'Make a training dataset from the samples, and check one'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "sources" -d 'Remember sources for `sync`: add, list, remove'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "sync" -d 'Ingest every remembered source incrementally (for cron: silent unless something fails)'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "auth" -d 'Log in to Google or HubSpot, and manage the accounts logged in'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "tokens" -d 'Keep OAuth tokens fresh (for cron), list them, read their audit trail'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "key" -d 'The key that encrypts stored tokens'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "store" -d 'The store: where it is, its schema, what it holds'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "doctor" -d 'Check everything voicetrain depends on, one line each, and say what to do about what is wrong (config, key, keyring, store, each account\'s token, Google\'s endpoints)'
complete -c voicetrain -n "__fish_voicetrain_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l title -d 'Title for the sample (only when one file is ingested)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l tag -d 'Tag every sample touched (repeatable)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l exclude -d 'Leave out what GLOB matches in a directory walked (repeatable): gitignore-style, on the path within that directory, e.g. \'*.md\', \'drafts/\', \'/notes/old*\'' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l types -d 'Only these kinds (comma-separated): docs (Google Docs, .docx, .odt, .rtf), sheets (Google Sheets, .xlsx, .csv), slides (Google Slides, .pptx, .odp), pdf, images (.png, .jpg, .tiff, read with OCR), text (plain text, Markdown, .html, .epub, and files whose content is text)' -r -f -a "docs\t''
sheets\t''
slides\t''
pdf\t''
images\t''
text\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l jobs -d 'Files or messages handled at once [default: the number of CPUs for local files, 8 for Drive and Gmail]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l max-size -d 'Skip files larger than SIZE (e.g. 20MB, 1GiB)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l account -d 'The Google account to read Drive and Gmail as [default: the default account] [env: VOICETRAIN_ACCOUNT]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l retries -d 'Tries in all for each Drive or Gmail call (overrides config [retry.drive] attempts)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l ocr -d 'When to read scans and images with OCR (Tesseract): auto (pages without text), off, force (every page) [default: config ocr, else auto]' -r -f -a "auto\t'Pages without text (scans) and images; a page with text keeps its text layer'
off\t'Never: scans and images are skipped'
force\t'Every page, its text layer ignored'"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l no-recursive -d 'Do not descend into subdirectories'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l follow -d 'Follow symbolic links out of a directory walked (links within it are followed anyway; a link named as a SOURCE is always followed)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l no-ignore -d 'Walk what .gitignore files (inside a git repository) and .ignore files leave out too'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l force -d 'Extract again even when unchanged'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l dry-run -d 'Say what would happen, store nothing'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -l json -d 'One JSON object a line per file on stdout'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand ingest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -f -a "list" -d 'List samples, newest last'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -f -a "show" -d 'Print one sample: its metadata, then its text'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -f -a "search" -d 'Full-text search, best match first'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -f -a "export" -d 'Write every sample out for training'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -f -a "rm" -d 'Remove samples'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -f -a "stats" -d 'Counts and words, by source, type and account'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and not __fish_seen_subcommand_from list show search export rm stats help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l source -d 'Only samples from this kind of source' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l tag -d 'Only samples with this tag' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l account -d 'Only samples from this account' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N samples (the newest N)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l gone -d 'Show the samples that left their source (deleted, trashed, moved out), and only those'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -l limit -d 'Show at most N results' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l format -d 'Output format' -r -f -a "jsonl\t'One JSON object a line: the text and its metadata'
csv\t'A header row, then one row a sample, the text last'
txt\t'The texts alone, a line holding only the separator between two'"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to FILE instead of stdout (`-`: stdout). A regular file is replaced whole, never left half-written, and keeps its mode; a symlink is written through to its target; a FIFO or device is written to as a stream' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l separator -d 'In --format txt, the line between two samples [default: a form feed, ^L]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l source -d 'Only samples from this kind of source' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l tag -d 'Only samples with this tag' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l account -d 'Only samples from this account' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from help" -f -a "list" -d 'List samples, newest last'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print one sample: its metadata, then its text'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from help" -f -a "search" -d 'Full-text search, best match first'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write every sample out for training'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove samples'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Counts and words, by source, type and account'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand samples; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -f -a "build" -d 'Turn the samples into a training dataset in DIR'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -f -a "check" -d 'Check a dataset directory against its format\'s rules (OpenAI\'s for openai)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and not __fish_seen_subcommand_from build check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l format -d 'Who reads it' -r -f -a "openai\t'OpenAI fine-tuning: train.jsonl, valid.jsonl'
hf\t'A Hugging Face dataset: data/train.jsonl, data/validation.jsonl, a README.md card'
mlx\t'mlx-lm\'s --data directory: train.jsonl, valid.jsonl, test.jsonl'
alpaca\t'Alpaca\'s instruction, input, output: train.jsonl, valid.jsonl'
text\t'Plain text: train.txt, valid.txt, each example followed by a line <|endoftext|>'"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l style -d 'How each example is laid out [default: chat for openai, hf and mlx; completion for alpaca; text for text]' -r -f -a "chat\t'Messages: a system turn (--system), the prompt or the message answered as the user, the author\'s text as the assistant'
completion\t'A prompt and its completion (alpaca: instruction, input, output)'
text\t'The author\'s text alone'"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -s o -l output -d 'The dataset directory: made if missing; an earlier dataset\'s files are replaced' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l valid -d 'The fraction of samples held out for validation' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l test -d 'The fraction of samples held out for testing' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l seed -d 'Decides the split, with each sample\'s ID' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l max-tokens -d 'The most tokens an example may hold, prompt and framing included' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l min-tokens -d 'Leave out examples whose answer has fewer tokens' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l tokenizer -d 'The tokenizer tokens are counted with' -r -f -a "o200k_base\t'GPT-4o, GPT-4.1 and later models'
cl100k_base\t'GPT-4 and GPT-3.5 Turbo'"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l system -d 'A system turn for every example (chat); before the prompt in completions' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l prompt -d 'The prompt for samples that reply to nothing, with {title}, {kind}, {source}, {date} and {part} filled in [default: one for each kind of source, e.g. \'Write the {kind} "{title}".\']' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l near-dup -d 'Keep near-duplicates once (the newest) at this estimated Jaccard similarity of their word 5-shingles, or `off`' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l pii -d 'Replace e-mail addresses, phone and card numbers, IBANs, IP addresses and secrets in URLs with placeholders (`<EMAIL>`, ...), or keep them' -r -f -a "redact\t'Replace PII with typed placeholders'
keep\t'Leave the text as it is'"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l source -d 'Only samples from this kind of source (repeatable: any of them)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l tag -d 'Only samples with this tag (repeatable: any of them)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l account -d 'Only samples from this account' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l since -d 'Only samples written on or after DATE (YYYY-MM-DD, UTC, or an RFC 3339 time)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l until -d 'Only samples written on or before DATE (YYYY-MM-DD: that whole day, UTC; or before an RFC 3339 time)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l jobs -d 'Threads making examples [default: the number of CPUs]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l include-gone -d 'Take samples marked gone (deleted or moved out of their source) too'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l force -d 'Write into a DIR that holds other files (those of an earlier build are replaced, others left alone)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l dry-run -d 'Print the manifest, write nothing'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -l json -d 'Print the manifest as JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -l format -d 'Its format [default: as its manifest.json says]' -r -f -a "openai\t'OpenAI fine-tuning: train.jsonl, valid.jsonl'
hf\t'A Hugging Face dataset: data/train.jsonl, data/validation.jsonl, a README.md card'
mlx\t'mlx-lm\'s --data directory: train.jsonl, valid.jsonl, test.jsonl'
alpaca\t'Alpaca\'s instruction, input, output: train.jsonl, valid.jsonl'
text\t'Plain text: train.txt, valid.txt, each example followed by a line <|endoftext|>'"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -l json -d 'Print the result as JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from help" -f -a "build" -d 'Turn the samples into a training dataset in DIR'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check a dataset directory against its format\'s rules (OpenAI\'s for openai)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand dataset; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -f -a "add" -d 'Remember sources for `sync`, with the ingest options to read them with'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -f -a "list" -d 'List the remembered sources, with how their last sync ended'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -f -a "rm" -d 'Stop syncing sources (their samples stay, unless --forget-samples)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and not __fish_seen_subcommand_from add list rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l tag -d 'Tag every sample it gives (repeatable)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l types -d 'Only these kinds of file (comma-separated: docs, sheets, slides, pdf, images, text)' -r -f -a "docs\t''
sheets\t''
slides\t''
pdf\t''
images\t''
text\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l account -d 'Read it as this account [default: the default account at each sync]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -l no-recursive -d 'Only the top level of a folder or directory'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -l forget-samples -d 'Remove the samples that only this source gave, too'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from help" -f -a "add" -d 'Remember sources for `sync`, with the ingest options to read them with'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the remembered sources, with how their last sync ended'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Stop syncing sources (their samples stay, unless --forget-samples)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sources; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l jobs -d 'Files fetched at once, per source [default: as ingest]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l ocr -d 'When to read scans and images with OCR (Tesseract): auto (pages without text), off, force (every page) [default: config ocr, else auto]' -r -f -a "auto\t'Pages without text (scans) and images; a page with text keeps its text layer'
off\t'Never: scans and images are skipped'
force\t'Every page, its text layer ignored'"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l json -d 'Print one JSON object: how each source\'s sync ended'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -l wait -d 'Wait for a sync already running to end, then sync, instead of exiting at once'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -f -a "google" -d 'Log in to Google in the browser (or with --device), and store the tokens encrypted'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -f -a "hubspot" -d 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -f -a "status" -d 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -f -a "token" -d 'Print a valid access token alone on stdout, refreshing it first if it expires soon'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -f -a "logout" -d 'Revoke an account\'s tokens at the provider and forget them'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -f -a "switch" -d 'Make an account the default'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and not __fish_seen_subcommand_from google hubspot status token logout switch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l scope -d 'Add a scope to the login (repeatable): drive, gmail, youtube, or a scope address [first login: openid email drive]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l client-secrets -d 'Google Cloud Console\'s Desktop-app client JSON; remembered in the config' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l timeout -d 'Give up waiting for the browser after SECS seconds' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l no-browser -d 'Open no browser; the address the browser ended on may also be pasted on stdin'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -l device -d 'Use the device authorization grant (a code to enter on another device)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from google" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l account -d 'The HubSpot user (e-mail) whose words are wanted: a static token carries no user' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l client-secrets -d 'The HubSpot app\'s client ID and secret, as JSON (`client_id`, `client_secret`); remembered in the config' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l timeout -d 'Give up waiting for the browser after SECS seconds' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l token-stdin -d 'Read a private app token or service key from stdin (never from an argument, which `ps` would show)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -l no-browser -d 'Open no browser; the address the browser ended on may also be pasted on stdin'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from hubspot" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -l provider -d 'Only this provider\'s accounts' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -l account -d 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -l provider -d 'The provider of the account [default: the only one with accounts, else google]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -l account -d 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -l provider -d 'The provider of the account [default: the only one with accounts, else google]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -l local-only -d 'Forget the tokens here without revoking them at the provider'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -s y -l yes -d 'Do not ask for confirmation'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -l provider -d 'The provider of the account [default: the only one with accounts, else google]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from switch" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "google" -d 'Log in to Google in the browser (or with --device), and store the tokens encrypted'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "hubspot" -d 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "token" -d 'Print a valid access token alone on stdout, refreshing it first if it expires soon'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Revoke an account\'s tokens at the provider and forget them'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "switch" -d 'Make an account the default'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -f -a "refresh" -d 'Refresh every token that expires soon; silent on success (for cron)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -f -a "list" -d 'One row a token, never the secret itself'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -f -a "log" -d 'The audit trail: stored, refreshed, refresh_failed, revoked, used'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and not __fish_seen_subcommand_from refresh list log help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l within -d 'Refresh tokens that expire within DURATION (e.g. 35m, 2h)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l account -d 'The account (e-mail) to act for [default: the default account] [env: VOICETRAIN_ACCOUNT]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l provider -d 'The provider of the account [default: the only one with accounts, else google]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l retries -d 'Tries in all for each refresh (overrides config [retry.token] attempts)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l force -d 'Refresh every token, however fresh'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -l json -d 'Print a JSON report'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from refresh" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -l provider -d 'Only this provider\'s accounts' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -l limit -d 'Show the newest N events' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -l provider -d 'Only this provider\'s events' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "refresh" -d 'Refresh every token that expires soon; silent on success (for cron)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "list" -d 'One row a token, never the secret itself'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "log" -d 'The audit trail: stored, refreshed, refresh_failed, revoked, used'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand tokens; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -f -a "status" -d 'Where the key comes from, its fingerprint, and whether it opens the store'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -f -a "rotate" -d 'Make a new key and re-encrypt every stored secret with it'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and not __fish_seen_subcommand_from status rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -s y -l yes -d 'Do not ask for confirmation'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "status" -d 'Where the key comes from, its fingerprint, and whether it opens the store'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Make a new key and re-encrypt every stored secret with it'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -f -a "migrate" -d 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -f -a "status" -d 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and not __fish_seen_subcommand_from migrate status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -l to -d 'The new store: a file path that does not exist yet, or the address of an empty PostgreSQL database (postgres://USER@HOST/DB)' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "status" -d 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand completions" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand completions" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand completions" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand completions" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand completions" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand completions" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand completions" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -l home -d 'Keep config, store and key file in DIR [env: VOICETRAIN_HOME]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -l config -d 'Read the configuration from FILE' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -l store -d 'Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env: VOICETRAIN_STORE]' -r
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -l key-file -d 'Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]' -r -F
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -l json -d 'Print JSON'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -s q -l quiet -d 'Print only errors'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -s v -l verbose -d 'Say more (-v: each step and the cause of an error, -vv: more detail)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "ingest" -d 'Turn files and mail into samples: Drive addresses and IDs, `gmail:` (your sent mail), `hubspot:` (your CRM emails, notes and calls), `youtube:` (what you said in your videos), local files and directories, or `-` for a list on stdin'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "samples" -d 'List, read, search, export and remove samples'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "dataset" -d 'Make a training dataset from the samples, and check one'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "sources" -d 'Remember sources for `sync`: add, list, remove'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "sync" -d 'Ingest every remembered source incrementally (for cron: silent unless something fails)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "auth" -d 'Log in to Google or HubSpot, and manage the accounts logged in'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "tokens" -d 'Keep OAuth tokens fresh (for cron), list them, read their audit trail'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "key" -d 'The key that encrypts stored tokens'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "store" -d 'The store: where it is, its schema, what it holds'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "completions" -d 'Print a shell completion script'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "doctor" -d 'Check everything voicetrain depends on, one line each, and say what to do about what is wrong (config, key, keyring, store, each account\'s token, Google\'s endpoints)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and not __fish_seen_subcommand_from ingest samples dataset sources sync auth tokens key store completions doctor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from samples" -f -a "list" -d 'List samples, newest last'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from samples" -f -a "show" -d 'Print one sample: its metadata, then its text'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from samples" -f -a "search" -d 'Full-text search, best match first'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from samples" -f -a "export" -d 'Write every sample out for training'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from samples" -f -a "rm" -d 'Remove samples'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from samples" -f -a "stats" -d 'Counts and words, by source, type and account'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from dataset" -f -a "build" -d 'Turn the samples into a training dataset in DIR'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from dataset" -f -a "check" -d 'Check a dataset directory against its format\'s rules (OpenAI\'s for openai)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from sources" -f -a "add" -d 'Remember sources for `sync`, with the ingest options to read them with'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from sources" -f -a "list" -d 'List the remembered sources, with how their last sync ended'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from sources" -f -a "rm" -d 'Stop syncing sources (their samples stay, unless --forget-samples)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "google" -d 'Log in to Google in the browser (or with --device), and store the tokens encrypted'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "hubspot" -d 'Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "token" -d 'Print a valid access token alone on stdout, refreshing it first if it expires soon'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'Revoke an account\'s tokens at the provider and forget them'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "switch" -d 'Make an account the default'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "refresh" -d 'Refresh every token that expires soon; silent on success (for cron)'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "list" -d 'One row a token, never the secret itself'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from tokens" -f -a "log" -d 'The audit trail: stored, refreshed, refresh_failed, revoked, used'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "status" -d 'Where the key comes from, its fingerprint, and whether it opens the store'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "rotate" -d 'Make a new key and re-encrypt every stored secret with it'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "migrate" -d 'Copy this store into a new store file or an empty PostgreSQL database, in one transaction, checked table by table; this store is left as it is'
complete -c voicetrain -n "__fish_voicetrain_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "status" -d 'Where the store is, its kind and schema version, how many accounts, tokens, samples and remembered sources it holds, and its size'

#!/usr/bin/env bash
# Builds the PDF extractor comparison and runs it on a corpus of real PDFs that this project
# did not make: Debian's documentation packages (pdfTeX, LuaTeX, XeTeX, Ghostscript,
# Distiller and groff/gropdf output), against poppler's pdftotext. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v pdftotext >/dev/null || [ ! -d /usr/share/doc/texlive-doc ]; then
  apt-get install -y -qq --no-install-recommends poppler-utils texlive-latex-base-doc groff ghostscript-doc >/dev/null
fi
corpus=${CORPUS:-$(mktemp -d)}
i=0
while IFS= read -r f; do
  i=$((i + 1))
  case "$f" in
    *.pdf.gz) gunzip -c "$f" > "$corpus/$i.pdf" ;;
    *) cp "$f" "$corpus/$i.pdf" ;;
  esac
done < <(find /usr/share/doc -name '*.pdf' -o -name '*.pdf.gz' | sort)
cargo build --release --quiet
./target/release/pdf-compare compare "$corpus"

# End to end through the product, both cores, against pdftotext one file at a time, in the
# same run: wall seconds and peak memory (the largest of voicetrain and its extractor children).
(cd ../.. && cargo build --release --quiet)
home=$(mktemp -d)
e2e=$( { VOICETRAIN_NO_KEYRING=1 /usr/bin/time -f "%e %M" ../../target/release/voicetrain --home "$home" ingest "$corpus" -q; } 2>&1 | tail -1)
ref=$( { /usr/bin/time -f "%e" bash -c 'for f in "$1"/*.pdf; do pdftotext -enc UTF-8 "$f" - >/dev/null 2>&1; done' _ "$corpus"; } 2>&1 | tail -1)
read -r secs kb <<<"$e2e"
echo
echo "voicetrain ingest of $(ls "$corpus"/*.pdf | wc -l) PDFs: ${secs} s (peak $((kb / 1024)) MB); pdftotext one at a time: ${ref} s; $(awk -v r="$ref" -v s="$secs" 'BEGIN { printf "%.2f", r / s }')x"
rm -rf "$home"

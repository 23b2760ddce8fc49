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

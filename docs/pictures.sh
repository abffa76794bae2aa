#!/usr/bin/env bash
# Regenerate the README's pictures from ronten's real output: the first page of the rendered
# example memo, and the first page of the 新旧対照表 between it and docs/memo-v2.md.
# Needs LibreOffice (soffice) and poppler (pdftoppm). Run from anywhere: docs/pictures.sh
# (70 dpi keeps each PNG under 150 KB and the text legible)
set -euo pipefail
cd "$(dirname "$0")/.."

ronten=${RONTEN:-.venv/bin/ronten}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fixed date keeps the documents (and so the pictures) the same from run to run.
export SOURCE_DATE_EPOCH=1796083200

"$ronten" render outlines/memo.md -o "$work/memo.docx" \
    --set material=資料1 --set session=2 --set date=2026-12-10 \
    --set committee=都市自治体のデジタル人材に関する研究会
# diff exits 1 when the versions differ, which is the point here.
"$ronten" diff outlines/memo.md docs/memo-v2.md -o "$work/shinkyu.docx" || [ $? -eq 1 ]

# A private LibreOffice profile, so a running LibreOffice (or another conversion) does not block this one.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
    --outdir "$work" "$work/memo.docx" "$work/shinkyu.docx" >/dev/null

pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/memo.pdf" docs/memo-page1
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/shinkyu.pdf" docs/shinkyu
ls -l docs/memo-page1.png docs/shinkyu.png

#!/usr/bin/env bash
# Regenerate the README's pictures from ronten's real output, as LibreOffice prints them: the first
# page of the rendered example memo, of the 新旧対照表 between it and docs/memo-v2.md, of a deep
# 第1-style memo (outlines/deep-memo.md) and of the example meeting's 次第.
# Needs LibreOffice (soffice), poppler (pdftoppm) and, for the pictures to show 明朝 and ゴシック as
# Word does, the IPAex fonts. Run from anywhere: docs/pictures.sh
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
"$ronten" render outlines/deep-memo.md -o "$work/deep-memo.docx"
"$ronten" agenda outlines/meeting.yaml -o "$work/shidai.docx"

# Without ＭＳ 明朝 and ＭＳ ゴシック, fontconfig hands LibreOffice one fallback face for both; these
# aliases give it the IPAex faces of the same design, as an office PC would show the MS ones.
cat >"$work/fonts.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>ＭＳ 明朝</family><prefer><family>IPAexMincho</family></prefer></alias>
  <alias binding="same"><family>ＭＳ ゴシック</family><prefer><family>IPAexGothic</family></prefer></alias>
</fontconfig>
EOF
# A private LibreOffice profile, so a running LibreOffice (or another conversion) does not block this one.
FONTCONFIG_FILE="$work/fonts.conf" soffice -env:UserInstallation="file://$work/profile" --headless \
    --convert-to pdf --outdir "$work" \
    "$work/memo.docx" "$work/shinkyu.docx" "$work/deep-memo.docx" "$work/shidai.docx" >/dev/null

pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/memo.pdf" docs/memo-page1
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/shinkyu.pdf" docs/shinkyu
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/deep-memo.pdf" docs/deep-memo
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/shidai.pdf" docs/shidai
ls -l docs/memo-page1.png docs/shinkyu.png docs/deep-memo.png docs/shidai.png

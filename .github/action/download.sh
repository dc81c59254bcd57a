#!/usr/bin/env bash
# The action's download step: the release archive and its .sha256, the
# checksum compared, the executable copied into $BIN. Writes installed=true
# to $GITHUB_OUTPUT, or installed=false when the release has no such
# archive (the action then builds from source). A checksum that does not
# match fails the step: nothing unverified is installed.
#
# In: REPOSITORY, VERSION, ARCHIVE, BIN; BRIEF_RELEASES_URL replaces
# https://github.com/$REPOSITORY/releases/download (a mirror, or a test).
set -euo pipefail

base=${BRIEF_RELEASES_URL:-https://github.com/$REPOSITORY/releases/download}
url="$base/v$VERSION/$ARCHIVE"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"
}

if ! fetch "$url" "$work/$ARCHIVE"; then
  echo "::notice title=brief::no release archive at $url; building brief from source"
  echo "installed=false" >> "$GITHUB_OUTPUT"
  exit 0
fi
if ! fetch "$url.sha256" "$work/$ARCHIVE.sha256"; then
  echo "::error title=brief::$url has no .sha256 beside it; not installing an unverified binary"
  exit 1
fi

expected=$(awk '{ print tolower($1); exit }' "$work/$ARCHIVE.sha256")
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$ARCHIVE" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$ARCHIVE" | awk '{ print $1 }')
fi
if [ "$expected" != "$actual" ]; then
  echo "::error title=brief::$ARCHIVE has SHA-256 $actual, but the release says $expected"
  exit 1
fi

mkdir -p "$work/unpacked"
case "$ARCHIVE" in
  *.zip)
    if command -v unzip >/dev/null; then
      unzip -q "$work/$ARCHIVE" -d "$work/unpacked"
    else
      7z x -y -o"$work/unpacked" "$work/$ARCHIVE" >/dev/null
    fi
    executable=brief.exe
    ;;
  *)
    tar -xzf "$work/$ARCHIVE" -C "$work/unpacked"
    executable=brief
    ;;
esac
stem=${ARCHIVE%.tar.gz}
stem=${stem%.zip}
mkdir -p "$BIN"
cp "$work/unpacked/$stem/$executable" "$BIN/$executable"
chmod +x "$BIN/$executable"
echo "installed=true" >> "$GITHUB_OUTPUT"
echo "brief $VERSION installed from $url (SHA-256 $actual)"

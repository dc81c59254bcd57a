#!/usr/bin/env bash
# The action's fallback when no release binary fits the runner: build the
# same version with `cargo install --locked` (the action's own source when
# it is that version, else the release's tag) into the folder above $BIN.
#
# In: REPOSITORY, VERSION, SOURCE_VERSION, BIN, ACTION_PATH.
set -euo pipefail

if ! command -v cargo >/dev/null; then
  echo "::error title=brief::no release binary fits this runner and cargo is not installed to build one (add dtolnay/rust-toolchain before this step)"
  exit 1
fi
root=$(dirname "$BIN")
if [ "$VERSION" = "$SOURCE_VERSION" ]; then
  cargo install --locked --path "$ACTION_PATH" --root "$root" --bin brief
else
  cargo install --locked --git "https://github.com/$REPOSITORY" --tag "v$VERSION" --root "$root" --bin brief brief
fi

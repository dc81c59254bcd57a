#!/usr/bin/env bash
# The action's first step: which brief to install, for which target, from
# which archive, into which folder. Writes them to $GITHUB_OUTPUT.
#
# In: INPUT_VERSION (may be empty), ACTION_REPOSITORY, ACTION_REF (may be
# empty in a composite action), ACTION_PATH, RUNNER_OS, RUNNER_ARCH,
# RUNNER_TOOL_CACHE or RUNNER_TEMP.
set -euo pipefail

# The action's repository: from the context, else from its folder, which
# the runner lays out as …/_actions/OWNER/REPO/REF.
repository=${ACTION_REPOSITORY:-}
if [ -z "$repository" ]; then
  repo_dir=$(dirname "$ACTION_PATH")
  repository="$(basename "$(dirname "$repo_dir")")/$(basename "$repo_dir")"
fi

# The version of the source the action runs from: its Cargo.toml at the
# action's ref. `@v1` is a moving tag with no release of its own, so the
# default version comes from here rather than from the ref's name.
source_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ACTION_PATH/Cargo.toml" 2>/dev/null | head -n 1 || true)
version=${INPUT_VERSION:-$source_version}
version=${version#v}
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]]; then
  echo "::error title=brief::version \`$version\` is not a release number such as 1.2.3"
  exit 1
fi

# The release archive built for this runner, if the release workflow
# builds one.
archive=""
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac
if [ -n "$target" ]; then
  extension=tar.gz
  [ "${RUNNER_OS:-}" = Windows ] && extension=zip
  archive="brief-v$version-$target.$extension"
else
  # Built from source: cached apart from any release binary.
  target="source-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}"
fi

tools=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}}
bin="$tools/brief/$version/$target/bin"

{
  echo "repository=$repository"
  echo "version=$version"
  echo "source-version=$source_version"
  echo "target=$target"
  echo "archive=$archive"
  echo "bin=$bin"
} >> "$GITHUB_OUTPUT"
echo "brief $version for $target from $repository${ACTION_REF:+ (action ref $ACTION_REF)}"

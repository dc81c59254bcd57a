#!/usr/bin/env bash
# Rebuilds assets/fonts/NotoSansSymbols2-Subset.ttf: Noto Sans Symbols 2
# cut to the symbols (U+2100-27BF, U+2900-297F, U+2B00-2BFF) that no other
# shipped font has. Needs `pip install fonttools` and Debian's
# fonts-noto-core (downloaded, not installed). See assets/fonts/OFL.txt.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && apt-get download fonts-noto-core >/dev/null && dpkg-deb -x fonts-noto-core_*.deb noto)
SOURCE=$(find "$WORK/noto" -name NotoSansSymbols2-Regular.ttf)
python3 - "$REPO/assets/fonts" "$SOURCE" > "$WORK/unicodes.txt" <<'PY'
import glob, sys
from fontTools.ttLib import TTFont
fonts, source = sys.argv[1], sys.argv[2]
have = set()
for path in glob.glob(f"{fonts}/*.ttf"):
    if "Symbols2" not in path:
        have |= set(TTFont(path).getBestCmap())
ranges = [(0x2100, 0x27BF), (0x2900, 0x297F), (0x2B00, 0x2BFF)]
wanted = sorted(c for c in set(TTFont(source).getBestCmap()) - have
                if any(a <= c <= b for a, b in ranges))
print(",".join(f"U+{c:04X}" for c in wanted))
PY
pyftsubset "$SOURCE" --unicodes-file="$WORK/unicodes.txt" \
  --output-file="$REPO/assets/fonts/NotoSansSymbols2-Subset.ttf" \
  --layout-features='*' --name-IDs='*' --name-legacy --notdef-outline

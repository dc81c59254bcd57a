#!/usr/bin/env python3
"""Compiles .typ files to PDF with the `typst` PyPI package (Typst's own
compiler, in process), one after another, with the repository's fonts.

    python3 tools/typst_compile.py OUT_DIR FILE.typ...

Prints each file's page count (from the PDF's /Count) to stderr.
"""

import os
import re
import sys

import typst

FONTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "fonts")


def main(argv):
    out_dir, files = argv[1], argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    for path in files:
        target = os.path.join(out_dir, os.path.basename(path)[:-4] + ".pdf")
        typst.compile(path, output=target, font_paths=[FONTS], ignore_system_fonts=True, pdf_tags=False)
        data = open(target, "rb").read()
        counts = [int(c) for c in re.findall(rb"/Count (\d+)", data)]
        sys.stderr.write("%s: %d pages\n" % (target, max(counts) if counts else -1))


if __name__ == "__main__":
    main(sys.argv)

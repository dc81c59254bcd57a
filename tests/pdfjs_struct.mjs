// Prints the structure tree of a PDF as pdf.js reads it (getStructTree),
// one role a line, indented by depth, page after page.
// Usage: NODE_PATH=.ci/cache/node_modules node tests/pdfjs_struct.mjs FILE.pdf
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const base = process.env.NODE_PATH || "";
const entry = require.resolve("pdfjs-dist/legacy/build/pdf.mjs", { paths: [base] });
const pdfjs = await import(entry);

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await pdfjs.getDocument({ data, disableFontFace: true, useSystemFonts: false }).promise;
const print = (node, depth) => {
  if (!node || typeof node !== "object" || !node.role) return;
  console.log(`${"  ".repeat(depth)}${node.role}`);
  for (const child of node.children || []) print(child, depth + 1);
};
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const tree = await page.getStructTree();
  for (const child of tree?.children || []) print(child, 0);
}

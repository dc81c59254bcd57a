//! PDF/UA-1 without veraPDF: a checker of our own over every PDF the
//! sample builds, written against the Matterhorn Protocol's
//! machine-checkable failure conditions (README, "Accessible PDFs", lists
//! which), then two independent readers of the structure tree: poppler
//! (`pdfinfo -struct-text`) and pdf.js (`getStructTree`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use tempfile::TempDir;

use crate::util::binary;

/// Operators that paint: text showing, path painting, XObjects, shadings.
const PAINTING: [&str; 17] = [
    "Tj", "TJ", "'", "\"", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI", "EI",
];

fn name(object: &Object) -> Option<&[u8]> {
    object.as_name().ok()
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let object = dict.get(key).ok()?;
    doc.dereference(object).ok().map(|(_, o)| o)
}

fn dict_of<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object).ok()?.1.as_dict().ok()
}

/// A problem, named by its Matterhorn checkpoint.
fn problem(out: &mut Vec<String>, checkpoint: &str, what: String) {
    out.push(format!("{checkpoint}: {what}"));
}

/// What one walk of the structure tree found.
#[derive(Default)]
struct Walk {
    /// (page object, MCID) of every marked-content reference.
    mcids: BTreeSet<(ObjectId, i64)>,
    /// Annotations referenced by an `OBJR`, and the elements' types.
    objrs: BTreeSet<ObjectId>,
    /// Heading levels in reading order.
    headings: Vec<u8>,
}

fn walk(
    doc: &Document,
    element: &Object,
    page: Option<ObjectId>,
    walk_out: &mut Walk,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > 200 {
        problem(
            out,
            "01-000",
            "the structure tree is deeper than 200".into(),
        );
        return;
    }
    let Some(dict) = dict_of(doc, element) else {
        return;
    };
    let page = dict
        .get(b"Pg")
        .ok()
        .and_then(|p| p.as_reference().ok())
        .or(page);
    let kind = dict
        .get(b"S")
        .ok()
        .and_then(name)
        .unwrap_or_default()
        .to_vec();
    let kind_text = String::from_utf8_lossy(&kind).into_owned();
    if let Some(level) = kind_text
        .strip_prefix('H')
        .and_then(|l| l.parse::<u8>().ok())
    {
        walk_out.headings.push(level);
    }
    if kind == b"Figure" && dict.get(b"Alt").is_err() && dict.get(b"ActualText").is_err() {
        problem(out, "13-004", "a Figure without /Alt".into());
    }
    if kind == b"TH" {
        let scope = get(doc, dict, b"A")
            .and_then(|a| dict_of(doc, a))
            .and_then(|a| a.get(b"Scope").ok());
        if scope.is_none() {
            problem(out, "15-003", "a TH without /Scope".into());
        }
    }
    if kind == b"Note" && dict.get(b"ID").is_err() {
        problem(out, "19-003", "a Note without /ID".into());
    }
    let kids: Vec<Object> = match dict.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(kid) => vec![kid.clone()],
        Err(_) => Vec::new(),
    };
    let mut has_objr = false;
    for kid in &kids {
        match kid {
            Object::Integer(mcid) => match page {
                Some(page) => {
                    walk_out.mcids.insert((page, *mcid));
                }
                None => problem(
                    out,
                    "01-000",
                    format!("MCID {mcid} of {kind_text} has no page"),
                ),
            },
            Object::Reference(_) | Object::Dictionary(_) => {
                let Some(kid_dict) = dict_of(doc, kid) else {
                    continue;
                };
                let kid_type = kid_dict.get(b"Type").ok().and_then(name);
                let kid_page = kid_dict
                    .get(b"Pg")
                    .ok()
                    .and_then(|p| p.as_reference().ok())
                    .or(page);
                match kid_type {
                    Some(b"MCR") => {
                        if let (Some(page), Ok(mcid)) =
                            (kid_page, kid_dict.get(b"MCID").and_then(Object::as_i64))
                        {
                            walk_out.mcids.insert((page, mcid));
                        }
                    }
                    Some(b"OBJR") => {
                        has_objr = true;
                        if let Ok(annot) = kid_dict.get(b"Obj").and_then(Object::as_reference) {
                            walk_out.objrs.insert(annot);
                        }
                    }
                    _ => walk(doc, kid, page, walk_out, out, depth + 1),
                }
            }
            _ => {}
        }
    }
    if kind == b"Link" && !has_objr {
        problem(
            out,
            "28-011",
            "a Link element without the OBJR of its annotation".into(),
        );
    }
}

/// Every problem the checker finds in `pdf`, one line each, led by its
/// Matterhorn checkpoint.
pub(crate) fn check(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let doc = match Document::load_mem(pdf) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("unreadable: {e}")],
    };
    let Some(catalog) = doc.trailer.get(b"Root").ok().and_then(|r| dict_of(&doc, r)) else {
        return vec!["no catalog".into()];
    };
    let marked = get(&doc, catalog, b"MarkInfo")
        .and_then(|m| dict_of(&doc, m))
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|m| m.as_bool().ok());
    if marked != Some(true) {
        problem(&mut out, "01-002", "no /MarkInfo << /Marked true >>".into());
    }
    let suspects = get(&doc, catalog, b"MarkInfo")
        .and_then(|m| dict_of(&doc, m))
        .and_then(|m| m.get(b"Suspects").ok())
        .and_then(|m| m.as_bool().ok());
    if suspects == Some(true) {
        problem(&mut out, "01-007", "/Suspects true".into());
    }
    let lang = get(&doc, catalog, b"Lang").and_then(|l| l.as_str().ok());
    if lang.is_none_or(|l| l.is_empty()) {
        problem(&mut out, "11-006", "no /Lang on the catalog".into());
    }
    let display_title = get(&doc, catalog, b"ViewerPreferences")
        .and_then(|v| dict_of(&doc, v))
        .and_then(|v| v.get(b"DisplayDocTitle").ok())
        .and_then(|v| v.as_bool().ok());
    match display_title {
        None => problem(&mut out, "07-001", "no /DisplayDocTitle".into()),
        Some(false) => problem(&mut out, "07-002", "/DisplayDocTitle false".into()),
        Some(true) => {}
    }
    match get(&doc, catalog, b"Metadata").and_then(|m| m.as_stream().ok()) {
        None => problem(&mut out, "06-001", "no XMP metadata stream".into()),
        Some(stream) => {
            let xmp = String::from_utf8_lossy(&stream.content);
            if !xmp.contains("<pdfuaid:part>1</pdfuaid:part>") {
                problem(&mut out, "06-002", "no pdfuaid:part 1 in the XMP".into());
            }
            if !xmp.contains("<dc:title>") {
                problem(&mut out, "06-003", "no dc:title in the XMP".into());
            }
        }
    }

    // The structure tree, from its root.
    let mut found = Walk::default();
    let root = get(&doc, catalog, b"StructTreeRoot").and_then(|r| dict_of(&doc, r));
    let empty = Dictionary::new();
    let root = root.unwrap_or_else(|| {
        problem(&mut out, "01-000", "no structure tree".into());
        &empty
    });
    if let Ok(k) = root.get(b"K") {
        let kids = match k {
            Object::Array(kids) => kids.clone(),
            kid => vec![kid.clone()],
        };
        for kid in &kids {
            walk(&doc, kid, None, &mut found, &mut out, 0);
        }
    }
    if found.headings.first().is_some_and(|&h| h != 1) {
        problem(
            &mut out,
            "14-002",
            format!("the first heading is H{}", found.headings[0]),
        );
    }
    for pair in found.headings.windows(2) {
        if pair[1] > pair[0] + 1 {
            problem(
                &mut out,
                "14-003",
                format!("H{} follows H{}", pair[1], pair[0]),
            );
        }
    }
    // The parent tree: key → entry.
    let mut parents: BTreeMap<i64, Object> = BTreeMap::new();
    if let Some(Object::Array(nums)) = get(&doc, root, b"ParentTree")
        .and_then(|p| dict_of(&doc, p))
        .and_then(|p| get(&doc, p, b"Nums"))
    {
        for pair in nums.chunks(2) {
            if let [Object::Integer(key), value] = pair {
                parents.insert(*key, value.clone());
            }
        }
    }

    for (number, page) in doc.get_pages() {
        let Ok(page_dict) = doc.get_dictionary(page) else {
            continue;
        };
        // Marked content in the content stream.
        let content = doc.get_page_content(page);
        let ops = Content::decode(&content)
            .map(|c| c.operations)
            .unwrap_or_default();
        let mut stack: Vec<bool> = Vec::new();
        let mut mcids = BTreeSet::new();
        for op in &ops {
            match op.operator.as_str() {
                "BMC" => stack.push(false),
                "BDC" => {
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|p| dict_of(&doc, p))
                        .and_then(|p| p.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    if let Some(mcid) = mcid
                        && !mcids.insert(mcid)
                    {
                        problem(
                            &mut out,
                            "01-000",
                            format!("page {number}: MCID {mcid} twice"),
                        );
                    }
                    stack.push(mcid.is_some());
                }
                "EMC" if stack.pop().is_none() => {
                    problem(
                        &mut out,
                        "01-000",
                        format!("page {number}: EMC without BDC"),
                    );
                }
                painting if PAINTING.contains(&painting) && stack.is_empty() => {
                    problem(
                        &mut out,
                        "01-005",
                        format!("page {number}: `{painting}` outside marked content"),
                    );
                }
                _ => {}
            }
        }
        if !stack.is_empty() {
            problem(
                &mut out,
                "01-000",
                format!("page {number}: marked content left open"),
            );
        }
        // Every MCID has its element, in the tree and in the parent tree.
        let parent_array = page_dict
            .get(b"StructParents")
            .ok()
            .and_then(|k| k.as_i64().ok())
            .and_then(|k| parents.get(&k))
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok());
        for &mcid in &mcids {
            if !found.mcids.contains(&(page, mcid)) {
                problem(
                    &mut out,
                    "01-000",
                    format!("page {number}: MCID {mcid} has no element"),
                );
            }
            let entry = parent_array.and_then(|a| a.get(mcid as usize));
            if !matches!(entry, Some(Object::Reference(_))) {
                problem(
                    &mut out,
                    "01-000",
                    format!("page {number}: MCID {mcid} not in the ParentTree"),
                );
            }
        }
        for &(p, mcid) in &found.mcids {
            if p == page && !mcids.contains(&mcid) {
                problem(
                    &mut out,
                    "01-000",
                    format!("page {number}: element of MCID {mcid}, not in the page"),
                );
            }
        }
        // Annotations: in a Link element, described, printed; the page's
        // tab order follows the structure.
        let annots = get(&doc, page_dict, b"Annots")
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        if !annots.is_empty() {
            let tabs = page_dict.get(b"Tabs").ok().and_then(name);
            if tabs.is_none() {
                problem(
                    &mut out,
                    "28-008",
                    format!("page {number}: annotations and no /Tabs"),
                );
            } else if tabs != Some(b"S") {
                problem(
                    &mut out,
                    "28-009",
                    format!("page {number}: /Tabs is not /S"),
                );
            }
        }
        for annot in &annots {
            let id = annot.as_reference().ok();
            let Some(dict) = dict_of(&doc, annot) else {
                continue;
            };
            if dict.get(b"Subtype").ok().and_then(name) == Some(b"Link") {
                if id.is_none_or(|id| !found.objrs.contains(&id))
                    || dict.get(b"StructParent").is_err()
                {
                    problem(
                        &mut out,
                        "28-011",
                        format!("page {number}: a link annotation outside a Link element"),
                    );
                }
                if dict.get(b"Contents").is_err() {
                    problem(
                        &mut out,
                        "28-004",
                        format!("page {number}: a link annotation without /Contents"),
                    );
                }
            }
        }
    }
    out
}

/// Every PDF a build of the sample (the repository's own workspace)
/// writes, by path, into a new temporary folder.
fn sample_pdfs(extra: &[&str]) -> (TempDir, Vec<(String, Vec<u8>)>) {
    let out = tempfile::Builder::new()
        .prefix("brief-pdfua-")
        .tempdir()
        .expect("a temporary folder");
    let mut args = vec![
        "build",
        "--root",
        env!("CARGO_MANIFEST_DIR"),
        "--out",
        out.path().to_str().expect("a UTF-8 path"),
        "--format",
        "pdf",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let run = Command::new(binary())
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run brief");
    assert!(
        run.status.success(),
        "stderr:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut pdfs = Vec::new();
    for folder in [out.path().to_path_buf(), out.path().join("packets")] {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "pdf") {
                let bytes = std::fs::read(&path).expect("read the PDF");
                pdfs.push((path.display().to_string(), bytes));
            }
        }
    }
    assert!(pdfs.len() >= 4, "briefs and packets: {}", pdfs.len());
    (out, pdfs)
}

#[test]
fn every_pdf_passes_the_matterhorn_checks() {
    for standard in ["ua-1", "a-2b"] {
        let (_ws, pdfs) = sample_pdfs(&["--pdf-standard", standard]);
        for (path, pdf) in pdfs {
            let problems = check(&pdf);
            assert!(
                problems.is_empty(),
                "{standard} {path}:\n{}",
                problems.join("\n")
            );
        }
    }
}

#[test]
fn the_checker_finds_an_untagged_pdf_wanting() {
    let (_ws, pdfs) = sample_pdfs(&["--pdf-standard", "none"]);
    let problems = check(&pdfs[0].1);
    for checkpoint in ["01-002", "01-005", "06-001", "07-001", "11-006"] {
        assert!(
            problems.iter().any(|p| p.starts_with(checkpoint)),
            "{checkpoint} not found in {problems:?}"
        );
    }
}

#[test]
fn pdf_a_2b_carries_its_identification_and_output_intent() {
    let (_ws, pdfs) = sample_pdfs(&["--pdf-standard", "a-2b"]);
    for (path, pdf) in pdfs {
        let doc = Document::load_mem(&pdf).expect("a PDF");
        let catalog = doc.catalog().expect("a catalog");
        let xmp = get(&doc, catalog, b"Metadata")
            .and_then(|m| m.as_stream().ok())
            .expect("XMP");
        assert!(
            xmp.dict.get(b"Filter").is_err(),
            "{path}: the XMP is filtered"
        );
        let xmp = String::from_utf8_lossy(&xmp.content);
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{path}");
        assert!(
            xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{path}"
        );
        let intents = get(&doc, catalog, b"OutputIntents")
            .and_then(|o| o.as_array().ok())
            .expect("output intents");
        let intent = dict_of(&doc, &intents[0]).expect("an intent");
        assert_eq!(
            intent.get(b"S").ok().and_then(name),
            Some(&b"GTS_PDFA1"[..])
        );
        let profile = get(&doc, intent, b"DestOutputProfile")
            .and_then(|p| p.as_stream().ok())
            .expect("an ICC profile");
        let bytes = profile
            .decompressed_content()
            .unwrap_or_else(|_| profile.content.clone());
        assert_eq!(&bytes[12..20], b"mntrRGB ", "{path}");
        assert!(pdf.starts_with(b"%PDF-1.7"), "{path}");
    }
}

#[test]
fn untagged_pdfs_are_what_none_asks_for() {
    let (_ws, pdfs) = sample_pdfs(&["--pdf-standard", "none"]);
    let doc = Document::load_mem(&pdfs[0].1).expect("a PDF");
    assert!(
        doc.catalog()
            .expect("a catalog")
            .get(b"StructTreeRoot")
            .is_err()
    );
}

fn pdfinfo(path: &Path, args: &[&str]) -> String {
    let out = Command::new("pdfinfo")
        .args(args)
        .arg(path)
        .output()
        .expect("run pdfinfo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs pdfinfo (poppler-utils)"]
fn poppler_reads_the_structure_in_page_order_with_its_roles() {
    let (ws, pdfs) = sample_pdfs(&[]);
    for (path, _) in &pdfs {
        let info = pdfinfo(Path::new(path), &[]);
        assert!(info.contains("Tagged:          yes"), "{path}:\n{info}");
    }
    let brief = ws.path().join("us-iran-talks.pdf");
    let tree = pdfinfo(&brief, &["-struct-text"]);
    assert!(tree.starts_with("Document"), "{tree}");
    // Headings in the order of the page, each in its role.
    let order = [
        "H1 (block)",
        "\"Bottom line\"",
        "\"What happened\"",
        "\"Who gains leverage\"",
        "\"Scenarios\"",
        "\"Sources\"",
    ];
    let mut at = 0;
    for wanted in order {
        let found = tree[at..]
            .find(wanted)
            .unwrap_or_else(|| panic!("{wanted} is not after the one before it:\n{tree}"));
        at += found + wanted.len();
    }
    for role in [
        "H2 (block)",
        "L (block)",
        "LI (block)",
        "Lbl (block)",
        "LBody (block)",
    ] {
        assert!(tree.contains(role), "no {role}:\n{tree}");
    }
    for role in [
        "Table (block)",
        "THead",
        "TBody",
        "TR",
        "TH",
        "TD",
        "Figure",
        "Caption",
    ] {
        assert!(tree.contains(role), "no {role}:\n{tree}");
    }
    assert!(tree.contains("/Scope /Column"), "no TH scope:\n{tree}");
    assert!(tree.contains("Link (inline)"), "no link:\n{tree}");
    // A table's header, then its rows, in order.
    let table = tree.find("\"Actor\"").expect("the actor table's header");
    let first = tree[table..].find("\"Qatar\"").expect("its first row");
    let second = tree[table..].find("\"Iran\"").expect("its second row");
    assert!(first < second, "rows out of order");
}

#[test]
#[ignore = "needs node and pdfjs-dist (.ci/run installs them into .ci/cache)"]
fn pdf_js_reads_the_same_structure_tree() {
    let (ws, _) = sample_pdfs(&[]);
    let brief = ws.path().join("us-iran-talks.pdf");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdfjs_struct.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(&brief)
        .env(
            "NODE_PATH",
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/cache/node_modules"),
        )
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One line per element: its role; pages in order.
    let roles: Vec<&str> = stdout.lines().collect();
    for role in [
        "Document", "H1", "H2", "P", "L", "LI", "Table", "TH", "TD", "Figure", "Link",
    ] {
        assert!(
            roles.iter().any(|r| r.trim() == role),
            "pdf.js sees no {role}:\n{stdout}"
        );
    }
    let h1 = roles.iter().position(|r| r.trim() == "H1").expect("an H1");
    let h2 = roles.iter().position(|r| r.trim() == "H2").expect("an H2");
    assert!(h1 < h2, "H1 after H2:\n{stdout}");
}

/// A line broken at a space draws that space past its end, so readers
/// find the word boundary there: poppler's structure text and copied
/// text keep the words apart, and copy gains no double spaces.
#[test]
#[ignore = "needs pdfinfo and pdftotext (poppler-utils)"]
fn words_broken_across_lines_stay_apart_in_extracted_text() {
    let (ws, _) = sample_pdfs(&[]);
    let brief = ws.path().join("hormuz-shipping.pdf");
    let tree = pdfinfo(&brief, &["-struct-text"]);
    // "… war-risk" ends a line of the bottom line, "insurance" starts the next.
    assert!(tree.contains("war-risk insurance"), "{tree}");
    assert!(!tree.contains("war-riskinsurance"), "{tree}");
    let us_iran = pdfinfo(&ws.path().join("us-iran-talks.pdf"), &["-struct-text"]);
    assert!(us_iran.contains("now have \""), "{us_iran}");
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&brief)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let copy = String::from_utf8_lossy(&out.stdout);
    assert!(!copy.contains("war-riskinsurance"), "{copy}");
    assert!(!copy.contains("  "), "double spaces:\n{copy}");
    assert!(
        copy.lines().all(|l| !l.ends_with(' ')),
        "trailing spaces:\n{copy}"
    );
}

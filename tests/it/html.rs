//! `brief build --format html`: the sample's pages (snapshots), hostile notes
//! (every field and every spelling of a script link), every example of the
//! CommonMark spec, self-containment, template overrides, and — ignored
//! unless Java and the Nu HTML Checker are there — HTML5 validity.
//!
//! Pages are read by a small tag scanner below (no HTML parser among the
//! dependencies): it knows comments, quoted and unquoted attribute values,
//! raw-text elements and the common character references, which is all the
//! generated pages use.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository is itself a workspace: its sample is what gets built.
const SAMPLE: &str = env!("CARGO_MANIFEST_DIR");

/// Runs the real binary with `NO_COLOR=1`.
fn brief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("brief runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A temporary workspace holding `files` (path relative to the root, text).
fn workspace<P: AsRef<Path>, T: AsRef<[u8]>>(files: impl IntoIterator<Item = (P, T)>) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("brief-html-")
        .tempdir()
        .expect("a temporary folder");
    for (path, text) in files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().expect("a parent folder")).expect("create folders");
        fs::write(full, text).expect("write a workspace file");
    }
    dir
}

/// `brief build --root ROOT --out <new temp dir> --format html,json EXTRA…`.
fn build(root: &Path, extra: &[&str]) -> (Output, TempDir) {
    let out = tempfile::Builder::new()
        .prefix("brief-html-out-")
        .tempdir()
        .expect("a temporary folder");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().expect("a UTF-8 path"),
        "--out",
        out.path().to_str().expect("a UTF-8 path"),
        "--format",
        "html,json",
    ];
    args.extend_from_slice(extra);
    (brief(&args), out)
}

/// Builds and insists on exit 0 (a panic exits 101, an invalid note 1).
fn build_ok(root: &Path) -> TempDir {
    let (output, out) = build(root, &[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "brief build failed:\n{}",
        stderr(&output)
    );
    out
}

/// Builds, insisting on exit 0 but for notes invalid only for images
/// (the CommonMark spec's images name files that are not there, `moon.jpg`,
/// `/url`: those notes are left out, the rest still build). The errors.
fn build_but_images(root: &Path) -> (Vec<String>, TempDir) {
    let (output, out) = build(root, &[]);
    let errors: Vec<String> = stderr(&output)
        .lines()
        .filter(|line| line.contains(": error["))
        .map(str::to_owned)
        .collect();
    assert!(
        output.status.code() == Some(0)
            || (output.status.code() == Some(1)
                && errors.iter().all(|line| line.contains(": error[image-"))),
        "brief build failed:\n{}",
        stderr(&output)
    );
    (errors, out)
}

/// Every `.html` file under `dir`, sorted by path, as (relative path, text).
fn html_pages(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, pages: &mut Vec<(String, String)>) {
        for entry in fs::read_dir(dir).expect("read the output folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                walk(root, &path, pages);
            } else if path.extension().is_some_and(|e| e == "html") {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                pages.push((name, fs::read_to_string(&path).expect("UTF-8 HTML")));
            }
        }
    }
    let mut pages = Vec::new();
    walk(dir, dir, &mut pages);
    pages.sort();
    pages
}

// ---------------------------------------------------------------------------
// A tiny tag scanner.

/// One start tag: lower-cased name, attributes with lower-cased names and
/// values after character-reference decoding.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    raw: String,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A page's start tags and the text of its `<style>` elements.
#[derive(Debug, Default)]
struct Scan {
    tags: Vec<Tag>,
    styles: Vec<String>,
}

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: [&str; 4] = ["style", "script", "textarea", "title"];

fn scan(html: &str) -> Scan {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut scan = Scan::default();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(len, |e| lt + e + 3);
            continue;
        }
        match bytes.get(lt + 1) {
            Some(b'!' | b'?' | b'/') => {
                i = html[lt..].find('>').map_or(len, |e| lt + e + 1);
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => {
                i = lt + 1;
                continue;
            }
        }
        let mut j = lt + 1;
        while j < len && !bytes[j].is_ascii_whitespace() && !matches!(bytes[j], b'>' | b'/') {
            j += 1;
        }
        let name = html[lt + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < len && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= len || bytes[j] == b'>' {
                j = (j + 1).min(len);
                break;
            }
            let start = j;
            while j < len && !bytes[j].is_ascii_whitespace() && !matches!(bytes[j], b'=' | b'>') {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut k = j;
            while k < len && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value = "";
            if bytes.get(k) == Some(&b'=') {
                k += 1;
                while k < len && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                match bytes.get(k) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[k + 1..]
                            .find(char::from(quote))
                            .map_or(len, |e| k + 1 + e);
                        value = &html[k + 1..end];
                        k = (end + 1).min(len);
                    }
                    _ => {
                        let start = k;
                        while k < len && !bytes[k].is_ascii_whitespace() && bytes[k] != b'>' {
                            k += 1;
                        }
                        value = &html[start..k];
                    }
                }
                j = k;
            }
            attrs.push((attr, decode_references(value)));
        }
        let raw = html[lt..j].to_owned();
        i = j;
        if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            let end = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(len, |e| i + e);
            if name == "style" {
                scan.styles.push(html[i..end].to_owned());
            }
            i = end;
        }
        scan.tags.push(Tag { name, attrs, raw });
    }
    scan
}

/// Decodes the character references a browser would in an attribute value:
/// numeric ones (decimal or hex, any number of leading zeros, `;` optional)
/// and the named ones that matter for URLs.
fn decode_references(value: &str) -> String {
    const NAMED: [(&str, char); 9] = [
        ("amp;", '&'),
        ("lt;", '<'),
        ("gt;", '>'),
        ("quot;", '"'),
        ("apos;", '\''),
        ("colon;", ':'),
        ("tab;", '\t'),
        ("newline;", '\n'),
        ("nbsp;", '\u{a0}'),
    ];
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        if let Some(number) = rest.strip_prefix('#') {
            let (hex, digits) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (true, hex),
                None => (false, number),
            };
            let end = digits
                .find(|c: char| {
                    !(if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    })
                })
                .unwrap_or(digits.len());
            let code = u32::from_str_radix(&digits[..end], if hex { 16 } else { 10 }).ok();
            if let Some(c) = code.and_then(char::from_u32).filter(|_| end > 0) {
                out.push(c);
                rest = digits[end..].strip_prefix(';').unwrap_or(&digits[end..]);
                continue;
            }
        } else if let Some((name, c)) = NAMED.iter().find(|(name, _)| {
            rest.get(..name.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(name))
        }) {
            out.push(*c);
            rest = &rest[name.len()..];
            continue;
        }
        out.push('&');
    }
    out.push_str(rest);
    out
}

/// Whether a browser would run or load inline content from this URL:
/// `javascript:`, `data:` or `vbscript:` in any case, whitespace and control
/// characters ignored as browsers ignore them.
fn is_script_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

// ---------------------------------------------------------------------------
// What every built page must satisfy.

/// Raw HTML never live: no script, no frame, no event handler, no script URL.
fn assert_inert(page: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    for needle in ["<script", "<iframe", "<svg onload", "<object", "<embed"] {
        assert!(!lower.contains(needle), "{page}: contains `{needle}`");
    }
    for tag in scan(html).tags {
        for (name, value) in &tag.attrs {
            assert!(
                !(name.starts_with("on") && name.len() > 2),
                "{page}: event handler attribute in {}",
                tag.raw
            );
            // A figure's image is a data: URI of a PNG, JPEG or SVG (an
            // SVG in an <img> runs no script).
            let figure_source = tag.name == "img"
                && name == "src"
                && [
                    "data:image/png;base64,",
                    "data:image/jpeg;base64,",
                    "data:image/svg+xml;base64,",
                ]
                .iter()
                .any(|p| value.starts_with(p));
            if !figure_source
                && matches!(
                    name.as_str(),
                    "href" | "src" | "xlink:href" | "action" | "formaction" | "poster" | "data"
                )
            {
                assert!(
                    !is_script_url(value),
                    "{page}: script URL in {} (decoded: {value:?})",
                    tag.raw
                );
            }
        }
    }
}

/// Elements that load something or run something.
const FETCHING_ELEMENTS: [&str; 17] = [
    "link", "script", "img", "iframe", "frame", "object", "embed", "video", "audio", "source",
    "track", "picture", "base", "image", "use", "form", "portal",
];

/// Self-contained: inline CSS only, no JavaScript, nothing fetched.
fn assert_self_contained(page: &str, html: &str) {
    let scan = scan(html);
    for tag in &scan.tags {
        // A figure: an image whose only source is a `data:` URI it carries.
        if tag.name == "img" {
            let sources: Vec<&str> = tag
                .attrs
                .iter()
                .filter(|(name, _)| {
                    name != "alt" && name != "class" && name != "width" && name != "height"
                })
                .map(|(name, value)| {
                    assert_eq!(name, "src", "{page}: attribute `{name}` in an <img>");
                    value.as_str()
                })
                .collect();
            assert!(
                sources.len() == 1
                    && [
                        "data:image/png;base64,",
                        "data:image/jpeg;base64,",
                        "data:image/svg+xml;base64,"
                    ]
                    .iter()
                    .any(|p| sources[0].starts_with(p)),
                "{page}: an <img> not from a data: URI: {}",
                &tag.raw[..tag.raw.len().min(200)]
            );
            continue;
        }
        assert!(
            !FETCHING_ELEMENTS.contains(&tag.name.as_str()),
            "{page}: a <{}> element: {}",
            tag.name,
            tag.raw
        );
        for (name, value) in &tag.attrs {
            assert!(
                !matches!(
                    name.as_str(),
                    "src"
                        | "srcset"
                        | "poster"
                        | "background"
                        | "action"
                        | "formaction"
                        | "xlink:href"
                        | "ping"
                        | "manifest"
                        | "http-equiv"
                ),
                "{page}: attribute `{name}` in {}",
                tag.raw
            );
            if name == "href" {
                assert_eq!(tag.name, "a", "{page}: href outside a link: {}", tag.raw);
            }
            if name == "style" {
                assert_css_inert(page, value);
            }
        }
    }
    assert!(
        scan.styles.len() == 1,
        "{page}: expected one inline <style>, found {}",
        scan.styles.len()
    );
    for css in &scan.styles {
        assert_css_inert(page, css);
    }
}

fn assert_css_inert(page: &str, css: &str) {
    let lower = css.to_ascii_lowercase();
    for needle in ["@import", "url(", "@font-face", "expression("] {
        assert!(!lower.contains(needle), "{page}: CSS contains `{needle}`");
    }
}

// ---------------------------------------------------------------------------
// The sample.

#[test]
fn sample_pages_match_the_snapshots() {
    let out = build_ok(Path::new(SAMPLE));
    for name in ["us-iran-talks", "hormuz-shipping", "index"] {
        let text = fs::read_to_string(out.path().join(format!("{name}.html")))
            .unwrap_or_else(|e| panic!("{name}.html: {e}"));
        insta::assert_snapshot!(name, redact_data_uris(&text));
    }
    let packet = fs::read_to_string(out.path().join("packets/weekly-green.html")).unwrap();
    insta::assert_snapshot!("packet-weekly-green", redact_data_uris(&packet));
}

/// A figure's `data:` URI shown by its length, not its 100 KB of base64:
/// the images are the files' bytes (`figures_are_embedded_as_data_uris`
/// checks them), and the build is byte-identical (`build.rs`).
fn redact_data_uris(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(";base64,") {
        let start = at + ";base64,".len();
        let end = rest[start..].find('"').map_or(rest.len(), |e| start + e);
        out.push_str(&rest[..start]);
        out.push_str(&format!("[{} base64 characters]", end - start));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn sample_pages_are_inert_and_self_contained() {
    let out = build_ok(Path::new(SAMPLE));
    let pages = html_pages(out.path());
    let names: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
    for expected in [
        "hormuz-shipping.html",
        "index.html",
        "packets/partners-amber.html",
        "packets/weekly-green.html",
        "us-iran-talks.html",
    ] {
        assert!(names.contains(&expected), "{expected} not built: {names:?}");
    }
    for (page, html) in &pages {
        assert_inert(page, html);
        assert_self_contained(page, html);
    }
}

/// What makes the page usable at 375 px: the viewport meta, a narrow-screen
/// media query, and tables that scroll inside their wrapper instead of
/// widening the page. (The visual check is done by eye, not here.)
#[test]
fn pages_are_built_for_a_phone() {
    let out = build_ok(Path::new(SAMPLE));
    for (page, html) in html_pages(out.path()) {
        let scan = scan(&html);
        assert!(
            scan.tags.iter().any(|t| t.name == "meta"
                && t.attr("name") == Some("viewport")
                && t.attr("content")
                    .is_some_and(|c| c.contains("width=device-width"))),
            "{page}: no viewport meta"
        );
        let css = scan.styles.concat();
        assert!(
            css.contains("@media (max-width:"),
            "{page}: no narrow-screen media query"
        );
        let wrap = css
            .find(".table-wrap {")
            .map(|start| &css[start..start + css[start..].find('}').unwrap()])
            .unwrap_or_else(|| panic!("{page}: no .table-wrap rule"));
        assert!(wrap.contains("overflow-x: auto"), "{page}: {wrap}");
        // Every table sits in a scrolling wrapper.
        let tables = scan.tags.iter().filter(|t| t.name == "table").count();
        let wrappers = scan
            .tags
            .iter()
            .filter(|t| t.name == "div" && t.attr("class") == Some("table-wrap"))
            .count();
        assert!(tables > 0, "{page}: no table");
        assert_eq!(tables, wrappers, "{page}: a table without .table-wrap");
    }
}

// ---------------------------------------------------------------------------
// Hostile notes.

/// Every field a note or brief.yaml can carry, each holding markup, plus a
/// body with raw HTML and script links in every spelling.
fn hostile_workspace() -> TempDir {
    let config = r#"title: "<script>alert('workspace-title')</script> Briefings"
organization: "<img src=x onerror=alert('organization')>"
briefs:
  hostile:
    title: "<iframe src=\"javascript:alert('brief-title')\"></iframe>"
    summary: "<svg onload=alert('summary')> & \"double\" 'single'"
    since: 2026-10-01
actors:
  "<b onmouseover=alert('config-actor')>Tehran</b>": { aliases: [Iran] }
packets:
  weekly:
    title: "<script>alert('packet-title')</script>"
    audience: TLP:CLEAR
    briefs: [hostile]
"#;
    let note = r#"---
title: "<script>alert('note-title')</script>"
date: 2026-11-20
author: "<img src=x onerror=alert('author')>"
tags: ["<b onmouseover=alert('tag')>", "\"><script>alert('tag2')</script>"]
sources:
  - title: "<script>alert('source-title')</script>"
    url: "https://example.org/?q=\"><script>alert('source-url')</script>"
    reliability: B
    credibility: 2
actors:
  - name: "<svg onload=alert('actor')>"
    leverage: 2
    stakes: 4
    mechanism: "<iframe src=javascript:alert('mechanism')>"
    rationale: "\" onmouseover=\"alert('rationale')"
  - name: Iran
    leverage: -1
    stakes: 5
    mechanism: "\"><img src=x onerror=alert('mechanism2')>"
    rationale: "<style>body{background:url(https://evil.example/r)}</style>"
watch:
  - indicator: "<script>alert('indicator')</script>"
    due: 2026-12-01
scenarios:
  - name: "<img src=x onerror=alert('scenario')>"
    likelihood: 60%
---
Lede <script>alert('lede')</script> and <a href="javascript:alert('lede-a')">a raw link</a>.

## What happened

<script>alert('block')</script>

<img src=x onerror=alert('img')>

<iframe src="https://evil.example/frame"></iframe>

<svg onload=alert('svg')>

<style>@import url(https://evil.example/s.css);</style>

<link rel="stylesheet" href="https://evil.example/l.css">

<a href="javascript:alert('raw-a')" onclick="alert('raw-onclick')">raw anchor</a>

Links: [case](JaVaScRiPt:alert('case')) [lead]( javascript:alert('lead'))
[tab](<java	script:alert('tab')>) [newline](java
script:alert('newline')) [dec](&#106;avascript:alert('dec'))
[hex](&#x6A;avascript:alert('hex')) [zeros](&#0000106;avascript:alert('zeros'))
[zeros-no-semicolon](&#0000106avascript:alert('zeros2'))
[colon](javascript&colon;alert('colon')) [entity-tab](java&Tab;script:alert('enttab'))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[vb](vbscript:msgbox('vb')) [VB](VBScript:msgbox('VB'))
<javascript:alert('autolink')> <JAVASCRIPT:alert('AUTOLINK')> <data:text/html,x>
[reference][evil] [collapsed][] [shortcut]

![image](javascript:alert('image-src')) ![data image](data:image/png;base64,iVBORw0KGgo=)
![remote image](https://evil.example/pixel.png)

[title-quotes](https://example.org/a "a \" b' <script>alert('t1')</script>")
[title-single](https://example.org/b 'x " y \' <')
[title-parens](https://example.org/c (" onmouseover="x))

| cell | <script>alert('cell')</script> |
| --- | --- |
| [x](javascript:alert('cell-link')) | <img src=x onerror=alert('cell-img')> |

Footnote.[^x]

[^x]: <script>alert('footnote')</script> [f](javascript:alert('fn-link'))

[evil]: javascript:alert('reference')
[collapsed]: JAVASCRIPT:alert('collapsed')
[shortcut]: data:text/html,shortcut

## Who gains leverage

<div onmouseover="alert('div')">div</div>

## <script>alert('heading')</script> Other

<details open ontoggle=alert('details')>other</details>
"#;
    workspace([
        ("brief.yaml", config),
        ("briefs/hostile/2026-11-20-hostile.md", note),
    ])
}

#[test]
fn hostile_notes_render_as_inert_text() {
    let ws = hostile_workspace();
    let out = build_ok(ws.path());
    let pages = html_pages(out.path());
    let names: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["hostile.html", "index.html", "packets/weekly.html"]);
    for (page, html) in &pages {
        assert_inert(page, html);
        assert_self_contained(page, html);
    }
    let page = |name: &str| &pages.iter().find(|(n, _)| n == name).unwrap().1;
    let packet_title = "&lt;script&gt;alert(&#39;packet-title&#39;)&lt;/script&gt;";
    let brief_title =
        "&lt;iframe src=&quot;javascript:alert(&#39;brief-title&#39;)&quot;&gt;&lt;/iframe&gt;";
    for shown in [packet_title, brief_title] {
        assert!(
            page("index.html").contains(shown),
            "index.html lacks {shown}"
        );
        assert!(
            page("packets/weekly.html").contains(shown),
            "packets/weekly.html lacks {shown}"
        );
    }
    let (_, html) = pages
        .iter()
        .find(|(name, _)| name == "hostile.html")
        .expect("hostile.html");
    // The payloads are there, visible as text.
    let missing = [
        // brief.yaml
        "&lt;script&gt;alert(&#39;workspace-title&#39;)&lt;/script&gt; Briefings",
        "&lt;img src=x onerror=alert(&#39;organization&#39;)&gt;",
        "&lt;iframe src=“javascript:alert(‘brief-title’)”&gt;&lt;/iframe&gt;",
        "&lt;svg onload=alert(‘summary’)&gt; &amp; “double” ‘single’",
        "&lt;b onmouseover=alert(&#39;config-actor&#39;)&gt;Tehran&lt;/b&gt;",
        // front matter: shown with typographic quotes, as note bodies are
        "&lt;script&gt;alert(‘note-title’)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(‘author’)&gt;",
        "&lt;b onmouseover=alert(&#39;tag&#39;)&gt;",
        "&lt;script&gt;alert(‘source-title’)&lt;/script&gt;",
        "&lt;svg onload=alert(&#39;actor&#39;)&gt;",
        "&lt;iframe src=javascript:alert(&#39;mechanism&#39;)&gt;",
        "“ onmouseover=“alert(‘rationale’)",
        "&lt;style&gt;body{background:url(https://evil.example/r)}&lt;/style&gt;",
        "&lt;script&gt;alert(‘indicator’)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(‘scenario’)&gt;",
        // body
        // Text between raw tags is text: smart punctuation curls its quotes.
        "&lt;script&gt;alert(‘lede’)&lt;/script&gt;",
        "&lt;script&gt;alert('block')&lt;/script&gt;",
        "&lt;img src=x onerror=alert(‘img’)&gt;",
        "&lt;iframe src=\"https://evil.example/frame\"&gt;",
        "&lt;svg onload=alert(‘svg’)&gt;",
        "&lt;a href=\"javascript:alert('raw-a')\" onclick=\"alert('raw-onclick')\"&gt;raw anchor",
        "&lt;script&gt;alert(‘cell’)&lt;/script&gt;",
        "&lt;script&gt;alert('footnote')&lt;/script&gt;",
        "&lt;div onmouseover=\"alert('div')\"&gt;div&lt;/div&gt;",
        "&lt;details open ontoggle=alert('details')&gt;",
    ]
    .into_iter()
    .filter(|shown| !html.contains(shown))
    .collect::<Vec<_>>();
    assert!(missing.is_empty(), "hostile.html does not show {missing:?}");
    // A dropped link keeps its text, and nothing else.
    for text in [
        "<p dir=\"auto\">Links: case lead\ntab [newline](java\nscript:alert(‘newline’)) dec\nhex zeros\n",
        "colon entity-tab\ndata\nvb VB\n",
        "javascript:alert('autolink') JAVASCRIPT:alert('AUTOLINK') data:text/html,x\nreference collapsed shortcut</p>",
        "<p dir=\"auto\">[image: image] [image: data image]\n",
        "<tr><td>x</td>",
    ] {
        assert!(html.contains(text), "hostile.html lacks the text {text:?}");
    }
    assert!(
        html.contains("[image: remote image]") && !html.contains("pixel.png\"><img"),
        "an image is a link to it, never an <img>"
    );
    let scanned = scan(html);
    let titles: Vec<&str> = scanned
        .tags
        .iter()
        .filter_map(|t| t.attr("title"))
        .collect();
    for title in [
        "a \" b' <script>alert('t1')</script>",
        "x \" y ' <",
        "\" onmouseover=\"x",
    ] {
        assert!(
            titles.contains(&title),
            "title {title:?} not kept whole: {titles:?}"
        );
    }
    let source = scanned
        .tags
        .iter()
        .find(|t| {
            t.attr("href")
                .is_some_and(|h| h.starts_with("https://example.org/?q="))
        })
        .expect("the source's link");
    assert_eq!(
        source.attrs.len(),
        1,
        "the source URL broke out of its attribute: {}",
        source.raw
    );
}

#[test]
fn a_script_url_as_a_source_is_rejected_by_check() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
    ] {
        let note = format!(
            "---\ntitle: Bad source\ndate: 2026-11-20\nsources:\n  - title: S\n    url: \"{url}\"\n---\nText.\n"
        );
        let ws = workspace([
            ("brief.yaml", "title: T\n"),
            ("briefs/talks/a.md", note.as_str()),
        ]);
        let root = ws.path().to_str().unwrap();
        let output = brief(&["check", "--root", root]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{url}: {err}");
        assert!(
            err.contains("briefs/talks/a.md:6:") && err.contains("error["),
            "{url}: no positioned error on the url line:\n{err}"
        );
        // And `build` leaves the note out rather than linking to it.
        let (output, out) = build(ws.path(), &[]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        for (page, html) in html_pages(out.path()) {
            assert_inert(&page, &html);
        }
    }
}

// ---------------------------------------------------------------------------
// The CommonMark spec.

/// The examples of the CommonMark spec 0.31.2, extracted by the npm package
/// `commonmark-spec` (see tests/fixtures/commonmark/README.md).
fn commonmark_examples() -> Vec<(u64, String)> {
    let path = Path::new(SAMPLE).join("tests/fixtures/commonmark/spec.json");
    let text = fs::read_to_string(&path).expect("the CommonMark spec fixture");
    let examples: Vec<serde_json::Value> = serde_json::from_str(&text).expect("valid JSON");
    examples
        .iter()
        .map(|e| {
            (
                e["example"].as_u64().expect("an example number"),
                e["markdown"].as_str().expect("markdown").to_owned(),
            )
        })
        .collect()
}

/// Elements the templates and the markdown renderer produce. Raw HTML in
/// an example that came through live would add others (`div` aside).
const KNOWN_ELEMENTS: [&str; 50] = [
    "figure",
    "figcaption",
    "img",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "section",
    "article",
    "div",
    "span",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "hr",
    "br",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "sup",
    "input",
    "dl",
    "dt",
    "dd",
    "time",
    "abbr",
    "svg",
    "desc",
];
const KNOWN_SVG_ELEMENTS: [&str; 3] = ["line", "text", "rect"];
const KNOWN_ATTRIBUTES: [&str; 34] = [
    "src",
    "alt",
    "lang",
    "dir",
    "charset",
    "name",
    "content",
    "class",
    "id",
    "role",
    "style",
    "href",
    "title",
    "datetime",
    "scope",
    "start",
    "type",
    "checked",
    "disabled",
    "viewbox",
    "width",
    "height",
    "xmlns",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "text-anchor",
    "aria-label",
    "aria-labelledby",
    "aria-hidden",
    // A table's scrolling wrapper takes keyboard focus.
    "tabindex",
];

/// Every example, alone as the "What happened" of its own note (so an
/// unclosed fence cannot hide the next one), 50 notes a brief; and all of
/// them again run together, 50 to a note, so constructs meet each other.
#[test]
fn every_commonmark_example_renders_inert_without_panic() {
    let examples = commonmark_examples();
    assert_eq!(
        examples.len(),
        652,
        "the CommonMark 0.31.2 spec has 652 examples"
    );
    let mut files: Vec<(PathBuf, String)> =
        vec![("brief.yaml".into(), "title: CommonMark\n".into())];
    for (number, markdown) in &examples {
        let brief = format!("cm-{:02}", (number - 1) / 50 + 1);
        files.push((
            format!("briefs/{brief}/example-{number:03}.md").into(),
            format!(
                "---\ntitle: Example {number}\ndate: 2026-11-01\n---\nExample {number}.\n\n## What happened\n\n{markdown}"
            ),
        ));
    }
    for (batch, chunk) in examples.chunks(50).enumerate() {
        let mut body = String::new();
        for (number, markdown) in chunk {
            write!(body, "Example {number}.\n\n{markdown}\n\n").unwrap();
        }
        files.push((
            format!("briefs/cm-batched/batch-{batch:02}.md").into(),
            format!("---\ntitle: Batch {batch}\ndate: 2026-11-01\n---\nBatch {batch}.\n\n## What happened\n\n{body}"),
        ));
    }
    let ws = workspace(files);
    let (errors, out) = build_but_images(ws.path());
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("briefs/cm-11/example-517.md:9:2: error[image-not-found]")),
        "{errors:?}"
    );
    let pages = html_pages(out.path());
    assert_eq!(
        pages.len(),
        15 + 1,
        "14 briefs, the batched one and the index"
    );
    for (page, html) in &pages {
        assert_inert(page, html);
        assert_self_contained(page, html);
        for tag in scan(html).tags {
            assert!(
                KNOWN_ELEMENTS.contains(&tag.name.as_str())
                    || KNOWN_SVG_ELEMENTS.contains(&tag.name.as_str()),
                "{page}: raw HTML came through live: {}",
                tag.raw
            );
            for (name, _) in &tag.attrs {
                assert!(
                    KNOWN_ATTRIBUTES.contains(&name.as_str()),
                    "{page}: unexpected attribute `{name}`: {}",
                    tag.raw
                );
            }
        }
    }
    // Each example's note made it into its brief (exit 0 already says none
    // was invalid; this says none was lost).
    let cm01 = &pages.iter().find(|(n, _)| n == "cm-01.html").unwrap().1;
    for number in 1..=50 {
        assert!(
            cm01.contains(&format!(">Example {number}</a>")),
            "cm-01.html lacks example {number}"
        );
    }
    // Raw HTML from the spec shows as text.
    let all: String = pages.iter().map(|(_, html)| html.as_str()).collect();
    for shown in [
        "&lt;script type=\"text/javascript\"&gt;",
        "&lt;table&gt;&lt;tr&gt;&lt;td&gt;",
        "&lt;DIV CLASS=\"foo\"&gt;",
        "&lt;responsive-image src=\"foo.jpg\" /&gt;",
        "&lt;textarea&gt;",
    ] {
        assert!(
            all.contains(shown),
            "the CommonMark pages do not show {shown:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Template overrides.

/// A one-note workspace (with an actor, so the chart shows) plus `files`.
fn workspace_with(files: &[(&str, &str)]) -> TempDir {
    let mut all = vec![
        ("brief.yaml", "title: Overrides\n"),
        (
            "briefs/talks/a.md",
            "---\ntitle: Talks resume\ndate: 2026-11-20\nactors:\n  - name: Iran\n    leverage: 2\n    stakes: 4\n---\nLede.\n",
        ),
    ];
    all.extend_from_slice(files);
    workspace(all)
}

#[test]
fn a_syntax_error_in_an_override_is_a_positioned_diagnostic() {
    let ws = workspace_with(&[(
        "templates/brief.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n<p>never</p>\n{% endblock %}\n",
    )]);
    let (output, out) = build(ws.path(), &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/brief.html:3:"), "{err}");
    assert!(err.contains("error:"), "{err}");
    assert!(
        err.contains("{% if %}"),
        "the offending line is shown:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        html_pages(out.path()).is_empty(),
        "a failed template wrote HTML: {:?}",
        html_pages(out.path())
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_undefined_variable_in_an_override_is_a_positioned_diagnostic() {
    let ws = workspace_with(&[(
        "templates/partials/watch.html",
        "<p>Watch list</p>\n<p>{{ no_such_variable }}</p>\n",
    )]);
    let (output, out) = build(ws.path(), &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/partials/watch.html:2:"), "{err}");
    assert!(
        err.contains("error:") && err.contains("no_such_variable"),
        "{err}"
    );
    assert!(
        html_pages(out.path()).is_empty(),
        "a failed template wrote HTML"
    );
}

#[test]
fn an_unknown_filter_in_an_override_is_a_positioned_diagnostic() {
    let ws = workspace_with(&[(
        "templates/index.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<main><h1>{{ workspace_title | shout }}</h1></main>\n{% endblock %}\n",
    )]);
    let (output, out) = build(ws.path(), &[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/index.html:3:"), "{err}");
    assert!(err.contains("error:") && err.contains("shout"), "{err}");
    assert!(
        !err.contains("(built-in)"),
        "blamed on a built-in template:\n{err}"
    );
    assert!(
        html_pages(out.path()).is_empty(),
        "a failed template wrote HTML"
    );
}

#[test]
fn an_override_of_a_partial_replaces_only_that_partial() {
    let ws = workspace_with(&[(
        "templates/partials/chart.html",
        "<p class=\"custom-chart\">Workspace chart: {{ b.chart.bars | length }} actor(s), {{ b.chart.description }}</p>\n",
    )]);
    let out = build_ok(ws.path());
    let html = fs::read_to_string(out.path().join("talks.html")).unwrap();
    assert!(
        html.contains("<p class=\"custom-chart\">Workspace chart: 1 actor(s), Leverage by actor: Iran +2.00.</p>"),
        "the override is not in the page"
    );
    assert!(!html.contains("<svg"), "the built-in chart is still there");
    assert!(html.contains("<h2 id=\"who-gains\">Who gains leverage</h2>"));
    assert!(
        html.contains("<td>Iran</td>"),
        "the rest of the page is built in"
    );
}

#[test]
fn overrides_are_autoescaped_too() {
    let ws = workspace_with(&[(
        "templates/partials/chart.html",
        "<p class=\"custom-chart\">{{ b.brief.title }}</p>\n",
    )]);
    // A brief title with markup, through an override that forgot to escape.
    fs::write(
        ws.path().join("brief.yaml"),
        "title: Overrides\nbriefs:\n  talks:\n    title: \"<script>alert(1)</script>\"\n",
    )
    .unwrap();
    let out = build_ok(ws.path());
    let html = fs::read_to_string(out.path().join("talks.html")).unwrap();
    assert!(html.contains("<p class=\"custom-chart\">&lt;script&gt;alert(1)&lt;/script&gt;</p>"));
    assert_inert("talks.html", &html);
}

/// A packet of two briefs with different markings, plus `files`.
fn packet_workspace(files: &[(&str, &str)]) -> TempDir {
    let mut all = vec![
        (
            "brief.yaml",
            "title: Packets\npackets:\n  partners:\n    audience: TLP:AMBER\n    briefs: [talks, ports]\n",
        ),
        (
            "briefs/talks/a.md",
            "---\ntitle: Talks resume\ndate: 2026-11-20\nmarking: TLP:CLEAR\nactors:\n  - name: Iran\n    leverage: 2\n    stakes: 4\n---\nLede of the talks.\n",
        ),
        (
            "briefs/ports/b.md",
            "---\ntitle: Port calls fall\ndate: 2026-11-21\nmarking: TLP:AMBER\nactors:\n  - name: Oman\n    leverage: 1\n    stakes: 3\n---\nLede of the ports.\n",
        ),
    ];
    all.extend_from_slice(files);
    workspace(all)
}

#[test]
fn each_brief_of_a_packet_shows_its_own_marking() {
    let out = build_ok(packet_workspace(&[]).path());
    let html = fs::read_to_string(out.path().join("packets/partners.html")).unwrap();
    assert!(html.contains("Packet marking</dt><dd><strong>TLP:AMBER</strong>"));
    let talks = &html[html.find("id=\"talks--top\"").expect("talks section")..];
    let ports = &html[html.find("id=\"ports--top\"").expect("ports section")..];
    assert!(
        talks.contains("<p class=\"meta\"><strong>TLP:CLEAR</strong>"),
        "the CLEAR brief is labelled with the packet's marking"
    );
    assert!(ports.contains("<p class=\"meta\"><strong>TLP:AMBER</strong>"));
}

#[test]
fn a_packet_override_may_print_sections_any_number_of_times() {
    // The page is normally cut where each section goes; an override that
    // repeats, reorders or omits them must still get exactly what it asks.
    let twice = "{% extends \"base.html\" %}{% block content %}<main>{% for s in sections | reverse %}{{ s | safe }}{{ s | safe }}{% endfor %}</main>{% endblock %}";
    let out = build_ok(packet_workspace(&[("templates/packet.html", twice)]).path());
    let html = fs::read_to_string(out.path().join("packets/partners.html")).unwrap();
    assert_eq!(html.matches("id=\"talks--top\"").count(), 2);
    assert_eq!(html.matches("id=\"ports--top\"").count(), 2);
    assert!(html.find("id=\"ports--top\"") < html.find("id=\"talks--top\""));
    assert!(
        !html.contains('\u{1}'),
        "a section marker leaked into the page"
    );

    let none = "{% extends \"base.html\" %}{% block content %}<main><p>{{ sections | length }} briefs</p></main>{% endblock %}";
    let out = build_ok(packet_workspace(&[("templates/packet.html", none)]).path());
    let html = fs::read_to_string(out.path().join("packets/partners.html")).unwrap();
    assert!(html.contains("<p>2 briefs</p>"));
    assert!(!html.contains("Lede of the talks."));
}

#[test]
fn a_packet_override_that_filters_a_section_sees_the_section() {
    // Printed once each and in order, but through filters (`length`,
    // `upper`): they must act on the section's HTML, not on a placeholder.
    let filtered = "{% extends \"base.html\" %}{% block content %}<main>{% for s in sections %}<p class=\"len\">{{ s | length > 100 }}</p><div>{{ s | upper | safe }}</div>{% endfor %}</main>{% endblock %}";
    let out = build_ok(packet_workspace(&[("templates/packet.html", filtered)]).path());
    let html = fs::read_to_string(out.path().join("packets/partners.html")).unwrap();
    assert_eq!(
        html.matches("<p class=\"len\">true</p>").count(),
        2,
        "{html}"
    );
    assert!(html.contains("LEDE OF THE TALKS."));
    assert!(html.contains("LEDE OF THE PORTS."));
    assert!(!html.contains('\u{1}'), "a section marker leaked");
}

#[test]
fn an_override_of_the_packet_brief_partial_shapes_every_brief() {
    let section = "<section class=\"mine\" id=\"{{ b.p }}top\">{{ b.brief.title }}</section>\n";
    let out =
        build_ok(packet_workspace(&[("templates/partials/packet_brief.html", section)]).path());
    let html = fs::read_to_string(out.path().join("packets/partners.html")).unwrap();
    assert_eq!(html.matches("<section class=\"mine\"").count(), 2, "{html}");
    assert!(html.contains("<section class=\"mine\" id=\"talks--top\">"));
}

// ---------------------------------------------------------------------------
// The Nu HTML Checker.

/// `VNU_JAR`, else where `.ci/run` installs it.
fn vnu_jar() -> PathBuf {
    std::env::var_os("VNU_JAR").map_or_else(
        || Path::new(SAMPLE).join(".ci/cache/node_modules/vnu-jar/build/dist/vnu.jar"),
        PathBuf::from,
    )
}

#[test]
#[ignore = "needs the Nu HTML checker (npm vnu-jar) and java"]
fn every_page_passes_the_nu_html_checker() {
    let jar = vnu_jar();
    assert!(
        jar.is_file(),
        "{} not found: set VNU_JAR or run `npm install --prefix .ci/cache vnu-jar`",
        jar.display()
    );
    let hostile = hostile_workspace();
    let overridden = workspace_with(&[]);
    let outs: Vec<TempDir> = [Path::new(SAMPLE), hostile.path(), overridden.path()]
        .into_iter()
        .map(build_ok)
        .collect();
    let mut files: Vec<PathBuf> = Vec::new();
    for out in &outs {
        for (page, _) in html_pages(out.path()) {
            files.push(out.path().join(page));
        }
    }
    // Sample: 2 briefs, 2 packets, index; hostile: brief, packet, index;
    // overrides: brief, index.
    assert!(files.len() >= 10, "{files:?}");
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .expect("java runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}

/// The CommonMark pages through the checker too: any markup the renderer
/// gets wrong (nested links, duplicate ids) shows here.
#[test]
#[ignore = "needs the Nu HTML checker (npm vnu-jar) and java"]
fn commonmark_pages_pass_the_nu_html_checker() {
    let jar = vnu_jar();
    assert!(jar.is_file(), "{} not found", jar.display());
    let examples = commonmark_examples();
    let mut files: Vec<(PathBuf, String)> =
        vec![("brief.yaml".into(), "title: CommonMark\n".into())];
    for (number, markdown) in &examples {
        files.push((
            format!("briefs/cm/example-{number:03}.md").into(),
            format!("---\ntitle: Example {number}\ndate: 2026-11-01\n---\n## What happened\n\n{markdown}"),
        ));
    }
    let ws = workspace(files);
    let (_, out) = build_but_images(ws.path());
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .arg(out.path().join("cm.html"))
        .arg(out.path().join("index.html"))
        .output()
        .expect("java runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors:\n{report}"
    );
}

#[test]
fn the_tag_scanner_reads_what_browsers_read() {
    let scanned = scan(
        "<!-- <script> --><style>a::after { content: \"<b>\" }</style>\
         <a HREF=\"&#x6A;ava&#0000115;cript&colon;x\" title='a \"b\"' data-x=y>t</a><br/>",
    );
    let names: Vec<&str> = scanned.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["style", "a", "br"]);
    assert_eq!(scanned.styles, ["a::after { content: \"<b>\" }"]);
    let a = &scanned.tags[1];
    assert_eq!(a.attr("href"), Some("javascript:x"));
    assert_eq!(a.attr("title"), Some("a \"b\""));
    assert_eq!(a.attr("data-x"), Some("y"));
    assert!(is_script_url(a.attr("href").unwrap()));
    assert!(is_script_url(" JaVa\tScRiPt:x"));
    assert!(!is_script_url("https://example.org/javascript:x"));
}

// ---------------------------------------------------------------------------
// Printed from a browser.

/// Printing a brief from Chromium sets its marking in the page margins:
/// every printed page carries it at top and bottom, and no word of the
/// brief sits in the marking's band (as with the fixed bars of old, which
/// hid the first and last lines of 14 of 15 pages).
#[test]
#[ignore = "needs chromium and pdftotext (poppler-utils)"]
fn printing_from_chromium_hides_no_word_under_a_marking_bar() {
    let out = build_ok(Path::new(SAMPLE));
    for name in ["us-iran-talks", "packets/weekly-green"] {
        let html = out.path().join(format!("{name}.html"));
        let pdf = out.path().join("printed.pdf");
        let status = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .expect("chromium runs");
        assert!(status.status.success() && pdf.is_file(), "{name}: no PDF");
        let bbox = Command::new("pdftotext")
            .args(["-bbox"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let pages = printed_pages(&String::from_utf8_lossy(&bbox.stdout));
        assert!(pages.len() > 3, "{name}: {} pages", pages.len());
        let marking = if name.contains("weekly") {
            "TLP:GREEN"
        } else {
            "TLP:RED"
        };
        for (index, (height, words)) in pages.iter().enumerate() {
            let bands: Vec<(f32, f32)> = words
                .iter()
                .filter(|(text, (top, bottom))| {
                    text == marking && (*bottom < 90.0 || *top > height - 90.0)
                })
                .map(|(_, (top, bottom))| (top - 6.0, bottom + 6.0))
                .collect();
            assert_eq!(
                bands.len(),
                2,
                "{name} p{}: marking top and bottom",
                index + 1
            );
            for (text, (top, bottom)) in words {
                let centre = (top + bottom) / 2.0;
                let hidden =
                    text != marking && bands.iter().any(|(lo, hi)| *lo < centre && centre < *hi);
                assert!(
                    !hidden,
                    "{name} p{}: {text:?} is under the marking",
                    index + 1
                );
            }
        }
    }
}

/// A printed word and its vertical extent (top, bottom) in points.
type PrintedWord = (String, (f32, f32));

/// Each page's height and its words, from `pdftotext -bbox`.
fn printed_pages(bbox: &str) -> Vec<(f32, Vec<PrintedWord>)> {
    let number = |line: &str, key: &str| -> Option<f32> {
        let start = line.find(&format!("{key}=\""))? + key.len() + 2;
        line[start..].split('"').next()?.parse().ok()
    };
    let mut pages = Vec::new();
    for line in bbox.lines() {
        if line.contains("<page ") {
            pages.push((number(line, "height").unwrap_or(0.0), Vec::new()));
        } else if line.contains("<word ")
            && let (Some(top), Some(bottom), Some(page)) =
                (number(line, "yMin"), number(line, "yMax"), pages.last_mut())
        {
            let text = line
                .split('>')
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .unwrap_or("")
                .to_owned();
            page.1.push((text, (top, bottom)));
        }
    }
    pages
}

/// On a 375 px phone a long word, a long URL and a long code span wrap
/// instead of widening the page: outside the tables' own scrolling
/// wrappers, no element reaches past the screen's right edge.
#[test]
#[ignore = "needs chromium"]
fn long_words_urls_and_code_wrap_on_a_phone() {
    let long = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung".repeat(2);
    let url = format!(
        "https://example.org/{}",
        "a/very/long/path/segment/".repeat(8)
    );
    let code = format!("`{}`", "inline_code_identifier_that_keeps_going_".repeat(4));
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("brief.yaml"), "title: T\n").unwrap();
    fs::create_dir_all(dir.path().join("briefs/t")).unwrap();
    fs::write(
        dir.path().join("briefs/t/n.md"),
        format!(
            "---\ntitle: {long}\ndate: 2026-11-20\nactors:\n  - name: {actor}\n    leverage: 1\n    stakes: 2\n---\nLede {long} and {url} and {code}.\n\n## What happened\n\n{url}\n",
            actor = &long[..60]
        ),
    )
    .unwrap();
    let out = build_ok(dir.path());
    // Headless Chromium lays out at least 500 px wide, so the page is held
    // to 375 px; a probe names every element past that edge in the title.
    let probe = r#"<script>var r=[];document.querySelectorAll("body *").forEach(function(e){if(e.closest(".table-wrap"))return;var b=e.getBoundingClientRect();var kid=false;for(var c of e.children){if(!c.closest(".table-wrap")&&c.getBoundingClientRect().right>376)kid=true;}if(b.right>376&&!kid)r.push(e.tagName+":"+(e.textContent||"").slice(0,24));});document.title="past the edge: "+r.join(" | ");</script></body>"#;
    let page = fs::read_to_string(out.path().join("t.html"))
        .unwrap()
        .replacen("</style>", "html { width: 375px; }</style>", 1)
        .replace("</body>", probe);
    let probed = out.path().join("probe.html");
    fs::write(&probed, page).unwrap();
    let dom = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--window-size=375,800",
            "--dump-dom",
        ])
        .arg(format!("file://{}", probed.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&dom.stdout);
    let title = dom
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or("no title");
    assert_eq!(title, "past the edge: ", "{title}");
}

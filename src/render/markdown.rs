//! A note's markdown into HTML that is safe to inline in a brief.
//!
//! Safety is enforced on pulldown-cmark's events, before any HTML exists:
//! - raw HTML (block or inline) becomes text, so it is shown, never live;
//! - links keep only `http`, `https`, `mailto` and relative targets; any
//!   other scheme (`javascript:`, `data:`, `vbscript:`, in any case, with
//!   entities or whitespace inside), or a web address without a valid host,
//!   drops the link and keeps its text; characters a URL may not hold are
//!   percent-encoded (see [`clean_url`]);
//! - images the model holds as figures become `<img>` with a `data:` URI
//!   (a `<figure>` with its caption when alone in a paragraph; see
//!   [`figure`]); other images become a link to the image (the brief
//!   fetches nothing), or plain text inside a link, since links cannot nest;
//! - tables sit in a `table-wrap` that scrolls on a narrow screen, a named
//!   region a keyboard can reach (`tabindex="0"`), so it can be scrolled
//!   without a mouse;
//! - task-list checkboxes are named "done" or "not done" for screen readers,
//!   an empty heading (a bare `#`) is left out, and a link without text
//!   shows its address;
//! - footnote ids get a per-passage prefix so ids stay unique in a page;
//! - headings are shifted below the brief's own (a note's `#` becomes `h4`)
//!   and never skip a level (`#` then `####` gives `h4` then `h5`), as HTML
//!   validators require.
//!
//! Attribute values (link targets and titles) are escaped by pulldown-cmark's
//! HTML writer; the only HTML this module writes itself is escaped here.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html};

use crate::markdown::markdown_options;
use crate::model::Figure;

mod figure;

/// Renders `markdown` as an HTML fragment. `id_prefix` makes footnote ids
/// unique within the page (e.g. the passage's anchor); `tables` names the
/// fragment's tables for assistive technology (`<tables>, table 1`, …), and
/// should be unique within the page too (note, section and brief).
pub(crate) fn to_html(markdown: &str, id_prefix: &str, tables: &str) -> String {
    render(markdown, id_prefix, None, tables, &[])
}

/// As [`to_html`], for a piece of a note whose footnotes are the note's
/// endnotes: each reference links to the endnote that
/// `to_html(definitions, endnotes_prefix)` renders, and the definitions in
/// `markdown` are left out.
/// `figures` are the note's images, embedded where the markdown shows them.
pub(crate) fn to_html_linked(
    markdown: &str,
    id_prefix: &str,
    endnotes_prefix: &str,
    tables: &str,
    figures: &[Figure],
) -> String {
    render(markdown, id_prefix, Some(endnotes_prefix), tables, figures)
}

fn render(
    markdown: &str,
    id_prefix: &str,
    endnotes_prefix: Option<&str>,
    tables: &str,
    figures: &[Figure],
) -> String {
    let mut table_count = 0usize;
    // For each open link or image: whether it was written as an `<a>`.
    let mut anchors: Vec<bool> = Vec::new();
    // The level of the last heading written; the page's own heading above a
    // fragment is an h3 (a passage's attribution, a note's title).
    let mut last_heading = HeadingLevel::H3;
    // The level before the heading being written, in case it is empty.
    let mut heading_before = last_heading;
    let mut events = Vec::new();
    // Definitions nest (one may hold another), so count how deep we are.
    let mut left_out_depth = 0usize;
    let mut source: Vec<Event> = Parser::new_ext(markdown, markdown_options()).collect();
    let mut next = 0;
    while next < source.len() {
        let at = next;
        let event = std::mem::replace(&mut source[at], Event::SoftBreak);
        next += 1;
        if endnotes_prefix.is_some() {
            match &event {
                Event::Start(Tag::FootnoteDefinition(_)) => left_out_depth += 1,
                Event::End(TagEnd::FootnoteDefinition) => {
                    left_out_depth = left_out_depth.saturating_sub(1);
                    continue;
                }
                _ => {}
            }
            if left_out_depth > 0 {
                continue;
            }
        }
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // A link inside an image's text stays text: `<a>` cannot nest.
                let target = clean_url(&dest_url).filter(|_| !anchors.contains(&true));
                anchors.push(target.is_some());
                if let Some(target) = target {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(target),
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if anchors.pop() == Some(true) {
                    // A link with no text (`[](url)`) shows its address, or
                    // it would have no name.
                    if let Some(Event::Start(Tag::Link { dest_url, .. })) = events.last() {
                        let shown = Event::Text(dest_url.clone());
                        events.push(shown);
                    }
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { ref dest_url, .. })
                if crate::figures::find(figures, dest_url).is_some() =>
            {
                let (end, alt) = figure::image_end(&source, at);
                if let Some(found) = crate::figures::find(figures, dest_url) {
                    events.push(Event::Html(CowStr::from(figure::img(found, &alt))));
                }
                next = end + 1;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let target = clean_url(&dest_url).filter(|_| !anchors.contains(&true));
                anchors.push(target.is_some());
                if let Some(target) = target {
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(target),
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                }
                events.push(Event::Text(CowStr::Borrowed("[image: ")));
            }
            Event::End(TagEnd::Image) => {
                events.push(Event::Text(CowStr::Borrowed("]")));
                if anchors.pop() == Some(true) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            // Each block finds its own direction, so that a Persian or
            // Arabic paragraph aligns right among English ones.
            Event::Start(Tag::Paragraph) => {
                if let Some((found, alt, caption, end)) = figure::alone(&source, at, figures) {
                    let html = figure::block(found, &alt, caption.as_deref());
                    events.push(Event::Html(CowStr::from(html)));
                    next = end + 1;
                } else {
                    events.push(Event::Html(CowStr::Borrowed("<p dir=\"auto\">")));
                }
            }
            Event::End(TagEnd::Paragraph) => {
                events.push(Event::Html(CowStr::Borrowed("</p>\n")));
            }
            Event::Start(Tag::Item) => {
                events.push(Event::Html(CowStr::Borrowed("<li dir=\"auto\">")));
            }
            Event::End(TagEnd::Item) => {
                events.push(Event::Html(CowStr::Borrowed("</li>\n")));
            }
            Event::Start(Tag::Table(alignments)) => {
                table_count += 1;
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" \
                     aria-label=\"{}, table {table_count}\">",
                    escape(tables)
                ))));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes: _,
                attrs: _,
            }) => {
                heading_before = last_heading;
                last_heading = shifted(level).min(deeper(last_heading));
                events.push(Event::Start(Tag::Heading {
                    level: last_heading,
                    id: None,
                    classes: Vec::new(),
                    attrs: vec![(CowStr::Borrowed("dir"), Some(CowStr::Borrowed("auto")))],
                }));
            }
            // Headings do not nest: this ends the one just started. An empty
            // one (a bare `#`) is left out: it would name nothing.
            Event::End(TagEnd::Heading(_)) => {
                if matches!(events.last(), Some(Event::Start(Tag::Heading { .. }))) {
                    events.pop();
                    last_heading = heading_before;
                } else {
                    events.push(Event::End(TagEnd::Heading(last_heading)));
                }
            }
            // pulldown-cmark's checkbox has no name; a screen reader would
            // say only "checkbox".
            Event::TaskListMarker(done) => {
                events.push(Event::Html(CowStr::Borrowed(if done {
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"done\">\n"
                } else {
                    "<input disabled=\"\" type=\"checkbox\" aria-label=\"not done\">\n"
                })));
            }
            Event::FootnoteReference(name) => {
                let id = footnote_id(id_prefix, &name);
                let target = footnote_id(endnotes_prefix.unwrap_or(id_prefix), &name);
                events.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{target}\" id=\"{id}-ref\">{}</a></sup>",
                    escape(&name)
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let id = footnote_id(id_prefix, &name);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\" id=\"{id}\"><span class=\"footnote-label\">{}</span>",
                    escape(&name)
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events.push(Event::Html(CowStr::Borrowed("</div>")));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Note headings sit under the brief's h2 sections and h3 attributions.
fn shifted(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// One level below `level` (h6 stays h6).
fn deeper(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn footnote_id(prefix: &str, name: &str) -> String {
    let mut id = format!("{prefix}-fn-");
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else {
            id.push_str(&format!("_{:x}", u32::from(c)));
        }
    }
    id
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether a link target may be kept: `http`, `https`, `mailto` or a
/// relative reference. pulldown-cmark has already decoded entities; control
/// characters and whitespace are ignored when reading the scheme, as
/// browsers do.
pub(crate) fn is_safe_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = compact.find(':');
    let path_start = compact.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        // A colon after the first slash, query or fragment is not a scheme.
        (Some(colon), Some(path)) if path < colon => true,
        (Some(colon), _) => matches!(&compact[..colon], "http" | "https" | "mailto"),
        (None, _) => true,
    }
}

/// `url` as a link target that browsers and HTML validators agree on, or
/// `None` when it must not be linked: an unsafe scheme (see
/// [`is_safe_url`]) or an `http(s)` address without a valid host (`https://../`).
/// Characters a URL may not contain (space, `"`, `<`, `>`, `` ` ``, `{`,
/// `}`, `|`, `\`, `^`, `[`, `]`, a second `#`, a `%` not starting an
/// escape) are percent-encoded; the host is left as written.
pub(crate) fn clean_url(url: &str) -> Option<String> {
    if !is_safe_url(url) {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    if let Some(scheme) = ["http:", "https:"]
        .into_iter()
        .find(|s| lower.starts_with(s))
    {
        let after = url[scheme.len()..].strip_prefix("//")?;
        let end = after.find(['/', '?', '#', '\\']).unwrap_or(after.len());
        if !valid_authority(&after[..end]) {
            return None;
        }
        out.push_str(&url[..scheme.len() + 2 + end]);
        rest = &after[end..];
    }
    let mut in_fragment = false;
    let bytes = rest.as_bytes();
    for (i, c) in rest.char_indices() {
        let escape_start = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let keep = match c {
            '#' if !in_fragment => {
                in_fragment = true;
                true
            }
            '%' => escape_start,
            ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' | '[' | ']' | '#' => false,
            c => !c.is_control(),
        };
        if keep {
            out.push(c);
        } else {
            for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    Some(out)
}

/// `user@host:port` with a host a browser accepts: a bracketed IPv6
/// address, or a name whose labels (but a final one) are not empty and hold
/// none of the code points URLs forbid in hosts.
fn valid_authority(authority: &str) -> bool {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.strip_prefix('[') {
        Some(ipv6) => match ipv6.split_once(']') {
            Some((address, after)) => {
                let ok = !address.is_empty()
                    && address
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
                if !ok {
                    return false;
                }
                ("ipv6", after.strip_prefix(':').unwrap_or(after))
            }
            None => return false,
        },
        None => host_port.rsplit_once(':').unwrap_or((host_port, "")),
    };
    let labels: Vec<&str> = host.split('.').collect();
    port.bytes().all(|b| b.is_ascii_digit())
        && !host.is_empty()
        && labels[..labels.len() - 1].iter().all(|l| !l.is_empty())
        && !labels.iter().all(|l| l.is_empty())
        && host
            .chars()
            .all(|c| !c.is_control() && !" #/:<>?@[\\]^|%\"`{}".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_html(markdown: &str, id_prefix: &str) -> String {
        super::to_html(markdown, id_prefix, "Note")
    }

    fn to_html_linked(
        markdown: &str,
        id_prefix: &str,
        endnotes_prefix: &str,
        figures: &[Figure],
    ) -> String {
        super::to_html_linked(markdown, id_prefix, endnotes_prefix, "Note", figures)
    }

    #[test]
    fn straight_punctuation_is_set_as_typographic_but_code_keeps_it() {
        let html = to_html("It's \"quoted\" -- and --- so... `don't`", "p");
        assert_eq!(
            html,
            "<p dir=\"auto\">It’s “quoted” – and — so… <code>don't</code></p>\n"
        );
    }

    #[test]
    fn each_block_finds_its_own_direction() {
        let html = to_html(
            "English.\n\nمذاکرات ادامه دارد.\n\n- item\n\n## Heading",
            "p",
        );
        assert_eq!(
            html,
            "<p dir=\"auto\">English.</p>\n<p dir=\"auto\">مذاکرات ادامه دارد.</p>\n<ul>\n<li dir=\"auto\">item</li>\n</ul>\n<h4 dir=\"auto\">Heading</h4>\n"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html(
            "<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)>",
            "p",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn dangerous_schemes_lose_their_link_but_keep_their_text() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "javascript&colon;alert(1)",
        ] {
            let html = to_html(&format!("[click]({url})"), "p");
            assert!(!html.contains("href"), "{url} → {html}");
            assert!(html.contains("click"), "{url} → {html}");
        }
    }

    #[test]
    fn safe_links_are_kept_with_escaped_titles() {
        let html = to_html(r#"[a](https://example.org/?q=1&r=2 "say \"hi\" <b>")"#, "p");
        assert!(
            html.contains(r#"href="https://example.org/?q=1&amp;r=2""#),
            "{html}"
        );
        assert!(
            html.contains("title=\"say &quot;hi&quot; &lt;b&gt;\""),
            "{html}"
        );
        assert!(to_html("[m](mailto:a@example.org)", "p").contains("href=\"mailto:"));
        assert!(to_html("[r](../other.html#x)", "p").contains("href=\"../other.html#x\""));
    }

    #[test]
    fn images_become_links_and_fetch_nothing() {
        let html = to_html("![chart](https://example.org/c.png)", "p");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org/c.png\">[image: chart]</a>"),
            "{html}"
        );
        let unsafe_image = to_html("![x](javascript:alert(1))", "p");
        assert!(!unsafe_image.contains("href"), "{unsafe_image}");
    }

    #[test]
    fn links_never_nest() {
        for markdown in [
            "[![moon](https://example.org/moon.jpg)](https://example.org/)",
            "![a [b](https://example.org/b)](https://example.org/a.png)",
        ] {
            let html = to_html(markdown, "p");
            assert_eq!(html.matches("<a ").count(), 1, "{markdown} → {html}");
            assert!(html.contains("[image: "), "{markdown} → {html}");
        }
    }

    #[test]
    fn urls_are_cleaned_for_validators() {
        for (url, cleaned) in [
            ("https://example.org/a b", Some("https://example.org/a%20b")),
            (
                "https://example.org/?q=\"><x>{|}^`",
                Some("https://example.org/?q=%22%3E%3Cx%3E%7B%7C%7D%5E%60"),
            ),
            (
                "https://example.org/%zz%41",
                Some("https://example.org/%25zz%41"),
            ),
            (
                "https://example.org/#a#b[c]",
                Some("https://example.org/#a%23b%5Bc%5D"),
            ),
            (
                "https://user@[::1]:8080/é",
                Some("https://user@[::1]:8080/é"),
            ),
            ("HTTPS://Example.org.", Some("HTTPS://Example.org.")),
            ("mailto:a b@example.org", Some("mailto:a%20b@example.org")),
            ("../other.html#x", Some("../other.html#x")),
            ("https://../", None),
            ("https://", None),
            ("https://exa mple.org/", None),
            ("http://[::1", None),
            ("https:example.org", None),
            ("https://example.org:80x/", None),
            ("javascript:alert(1)", None),
        ] {
            assert_eq!(clean_url(url).as_deref(), cleaned, "{url}");
        }
    }

    #[test]
    fn headings_never_skip_a_level() {
        let html = to_html("### a\n\n###### b\n\n# c\n\n#### d\n", "p");
        assert_eq!(
            html,
            "<h4 dir=\"auto\">a</h4>\n<h5 dir=\"auto\">b</h5>\n<h4 dir=\"auto\">c</h4>\n<h5 dir=\"auto\">d</h5>\n",
            "{html}"
        );
    }

    #[test]
    fn tables_scroll_in_a_wrapper() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n", "p");
        assert!(
            html.starts_with(
                "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" \
                 aria-label=\"Note, table 1\"><table>"
            ),
            "{html}"
        );
        assert!(html.trim_end().ends_with("</table>\n</div>"), "{html}");
    }

    #[test]
    fn each_table_is_a_named_region_a_keyboard_reaches() {
        let table = "| a |\n|---|\n| 1 |\n\n";
        let html = super::to_html(&table.repeat(2), "p", "“A <b>\"note\"</b>”, What happened");
        assert!(
            html.contains(
                "aria-label=\"“A &lt;b&gt;&quot;note&quot;&lt;/b&gt;”, What happened, table 1\""
            ),
            "{html}"
        );
        assert!(html.contains(", table 2\""), "{html}");
        assert_eq!(html.matches("tabindex=\"0\"").count(), 2, "{html}");
    }

    #[test]
    fn a_link_without_text_shows_its_address() {
        let html = to_html(
            "[](https://example.org/a) and [x](https://example.org/b)",
            "p",
        );
        assert!(
            html.contains("<a href=\"https://example.org/a\">https://example.org/a</a> and"),
            "{html}"
        );
        assert!(html.contains(">x</a>"), "{html}");
    }

    #[test]
    fn empty_headings_are_left_out() {
        let html = to_html("#\n\ntext\n\n##   \n\n## Kept\n", "p");
        assert_eq!(
            html,
            "<p dir=\"auto\">text</p>\n<h4 dir=\"auto\">Kept</h4>\n"
        );
    }

    #[test]
    fn task_list_checkboxes_are_named() {
        let html = to_html("- [x] sent\n- [ ] signed\n", "p");
        assert!(
            html.contains(
                "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"done\">"
            ),
            "{html}"
        );
        assert!(
            html.contains("<input disabled=\"\" type=\"checkbox\" aria-label=\"not done\">"),
            "{html}"
        );
    }

    #[test]
    fn footnote_ids_are_prefixed() {
        let html = to_html("Claim.[^1]\n\n[^1]: Source.", "note-a");
        assert!(html.contains("href=\"#note-a-fn-1\""), "{html}");
        assert!(html.contains("id=\"note-a-fn-1\""), "{html}");
    }

    #[test]
    fn linked_footnotes_point_at_the_notes_endnotes() {
        let html = to_html_linked(
            "Claim.[^1]\n\n[^1]: Source.",
            "passage-a",
            "endnotes-a",
            &[],
        );
        assert!(html.contains("href=\"#endnotes-a-fn-1\""), "{html}");
        assert!(html.contains("id=\"passage-a-fn-1-ref\""), "{html}");
        assert!(
            !html.contains("Source."),
            "the definition is left out: {html}"
        );
        let endnotes = to_html("[^1]: Source.", "endnotes-a");
        assert!(endnotes.contains("id=\"endnotes-a-fn-1\""), "{endnotes}");
    }

    #[test]
    fn a_definition_nested_in_another_stays_out_with_it() {
        let md = "Claim[^a]\n\n[^a]: First.\n\n    > [^b]: Nested.\n\n    Leaked paragraph.\n";
        let html = to_html_linked(md, "p", "e", &[]);
        assert!(!html.contains("Leaked"), "{html}");
        assert!(!html.contains("blockquote"), "{html}");
        assert!(html.starts_with("<p dir=\"auto\">Claim<sup"), "{html}");
    }

    #[test]
    fn headings_are_shifted_below_the_brief() {
        assert!(to_html("# Top", "p").contains("<h4 dir=\"auto\">Top</h4>"));
        assert!(to_html("# Top\n\n#### Deep", "p").contains("<h5 dir=\"auto\">Deep</h5>"));
    }

    #[test]
    fn extensions_render() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n",
            "p",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
    }
}

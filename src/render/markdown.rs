//! A note's markdown into HTML that is safe to inline in a brief.
//!
//! Safety is enforced on pulldown-cmark's events, before any HTML exists:
//! - raw HTML (block or inline) becomes text, so it is shown, never live;
//! - links keep only `http`, `https`, `mailto` and relative targets; any
//!   other scheme (`javascript:`, `data:`, `vbscript:`, in any case, with
//!   entities or whitespace inside) drops the link and keeps its text;
//! - images become a link to the image (the brief fetches nothing);
//! - footnote ids get a per-passage prefix so ids stay unique in a page;
//! - headings are shifted below the brief's own (a note's `#` becomes `h4`).
//!
//! Attribute values (link targets and titles) are escaped by pulldown-cmark's
//! HTML writer; the only HTML this module writes itself is escaped here.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html};

use crate::note::body::markdown_options;

/// Renders `markdown` as an HTML fragment. `id_prefix` makes footnote ids
/// unique within the page (e.g. the passage's anchor).
pub fn to_html(markdown: &str, id_prefix: &str) -> String {
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let safe = is_safe_url(&dest_url);
                dropped_links.push(!safe);
                if safe {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if dropped_links.pop() == Some(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                in_image += 1;
                let safe = is_safe_url(&dest_url);
                dropped_links.push(!safe);
                if safe {
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                }
                events.push(Event::Text(CowStr::Borrowed("[image: ")));
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                events.push(Event::Text(CowStr::Borrowed("]")));
                if dropped_links.pop() == Some(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes: _,
                attrs: _,
            }) => events.push(Event::Start(Tag::Heading {
                level: shifted(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            })),
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::End(TagEnd::Heading(shifted(level))));
            }
            Event::FootnoteReference(name) => {
                let id = footnote_id(id_prefix, &name);
                events.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{id}\" id=\"{id}-ref\">{}</a></sup>",
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
pub fn escape(text: &str) -> String {
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
pub fn is_safe_url(url: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn footnote_ids_are_prefixed() {
        let html = to_html("Claim.[^1]\n\n[^1]: Source.", "note-a");
        assert!(html.contains("href=\"#note-a-fn-1\""), "{html}");
        assert!(html.contains("id=\"note-a-fn-1\""), "{html}");
    }

    #[test]
    fn headings_are_shifted_below_the_brief() {
        assert!(to_html("# Top", "p").contains("<h4>Top</h4>"));
        assert!(to_html("#### Deep", "p").contains("<h5>Deep</h5>"));
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

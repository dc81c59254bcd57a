//! A note's figures in HTML: each image the model holds becomes an
//! `<img>` whose `src` is a `data:` URI of its bytes (an SVG as usvg
//! rewrote it, shown as an image, never inlined), so the page stays one
//! file that fetches nothing; an image alone in its paragraph becomes a
//! `<figure>` with its title as `<figcaption>`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use pulldown_cmark::{Event, Tag, TagEnd};

use crate::model::Figure;

use super::escape;

/// `<img …>` for `figure`, with `alt` as its alternative text.
pub(super) fn img(figure: &Figure, alt: &str) -> String {
    let image = &figure.image;
    let mut out = String::with_capacity(image.data.len() * 4 / 3 + 160);
    out.push_str("<img class=\"figure-image\" src=\"data:");
    out.push_str(image.kind.mime());
    out.push_str(";base64,");
    STANDARD.encode_string(&image.data[..], &mut out);
    out.push_str("\" alt=\"");
    out.push_str(&escape(alt));
    out.push_str(&format!(
        "\" width=\"{}\" height=\"{}\">",
        image.width, image.height
    ));
    out
}

/// A block figure: the image and, when the note gave a title, its caption.
pub(super) fn block(figure: &Figure, alt: &str, caption: Option<&str>) -> String {
    let mut out = String::from("<figure class=\"figure\">");
    out.push_str(&img(figure, alt));
    if let Some(caption) = caption.filter(|c| !c.trim().is_empty()) {
        out.push_str("<figcaption dir=\"auto\">");
        out.push_str(&escape(caption.trim()));
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>\n");
    out
}

/// From the `Start(Image)` at `start`: the index of its `End(Image)` and
/// its alternative text, as plain text.
pub(super) fn image_end(events: &[Event<'_>], start: usize) -> (usize, String) {
    let mut depth = 0usize;
    let mut alt = String::new();
    for (i, event) in events.iter().enumerate().skip(start + 1) {
        match event {
            Event::End(TagEnd::Image) if depth == 0 => return (i, alt.trim().to_owned()),
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    (events.len(), alt.trim().to_owned())
}

/// When the paragraph opening at `start` holds one figure and nothing
/// else: the figure, its alt text, caption, and the paragraph's end.
pub(super) fn alone<'f>(
    events: &[Event<'_>],
    start: usize,
    figures: &'f [Figure],
) -> Option<(&'f Figure, String, Option<String>, usize)> {
    let Some(Event::Start(Tag::Image {
        dest_url, title, ..
    })) = events.get(start + 1)
    else {
        return None;
    };
    let figure = crate::figures::find(figures, dest_url)?;
    let (end, alt) = image_end(events, start + 1);
    let mut after = end + 1;
    while let Some(Event::SoftBreak) = events.get(after) {
        after += 1;
    }
    match events.get(after) {
        Some(Event::End(TagEnd::Paragraph)) => {
            let caption = (!title.trim().is_empty()).then(|| title.to_string());
            Some((figure, alt, caption, after))
        }
        _ => None,
    }
}

use super::*;

#[test]
fn references_carry_alt_title_and_span() {
    let body = "Text.\n\n![Map of *the* strait](maps/hormuz.png \"The strait\")\n\n![](https://example.org/x.png)\n";
    let found = references(body);
    assert_eq!(found.len(), 1, "a URL is no figure");
    let r = &found[0];
    assert_eq!(r.src, "maps/hormuz.png");
    assert_eq!(r.alt, "Map of the strait");
    assert_eq!(r.title.as_deref(), Some("The strait"));
    assert_eq!(
        &body[r.span.clone()],
        "![Map of *the* strait](maps/hormuz.png \"The strait\")"
    );
}

#[test]
fn paths_resolve_from_the_note_and_never_climb_out() {
    let note = Path::new("briefs/hormuz/a.md");
    assert_eq!(
        resolve(note, "map.png"),
        Some(PathBuf::from("briefs/hormuz/map.png"))
    );
    assert_eq!(
        resolve(note, "../../img/m%20a.png"),
        Some(PathBuf::from("img/m a.png"))
    );
    assert_eq!(resolve(note, "../../../etc/x.png"), None);
    assert_eq!(resolve(note, "/etc/x.png"), None);
}

#[test]
fn sniffing_checks_magic_numbers() {
    assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some(ImageKind::Png));
    assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ImageKind::Jpeg));
    assert_eq!(
        sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        Some(ImageKind::Svg)
    );
    assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), None, "svgz is not inflated");
    assert_eq!(sniff(b"GIF89a"), None);
    assert!(matches!(
        inspect(ImageKind::Png, &[0xFF, 0xD8, 0xFF, 0xE0]),
        Err(Problem::WrongType {
            said: ImageKind::Png,
            found: Some(ImageKind::Jpeg)
        })
    ));
}

#[test]
fn svg_text_becomes_paths_in_the_shipped_fonts_and_hrefs_are_dropped() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40"><script>alert(1)</script><text x="4" y="30" font-size="20">Hormuz</text><image href="/etc/passwd.png" width="10" height="10"/></svg>"#;
    let image = inspect(ImageKind::Svg, svg).expect("parses");
    assert_eq!((image.width, image.height), (120, 40));
    let out = std::str::from_utf8(&image.data).expect("utf-8");
    assert!(out.contains("<path"), "{out}");
    assert!(
        !out.contains("<text") && !out.contains("script") && !out.contains("passwd"),
        "{out}"
    );
}

#[test]
fn a_declared_bomb_is_refused_before_decoding() {
    // A PNG header declaring 30000 × 30000 pixels and nothing else.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&30_000u32.to_be_bytes());
    png.extend_from_slice(&30_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    assert!(matches!(
        inspect(ImageKind::Png, &png),
        Err(Problem::TooManyPixels {
            width: 30_000,
            height: 30_000
        })
    ));
}

#[test]
fn svg_work_is_bounded_by_nodes_and_text() {
    let text = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>{}</text></svg>",
        "x".repeat(30_000)
    );
    assert!(matches!(
        inspect(ImageKind::Svg, text.as_bytes()),
        Err(Problem::Undecodable(why)) if why.contains("30000 characters of text")
    ));
    let nodes = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{}</svg>",
        "<g/>".repeat(250_000)
    );
    assert!(matches!(
        inspect(ImageKind::Svg, nodes.as_bytes()),
        Err(Problem::Undecodable(why)) if why.contains("XML nodes")
    ));
    // `use` copying `use` tenfold, nine deep: a billion rectangles.
    let mut bomb = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><defs><g id=\"a0\"><rect width=\"1\" height=\"1\"/></g>",
    );
    for i in 1..10 {
        bomb.push_str(&format!("<g id=\"a{i}\">"));
        for _ in 0..10 {
            bomb.push_str(&format!("<use xlink:href=\"#a{}\"/>", i - 1));
        }
        bomb.push_str("</g>");
    }
    bomb.push_str("</defs><use xlink:href=\"#a9\"/></svg>");
    assert!(inspect(ImageKind::Svg, bomb.as_bytes()).is_err());
}

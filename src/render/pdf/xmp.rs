//! The document's XMP metadata (what PDF/UA-1 and PDF/A-2b identify
//! themselves by, with the same title, author, dates and producer as the
//! information dictionary) and PDF/A's sRGB output intent.

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::vocab::PdfStandard;

/// The sRGB profile of the output intent (compact-icc-profiles' sRGB v4,
/// CC0: `assets/icc/LICENSE`).
const SRGB_PROFILE: &[u8] = include_bytes!("../../../assets/icc/sRGB-v4.icc");

/// What the metadata says, each as the information dictionary says it.
pub(super) struct Metadata<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub keywords: &'a str,
    pub producer: &'a str,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub date: &'a str,
    pub lang: &'a str,
    pub standard: PdfStandard,
}

/// Text as XML character data: markup characters escaped, and characters
/// XML 1.0 cannot hold (controls) left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet.
pub(super) fn packet(meta: &Metadata<'_>) -> String {
    let lang = escape(meta.lang);
    let mut ids = String::new();
    if meta.standard.tagged() {
        ids.push_str("   <pdfuaid:part>1</pdfuaid:part>\n");
    }
    if meta.standard == PdfStandard::A2b {
        ids.push_str(
            "   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n",
        );
    }
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>brief</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
{ids}  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        title = escape(meta.title),
        author = escape(meta.author),
        subject = escape(meta.subject),
        keywords = escape(meta.keywords),
        producer = escape(meta.producer),
        date = escape(meta.date),
        bom = '\u{FEFF}',
    )
}

/// Puts the metadata stream (uncompressed, as PDF/A wants it) on the
/// catalog, and for PDF/A-2b the sRGB output intent.
pub(super) fn add(doc: &mut Document, catalog: &mut Dictionary, meta: &Metadata<'_>) {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let stream = Stream::new(dict, packet(meta).into_bytes()).with_compression(false);
    let id = doc.add_object(Object::Stream(stream));
    catalog.set("Metadata", Object::Reference(id));
    if meta.standard == PdfStandard::A2b {
        let mut dict = Dictionary::new();
        dict.set("N", Object::Integer(3));
        let profile = doc.add_object(Object::Stream(Stream::new(dict, SRGB_PROFILE.to_vec())));
        let mut intent = Dictionary::new();
        intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
        intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
        let name = |text: &str| Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
        intent.set("OutputConditionIdentifier", name("sRGB IEC61966-2.1"));
        intent.set("Info", name("sRGB IEC61966-2.1"));
        intent.set("RegistryName", name("http://www.color.org"));
        intent.set("DestOutputProfile", Object::Reference(profile));
        catalog.set(
            "OutputIntents",
            Object::Array(vec![Object::Dictionary(intent)]),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(standard: PdfStandard) -> Metadata<'static> {
        Metadata {
            title: "Hormuz <&> \"shipping\"\u{1}",
            author: "Unit",
            subject: "s",
            keywords: "k",
            producer: "brief",
            date: "2026-11-19T00:00:00Z",
            lang: "en",
            standard,
        }
    }

    #[test]
    fn the_packet_escapes_text_and_names_its_standards() {
        let ua = packet(&meta(PdfStandard::Ua1));
        assert!(
            ua.contains("Hormuz &lt;&amp;&gt; &quot;shipping&quot;</rdf:li>"),
            "{ua}"
        );
        assert!(ua.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(!ua.contains("pdfaid:part>"));
        let a = packet(&meta(PdfStandard::A2b));
        assert!(a.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(a.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(a.contains("<pdfuaid:part>1</pdfuaid:part>"));
    }

    #[test]
    fn the_profile_is_an_srgb_display_profile() {
        assert_eq!(&SRGB_PROFILE[12..20], b"mntrRGB ");
        assert_eq!(&SRGB_PROFILE[36..40], b"acsp");
    }
}

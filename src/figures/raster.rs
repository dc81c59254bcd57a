//! PNG and JPEG headers read by hand (sizes before any decode), and PNG
//! decoded with the `png` crate under a memory limit.

use super::{JpegColour, MAX_PIXELS, Problem};

/// The size a PNG's IHDR chunk declares, without decoding anything.
pub(super) fn png_size(bytes: &[u8]) -> Result<(u32, u32), Problem> {
    // Signature (8), chunk length (4), "IHDR", width (4), height (4).
    let ihdr = bytes
        .get(8..24)
        .filter(|head| &head[4..8] == b"IHDR")
        .ok_or_else(|| Problem::Undecodable("its header (IHDR) is missing".to_owned()))?;
    let width = u32::from_be_bytes([ihdr[8], ihdr[9], ihdr[10], ihdr[11]]);
    let height = u32::from_be_bytes([ihdr[12], ihdr[13], ihdr[14], ihdr[15]]);
    Ok((width, height))
}

/// A PNG's pixels at 8 bits per channel: colour (grey or RGB) and,
/// separately, alpha when it has any, as the PDF wants them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colour components per pixel: 1 (grey) or 3 (RGB).
    pub channels: u8,
    /// The colour samples, row by row.
    pub colour: Vec<u8>,
    /// One alpha sample per pixel, when the image has transparency.
    pub alpha: Option<Vec<u8>>,
}

/// Decodes a PNG whose size was checked against the caps, within a memory
/// budget of what its declared size needs (a lying header cannot make the
/// decoder allocate more).
pub fn png_pixels(bytes: &[u8]) -> Result<Pixels, String> {
    let mut decoder = png::Decoder::new_with_limits(
        std::io::Cursor::new(bytes),
        png::Limits {
            // RGBA at 16 bits, for the largest image allowed.
            bytes: usize::try_from(MAX_PIXELS * 8).unwrap_or(usize::MAX),
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(describe)?;
    let size = reader.output_buffer_size();
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer).map_err(describe)?;
    buffer.truncate(frame.buffer_size());
    let (width, height) = (frame.width, frame.height);
    let pixels = (width as usize) * (height as usize);
    let (channels, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err("its palette was not expanded".to_owned()),
    };
    let stride = usize::from(channels) + usize::from(has_alpha);
    if buffer.len() < pixels * stride {
        return Err("its image data is too short".to_owned());
    }
    if !has_alpha {
        return Ok(Pixels {
            width,
            height,
            channels,
            colour: buffer,
            alpha: None,
        });
    }
    let mut colour = Vec::with_capacity(pixels * usize::from(channels));
    let mut alpha = Vec::with_capacity(pixels);
    for pixel in buffer.chunks_exact(stride) {
        colour.extend_from_slice(&pixel[..usize::from(channels)]);
        alpha.push(pixel[usize::from(channels)]);
    }
    // Fully opaque: no soft mask needed.
    let alpha = alpha.iter().any(|&a| a != 255).then_some(alpha);
    Ok(Pixels {
        width,
        height,
        channels,
        colour,
        alpha,
    })
}

fn describe(error: png::DecodingError) -> String {
    match error {
        png::DecodingError::LimitsExceeded => {
            "it needs more memory than its size allows".to_owned()
        }
        png::DecodingError::IoError(_) => "its data ends early".to_owned(),
        png::DecodingError::Format(_) => "its data is damaged".to_owned(),
        png::DecodingError::Parameter(_) => "it is not a valid PNG".to_owned(),
    }
}

/// What the PDF needs to know of a JPEG to pass it through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct JpegHeader {
    pub width: u32,
    pub height: u32,
    pub colour: JpegColour,
}

/// Walks a JPEG's markers to its frame header (SOF) and checks a scan
/// follows: the size, the components, and an Adobe marker's colour
/// transform. Lossless, hierarchical and arithmetic-coded JPEGs, and
/// samples other than 8 bits, are refused: PDF readers do not show them.
pub(super) fn jpeg_header(bytes: &[u8]) -> Result<JpegHeader, Problem> {
    let bad = |why: &str| Problem::Undecodable(why.to_owned());
    let mut at = 2;
    let mut frame: Option<(u32, u32, u8)> = None;
    let mut adobe_transform: Option<u8> = None;
    loop {
        // Markers may be padded with 0xFF bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(bad("its markers are damaged or it ends early"));
        };
        at += 2;
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            continue;
        }
        if marker == 0xD9 {
            return Err(bad("it ends before any image data"));
        }
        let length = match bytes.get(at..at + 2) {
            Some(l) => usize::from(u16::from_be_bytes([l[0], l[1]])),
            None => return Err(bad("it ends early")),
        };
        if length < 2 {
            return Err(bad("a marker segment has a bad length"));
        }
        let Some(segment) = bytes.get(at + 2..at + length) else {
            return Err(bad("it ends early"));
        };
        match marker {
            // SOF0 baseline, SOF1 extended, SOF2 progressive (Huffman).
            0xC0..=0xC2 => {
                if segment.len() < 6 {
                    return Err(bad("its frame header is too short"));
                }
                if segment[0] != 8 {
                    return Err(bad("its samples are not 8 bits"));
                }
                let height = u32::from(u16::from_be_bytes([segment[1], segment[2]]));
                let width = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
                frame = Some((width, height, segment[5]));
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(bad(
                    "it is a lossless, hierarchical or arithmetic-coded JPEG, which PDF readers do not show",
                ));
            }
            // APP14 "Adobe": its last byte is the colour transform.
            0xEE if segment.starts_with(b"Adobe") && segment.len() >= 12 => {
                adobe_transform = Some(segment[11]);
            }
            // Start of scan: the frame must be known by now.
            0xDA => {
                let Some((width, height, components)) = frame else {
                    return Err(bad("its image data comes before its frame header"));
                };
                if height == 0 {
                    return Err(bad(
                        "its height is not in its header (DNL), which is not supported",
                    ));
                }
                let colour = match components {
                    1 => JpegColour::Gray,
                    3 => JpegColour::Rgb,
                    4 => JpegColour::Cmyk {
                        inverted: adobe_transform.is_some(),
                    },
                    n => return Err(bad(&format!("it has {n} colour components"))),
                };
                if bytes.len() < at + length + 2 {
                    return Err(bad("it ends early"));
                }
                return Ok(JpegHeader {
                    width,
                    height,
                    colour,
                });
            }
            _ => {}
        }
        at += length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG: SOI, optional APP14, SOF, SOS header, EOI.
    pub(crate) fn jpeg(sof: u8, components: u8, adobe: bool) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        if adobe {
            out.extend_from_slice(&[0xFF, 0xEE, 0, 14]);
            out.extend_from_slice(b"Adobe\0\x64\0\0\0\0\x02");
        }
        let len = 8 + 3 * u16::from(components);
        out.extend_from_slice(&[0xFF, sof]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&[8, 0, 20, 0, 30, components]);
        for c in 0..components {
            out.extend_from_slice(&[c + 1, 0x11, 0]);
        }
        out.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
        out.extend_from_slice(&[0x12, 0x34, 0xFF, 0xD9]);
        out
    }

    #[test]
    fn jpeg_frames_give_size_and_colour() {
        let header = jpeg_header(&jpeg(0xC0, 3, false)).expect("reads");
        assert_eq!((header.width, header.height), (30, 20));
        assert_eq!(header.colour, JpegColour::Rgb);
        let progressive = jpeg_header(&jpeg(0xC2, 1, false)).expect("reads");
        assert_eq!(progressive.colour, JpegColour::Gray);
        let cmyk = jpeg_header(&jpeg(0xC0, 4, true)).expect("reads");
        assert_eq!(cmyk.colour, JpegColour::Cmyk { inverted: true });
    }

    #[test]
    fn odd_and_truncated_jpegs_are_refused() {
        assert!(jpeg_header(&jpeg(0xC3, 3, false)).is_err());
        assert!(jpeg_header(&jpeg(0xC9, 3, false)).is_err());
        assert!(jpeg_header(&jpeg(0xC0, 2, false)).is_err());
        let whole = jpeg(0xC0, 3, false);
        for cut in 2..whole.len() - 4 {
            assert!(jpeg_header(&whole[..cut]).is_err(), "cut at {cut}");
        }
        assert!(jpeg_header(&[0xFF, 0xD8, 0xFF, 0xD9]).is_err());
    }

    #[test]
    fn png_header_and_bounded_decode() {
        let mut png = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut png, 3, 2);
            encoder.set_color(png::ColorType::Rgba);
            let mut writer = encoder.write_header().expect("header");
            let mut data = vec![255u8; 3 * 2 * 4];
            data[3] = 0;
            writer.write_image_data(&data).expect("data");
        }
        assert_eq!(png_size(&png).expect("size"), (3, 2));
        let pixels = png_pixels(&png).expect("decodes");
        assert_eq!(pixels.channels, 3);
        assert_eq!(pixels.colour.len(), 18);
        assert_eq!(pixels.alpha.as_deref().map(<[u8]>::len), Some(6));
        assert!(png_pixels(&png[..png.len() - 20]).is_err());
    }
}

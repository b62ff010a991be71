//! EXIF orientation (tag 0x0112, values 1–8): read from the EXIF block found by the header scan and applied to
//! the pixels, so the output is upright and can be sent without any metadata.
//!
//! The pipeline applies the orientation *after* resizing: rotating the small image is cheaper, and resizing
//! commutes with these lossless transforms (the target size is swapped accordingly).

#[cfg(feature = "image-wasm")]
use image::metadata::Orientation;
#[cfg(feature = "image-wasm")]
use image::{DynamicImage, RgbImage};

/// Reads the orientation from an EXIF block that starts at its TIFF header. Anything missing, out of range or
/// unreadable gives 1 (upright): a broken EXIF block must never fail an otherwise good photo.
pub(crate) fn exif_orientation(tiff: &[u8]) -> u8 {
    let mut reader = exif::Reader::new();
    // Keep what parsed even if another IFD (e.g. a maker note) is damaged.
    reader.continue_on_error(true);
    let parsed = reader.read_raw(tiff.to_vec()).or_else(|e| e.distill_partial_result(|_| {}));
    let Ok(exif) = parsed else { return 1 };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|field| field.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .filter(|v| (1..=8).contains(v))
        .unwrap_or(1)
}

/// Whether orientation `o` swaps width and height (the four transposing cases 5–8).
pub(crate) fn swaps_axes(o: u8) -> bool {
    matches!(o, 5..=8)
}

/// Returns `image` turned upright according to EXIF orientation `o` (1 or unknown: unchanged).
///
/// | o | stored as            | applied here                    |
/// |---|----------------------|---------------------------------|
/// | 2 | mirrored             | flip horizontally               |
/// | 3 | upside down          | rotate 180°                     |
/// | 4 | mirrored vertically  | flip vertically                 |
/// | 5 | transposed           | rotate 90° clockwise, flip h    |
/// | 6 | rotated 90° ccw      | rotate 90° clockwise            |
/// | 7 | transversed          | rotate 270° clockwise, flip h   |
/// | 8 | rotated 90° cw       | rotate 270° clockwise           |
#[cfg(feature = "image-wasm")]
pub(crate) fn apply(image: RgbImage, o: u8) -> RgbImage {
    let Some(orientation) = Orientation::from_exif(o).filter(|o| *o != Orientation::NoTransforms) else {
        return image;
    };
    let mut dynamic = DynamicImage::ImageRgb8(image);
    dynamic.apply_orientation(orientation);
    dynamic.into_rgb8()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal little-endian TIFF block with one IFD entry: Orientation (SHORT) = `o`.
    pub(crate) fn tiff_with_orientation(o: u16) -> Vec<u8> {
        let mut t = b"II*\0\x08\0\0\0".to_vec();
        t.extend_from_slice(&1u16.to_le_bytes()); // one entry
        t.extend_from_slice(&0x0112u16.to_le_bytes());
        t.extend_from_slice(&3u16.to_le_bytes()); // SHORT
        t.extend_from_slice(&1u32.to_le_bytes()); // count
        t.extend_from_slice(&o.to_le_bytes());
        t.extend_from_slice(&[0, 0]);
        t.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
        t
    }

    #[test]
    fn reads_every_orientation_and_defaults_to_upright() {
        for o in 1..=8 {
            assert_eq!(exif_orientation(&tiff_with_orientation(o)), o as u8);
        }
        assert_eq!(exif_orientation(&tiff_with_orientation(0)), 1);
        assert_eq!(exif_orientation(&tiff_with_orientation(9)), 1);
        assert_eq!(exif_orientation(b"garbage"), 1);
        assert_eq!(exif_orientation(&[]), 1);
        let t = tiff_with_orientation(6);
        for cut in 0..t.len() {
            assert!((1..=8).contains(&exif_orientation(&t[..cut])));
        }
    }

    #[test]
    fn transforms_map_pixels_as_exif_defines() {
        // A 3×2 image whose pixel values are their index in the stored image.
        let stored = RgbImage::from_fn(3, 2, |x, y| image::Rgb([(y * 3 + x) as u8, 0, 0]));
        let at = |img: &RgbImage, x, y| img.get_pixel(x, y)[0];
        // Orientation 6 (stored rotated 90° ccw): the upright top row is the stored left column, bottom to top.
        let o6 = apply(stored.clone(), 6);
        assert_eq!(o6.dimensions(), (2, 3));
        assert_eq!((at(&o6, 0, 0), at(&o6, 1, 0)), (3, 0));
        // Orientation 5 (transposed): upright (x, y) = stored (y, x).
        let o5 = apply(stored.clone(), 5);
        assert_eq!((at(&o5, 1, 0), at(&o5, 0, 2)), (3, 2));
        // Orientation 7 (transversed): upright (x, y) = stored (W−1−y, H−1−x).
        let o7 = apply(stored.clone(), 7);
        assert_eq!((at(&o7, 0, 0), at(&o7, 1, 2)), (5, 0));
        assert_eq!(apply(stored.clone(), 1), stored);
    }
}

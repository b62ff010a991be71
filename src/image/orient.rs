//! EXIF orientation (tag 0x0112, values 1–8): read from the EXIF block found by the header scan and applied to
//! the pixels, so the output is upright and can be sent without any metadata.
//!
//! The `wasm` pipeline turns the quarter-turn cases (5–8) *after* resizing, which is cheaper on the small image
//! (resizing commutes with these lossless transforms; the target size is swapped accordingly), and applies the
//! flips (2–4) before, on the decoded image that its YCbCr planes are resized from. In a browser the
//! decoder's `VideoFrame` carries the orientation as `rotation` / `flip` ([`frame_transform`]), which
//! [`upright_rgba`] applies to its copied pixels.

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

/// The `VideoFrame` `(rotation, flip)` that displays a picture stored with EXIF orientation `o` upright: the
/// table above, the flip after the rotation (what Chromium's `ImageDecoder` reports for all 8).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn frame_transform(o: u8) -> (u32, bool) {
    match o {
        2 => (0, true),
        3 => (180, false),
        4 => (180, true),
        5 => (90, true),
        6 => (90, false),
        7 => (270, true),
        8 => (270, false),
        _ => (0, false),
    }
}

/// RGBA pixels of `w`×`h` (as stored) as displayed by a `VideoFrame` with `rotation` (clockwise degrees: 0, 90,
/// 180, 270) and `flip` (horizontal, after the rotation). Walked in 64-pixel tiles so that a quarter turn reads
/// and writes memory in short runs. A buffer shorter than `w·h·4` leaves the missing pixels black.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn upright_rgba(stored: &[u8], (w, h): (u32, u32), rotation: u32, flip: bool) -> Vec<u8> {
    const TILE: usize = 64;
    let (w, h) = (w as usize, h as usize);
    let (dw, dh) = if rotation % 180 == 90 { (h, w) } else { (w, h) };
    let mut out = vec![0u8; w * h * 4];
    for ty in (0..dh).step_by(TILE) {
        for tx in (0..dw).step_by(TILE) {
            for y in ty..(ty + TILE).min(dh) {
                for x in tx..(tx + TILE).min(dw) {
                    // The displayed (x, y) back through the flip, then the rotation.
                    let fx = if flip { dw - 1 - x } else { x };
                    let (u, v) = match rotation {
                        90 => (y, h - 1 - fx),
                        180 => (w - 1 - fx, h - 1 - y),
                        270 => (w - 1 - y, fx),
                        _ => (fx, y),
                    };
                    let (from, to) = ((v * w + u) * 4, (y * dw + x) * 4);
                    if let (Some(src), Some(dst)) = (stored.get(from..from + 4), out.get_mut(to..to + 4)) {
                        dst.copy_from_slice(src);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "image-wasm")]
    fn a_frames_rotation_and_flip_turn_pixels_as_exif_does() {
        // Odd sizes, every pixel distinct, bigger than a tile in one direction.
        let stored = RgbImage::from_fn(67, 5, |x, y| image::Rgb([x as u8, y as u8, (x * 7 + y) as u8]));
        let rgba: Vec<u8> = stored.pixels().flat_map(|p| [p[0], p[1], p[2], 255]).collect();
        for o in 1..=8u8 {
            let (rotation, flip) = frame_transform(o);
            let ours = upright_rgba(&rgba, stored.dimensions(), rotation, flip);
            let exif = apply(stored.clone(), o);
            let expected: Vec<u8> = exif.pixels().flat_map(|p| [p[0], p[1], p[2], 255]).collect();
            assert_eq!(ours, expected, "orientation {o}");
        }
        // A short buffer never panics.
        assert_eq!(upright_rgba(&[1, 2, 3], (2, 2), 90, true).len(), 16);
    }

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

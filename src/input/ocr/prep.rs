//! Page images made ready for recognition: one grey channel in which red seals
//! disappear, straightened, scaled so that text lines have the height the recogniser
//! reads best, and the ink density of any box (bold headings are heavier).
//!
//! Red seals: a 公章 is red ink over black text. In the red channel red ink is as light
//! as the paper while black (and blue) ink stays dark, so taking the red channel of a
//! colour scan drops the seal and keeps the text under it. Grey scans keep their seals
//! (nothing tells them apart).
//!
//! Straightening: the skew is the angle at which the page's dark pixels, projected on
//! the vertical axis, give the sharpest rows (the largest sum of squared row counts),
//! searched on a reduced copy from −5° to 5°, coarse then fine.

use image::{DynamicImage, GrayImage};

/// Line height (ink of a line of CJK text, in pixels) the recogniser reads best:
/// measured on the synthetic scans of `scripts/ocr-measure.sh` (16 pt text at 200 dpi is
/// about 40 px).
pub(super) const TARGET_LINE_PX: f32 = 40.0;
/// Scale only when the text's height is outside this ratio of the target.
const SCALE_BAND: (f32, f32) = (0.7, 1.45);
/// Largest page handed to the recogniser (pixels); larger pages are scaled down first.
pub(super) const MAX_PIXELS: u64 = 40_000_000;
/// Red ink: red this much above both green and blue, and light in the red channel (a
/// dark red pixel is black text under the seal, or its edge).
const RED_MARGIN: u8 = 40;
const RED_LIGHT: u8 = 150;
/// Smallest skew corrected (degrees).
const MIN_SKEW: f32 = 0.12;
const MAX_SKEW: f32 = 5.0;

/// A page ready for recognition.
pub(super) struct Prepared {
    pub gray: GrayImage,
    /// Resolution of `gray` (after scaling).
    pub dpi: f32,
    /// Dark/light threshold (Otsu) of `gray`.
    pub threshold: u8,
}

/// Grey from a decoded page: the red channel of a colour image, with light red ink (red
/// well above green and blue) made white outright, so no trace of a seal is left for
/// the recogniser to read; the luminance of a grey image.
pub(super) fn to_gray(img: DynamicImage) -> GrayImage {
    match img {
        DynamicImage::ImageLuma8(g) => g,
        DynamicImage::ImageLumaA8(_) | DynamicImage::ImageLuma16(_) | DynamicImage::ImageLumaA16(_) => img.to_luma8(),
        other => {
            let rgb = other.to_rgb8();
            let (w, h) = rgb.dimensions();
            let red: Vec<u8> = rgb
                .pixels()
                .map(|p| {
                    let [r, g, b] = p.0;
                    if r > RED_LIGHT && r > g.max(b).saturating_add(RED_MARGIN) {
                        255
                    } else {
                        r
                    }
                })
                .collect();
            GrayImage::from_raw(w, h, red).unwrap_or_else(|| GrayImage::new(w, h))
        }
    }
}

/// Otsu's threshold of a grey image: pixels below it are dark.
pub(super) fn otsu(gray: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in gray.as_raw() {
        hist[*p as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum: f64 = hist.iter().enumerate().map(|(i, &n)| i as f64 * n as f64).sum();
    let (mut w0, mut sum0, mut best, mut at) = (0f64, 0f64, -1f64, 128u8);
    for (t, &n) in hist.iter().enumerate() {
        w0 += n as f64;
        if w0 == 0.0 {
            continue;
        }
        let w1 = total as f64 - w0;
        if w1 == 0.0 {
            break;
        }
        sum0 += t as f64 * n as f64;
        let m0 = sum0 / w0;
        let m1 = (sum - sum0) / w1;
        let between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            // The dark class is 0..=t.
            at = (t as u8).saturating_add(1);
        }
    }
    at
}

/// Prepare a page: grey (red channel), bounded size, straightened, scaled.
pub(super) fn prepare(img: DynamicImage, dpi: f32) -> Prepared {
    let mut gray = to_gray(img);
    let mut dpi = if dpi.is_finite() && dpi > 10.0 { dpi } else { 200.0 };
    let pixels = u64::from(gray.width()) * u64::from(gray.height());
    if pixels > MAX_PIXELS {
        let f = (MAX_PIXELS as f64 / pixels as f64).sqrt() as f32;
        gray = resize(&gray, f);
        dpi *= f;
    }
    let threshold = otsu(&gray);
    let (skew, line_px) = analyse(&gray, threshold);
    if skew.abs() >= MIN_SKEW {
        gray = rotate(&gray, -skew);
    }
    if let Some(h) = line_px {
        let ratio = h / TARGET_LINE_PX;
        if ratio < SCALE_BAND.0 || ratio > SCALE_BAND.1 {
            let f = (1.0 / ratio).clamp(0.4, 2.5);
            gray = resize(&gray, f);
            dpi *= f;
        }
    }
    let threshold = otsu(&gray);
    Prepared { gray, dpi, threshold }
}

fn resize(gray: &GrayImage, f: f32) -> GrayImage {
    let w = ((gray.width() as f32 * f).round() as u32).max(1);
    let h = ((gray.height() as f32 * f).round() as u32).max(1);
    let filter = if f < 1.0 { image::imageops::FilterType::Triangle } else { image::imageops::FilterType::CatmullRom };
    image::imageops::resize(gray, w, h, filter)
}

/// The page's skew (degrees; positive: lines rise to the right) and the height of its
/// text lines (pixels of the full image), from a reduced copy.
fn analyse(gray: &GrayImage, threshold: u8) -> (f32, Option<f32>) {
    // Dark pixels of a copy about 800 px wide (one in `step` pixels each way).
    let step = (gray.width() / 800).max(1);
    let mut dark: Vec<(f32, f32)> = Vec::new();
    let (w, h) = gray.dimensions();
    let mut y = 0;
    while y < h {
        let mut x = 0;
        while x < w {
            if gray.get_pixel(x, y).0[0] < threshold {
                dark.push(((x / step) as f32, (y / step) as f32));
            }
            x += step;
        }
        y += step;
    }
    // A page that is nearly all ink or nearly blank has no lines to measure.
    let cells = (w / step) as usize * (h / step) as usize;
    if dark.len() < 200 || dark.len() * 2 > cells {
        return (0.0, None);
    }
    let rows = (h / step) as usize + 1;
    let score = |deg: f32, bins: &mut Vec<u32>| -> f64 {
        let t = deg.to_radians().tan();
        bins.clear();
        bins.resize(rows * 2, 0);
        let off = rows as f32 / 2.0;
        for &(x, y) in &dark {
            let r = (y + x * t + off) as isize;
            if r >= 0 && (r as usize) < bins.len() {
                bins[r as usize] += 1;
            }
        }
        bins.iter().map(|&c| f64::from(c) * f64::from(c)).sum()
    };
    let mut bins = Vec::new();
    let best_in = |from: f32, to: f32, by: f32, bins: &mut Vec<u32>| -> f32 {
        let mut best = (f64::MIN, 0.0f32);
        let n = ((to - from) / by).round() as i32;
        for i in 0..=n {
            let a = from + i as f32 * by;
            let s = score(a, bins);
            // Ties go to the smaller angle.
            if s > best.0 * (1.0 + 1e-9) || (s >= best.0 && a.abs() < best.1.abs()) {
                best = (s, a);
            }
        }
        best.1
    };
    let coarse = best_in(-MAX_SKEW, MAX_SKEW, 0.25, &mut bins);
    let fine = best_in(coarse - 0.25, coarse + 0.25, 0.025, &mut bins);
    // Line height: runs of inked rows at the best angle.
    score(fine, &mut bins);
    let peak = bins.iter().copied().max().unwrap_or(0);
    let floor = (peak / 8).max(1);
    let mut runs: Vec<usize> = Vec::new();
    let mut run = 0usize;
    for &c in &bins {
        if c >= floor {
            run += 1;
        } else if run > 0 {
            runs.push(run);
            run = 0;
        }
    }
    if run > 0 {
        runs.push(run);
    }
    runs.retain(|&r| r >= 2);
    let line_px = if runs.len() >= 3 {
        runs.sort_unstable();
        Some(runs[runs.len() / 2] as f32 * step as f32)
    } else {
        None
    };
    // Rows were taken as y + x·tan(a): rows are sharpest when the text rises by
    // tan(a) per pixel to the right.
    (fine, line_px)
}

/// Turn the image by `deg` degrees about its centre (bilinear; white outside): lines
/// rising to the right by `a` degrees are level after `rotate(-a)`.
pub(super) fn rotate(gray: &GrayImage, deg: f32) -> GrayImage {
    let (w, h) = gray.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let src = gray.as_raw();
    let mut out = vec![255u8; src.len()];
    let wi = w as i64;
    let hi = h as i64;
    for y in 0..h {
        let dy = y as f32 - cy;
        let row = y as usize * w as usize;
        for x in 0..w {
            let dx = x as f32 - cx;
            // Inverse mapping: where this output pixel comes from.
            let sx = c * dx - s * dy + cx;
            let sy = s * dx + c * dy + cy;
            let x0 = sx.floor();
            let y0 = sy.floor();
            let (xi, yi) = (x0 as i64, y0 as i64);
            if xi < 0 || yi < 0 || xi + 1 >= wi || yi + 1 >= hi {
                continue;
            }
            let fx = sx - x0;
            let fy = sy - y0;
            let i = yi as usize * w as usize + xi as usize;
            let p = |k: usize| f32::from(src[k]);
            let top = p(i) * (1.0 - fx) + p(i + 1) * fx;
            let bottom = p(i + w as usize) * (1.0 - fx) + p(i + w as usize + 1) * fx;
            out[row + x as usize] = (top * (1.0 - fy) + bottom * fy).round() as u8;
        }
    }
    GrayImage::from_raw(w, h, out).unwrap_or_else(|| gray.clone())
}

/// The mean stroke width of the ink in a box (pixels; 0 without ink): twice the dark
/// area over the number of dark/light edges met along rows and columns (a stroke of
/// width s and length L has area sL and about 2L edges). Unlike the share of ink it does
/// not depend on how many or how complex the characters are, so one short bold heading
/// and a long line of running text compare by their type's weight alone.
pub(super) fn stroke(gray: &GrayImage, threshold: u8, left: i32, top: i32, width: i32, height: i32) -> f32 {
    let (w, h) = gray.dimensions();
    let x0 = left.clamp(0, w as i32) as usize;
    let y0 = top.clamp(0, h as i32) as usize;
    let x1 = (left.saturating_add(width)).clamp(0, w as i32) as usize;
    let y1 = (top.saturating_add(height)).clamp(0, h as i32) as usize;
    if x1 <= x0 + 1 || y1 <= y0 + 1 {
        return 0.0;
    }
    let raw = gray.as_raw();
    let w = w as usize;
    let dark = |x: usize, y: usize| raw[y * w + x] < threshold;
    let (mut area, mut edges) = (0u64, 0u64);
    for y in y0..y1 {
        for x in x0..x1 {
            let d = dark(x, y);
            area += u64::from(d);
            if x + 1 < x1 {
                edges += u64::from(d != dark(x + 1, y));
            }
            if y + 1 < y1 {
                edges += u64::from(d != dark(x, y + 1));
            }
        }
    }
    if edges == 0 {
        return 0.0;
    }
    2.0 * area as f32 / edges as f32
}

/// The height of the text in a line's box (pixels): the rows holding at least a fifth
/// of the inkiest row's dark pixels. Specks, seal remnants and underlines above or below
/// the characters add a few dark pixels to a row and do not count, so lines of one type
/// size measure alike (the recogniser's own word boxes do not).
pub(super) fn text_height(gray: &GrayImage, threshold: u8, left: i32, top: i32, width: i32, height: i32) -> f32 {
    let (w, h) = gray.dimensions();
    let x0 = left.clamp(0, w as i32) as usize;
    let y0 = top.clamp(0, h as i32) as usize;
    let x1 = (left.saturating_add(width)).clamp(0, w as i32) as usize;
    let y1 = (top.saturating_add(height)).clamp(0, h as i32) as usize;
    let raw = gray.as_raw();
    let w = w as usize;
    let rows: Vec<usize> =
        (y0..y1).map(|y| raw[y * w + x0..y * w + x1.max(x0)].iter().filter(|&&p| p < threshold).count()).collect();
    let max = rows.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return 0.0;
    }
    rows.iter().filter(|&&n| n * 5 >= max).count() as f32
}

/// The image turned by `turns` quarter turns clockwise.
pub(super) fn turn(gray: &GrayImage, turns: u32) -> GrayImage {
    match turns % 4 {
        1 => image::imageops::rotate90(gray),
        2 => image::imageops::rotate180(gray),
        3 => image::imageops::rotate270(gray),
        _ => gray.clone(),
    }
}

/// The image as binary PGM (what Tesseract reads from standard input).
pub(super) fn pgm(gray: &GrayImage) -> Vec<u8> {
    let header = format!("P5\n{} {}\n255\n", gray.width(), gray.height());
    let mut out = Vec::with_capacity(header.len() + gray.as_raw().len());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(gray.as_raw());
    out
}

/// A white page with lines of 田-like characters (40 px, 6 px apart, a word space after
/// every sixth), for tests.
#[cfg(test)]
pub(super) fn synthetic_page(w: u32, h: u32, skew_deg: f32) -> GrayImage {
    use image::Luma;
    let mut g = GrayImage::from_pixel(w, h, Luma([255]));
    let t = skew_deg.to_radians().tan();
    let stroke = |k: u32| matches!(k, 0..=3 | 18..=21 | 36..=39);
    let mut y0 = 100.0f32;
    while y0 + 40.0 < h as f32 - 100.0 {
        for x in 80..w - 80 {
            let cx = x % 46;
            if (x / 46) % 7 == 6 || cx >= 40 {
                continue;
            }
            let base = y0 - (x as f32) * t;
            for dy in 0..40 {
                let y = (base + dy as f32) as i64;
                if y >= 0 && (y as u32) < h && (stroke(cx) || stroke(dy)) {
                    g.put_pixel(x, y as u32, Luma([20]));
                }
            }
        }
        y0 += 80.0;
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn red_seal_vanishes_black_text_stays() {
        let mut rgb = image::RgbImage::from_pixel(4, 1, image::Rgb([250, 248, 240]));
        rgb.put_pixel(1, 0, image::Rgb([220, 40, 50])); // seal ink
        rgb.put_pixel(2, 0, image::Rgb([20, 20, 20])); // text
        rgb.put_pixel(3, 0, image::Rgb([30, 10, 10])); // text under the seal
        let g = to_gray(DynamicImage::ImageRgb8(rgb.clone()));
        let t = 128;
        assert_eq!(g.get_pixel(1, 0).0[0], 255);
        assert!(g.get_pixel(2, 0).0[0] < t && g.get_pixel(3, 0).0[0] < t);
        // Seal ink that is not clearly red still comes out light in the red channel; the
        // edge of black text under red ink stays dark.
        rgb.put_pixel(1, 0, image::Rgb([190, 160, 165]));
        rgb.put_pixel(2, 0, image::Rgb([105, 20, 25]));
        let g = to_gray(DynamicImage::ImageRgb8(rgb));
        assert!(g.get_pixel(1, 0).0[0] > t);
        assert_eq!(g.get_pixel(2, 0).0[0], 105);
    }

    #[test]
    fn skew_is_measured_and_undone() {
        for skew in [0.0f32, 1.2, -0.8, 2.5] {
            let page = synthetic_page(1200, 1600, skew);
            let t = otsu(&page);
            let (angle, line) = analyse(&page, t);
            assert!((angle - skew).abs() < 0.1, "skew {skew}: measured {angle}");
            let line = line.expect("lines found");
            assert!((35.0..=50.0).contains(&line), "line height {line}");
            let straight = rotate(&page, -angle);
            let (after, _) = analyse(&straight, otsu(&straight));
            assert!(after.abs() < 0.1, "after straightening {skew}: {after}");
        }
    }

    #[test]
    fn text_height_ignores_specks() {
        let mut page = synthetic_page(600, 300, 0.0);
        // A speck above the first line and a thin rule under it.
        page.put_pixel(300, 90, Luma([0]));
        for x in 100..140 {
            page.put_pixel(x, 145, Luma([0]));
        }
        let h = text_height(&page, 128, 80, 85, 440, 65);
        assert_eq!(h, 40.0);
    }

    #[test]
    fn blank_and_black_pages_have_no_skew() {
        let white = GrayImage::from_pixel(300, 400, Luma([255]));
        assert_eq!(analyse(&white, otsu(&white)), (0.0, None));
        let black = GrayImage::from_pixel(300, 400, Luma([0]));
        assert_eq!(analyse(&black, 128), (0.0, None));
    }

    #[test]
    fn stroke_width_and_pgm() {
        // Vertical bars 3 and 6 pixels wide: strokes of 3 and 6 whatever their number.
        for (bar, bars) in [(3u32, 1u32), (3, 4), (6, 2)] {
            let mut g = GrayImage::from_pixel(100, 100, Luma([255]));
            for k in 0..bars {
                for x in 10 + k * 20..10 + k * 20 + bar {
                    for y in 5..95 {
                        g.put_pixel(x, y, Luma([0]));
                    }
                }
            }
            let s = stroke(&g, 128, 0, 0, 100, 100);
            assert!((s - bar as f32).abs() < bar as f32 * 0.15, "bar {bar} x{bars}: {s}");
        }
        let g = GrayImage::from_pixel(10, 10, Luma([255]));
        assert_eq!(stroke(&g, 128, 0, 0, 10, 10), 0.0);
        assert_eq!(text_height(&g, 128, 0, 0, 10, 10), 0.0);
        assert_eq!(stroke(&g, 128, 20, 20, 5, 5), 0.0);
        assert!(pgm(&g).starts_with(b"P5\n10 10\n255\n"));
    }
}

//! Page images: the pages of an image-only PDF or of an image file (PNG, JPEG, TIFF with
//! any number of pages), one at a time, so a long scan never sits in memory whole.
//!
//! A PDF page that draws exactly one image over (most of) the page, upright, gives that
//! image itself when it is a JPEG (DCTDecode) or plain 8-bit or 1-bit grey/RGB samples
//! (FlateDecode or none): the scanner's own pixels at the scanner's own resolution.
//! Any other page (CCITT or JBIG2 images, several image strips, inline images, text
//! drawn as outlines, a rotated page) is rendered by poppler's `pdftoppm` at
//! [`RENDER_DPI`], or at the page image's own resolution when it has one.
//!
//! The resolution of an image file is derived from its size, not its header (phones
//! and some scanners write 72 or nothing): its long side is taken as the long side of
//! an A4 page. Only the text's height matters afterwards, and that is measured (see
//! [`super::prep`]).

use super::engine::{run_piped, RunError};
use image::{DynamicImage, GrayImage, ImageFormat, RgbImage};
use lopdf::content::Content;
use lopdf::{Object, ObjectId};
use std::io::Cursor;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

/// Resolution pages without an image of their own are rendered at.
pub(super) const RENDER_DPI: f32 = 300.0;
/// A4's long side in inches (297 mm).
const A4_LONG_INCHES: f32 = 11.69;
/// Largest decoded image accepted (bytes of samples).
const MAX_ALLOC: u64 = 1 << 30;
const MAX_SIDE: u32 = 30_000;
const RENDER_TIMEOUT: Duration = Duration::from_secs(120);

/// One page as pixels, with its resolution and size in points.
pub(super) struct PageImage {
    pub image: DynamicImage,
    pub dpi: f32,
}

/// Where pages come from.
pub(super) enum Pages<'a> {
    Pdf(Box<PdfPages<'a>>),
    /// A TIFF file and its page count.
    Tiff(&'a [u8], usize),
    /// A single-page image file.
    Single(&'a [u8], ImageFormat),
}

impl<'a> Pages<'a> {
    /// The pages of an image file, by its content.
    pub fn of_image(bytes: &'a [u8]) -> Result<Pages<'a>, String> {
        let format = image::guess_format(bytes).map_err(|_| "无法识别图像格式".to_string())?;
        match format {
            ImageFormat::Tiff => {
                let n = tiff_pages(bytes)?;
                Ok(Pages::Tiff(bytes, n))
            }
            ImageFormat::Png | ImageFormat::Jpeg => Ok(Pages::Single(bytes, format)),
            other => Err(format!("不支持的图像格式 {other:?}（支持 PNG、JPEG、TIFF）")),
        }
    }

    pub fn count(&self) -> usize {
        match self {
            Pages::Pdf(p) => p.pages.len(),
            Pages::Tiff(_, n) => *n,
            Pages::Single(..) => 1,
        }
    }

    /// Page `i` (0-based).
    pub fn page(&self, i: usize) -> Result<PageImage, String> {
        match self {
            Pages::Pdf(p) => p.page(i),
            Pages::Tiff(bytes, _) => tiff_page(bytes, i).map(sized_by_a4),
            Pages::Single(bytes, format) => decode(bytes, *format).map(sized_by_a4),
        }
    }
}

fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, String> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    reader.decode().map_err(|e| format!("图像无法解码（{e}）"))
}

fn sized_by_a4(image: DynamicImage) -> PageImage {
    let long = image.width().max(image.height()) as f32;
    PageImage { dpi: (long / A4_LONG_INCHES).max(1.0), image }
}

fn tiff_decoder(bytes: &[u8]) -> Result<tiff::decoder::Decoder<Cursor<&[u8]>>, String> {
    let mut limits = tiff::decoder::Limits::default();
    limits.decoding_buffer_size = MAX_ALLOC as usize;
    limits.intermediate_buffer_size = MAX_ALLOC as usize;
    tiff::decoder::Decoder::new(Cursor::new(bytes))
        .map(|d| d.with_limits(limits))
        .map_err(|e| format!("TIFF 文件无法读取（{e}）"))
}

/// How many pages (image file directories) a TIFF holds.
fn tiff_pages(bytes: &[u8]) -> Result<usize, String> {
    let mut d = tiff_decoder(bytes)?;
    let mut n = 1;
    while d.more_images() && n < super::MAX_OCR_PAGES + 1 {
        d.next_image().map_err(|e| format!("TIFF 第 {} 页无法读取（{e}）", n + 1))?;
        n += 1;
    }
    Ok(n)
}

/// Page `i` of a TIFF as an image.
fn tiff_page(bytes: &[u8], i: usize) -> Result<DynamicImage, String> {
    use tiff::decoder::DecodingResult;
    use tiff::ColorType;
    let mut d = tiff_decoder(bytes)?;
    d.seek_to_image(i).map_err(|e| format!("TIFF 第 {} 页无法读取（{e}）", i + 1))?;
    let (w, h) = d.dimensions().map_err(|e| format!("TIFF 第 {} 页无法读取（{e}）", i + 1))?;
    let colour = d.colortype().map_err(|e| format!("TIFF 第 {} 页无法读取（{e}）", i + 1))?;
    let data = d.read_image().map_err(|e| format!("TIFF 第 {} 页无法解码（{e}）", i + 1))?;
    let bad = || format!("TIFF 第 {} 页的像素格式不受支持（{colour:?}）", i + 1);
    let DecodingResult::U8(buf) = data else { return Err(bad()) };
    let white_is_zero = matches!(
        d.find_tag(tiff::tags::Tag::PhotometricInterpretation).ok().flatten().and_then(|v| v.into_u16().ok()),
        Some(0)
    );
    let img = match colour {
        ColorType::Gray(8) => GrayImage::from_raw(w, h, buf).map(DynamicImage::ImageLuma8),
        ColorType::Gray(1) => Some(DynamicImage::ImageLuma8(unpack_bits(&buf, w, h, white_is_zero))),
        ColorType::RGB(8) => RgbImage::from_raw(w, h, buf).map(DynamicImage::ImageRgb8),
        ColorType::RGBA(8) => image::RgbaImage::from_raw(w, h, buf).map(DynamicImage::ImageRgba8),
        _ => None,
    };
    let mut img = img.ok_or_else(bad)?;
    if white_is_zero && colour == ColorType::Gray(8) {
        img.invert();
    }
    Ok(img)
}

/// 1-bit rows (each padded to a byte) as 8-bit grey: 1 is white unless `one_is_black`.
fn unpack_bits(buf: &[u8], w: u32, h: u32, one_is_black: bool) -> GrayImage {
    let row = w.div_ceil(8) as usize;
    let mut out = GrayImage::new(w, h);
    for y in 0..h as usize {
        for x in 0..w as usize {
            let bit = buf.get(y * row + x / 8).is_some_and(|b| b & (0x80 >> (x % 8)) != 0);
            let white = bit != one_is_black;
            out.put_pixel(x as u32, y as u32, image::Luma([if white { 255 } else { 0 }]));
        }
    }
    out
}

/// The pages of a PDF.
pub(super) struct PdfPages<'a> {
    doc: lopdf::Document,
    bytes: &'a [u8],
    pages: Vec<ObjectId>,
    /// The file on disk for `pdftoppm`, written when a page first needs it.
    file: Mutex<Option<tempfile::NamedTempFile>>,
}

impl<'a> PdfPages<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<PdfPages<'a>, String> {
        let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_ALLOC as usize), ..Default::default() };
        let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| format!("PDF 无法读取（{e}）"))?;
        let pages = doc.get_pages().into_values().collect();
        Ok(PdfPages { doc, bytes, pages, file: Mutex::new(None) })
    }

    fn page(&self, i: usize) -> Result<PageImage, String> {
        let id = *self.pages.get(i).ok_or_else(|| format!("没有第 {} 页", i + 1))?;
        let own = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.own_image(id))).ok().flatten();
        match own {
            Some(Ok(p)) => Ok(p),
            Some(Err(dpi)) => self.render(i, dpi),
            None => self.render(i, RENDER_DPI),
        }
    }

    /// The one image the page draws, when it can be taken as it is: `Ok` the image,
    /// `Err(dpi)` an image of that resolution to be rendered instead, `None` no single
    /// page image.
    fn own_image(&self, id: ObjectId) -> Option<Result<PageImage, f32>> {
        let doc = &self.doc;
        let page = doc.get_dictionary(id).ok()?;
        if page.get(b"Rotate").and_then(Object::as_i64).is_ok_and(|r| r.rem_euclid(360) != 0) {
            return None;
        }
        let media = media_box(doc, page)?;
        let content = doc.get_page_content_with_limit(id, MAX_ALLOC as usize).ok()?;
        let (resources, ids) = doc.get_page_resources(id).ok()?;
        let mut dicts: Vec<&lopdf::Dictionary> = resources.into_iter().collect();
        dicts.extend(ids.into_iter().filter_map(|i| doc.get_dictionary(i).ok()));
        let mut ctm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut stack = Vec::new();
        let mut found: Option<([f32; 6], &lopdf::Stream)> = None;
        for op in Content::decode_iter(&content) {
            let Ok(op) = op else { return None };
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(ctm),
                "cm" => {
                    let n: Vec<f32> = op.operands.iter().filter_map(|o| o.as_float().ok()).collect();
                    if n.len() != 6 {
                        return None;
                    }
                    ctm = mul(&[n[0], n[1], n[2], n[3], n[4], n[5]], &ctm);
                }
                "Do" => {
                    let name = op.operands.first()?.as_name().ok()?;
                    let stream = dicts.iter().find_map(|d| {
                        let x = d.get_deref(b"XObject", doc).ok()?.as_dict().ok()?;
                        doc.dereference(x.get(name).ok()?).ok()?.1.as_stream().ok()
                    })?;
                    if stream.dict.get(b"Subtype").and_then(Object::as_name).ok()? != b"Image" || found.is_some() {
                        return None;
                    }
                    found = Some((ctm, stream));
                }
                "BI" | "Tj" | "TJ" | "'" | "\"" | "sh" => return None,
                _ => {}
            }
        }
        let (m, stream) = found?;
        // Upright and not mirrored, covering most of the page.
        let upright = m[0] > 0.0 && m[3] > 0.0 && m[1].abs() < m[0] * 1e-3 && m[2].abs() < m[3] * 1e-3;
        let page_area = ((media[2] - media[0]) * (media[3] - media[1])).abs();
        if !upright || m[0] * m[3] < page_area * 0.6 {
            return None;
        }
        let d = &stream.dict;
        let int = |k: &[u8]| d.get(k).and_then(Object::as_i64).ok().and_then(|v| u32::try_from(v).ok());
        let (w, h) = (int(b"Width")?, int(b"Height")?);
        if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
            return None;
        }
        let dpi = w as f32 / (m[0] / 72.0);
        let filters: Vec<&[u8]> = match d.get(b"Filter") {
            Ok(Object::Name(n)) => vec![n.as_slice()],
            Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
            _ => Vec::new(),
        };
        let image = match filters.as_slice() {
            [b"DCTDecode"] => decode(&stream.content, ImageFormat::Jpeg).ok(),
            [] | [b"FlateDecode"] => raw_samples(doc, stream, w, h),
            _ => None,
        };
        Some(image.map(|image| PageImage { image, dpi }).ok_or(dpi.clamp(150.0, 400.0)))
    }

    /// Render page `i` with pdftoppm (colour PPM on standard output).
    fn render(&self, i: usize, dpi: f32) -> Result<PageImage, String> {
        let path = {
            let mut file = self.file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if file.is_none() {
                let mut f = tempfile::Builder::new()
                    .prefix(".fazhi-lint-scan-")
                    .suffix(".pdf")
                    .tempfile()
                    .map_err(|e| format!("无法创建临时文件（{e}）"))?;
                std::io::Write::write_all(&mut f, self.bytes).map_err(|e| format!("无法写入临时文件（{e}）"))?;
                *file = Some(f);
            }
            file.as_ref().map(|f| f.path().to_path_buf()).unwrap_or_default()
        };
        let n = (i + 1).to_string();
        let dpi = dpi.round().max(72.0);
        let mut cmd = Command::new(pdftoppm());
        cmd.args(["-r", &dpi.to_string(), "-f", &n, "-l", &n, "-singlefile"]).arg(&path);
        let out = run_piped(&mut cmd, &[], RENDER_TIMEOUT, MAX_ALLOC).map_err(|e| match e {
            RunError::Spawn(e) if e.kind() == std::io::ErrorKind::NotFound => {
                "此页需要 pdftoppm 生成图像，但未找到该程序：请安装 poppler-utils".to_string()
            }
            RunError::Spawn(e) => format!("无法运行 pdftoppm（{e}）"),
            RunError::Timeout => format!("pdftoppm 生成第 {n} 页图像超过 {} 秒，已停止", RENDER_TIMEOUT.as_secs()),
            RunError::Failed(m) => format!("pdftoppm 无法生成第 {n} 页图像（{m}）"),
        })?;
        let image = decode(&out, ImageFormat::Pnm)?;
        Ok(PageImage { image, dpi })
    }
}

fn pdftoppm() -> std::path::PathBuf {
    std::env::var_os("FAZHI_LINT_PDFTOPPM").filter(|v| !v.is_empty()).map_or_else(|| "pdftoppm".into(), Into::into)
}

fn mul(a: &[f32; 6], b: &[f32; 6]) -> [f32; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn media_box(doc: &lopdf::Document, page: &lopdf::Dictionary) -> Option<[f32; 4]> {
    let mut dict = page;
    for _ in 0..32 {
        if let Ok(b) = dict.get_deref(b"MediaBox", doc).and_then(Object::as_array) {
            let n: Vec<f32> = b.iter().filter_map(|o| doc.dereference(o).ok()?.1.as_float().ok()).collect();
            return (n.len() == 4 && n.iter().all(|v| v.is_finite())).then(|| [n[0], n[1], n[2], n[3]]);
        }
        dict = dict.get_deref(b"Parent", doc).ok()?.as_dict().ok()?;
    }
    None
}

/// Uncompressed samples of an image stream: 8-bit grey or RGB, or 1-bit grey.
fn raw_samples(doc: &lopdf::Document, stream: &lopdf::Stream, w: u32, h: u32) -> Option<DynamicImage> {
    let d = &stream.dict;
    let bpc = d.get(b"BitsPerComponent").and_then(Object::as_i64).ok()?;
    let cs = d.get_deref(b"ColorSpace", doc).ok()?;
    let channels = match cs {
        Object::Name(n) if n == b"DeviceGray" => 1,
        Object::Name(n) if n == b"DeviceRGB" => 3,
        Object::Array(a) if a.first().and_then(|o| o.as_name().ok()) == Some(b"ICCBased") => {
            let icc = doc.dereference(a.get(1)?).ok()?.1.as_stream().ok()?;
            icc.dict.get(b"N").and_then(Object::as_i64).ok()?
        }
        _ => return None,
    };
    if d.has(b"Decode") || d.has(b"SMask") || d.has(b"Mask") {
        return None;
    }
    let data = if d.has(b"Filter") {
        stream.decompressed_content_with_limit(MAX_ALLOC as usize).ok()?
    } else {
        stream.content.clone()
    };
    let (w_us, h_us) = (w as usize, h as usize);
    match (channels, bpc) {
        (1, 8) => GrayImage::from_raw(w, h, data.get(..w_us * h_us)?.to_vec()).map(DynamicImage::ImageLuma8),
        (3, 8) => RgbImage::from_raw(w, h, data.get(..w_us * h_us * 3)?.to_vec()).map(DynamicImage::ImageRgb8),
        (1, 1) => {
            let need = w_us.div_ceil(8) * h_us;
            (data.len() >= need).then(|| DynamicImage::ImageLuma8(unpack_bits(&data, w, h, false)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_unpack_either_way() {
        let g = unpack_bits(&[0b1010_0000], 3, 1, false);
        assert_eq!(g.as_raw(), &[255, 0, 255]);
        let g = unpack_bits(&[0b1010_0000], 3, 1, true);
        assert_eq!(g.as_raw(), &[0, 255, 0]);
    }

    #[test]
    fn image_files_by_content() {
        let mut png = Vec::new();
        DynamicImage::ImageLuma8(GrayImage::from_pixel(100, 141, image::Luma([255])))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let pages = Pages::of_image(&png).unwrap();
        assert_eq!(pages.count(), 1);
        let p = pages.page(0).unwrap();
        assert!((p.dpi - 141.0 / A4_LONG_INCHES).abs() < 0.01);
        assert!(Pages::of_image(b"not an image").is_err());
    }

    #[test]
    fn multi_page_tiff() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut enc = tiff::encoder::TiffEncoder::new(&mut buf).unwrap();
            for shade in [0u8, 200, 100] {
                enc.write_image::<tiff::encoder::colortype::Gray8>(4, 2, &[shade; 8]).unwrap();
            }
        }
        let bytes = buf.into_inner();
        let pages = Pages::of_image(&bytes).unwrap();
        assert_eq!(pages.count(), 3);
        let p = pages.page(1).unwrap();
        assert_eq!(p.image.to_luma8().get_pixel(0, 0).0[0], 200);
        assert!(pages.page(3).is_err());
    }
}

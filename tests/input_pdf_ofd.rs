//! The PDF and OFD readers on files made by real writers (LibreOffice, MuPDF, easyofd)
//! from the synthetic reports of scripts/make_pdf_ofd_reports.py; regenerate them with
//! scripts/make-pdf-ofd-fixtures.sh.

use fazhi_lint::input::{read_path, BlockKind, Document, Format, InputError, DEFAULT_MAX_BYTES};
use std::path::PathBuf;

fn fixture(dir: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir).join(name)
}

fn read(dir: &str, name: &str) -> Document {
    match read_path(&fixture(dir, name), DEFAULT_MAX_BYTES) {
        Ok(doc) => doc,
        Err(e) => panic!("{dir}/{name}: {e}"),
    }
}

fn err(dir: &str, name: &str) -> InputError {
    match read_path(&fixture(dir, name), DEFAULT_MAX_BYTES) {
        Ok(doc) => panic!("{dir}/{name} read as text: {:?}", doc.text),
        Err(e) => e,
    }
}

fn blocks(doc: &Document) -> Vec<(BlockKind, &str, Option<u32>)> {
    doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span.start..b.span.end], b.page)).collect()
}

fn dump(doc: &Document) -> String {
    blocks(doc).iter().map(|(k, t, p)| format!("{k:?} p{p:?} {t}\n")).collect()
}

/// The block whose text starts with `start`.
fn find<'d>(doc: &'d Document, start: &str) -> (BlockKind, &'d str, Option<u32>) {
    blocks(doc)
        .into_iter()
        .find(|(_, t, _)| t.starts_with(start))
        .unwrap_or_else(|| panic!("no block starting {start}:\n{}", dump(doc)))
}

const LEVEL1: [&str; 4] = [
    "2024年度推进法治政府建设的主要举措和成效",
    "存在的不足和原因",
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "2025年度推进法治政府建设的主要安排",
];

/// Paragraph texts that wrap over several lines (one over a page break in every form).
const PARAGRAPHS: [&str; 3] = [
    "县政府常务会议把学习习近平法治思想列为会前学法的固定内容，全年安排专题学习十二次，组织领导干部旁听庭审两次，举办依法行政专题培训班一期，参训人员覆盖各乡镇和县直部门的主要负责人，学习成果转化为推进依法行政的具体举措。",
    "一是部分单位对法治政府建设的重视程度不够，推进工作的主动性不强；二是基层执法力量相对薄弱，执法人员专业能力与新形势新任务的要求还有差距；三是行政复议和应诉工作仍需加强。究其原因，主要是法治培训的针对性不强，考核评价的导向作用发挥不够充分。",
    "一是持续深化习近平法治思想的学习宣传和贯彻落实；二是加强行政规范性文件的合法性审核；三是提升基层综合行政执法能力；四是加强行政复议规范化建设，推动行政争议实质性化解，确保法治政府建设各项任务落到实处。",
];

/// What every readable form of the report must give: the paragraphs whole (wraps and
/// page breaks joined, "2024 年" as the writer spaced it aside), no running header or
/// page number left anywhere, each block on a page.
fn common(doc: &Document, pages: u32) {
    let squeezed: String = doc.text.chars().filter(|c| *c != ' ').collect();
    for p in PARAGRAPHS {
        assert!(squeezed.lines().any(|l| l == p), "paragraph not whole:\n{p}\n---\n{}", dump(doc));
    }
    assert!(!doc.text.contains("某县人民政府文件"), "running header kept:\n{}", dump(doc));
    for line in doc.text.lines() {
        let t = line.trim_matches(|c: char| c == '—' || c == '-' || c.is_whitespace());
        assert!(t.parse::<u32>().is_err(), "page number kept: {line:?}\n{}", dump(doc));
    }
    assert!(doc.blocks.iter().all(|b| b.page.is_some_and(|p| (1..=pages).contains(&p))), "{}", dump(doc));
    assert_eq!(doc.meta.pages, Some(pages));
    assert!(doc.blocks.iter().any(|b| b.page == Some(pages)));
}

#[test]
fn pdf_with_typed_markers() {
    let doc = read("pdf", "report-marked.pdf");
    assert_eq!(doc.format, Format::Pdf);
    common(&doc, 3);
    // Typed markers start their own blocks; the title is the title.
    for (i, h) in LEVEL1.iter().enumerate() {
        let mark = ["一、", "二、", "三、", "四、"][i];
        let (_, t, _) = find(&doc, mark);
        assert_eq!(t.replace(' ', ""), format!("{mark}{h}"));
    }
    assert_eq!(find(&doc, "（二）").1, "（二）持续优化法治化营商环境");
    let (kind, title, page) = find(&doc, "某县人民政府关于");
    assert_eq!((kind, page), (BlockKind::Title, Some(1)), "{}", dump(&doc));
    assert_eq!(title.replace(' ', ""), "某县人民政府关于2024年度法治政府建设情况的报告");
    assert!(doc.meta.date.as_deref().is_some_and(|d| d.len() == 10 && d.starts_with("20")), "{:?}", doc.meta);
    assert_eq!(doc.meta.date_source, Some("PDF Info"));
    // The signature lines stay paragraphs, not headings.
    assert_eq!(find(&doc, "2025年3月20日").0, BlockKind::Paragraph);
}

#[test]
fn pdf_with_bold_headings_and_no_markers() {
    let doc = read("pdf", "report-bold.pdf");
    common(&doc, 3);
    for h in LEVEL1 {
        let (kind, t, _) = find(&doc, &h.chars().take(6).collect::<String>());
        assert_eq!((kind, t.replace(' ', "").as_str()), (BlockKind::Heading(0), h), "{}", dump(&doc));
    }
    assert_eq!(find(&doc, "持续优化").0, BlockKind::Heading(0));
    assert_eq!(find(&doc, "某县人民政府关于").0, BlockKind::Title);
    assert!(blocks(&doc).iter().filter(|b| b.0 == BlockKind::Paragraph).all(|b| !LEVEL1.contains(&b.1)));
}

#[test]
fn pdf_with_cid_fonts() {
    let doc = read("pdf", "report-cid.pdf");
    common(&doc, 2);
    assert_eq!(doc.meta.date.as_deref(), Some("2025-03-20"));
    assert_eq!(find(&doc, "一、").1, "一、2024年度推进法治政府建设的主要举措和成效");
    assert_eq!(find(&doc, "（三）").1, "（三）严格规范公正文明执法");
    assert_eq!(find(&doc, "某县人民政府关于").0, BlockKind::Title);
}

#[test]
fn ofd_from_a_real_writer() {
    for name in ["report-marked.ofd", "report-bold.ofd"] {
        let doc = read("ofd", name);
        assert_eq!(doc.format, Format::Ofd);
        common(&doc, 3);
        if name == "report-marked.ofd" {
            assert_eq!(find(&doc, "三、").1.replace(' ', ""), format!("三、{}", LEVEL1[2]));
        } else {
            for h in LEVEL1 {
                assert_eq!(
                    find(&doc, &h.chars().take(6).collect::<String>()).0,
                    BlockKind::Heading(0),
                    "{name}:\n{}",
                    dump(&doc)
                );
            }
        }
        assert!(doc.meta.date.is_some(), "{:?}", doc.meta);
    }
}

#[test]
fn same_blocks_in_pdf_and_ofd() {
    let plain = |d: &Document| -> Vec<String> { d.text.lines().map(|l| l.replace(' ', "")).collect() };
    for name in ["report-marked", "report-bold"] {
        let pdf = read("pdf", &format!("{name}.pdf"));
        let ofd = read("ofd", &format!("{name}.ofd"));
        assert_eq!(plain(&pdf), plain(&ofd), "{name}");
    }
}

#[test]
fn scanned_pdf_names_its_pages() {
    let e = err("pdf", "scan.pdf");
    assert!(matches!(e, InputError::PdfScanned { pages: 2 }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("扫描件") && msg.contains("共 2 页"), "{msg}");
}

#[test]
fn copy_protected_pdf_is_read() {
    // An owner password only (printing and copying restricted): readers open it with
    // the empty user password, and so does this one.
    let doc = read("pdf", "owner-only.pdf");
    common(&doc, 3);
}

#[test]
fn encrypted_and_corrupt_files() {
    let e = err("pdf", "encrypted.pdf");
    assert!(matches!(e, InputError::PdfEncrypted), "{e:?}");
    assert!(e.to_string().contains("加密"));
    let e = err("pdf", "corrupt.pdf");
    assert!(matches!(e, InputError::NotPdf(_)), "{e:?}");
    assert!(e.to_string().contains("PDF"), "{e}");
    let e = err("ofd", "corrupt.ofd");
    assert!(matches!(e, InputError::NotOfd(_)), "{e:?}");
    assert!(e.to_string().contains("OFD"), "{e}");
}

#[test]
fn check_document_reads_the_pdf_outline() {
    // Through the CLI: the PDF is judged, not refused.
    let out = assert_cmd::Command::cargo_bin("fazhi-lint")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(fixture("pdf", "report-marked.pdf"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("不支持") && !stdout.contains("PDF 没有文字层"), "{stdout}");
    assert!(stdout.contains("report-marked.pdf"), "{stdout}");
}

/// A minimal PDF writer for hostile shapes: objects in order (1-based), a Catalog at 1
/// and the page tree at 2, streams deflated.
fn raw_pdf(objects: &[(String, Option<Vec<u8>>)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, (dict, stream)) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        match stream {
            Some(data) => {
                let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
                z.write_all(data).unwrap();
                let z = z.finish().unwrap();
                write!(out, "<< {dict} /Length {} /Filter /FlateDecode >>\nstream\n", z.len()).unwrap();
                out.extend_from_slice(&z);
                out.extend_from_slice(b"\nendstream");
            }
            None => out.extend_from_slice(dict.as_bytes()),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(out, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).unwrap();
    out
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// issue 26: 2,000 pages sharing one content stream (and equal resources). Inflated and
/// interpreted per page (as before), its 20,000 operators count 2,000 times and pass the
/// file's budget of 20 million; read once and shared, the file is read, every page with
/// its text.
#[test]
fn pages_sharing_one_huge_content_stream_read_it_once() {
    let pages = 2_000;
    let mut content = b"BT /F1 12 Tf 100 400 Td (shared) Tj ET\n".to_vec();
    content.extend(std::iter::repeat_n(&b"n\n"[..], 20_000).flatten());
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 5)).collect();
    let mut objects = vec![
        ("<< /Type /Catalog /Pages 2 0 R >>".to_string(), None),
        (format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")), None),
        (String::new(), Some(content)),
        (FONT.to_string(), None),
    ];
    for _ in 0..pages {
        objects.push((
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
                .to_string(),
            None,
        ));
    }
    let bytes = raw_pdf(&objects);
    assert!(bytes.len() < 400_000, "{}", bytes.len());
    let doc = fazhi_lint::input::decode_bytes(&bytes, "shared.pdf").unwrap();
    assert_eq!(doc.meta.pages, Some(pages));
    assert_eq!(doc.text.matches("shared").count(), pages as usize);
}

/// issue 26: a page tree whose Kids point back to an ancestor: each page once, in order.
#[test]
fn page_tree_cycles_visit_each_page_once() {
    let page = |n: usize| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
            n
        )
    };
    let objects = vec![
        ("<< /Type /Catalog /Pages 2 0 R >>".to_string(), None),
        // The root lists page 5, an intermediate node 3 (which lists page 6 and the root
        // again) and page 5 a second time.
        ("<< /Type /Pages /Kids [5 0 R 3 0 R 5 0 R] /Count 3 >>".to_string(), None),
        ("<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 2 0 R 3 0 R] /Count 2 >>".to_string(), None),
        (FONT.to_string(), None),
        (page(7), None),
        (page(8), None),
        (String::new(), Some(b"BT /F1 12 Tf 100 700 Td (First page text) Tj ET".to_vec())),
        (String::new(), Some(b"BT /F1 12 Tf 100 700 Td (Second page text) Tj ET".to_vec())),
    ];
    let doc = fazhi_lint::input::decode_bytes(&raw_pdf(&objects), "cycle.pdf").unwrap();
    assert_eq!(doc.meta.pages, Some(2));
    assert_eq!(doc.text.matches("First page text").count(), 1, "{}", doc.text);
    assert_eq!(doc.text.matches("Second page text").count(), 1, "{}", doc.text);
    assert!(doc.text.find("First") < doc.text.find("Second"));
}

/// issue 26: a valid PDF over the page limit says so (not "不是有效的 PDF 文件").
#[test]
fn too_many_pages_names_the_limit() {
    let pages = fazhi_lint::input::PDF_MAX_PAGES + 1;
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        ("<< /Type /Catalog /Pages 2 0 R >>".to_string(), None),
        (format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")), None),
    ];
    for _ in 0..pages {
        objects.push(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string(), None));
    }
    let e = fazhi_lint::input::decode_bytes(&raw_pdf(&objects), "many.pdf").unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("5000") && msg.contains("上限") && !msg.contains("不是有效"), "{msg}");
}

/// issue 26: a ToUnicode map that inflates past the limit is reported as such, not as a
/// scan or a font without a map.
#[test]
fn to_unicode_bomb_is_named() {
    let objects = vec![
        ("<< /Type /Catalog /Pages 2 0 R >>".to_string(), None),
        ("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(), None),
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_string(),
            None,
        ),
        (String::new(), Some(b"BT /F1 12 Tf 100 700 Td <0041> Tj ET".to_vec())),
        (
            "<< /Type /Font /Subtype /Type0 /BaseFont /Bomb /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Bomb /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] /ToUnicode 6 0 R >>"
                .to_string(),
            None,
        ),
        (String::new(), Some(vec![b' '; (fazhi_lint::input::MAX_PART_BYTES + 1) as usize])),
    ];
    let e = fazhi_lint::input::decode_bytes(&raw_pdf(&objects), "bomb.pdf").unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, InputError::PartTooLarge { .. }), "{e:?}");
    assert!(msg.contains("ToUnicode") && msg.contains("Bomb") && !msg.contains("扫描件"), "{msg}");
}

/// A font whose codes no map, table or name turns into text is named with its page.
#[test]
fn font_without_any_mapping_is_named_with_its_page() {
    let page = |contents: usize| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> >>"
        )
    };
    let objects = vec![
        ("<< /Type /Catalog /Pages 2 0 R >>".to_string(), None),
        ("<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>".to_string(), None),
        (page(7), None),
        (FONT.to_string(), None),
        // Identity-H, the Adobe-Identity collection, no ToUnicode, no font program: the
        // CIDs (private-use values) say nothing.
        (
            "<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] >>"
                .to_string(),
            None,
        ),
        (page(8), None),
        (String::new(), Some(b"BT /F1 12 Tf 100 700 Td (Title) Tj ET".to_vec())),
        (String::new(), Some(b"BT /F2 12 Tf 100 700 Td <E001E002E003E004E005E006E007E008E009E00A> Tj ET".to_vec())),
    ];
    let e = fazhi_lint::input::decode_bytes(&raw_pdf(&objects), "nomap.pdf").unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, InputError::PdfUnmapped(_)), "{e:?}");
    assert!(msg.contains("NoMap") && msg.contains("第 2 页"), "{msg}");
}

/// A one-page PDF whose text is drawn in render mode `tr` over a scan (a 1×1 image): each
/// line (x, y, size, text) in a Type 0 font whose two-byte codes are the UTF-16 units
/// (ToUnicode the identity), one em per character, as an OCR layer is written.
fn layer_pdf(tr: u8, lines: &[(f32, f32, f32, &str)]) -> Vec<u8> {
    let mut content = b"q 595 0 0 842 0 0 cm /Im0 Do Q\n".to_vec();
    for (x, y, size, text) in lines {
        let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
        content.extend(format!("BT {tr} Tr /F1 {size} Tf {x} {y} Td <{hex}> Tj ET\n").bytes());
    }
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Id def \
1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange \
endcmap CMapName currentdict /CMap defineresource pop end end"
        .to_vec();
    raw_pdf(&[
        ("<< /Type /Catalog /Pages 2 0 R >>".to_string(), None),
        ("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(), None),
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> /XObject << /Im0 8 0 R >> >> >>"
                .to_string(),
            None,
        ),
        (String::new(), Some(content)),
        (
            "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H \
             /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
                .to_string(),
            None,
        ),
        (
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"
                .to_string(),
            None,
        ),
        (String::new(), Some(cmap)),
        (
            // raw_pdf adds the stream's own keys to these.
            "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8".to_string(),
            Some(vec![255]),
        ),
    ])
}

/// Our own synthetic report as another program's recogniser left it in an OCR layer:
/// a bracket read into a level-1 marker, a level-2 bracket read as 〈, ASCII punctuation.
const LAYER: &[(f32, f32, f32, &str)] = &[
    (122.0, 770.0, 22.0, "某县司法局2024年法治政府建设情况报告"),
    (112.0, 720.0, 16.0, "今年以来，我局认真落实上级部署要求，对标法治政府建设实施"),
    (80.0, 692.0, 16.0, "纲要，各项任务有序推进，现就有关情况报告如下，请予审阅。全"),
    (80.0, 664.0, 16.0, "局上下齐心协力，圆满完成年度各项工作任务。"),
    (112.0, 636.0, 16.0, "1]、主要工作举措"),
    (112.0, 608.0, 16.0, "〈1)加强学习培训"),
    (112.0, 580.0, 16.0, "全年组织集中学法6次,培训执法人员120人次。"),
    (112.0, 552.0, 16.0, "2]、存在的不足和原因"),
    (112.0, 524.0, 16.0, "一是执法力量不足;二是宣传方式单一。"),
    (112.0, 496.0, 16.0, "3、2025年工作安排"),
    (112.0, 468.0, 16.0, "持续加强执法队伍建设。"),
    (400.0, 416.0, 16.0, "某县司法局"),
    (400.0, 388.0, 16.0, "2025年1月10日"),
];

/// issue 31: a page whose only text is invisible over an image is an OCR layer, and its
/// text gets the repairs of our own OCR's reading (the same code): markers, punctuation,
/// and, with the rule set's words, the vocabulary. The same text drawn visibly is the
/// document's own and stays as it is.
#[test]
fn an_ocr_layer_is_repaired_as_ocr_text() {
    let doc = fazhi_lint::input::decode_bytes(&layer_pdf(3, LAYER), "layer.pdf").unwrap();
    for want in ["1、主要工作举措", "（1）加强学习培训", "学法6次，培训", "2、存在的不足和原因", "不足；二是"]
    {
        assert!(doc.text.contains(want), "{want}\n{}", doc.text);
    }
    let rules = fazhi_lint::RuleSet::embedded().unwrap();
    let checked = fazhi_lint::check_document(&doc, &rules, &fazhi_lint::Settings::default());
    assert_eq!(checked.report.level1().count(), 3, "{}", doc.text);
    // Drawn visibly, the same characters are the document's own.
    let doc = fazhi_lint::input::decode_bytes(&layer_pdf(0, LAYER), "visible.pdf").unwrap();
    assert!(doc.text.contains("1]、主要工作举措") && doc.text.contains("6次,培训"), "{}", doc.text);
    // A word of the rule set one character off in a heading of the layer is restored
    // when the reader is given the rule set's words (as the command line gives them).
    let garbled: Vec<(f32, f32, f32, &str)> = LAYER
        .iter()
        .map(|&(x, y, s, t)| (x, y, s, if t.starts_with("2]") { "2、存在的下足和原因" } else { t }))
        .collect();
    let ocr = fazhi_lint::input::Ocr::On(fazhi_lint::input::OcrOptions {
        vocabulary: vec!["存在的不足".to_string()].into(),
        ..Default::default()
    });
    let doc = fazhi_lint::input::decode_bytes_with(&layer_pdf(3, &garbled), "layer.pdf", &ocr).unwrap();
    assert!(doc.text.contains("2、存在的不足和原因"), "{}", doc.text);
}

//! The audit as an oversight office uses it (issue #25): rosters in the shapes offices
//! write them (tests/fixtures/rosters, written by scripts/make-rosters.py with openpyxl,
//! xlwt, odfpy and python-docx) all give the same units; unit names matched both ways
//! with place prefixes and the usual variants, each guess marked; the three lists
//! (未报送, 已报送但无法读取, 名单外) never mixed, in every output; a roster that is a zip
//! bomb or a sparse-grid bomb refused with a clear error.

mod input_support;

use assert_cmd::Command;
use calamine::{open_workbook, Reader, Xlsx};
use std::fs;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    Command::cargo_bin("fazhi-lint").unwrap()
}

/// A short synthetic report of `unit` (title, parts, sign-off).
fn report(unit: &str, topic: &str) -> String {
    format!(
        "{unit}2023年度法治政府建设情况报告\n2023年，{unit}坚持以习近平法治思想为指导，推进依法行政。\n一、主要举措和成效\n{topic}全年办理案件12件，培训执法人员80人次。\n二、存在的不足和原因\n基层执法力量不足。究其原因，主要是人员编制有限。\n三、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责同志定期听取法治工作汇报。\n四、2024年工作安排\n继续加强{topic}。\n\n{unit}\n2024年1月15日\n"
    )
}

const ROSTER_DIR: &str = "tests/fixtures/rosters";

/// Every roster shape of the fixtures.
fn rosters() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(ROSTER_DIR).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    assert!(v.len() >= 6, "{v:?}");
    v
}

/// The seven units of the fixtures, in roster order.
const UNITS: [&str; 7] = [
    "西青区信访办",
    "西青区司法局",
    "西青区财政局",
    "西青区卫生健康委员会",
    "西青区审计局",
    "西营门街道办事处",
    "李七庄街道",
];

/// A folder an office receives: readable reports matched exactly, by a place prefix and
/// by the file name only; three files named after units that cannot be read (an empty
/// .docx, a spreadsheet, a scanned PDF); a report of a unit not on the roster; nothing
/// from 李七庄街道.
fn folder(dir: &Path) {
    fs::write(dir.join("01-西青区信访办公室.txt"), report("西青区信访办公室", "信访事项办理")).unwrap();
    fs::write(dir.join("02-司法局报告.txt"), report("天津市西青区司法局", "行政复议")).unwrap();
    // No title, no sign-off: only the file name names the unit.
    fs::write(
        dir.join("05_西青区审计局.txt"),
        "一、主要举措和成效\n全年开展审计项目20个，推动整改问题30个。\n二、存在的不足\n审计力量不足。\n",
    )
    .unwrap();
    fs::write(dir.join("东丽区审计局.txt"), report("东丽区审计局", "审计监督")).unwrap();
    fs::write(dir.join("西青区财政局2023年度报告.docx"), input_support::docx("", None, None)).unwrap();
    fs::write(
        dir.join("西青区卫生健康委员会.xlsx"),
        input_support::zip_of(&[("xl/workbook.xml", b"<workbook/>".as_slice())]),
    )
    .unwrap();
    fs::write(
        dir.join("西营门街道办事处.pdf"),
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    )
    .unwrap();
}

fn audit(args: &[&str]) -> std::process::Output {
    let out = bin().arg("audit").args(args).output().unwrap();
    assert!(out.status.success(), "audit failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn jsonl(dir: &Path, roster: &Path) -> Vec<serde_json::Value> {
    let out = audit(&[dir.to_str().unwrap(), "--format", "jsonl", "--roster", roster.to_str().unwrap()]);
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn name_of(v: &serde_json::Value) -> String {
    Path::new(v["path"].as_str().unwrap_or("")).file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_roster_shape_gives_the_same_units() {
    let empty = tempfile::tempdir().unwrap();
    for r in rosters() {
        let objs = jsonl(empty.path(), &r);
        let missing: Vec<&str> = objs.iter().filter_map(|o| o["roster_unit"].as_str()).collect();
        assert_eq!(missing, UNITS, "{}", r.display());
        assert!(objs.iter().all(|o| o["roster_status"] == "missing"), "{objs:?}");
    }
}

#[test]
fn three_lists_never_mixed_with_every_roster_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("收到的报告");
    fs::create_dir(&dir).unwrap();
    folder(&dir);
    for r in rosters() {
        let objs = jsonl(&dir, &r);
        let by = |n: &str| objs.iter().find(|o| name_of(o) == n).unwrap_or_else(|| panic!("no {n}"));
        let status = |n: &str| by(n)["roster_status"].as_str().unwrap().to_string();
        let unit = |n: &str| by(n)["roster_unit"].as_str().unwrap_or("").to_string();
        let reason = |n: &str| by(n)["roster_reason"].as_str().unwrap_or("").to_string();
        let shape = r.display().to_string();
        // Submitted and read: exact (办公室 = 办), a place prefix (天津市) and the file name.
        assert_eq!(
            (status("01-西青区信访办公室.txt"), unit("01-西青区信访办公室.txt")),
            ("submitted".into(), "西青区信访办".into()),
            "{shape}"
        );
        assert_eq!(by("01-西青区信访办公室.txt")["roster_match"], "exact", "{shape}");
        assert_eq!(unit("02-司法局报告.txt"), "西青区司法局", "{shape}");
        assert_eq!(
            (by("02-司法局报告.txt")["roster_match"].as_str(), reason("02-司法局报告.txt").as_str()),
            (Some("guess"), "place"),
            "{shape}"
        );
        assert_eq!(
            (unit("05_西青区审计局.txt"), reason("05_西青区审计局.txt")),
            ("西青区审计局".into(), "file_name".into()),
            "{shape}"
        );
        // Submitted but unreadable: the unit is not 未报送, the reason is given.
        for (file, u) in [
            ("西青区财政局2023年度报告.docx", "西青区财政局"),
            ("西青区卫生健康委员会.xlsx", "西青区卫生健康委员会"),
            ("西营门街道办事处.pdf", "西营门街道办事处"),
        ] {
            assert_eq!((status(file), unit(file)), ("submitted_unreadable".into(), u.into()), "{shape} {file}");
            assert!(!by(file)["error"].as_str().unwrap().is_empty());
        }
        assert_eq!(status("东丽区审计局.txt"), "not_on_roster", "{shape}");
        let missing: Vec<&str> =
            objs.iter().filter(|o| o["roster_status"] == "missing").filter_map(|o| o["roster_unit"].as_str()).collect();
        assert_eq!(missing, ["李七庄街道"], "{shape}");
    }
}

#[test]
fn the_three_lists_in_table_csv_workbook_and_page() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("收到的报告");
    fs::create_dir(&dir).unwrap();
    folder(&dir);
    let roster = Path::new(ROSTER_DIR).join("多表.xlsx");
    let (d, r) = (dir.to_str().unwrap(), roster.to_str().unwrap());

    let out = audit(&[d, "--roster", r]);
    let table = String::from_utf8(out.stdout).unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("读取名单：工作表“区直部门”：第 B 列（表头“单位名称”在第 2 行），从第 3 行起读出 5 个单位"),
        "{err}"
    );
    assert!(err.contains("读取名单：工作表“说明”：没有单位名称列，已跳过"), "{err}");
    assert!(table.contains("未报送：名单 7 个单位中 1 个没有任何文件\n  李七庄街道\n"), "{table}");
    let unreadable = table.split("已报送但无法读取：3 个文件\n").nth(1).expect(&table);
    for u in ["西青区财政局", "西青区卫生健康委员会", "西营门街道办事处"] {
        assert!(unreadable.contains(u), "{table}");
    }
    assert!(table.contains("名单外：1 份报告的单位不在名单中\n") && table.contains("东丽区审计局"), "{table}");
    assert!(table.contains("西青区司法局（地名前缀不同）") && table.contains("西青区审计局（据文件名）"), "{table}");

    let out = audit(&[d, "--roster", r, "--format", "csv"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    let status = header.iter().position(|h| h == "名单状态").unwrap();
    let unit = header.iter().position(|h| h == "名单单位").unwrap();
    let rows: Vec<Vec<String>> = rd.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
    let count = |s: &str| rows.iter().filter(|r| r[status] == s).count();
    assert_eq!((count("已报送"), count("已报送但无法读取"), count("名单外"), count("未报送")), (3, 3, 1, 1));
    assert!(rows.iter().any(|r| r[status] == "未报送" && r[unit] == "李七庄街道" && r[0].is_empty()));

    let file = tmp.path().join("审查.xlsx");
    audit(&[d, "--roster", r, "--format", "xlsx", "-o", file.to_str().unwrap()]);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let names = wb.sheet_names();
    for s in ["未报送", "已报送但无法读取", "名单外"] {
        assert!(names.contains(&s.to_string()), "{names:?}");
    }
    let sheet = |wb: &mut Xlsx<_>, s: &str| -> Vec<Vec<String>> {
        wb.worksheet_range(s).unwrap().rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    };
    assert_eq!(sheet(&mut wb, "未报送"), [vec!["未报送单位"], vec!["李七庄街道"]]);
    let unread = sheet(&mut wb, "已报送但无法读取");
    assert_eq!(unread[0], ["名单单位", "名单匹配", "文件", "原因"]);
    let mut sorted: Vec<&str> = unread[1..].iter().map(|r| r[0].as_str()).collect();
    sorted.sort();
    let mut want = vec!["西营门街道办事处", "西青区卫生健康委员会", "西青区财政局"];
    want.sort();
    assert_eq!(sorted, want);
    assert!(unread[1..].iter().all(|r| !r[3].is_empty()), "{unread:?}");
    let outside = sheet(&mut wb, "名单外");
    assert_eq!(outside.len(), 2);
    assert!(outside[1][0].ends_with("东丽区审计局.txt"));

    let out = audit(&[d, "--roster", r, "--format", "html"]);
    let page = String::from_utf8(out.stdout).unwrap();
    let section = |id: &str| -> String {
        let start = page.find(&format!("<h2 id=\"{id}\">")).unwrap_or_else(|| panic!("no section {id}"));
        let rest = &page[start..];
        rest[..rest[4..].find("<h2").map_or(rest.len(), |e| e + 4)].to_string()
    };
    let missing = section("missing");
    assert!(missing.contains("李七庄街道") && !missing.contains("西青区财政局"), "{missing}");
    let unreadable = section("unreadable");
    assert!(unreadable.contains("已报送但无法读取（3 个文件）"), "{unreadable}");
    for u in ["西青区财政局", "西青区卫生健康委员会", "西营门街道办事处"] {
        assert!(unreadable.contains(u), "{unreadable}");
    }
    let outside = section("unmatched");
    assert!(outside.contains("东丽区审计局") && !outside.contains("西青区财政局"), "{outside}");
}

#[test]
fn a_roster_is_a_document_with_the_same_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("reports");
    fs::create_dir(&empty).unwrap();
    let run = |roster: &Path| bin().args(["audit", "--roster"]).arg(roster).arg(&empty).output().unwrap();

    // An XLSX whose shared strings inflate past the part limit: refused, not an abort.
    let big = vec![b' '; 70 * 1024 * 1024];
    let bomb = tmp.path().join("名单.xlsx");
    fs::write(
        &bomb,
        input_support::zip_of(&[("xl/workbook.xml", b"<workbook/>".as_slice()), ("xl/sharedStrings.xml", &big)]),
    )
    .unwrap();
    drop(big);
    let out = run(&bomb);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("无法读取名单") && err.contains("压缩炸弹") && err.contains("名单.xlsx"), "{err}");

    // An entry that inflates past its declared size (the header lies): refused too.
    let mut lying = input_support::zip_of(&[
        ("xl/workbook.xml", b"<workbook/>".as_slice()),
        ("xl/sharedStrings.xml", &[b'x'; 200_000]),
    ]);
    patch_sizes(&mut lying, "xl/sharedStrings.xml", 100);
    fs::write(&bomb, &lying).unwrap();
    let out = run(&bomb);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("超过其声明的大小"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // An ODS whose one cell is repeated over a million rows and every column: the repeats
    // are bounded (a clear error), never expanded into memory.
    let ods = tmp.path().join("名单.ods");
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="名单"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>西青区信访办</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    fs::write(
        &ods,
        input_support::zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".as_slice()),
            ("content.xml", content.as_bytes()),
        ]),
    )
    .unwrap();
    let out = run(&ods);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("上限"), "{}", String::from_utf8_lossy(&out.stderr));

    // Two cells as far apart as a sheet allows: read cell by cell, no dense grid.
    let sparse = tmp.path().join("稀疏.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "单位名称").unwrap();
    ws.write_string(1, 0, "西青区信访办").unwrap();
    ws.write_string(1_048_575, 16_383, "远处的单元格").unwrap();
    wb.save(&sparse).unwrap();
    let out = run(&sparse);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("  西青区信访办\n"));
}

/// Rewrite the declared uncompressed size of one entry (local header and central
/// directory) so that it lies.
fn patch_sizes(zip: &mut [u8], name: &str, size: u32) {
    let n = name.as_bytes();
    let mut i = 0;
    while i + 46 < zip.len() {
        if zip[i..i + 4] == [0x50, 0x4b, 0x03, 0x04] && zip.get(i + 30..i + 30 + n.len()) == Some(n) {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        }
        if zip[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] && zip.get(i + 46..i + 46 + n.len()) == Some(n) {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
}

/// A .docx whose first paragraph is styled Title, with `docProps/core.xml` created on
/// `created`, and the parts of a report after it.
fn docx_titled(first: &str, created: &str) -> Vec<u8> {
    use input_support::{para, W_NS};
    let mut body = para(first, r#"<w:pStyle w:val="Title"/>"#);
    for line in [
        "一、主要举措和成效",
        "全年办理行政复议案件12件。",
        "二、存在的不足",
        "执法力量不足。",
        "三、2024年工作安排",
        "继续加强执法。",
    ] {
        body.push_str(&para(line, ""));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}</w:body></w:document>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">{created}T23:15:00Z</dcterms:created></cp:coreProperties>"#
    );
    input_support::zip_of(&[
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
                .as_slice(),
        ),
        ("word/document.xml", document.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
    ])
}

/// A file without a title gets no 标题 and no 单位 from a fragment of its first lines, and
/// a date the file's metadata gives outside the year the report was due (a template's
/// 2013-12-23, a later conversion) is no 成文日期 and never decides a copy family.
#[test]
fn no_title_from_a_fragment_and_no_date_from_foreign_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(
        dir.join("a.docx"),
        docx_titled("以来,国家税务总局上海市某区税务局坚持依法治税，推进法治建设", "2013-12-23"),
    )
    .unwrap();
    fs::write(dir.join("b.docx"), docx_titled("今天是:10月31日 星期二", "2026-05-01")).unwrap();
    fs::write(dir.join("c.docx"), docx_titled("西青区司法局2023年度法治政府建设情况报告", "2024-01-10")).unwrap();
    let out = audit(&[dir.to_str().unwrap(), "--format", "jsonl"]);
    let objs: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let by = |n: &str| objs.iter().find(|o| name_of(o) == n).unwrap();
    for n in ["a.docx", "b.docx"] {
        assert_eq!((&by(n)["title"], &by(n)["unit"]), (&serde_json::Value::Null, &serde_json::Value::Null), "{n}");
        assert_eq!(by(n)["date"], serde_json::Value::Null, "{n}");
    }
    let c = by("c.docx");
    assert_eq!(c["title"], "西青区司法局2023年度法治政府建设情况报告");
    assert_eq!(c["unit"], "西青区司法局");
    assert_eq!((c["date"].as_str(), c["date_source"].as_str()), (Some("2024-01-10"), Some("文件元数据（core.xml）")));
    // The same in check's own JSON.
    let out = bin().args(["check", "--format", "json"]).arg(dir.join("a.docx")).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((&v[0]["title"], &v[0]["unit"]), (&serde_json::Value::Null, &serde_json::Value::Null));
}

/// 问题清单 places a finding where the reader of the file finds it (第 N 段 in Word, 第 N 页
/// in a PDF), and the workbook's file links keep an absolute path absolute (`Target="/…"`,
/// read back with openpyxl when it is installed).
#[test]
fn findings_are_placed_by_paragraph_or_page_and_links_keep_the_root() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("报告");
    fs::create_dir(&dir).unwrap();
    fs::copy("tests/fixtures/forms/styled.docx", dir.join("a.docx")).unwrap();
    fs::copy("tests/fixtures/forms/styled.pdf", dir.join("b.pdf")).unwrap();
    fs::write(dir.join("c.txt"), report("西青区司法局", "行政复议")).unwrap();
    let file = tmp.path().join("审查.xlsx");
    audit(&[dir.to_str().unwrap(), "--format", "xlsx", "-o", file.to_str().unwrap()]);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let rows: Vec<Vec<String>> =
        wb.worksheet_range("问题清单").unwrap().rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let place = rows[0].iter().position(|h| h == "位置").unwrap();
    let places = |suffix: &str| -> Vec<&str> {
        rows[1..].iter().filter(|r| r[0].ends_with(suffix)).map(|r| r[place].as_str()).collect()
    };
    for (suffix, unit) in [("a.docx", " 段"), ("b.pdf", " 页"), ("c.txt", " 行")] {
        let p = places(suffix);
        assert!(!p.is_empty() && p.iter().all(|p| p.starts_with("第 ") && p.ends_with(unit)), "{suffix}: {p:?}");
    }

    let rels = zip_text(&file, "xl/worksheets/_rels/sheet1.xml.rels");
    let abs = std::path::absolute(dir.join("a.docx")).unwrap();
    let want = format!("Target=\"{}\"", abs.display());
    assert!(rels.contains(&want), "{rels}");
    let py = "import openpyxl,sys\nws=openpyxl.load_workbook(sys.argv[1])['报告']\nprint('\\n'.join(str(c.hyperlink.target) for c in ws['A'][1:] if c.hyperlink))";
    if let Ok(out) = std::process::Command::new("python3").args(["-c", py]).arg(&file).output() {
        if out.status.success() {
            let targets = String::from_utf8_lossy(&out.stdout);
            assert!(targets.lines().count() == 3 && targets.lines().all(|t| t.starts_with('/')), "{targets}");
        } else {
            eprintln!("openpyxl not available: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

fn zip_text(file: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(fs::File::open(file).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

/// The terminal table cuts a long path at its start, so each row still shows its file.
#[test]
fn the_table_keeps_file_names_visible() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("二〇二四年各单位报送的法治政府建设年度报告").join("第一批（区直部门与街道）");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("西青区司法局报告.txt"), report("西青区司法局", "行政复议")).unwrap();
    fs::write(dir.join("西青区信访办报告.txt"), report("西青区信访办", "信访事项办理")).unwrap();
    let out = audit(&[dir.to_str().unwrap()]);
    let table = String::from_utf8(out.stdout).unwrap();
    for name in ["西青区司法局报告.txt", "西青区信访办报告.txt"] {
        let line = table.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} cut off:\n{table}"));
        assert!(line.starts_with('…'), "{line}");
    }
}

/// A spreadsheet named on the command line says what a folder walk says.
#[test]
fn a_spreadsheet_named_on_the_command_line_is_unsupported() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x.xlsx");
    fs::copy(Path::new(ROSTER_DIR).join("多表.xlsx"), &x).unwrap();
    let out = bin().args(["check", "--format", "concise"]).arg(&x).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("不支持的文件类型 .xlsx") && !text.contains(".docx 文件"), "{text}");
    let walked = bin().args(["check", "--format", "concise"]).arg(tmp.path()).output().unwrap();
    let line = |s: &[u8]| {
        String::from_utf8_lossy(s).lines().next().unwrap_or("").split("：").skip(1).collect::<Vec<_>>().join("：")
    };
    assert_eq!(line(&out.stdout), line(&walked.stdout));
}

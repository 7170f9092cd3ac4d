//! `fazhi-lint audit` end to end on short synthetic reports: one row per file in every
//! format, the copy of a report under another unit's name found as its most similar
//! report, previous-year repeats, escaped HTML, and summary figures checked against a
//! hand-computed table. A last test runs on the shared real corpus when it is present.

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use fazhi_lint::audit::summary::{summarize, Coverage};
use fazhi_lint::audit::{Level, Row};
use std::fs;
use std::path::{Path, PathBuf};

/// Topic paragraphs, one per synthetic report, so that reports differ in substance.
const TOPICS: [&str; 6] = [
    "严格规范公正文明执法，全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，组织开展执法案卷评查，纠正不规范执法行为，细化行政裁量权基准，执法人员持证上岗率保持全覆盖。",
    "深化政务公开，依托政府门户网站主动公开规范性文件和重大决策事项，依法办理政府信息公开申请，按期答复率保持较高水平，公开平台栏目持续优化，群众查询更加便捷。",
    "发挥行政复议化解行政争议主渠道作用，畅通复议申请渠道，推行繁简分流审理，认真落实行政机关负责人出庭应诉制度，败诉案件逐一剖析原因并督促整改落实。",
    "落实谁执法谁普法责任制，围绕宪法宣传周和民法典宣传月开展主题活动，组织法律进机关、进社区、进乡村，培育农村学法用法示范户，群众法治意识明显增强。",
    "持续优化法治化营商环境，清理涉企收费和妨碍公平竞争的政策措施，推行包容审慎监管，公布轻微违法行为不予处罚清单，企业开办时间进一步压缩，市场主体满意度稳步提高。",
    "坚持和发展新时代枫桥经验，健全人民调解、行政调解、司法调解联动体系，开展矛盾纠纷排查化解专项行动，及时受理群众来信来访，重复信访和越级上访明显减少。",
];

/// A synthetic report with every required part, or without problems/causes when `problems` is false.
fn report(title_unit: &str, year: i32, topic: usize, problems: bool, lead: bool) -> String {
    let mut s = format!("{title_unit}{year}年度法治政府建设情况报告\n\n");
    s.push_str(&format!(
        "{year}年，{title_unit}坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：\n"
    ));
    s.push_str("一、主要举措和成效\n");
    s.push_str(&format!("（一）重点工作。{}\n", TOPICS[topic % TOPICS.len()]));
    s.push_str(&format!("（二）配套措施。{}\n", TOPICS[(topic + 3) % TOPICS.len()]));
    let mut n = 2;
    if problems {
        s.push_str("二、存在的不足和原因\n");
        s.push_str(&format!(
            "一是{}方面的工作仍有短板，二是基层力量较为薄弱。究其原因，主要是由于专业人员配备不足，培训针对性不强。\n",
            &TOPICS[topic % TOPICS.len()].chars().take(6).collect::<String>()
        ));
        n += 1;
    }
    let cn = ["一", "二", "三", "四", "五"];
    if lead {
        s.push_str(&format!("{}、党政主要负责人履行推进法治建设第一责任人职责情况\n", cn[n - 1]));
        s.push_str("主要负责同志认真履行推进法治建设第一责任人职责，定期听取法治建设工作汇报，研究解决重大问题。\n");
        n += 1;
    }
    s.push_str(&format!("{}、{}年工作安排\n", cn[n - 1], year + 1));
    s.push_str(&format!(
        "下一年度，我们将继续聚焦{}，推动法治政府建设再上新台阶。\n",
        &TOPICS[(topic + 1) % TOPICS.len()].chars().take(8).collect::<String>()
    ));
    s.push_str(&format!("\n{title_unit}\n{}年1月15日\n", year + 1));
    s
}

/// A folder of five distinct reports, a lightly edited copy of the first under another
/// unit's name, the same unit's next-year report repeating its previous one, and an
/// unreadable (empty) file.
fn fixture(dir: &Path) {
    let units = ["甲市司法局", "乙县人民政府", "丙区人民政府", "丁镇人民政府", "戊省人民政府"];
    for (i, u) in units.iter().enumerate() {
        fs::write(dir.join(format!("{i}-{u}.txt")), report(u, 2023, i, i != 3, i % 2 == 0)).unwrap();
    }
    let copy =
        report("甲市司法局", 2023, 0, true, true).replace("甲市司法局", "己市司法局").replace("定期听取", "每季度听取");
    fs::write(dir.join("5-己市司法局.txt"), copy).unwrap();
    fs::write(
        dir.join("6-乙县人民政府-2024.txt"),
        report("乙县人民政府", 2024, 1, true, false).replace("2025年工作安排", "2025年工作打算"),
    )
    .unwrap();
    fs::write(dir.join("7-空文件.txt"), "").unwrap();
}

/// A temporary folder with the fixture in its `reports` subfolder (outputs go beside it).
fn fixture_dir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    fs::create_dir(&dir).unwrap();
    fixture(&dir);
    (tmp, dir)
}

fn audit(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::cargo_bin("fazhi-lint").unwrap().arg("audit").arg(dir).args(args).output().unwrap();
    assert!(out.status.success(), "audit failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "CSV must start with a BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

const ISSUE_COLUMNS: [&str; 18] = [
    "文件",
    "标题",
    "单位",
    "年度",
    "级别",
    "工作举措和成效",
    "存在的不足",
    "不足的原因",
    "第一责任人职责",
    "下一年度工作安排",
    "学习贯彻习近平法治思想",
    "错误",
    "警告",
    "提示",
    "成文日期",
    "复制组",
    "最相似报告",
    "读取错误",
];

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

fn file_name(p: &str) -> String {
    Path::new(p).file_name().unwrap().to_string_lossy().to_string()
}

#[test]
fn csv_has_one_row_per_file_and_finds_the_copy_and_the_repeat() {
    let tmp = tempfile::tempdir().unwrap();
    fixture(tmp.path());
    let out = audit(tmp.path(), &["--format", "csv"]);
    let (header, rows) = csv_rows(&out.stdout);
    assert_eq!(&header[..18], ISSUE_COLUMNS);
    assert_eq!(rows.len(), 8);
    let by_name =
        |n: &str| rows.iter().find(|r| file_name(&r[0]).starts_with(n)).unwrap_or_else(|| panic!("no row {n}"));
    let (ms, sim, rep, err, group) = (
        col(&header, "最相似报告"),
        col(&header, "相似度"),
        col(&header, "重复上年报告"),
        col(&header, "读取错误"),
        col(&header, "复制组"),
    );

    let copy = by_name("5-");
    assert_eq!(file_name(&copy[ms]), "0-甲市司法局.txt");
    assert!(copy[sim].parse::<f64>().unwrap() >= 0.8, "{copy:?}");
    assert_eq!(copy[group], by_name("0-")[group]);
    assert!(!copy[group].is_empty());
    assert_eq!(copy[col(&header, "单位")], "己市司法局");
    assert_eq!(copy[col(&header, "级别")], "部门");
    assert_eq!(copy[col(&header, "成文日期")], "2024-01-15");
    assert_eq!(copy[col(&header, "日期来源")], "落款成文日期");

    let later = by_name("6-");
    assert_eq!(file_name(&later[rep]), "1-乙县人民政府.txt");
    assert_eq!(later[col(&header, "第一责任人职责")], "缺");
    assert_eq!(later[group], by_name("1-")[group]);

    for n in ["2-", "3-", "4-"] {
        let r = by_name(n);
        assert_eq!(r[group], "", "{r:?}");
        assert!(r[sim].is_empty() || r[sim].parse::<f64>().unwrap() < 0.8, "{r:?}");
        assert!(r[rep].is_empty());
    }
    let town = by_name("3-");
    assert_eq!((town[col(&header, "级别")].as_str(), town[col(&header, "存在的不足")].as_str()), ("乡镇街道", "缺"));
    assert_eq!(by_name("4-")[col(&header, "级别")], "省级");
    assert_eq!(by_name("1-")[col(&header, "级别")], "县级");
    assert_eq!(by_name("0-")[col(&header, "工作举措和成效")], "有");

    let empty = by_name("7-");
    assert_eq!(empty[err], "文件为空");
    assert!(empty[col(&header, "标题")].is_empty());

    // The summary goes to stderr with one line on the families, not the pair list.
    let err_text = String::from_utf8_lossy(&out.stderr);
    assert!(err_text.contains("要件覆盖率"), "{err_text}");
    assert!(err_text.contains("疑似复制的报告：2 组"), "{err_text}");
    assert!(!err_text.contains("↔"), "{err_text}");
}

#[test]
fn xlsx_has_one_row_per_file_and_a_summary_sheet() {
    let (tmp, dir) = fixture_dir();
    let file = tmp.path().join("审查.xlsx");
    audit(&dir, &["--format", "xlsx", "-o", file.to_str().unwrap()]);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(wb.sheet_names(), vec!["报告", "问题清单", "复制组", "整改闭环", "未报送", "汇总"]);
    let sheet = wb.worksheet_range("报告").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 1 + 8);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[..18], ISSUE_COLUMNS);
    // The file cell shows the file name (a hyperlink to the file).
    let copy = rows.iter().find(|r| r[0] == "5-己市司法局.txt").unwrap();
    assert!(copy[col(&header, "最相似报告")].to_string().ends_with("0-甲市司法局.txt"));
    assert_eq!(copy[col(&header, "工作举措和成效")], Data::String("有".into()));
    assert!(matches!(copy[col(&header, "复制组")], Data::Float(_) | Data::Int(_)));
    // One 问题清单 row per finding, with the counts of the 报告 sheet.
    let total: f64 = rows[1..]
        .iter()
        .map(|r| {
            (11..14)
                .map(|c| match r[c] {
                    Data::Float(f) => f,
                    Data::Int(i) => i as f64,
                    _ => 0.0,
                })
                .sum::<f64>()
        })
        .sum();
    let findings = wb.worksheet_range("问题清单").unwrap();
    let frows: Vec<&[Data]> = findings.rows().collect();
    assert_eq!(
        frows[0].iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        ["文件", "单位", "规则", "规则编号", "级别", "消息", "详情", "修改建议", "位置", "原文"]
    );
    assert!(total > 0.0);
    assert_eq!((frows.len() - 1) as f64, total);
    // 规则 is the rule's Chinese name, the id beside it; 级别 in Chinese; every finding
    // has a message and a 修改建议; text files are placed by line.
    for r in &frows[1..] {
        let id = r[3].to_string();
        assert!(id.is_ascii() && id.contains('-'), "{id}");
        assert!(!r[2].to_string().is_ascii() && !r[5].to_string().is_empty() && !r[7].to_string().is_empty(), "{r:?}");
        assert!(["错误", "警告", "提示"].contains(&r[4].to_string().as_str()), "{r:?}");
        assert!(r[8].to_string().starts_with("第 ") && r[8].to_string().ends_with(" 行"), "{r:?}");
    }
    let summary = wb.worksheet_range("汇总").unwrap();
    let overall: Vec<String> = summary.rows().nth(1).unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(&overall[..3], ["总体", "全部", "7"]);
    // Families, not pairs: two families of two.
    let fam = wb.worksheet_range("复制组").unwrap();
    assert_eq!(fam.rows().count(), 1 + 4);
    // The red fill of missing parts: a conditional format on the part columns.
    let sheet_xml = zip_part(&file, "xl/worksheets/sheet1.xml");
    assert!(sheet_xml.contains("<conditionalFormatting sqref=\"F2:K9\">"), "{sheet_xml}");
    assert!(sheet_xml.contains("beginsWith") && sheet_xml.contains("缺"));
    let styles = zip_part(&file, "xl/styles.xml");
    assert!(styles.contains("<dxf>") && styles.contains("FFF4C7C3"), "{styles}");
    assert!(sheet_xml.contains("<hyperlink "));
}

fn zip_part(file: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(fs::File::open(file).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn jsonl_is_the_check_object_plus_audit_fields() {
    let tmp = tempfile::tempdir().unwrap();
    fixture(tmp.path());
    let out = audit(tmp.path(), &["--format", "jsonl"]);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 8);
    let copy = lines.iter().find(|v| v["path"].as_str().unwrap().ends_with("5-己市司法局.txt")).unwrap();
    assert_eq!(copy["elements"]["problems"]["present"], true);
    assert!(copy["diagnostics"].is_array());
    assert_eq!(copy["level"], "department");
    assert!(copy["most_similar"].as_str().unwrap().ends_with("0-甲市司法局.txt"));
    assert_eq!(copy["near_duplicate"], true);
    assert!(copy["copy_group"].is_u64());
    assert_eq!(copy["date"], "2024-01-15");
    let distinct = lines.iter().find(|v| v["path"].as_str().unwrap().ends_with("2-丙区人民政府.txt")).unwrap();
    assert!(distinct["copy_group"].is_null());
    let empty = lines.iter().find(|v| v["path"].as_str().unwrap().ends_with("7-空文件.txt")).unwrap();
    assert_eq!(empty["error"], "文件为空");
    // Input order (sorted paths), whatever order the workers finished in.
    let names: Vec<String> = lines.iter().map(|v| file_name(v["path"].as_str().unwrap())).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[test]
fn html_escapes_report_text_and_references_nothing_outside() {
    let tmp = tempfile::tempdir().unwrap();
    fixture(tmp.path());
    // The title may hold at most 60 characters: the script goes in the title, the
    // image with its handler in the file name (also untrusted).
    let evil = report("庚县人民政府", 2023, 4, true, true).replacen(
        "庚县人民政府2023",
        "<script>document.title='X'</script>庚县人民政府2023",
        1,
    );
    fs::write(tmp.path().join("8-<img src=x onerror=document.title=2>.txt"), evil).unwrap();
    let out = audit(tmp.path(), &["--format", "html"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<script>document.title"));
    assert!(!html.contains("<img src=x"));
    assert!(
        html.contains("&lt;script&gt;document.title=&#39;X&#39;&lt;/script&gt;庚县人民政府"),
        "the planted title is shown as text in the findings section"
    );
    assert!(html.contains("&lt;img src=x onerror=document.title=2&gt;.txt"));
    assert!(html.contains("\\u003cscript\\u003edocument.title"), "the data block escapes <");
    for attr in ["src=\"http", "href=\"http", "src='http", "href='http", "url(http", "@import"] {
        assert!(!html.contains(attr), "external reference {attr}");
    }
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<svg id=\"chart\""));
    assert!(html.contains("<svg id=\"chart-level\""));
    assert!(html.contains("id=\"families\""));
    // The summary and the families come before the table.
    assert!(html.find("id=\"families\"").unwrap() < html.find("id=\"reports\"").unwrap());
    // Every report has its findings section.
    assert_eq!(html.matches("<details id=\"r").count(), 9);
}

#[test]
fn table_prints_rows_summary_and_pairs() {
    let tmp = tempfile::tempdir().unwrap();
    fixture(tmp.path());
    let out = audit(tmp.path(), &["--format", "table", "--similarity", "0.7", "--jobs", "1"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().filter(|l| l.contains(".txt")).count() >= 8);
    assert!(text.contains("要件覆盖率（共 8 个文件，可读 7 份，无法读取 1 个）"), "{text}");
    assert!(text.contains("疑似复制的报告："), "{text}");
    assert!(text.contains("复制组 1"), "{text}");
}

#[test]
fn xlsx_without_output_file_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    fixture(tmp.path());
    let out =
        Command::cargo_bin("fazhi-lint").unwrap().args(["audit", "--format", "xlsx"]).arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o"));
}

fn row(year: Option<i32>, level: Level, parts: [bool; 6]) -> Row {
    Row { path: "x".into(), year, level: Some(level), elements: parts.to_vec(), ..Default::default() }
}

#[test]
fn summary_matches_a_hand_computed_table() {
    const T: bool = true;
    const F: bool = false;
    let rows = vec![
        row(Some(2022), Level::County, [T, T, F, T, T, T]),
        row(Some(2022), Level::County, [T, F, F, F, T, T]),
        row(Some(2022), Level::Department, [T, T, T, T, T, F]),
        row(Some(2023), Level::County, [T, T, T, F, F, T]),
        row(Some(2023), Level::Township, [F, F, F, F, F, F]),
        row(None, Level::Unknown, [T, F, F, T, T, T]),
        Row { path: "bad".into(), error: Some("文件为空".into()), ..Default::default() },
    ];
    let parts = fazhi_lint::RuleSet::embedded().unwrap().parts.reported().to_vec();
    let s = summarize(&rows, &parts);
    assert_eq!((s.files, s.unreadable), (7, 1));
    // Counted by hand from the rows above.
    let c = |label: &str, reports, with: [usize; 6]| Coverage { label: label.into(), reports, with: with.to_vec() };
    assert_eq!(s.overall, c("全部", 6, [5, 3, 2, 3, 4, 4]));
    assert_eq!(
        s.by_year,
        vec![c("2022", 3, [3, 2, 1, 2, 3, 2]), c("2023", 2, [1, 1, 1, 0, 0, 1]), c("年度不详", 1, [1, 0, 0, 1, 1, 1])]
    );
    assert_eq!(
        s.by_level,
        vec![
            c("县级", 3, [3, 2, 1, 1, 2, 3]),
            c("部门", 1, [1, 1, 1, 1, 1, 0]),
            c("乡镇街道", 1, [0; 6]),
            c("未知", 1, [1, 0, 0, 1, 1, 1])
        ]
    );
    assert!((s.overall.share(0) - 5.0 / 6.0).abs() < 1e-12);
    assert_eq!(fazhi_lint::audit::summary::percent(s.by_year[0].share(1)), "66.7%");
}

#[test]
fn summary_file_from_the_command_line() {
    let (tmp, dir) = fixture_dir();
    let sum = tmp.path().join("汇总.csv");
    audit(
        &dir,
        &["--format", "csv", "-o", tmp.path().join("rows.csv").to_str().unwrap(), "--summary", sum.to_str().unwrap()],
    );
    let (header, rows) = csv_rows(&fs::read(&sum).unwrap());
    assert_eq!(&header[..3], ["分组", "类别", "报告数"]);
    // 7 readable reports; all have achievements; 3-丁镇 has no problems part; leads in 0, 2, 4, 5 only.
    assert_eq!(rows[0][..5], ["总体", "全部", "7", "100.0%", "85.7%"]);
    assert_eq!(rows[0][6], "57.1%");
    let y2024 = rows.iter().find(|r| r[0] == "年度" && r[1] == "2024").unwrap();
    assert_eq!(y2024[2], "1");
}

/// Done-when of issue 4 on the real corpus: a copy of one report, lightly edited and
/// under another unit's name, is found with its source; distinct reports are not.
#[test]
fn real_corpus_with_a_disguised_copy() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
    let corpus = if corpus.is_dir() { corpus } else { Path::new("/work/shared/corpus/dev").to_path_buf() };
    if !corpus.is_dir() {
        eprintln!("skipped: shared corpus not found");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    for e in fs::read_dir(&corpus).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
            n += 1;
        }
    }
    let source = "002_aa494305b578004b.txt";
    let text = fs::read_to_string(tmp.path().join(source)).unwrap();
    assert!(text.contains("枣庄"), "corpus changed: update this test's source report");
    // Another unit's name, a changed year and a few sentences cut.
    let mut edited = text.replace("枣庄市", "临沂市").replace("枣庄", "临沂").replace("2021", "2022");
    // Drop the first sentence of the first two long paragraphs.
    let mut cut = 0;
    edited = edited
        .lines()
        .map(|l| match l.find('。') {
            Some(p) if cut < 2 && l.chars().count() > 200 => {
                cut += 1;
                l[p + '。'.len_utf8()..].to_string()
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(cut, 2);
    fs::write(tmp.path().join("zz-临沂市信访局.txt"), edited).unwrap();
    let csv_file = tmp.path().join("out.csv");
    let xlsx_file = tmp.path().join("out.xlsx");
    audit(tmp.path(), &["--format", "csv", "-o", csv_file.to_str().unwrap()]);
    audit(tmp.path(), &["--format", "xlsx", "-o", xlsx_file.to_str().unwrap()]);
    let (header, rows) = csv_rows(&fs::read(&csv_file).unwrap());
    assert_eq!(rows.len(), n + 1);
    let (ms, sim) = (col(&header, "最相似报告"), col(&header, "相似度"));
    for r in &rows {
        let name = file_name(&r[0]);
        if name == "zz-临沂市信访局.txt" {
            assert_eq!(file_name(&r[ms]), source, "{r:?}");
            assert!(r[sim].parse::<f64>().unwrap() >= 0.8);
        } else if name == source {
            assert_eq!(file_name(&r[ms]), "zz-临沂市信访局.txt");
        } else {
            assert!(r[sim].is_empty() || r[sim].parse::<f64>().unwrap() < 0.8, "{r:?}");
        }
    }
    let mut wb: Xlsx<_> = open_workbook(&xlsx_file).unwrap();
    assert_eq!(wb.worksheet_range("报告").unwrap().rows().count(), n + 2);
}

/// A short report of `unit` on 2022 with its own topic paragraph, signed on `date`.
fn dated(unit: &str, topic: usize, date: &str) -> String {
    report(unit, 2022, topic, true, true).replace("2023年1月15日", date)
}

#[test]
fn roster_lists_missing_units_unmatched_reports_and_guesses() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    fs::create_dir(&dir).unwrap();
    // Exact, with the 人民政府 filler, without the place name (a guess), not on the roster.
    fs::write(dir.join("a.txt"), report("东湖区信访局", 2023, 0, true, true)).unwrap();
    fs::write(dir.join("b.txt"), report("东湖区人民政府司法局", 2023, 1, true, true)).unwrap();
    fs::write(dir.join("c.txt"), report("区市场监督管理局", 2023, 2, true, true)).unwrap();
    fs::write(dir.join("d.txt"), report("北湖区审计局", 2023, 3, true, true)).unwrap();
    let roster = tmp.path().join("名单.csv");
    fs::write(&roster, "序号,单位名称\n1,东湖区信访局\n2,东湖区司法局\n3,东湖区市场监督管理局\n4,东湖区财政局\n")
        .unwrap();
    let out = audit(&dir, &["--format", "csv", "--roster", roster.to_str().unwrap()]);
    let (header, rows) = csv_rows(&out.stdout);
    let (unit, how) = (col(&header, "名单单位"), col(&header, "名单匹配"));
    let by = |n: &str| rows.iter().find(|r| file_name(&r[0]) == n).unwrap();
    assert_eq!((by("a.txt")[unit].as_str(), by("a.txt")[how].as_str()), ("东湖区信访局", "确定"));
    assert_eq!((by("b.txt")[unit].as_str(), by("b.txt")[how].as_str()), ("东湖区司法局", "确定"));
    assert_eq!(
        (by("c.txt")[unit].as_str(), by("c.txt")[how].as_str()),
        ("东湖区市场监督管理局", "推测（名称简写，请核对）")
    );
    assert_eq!((by("d.txt")[unit].as_str(), by("d.txt")[how].as_str()), ("", "名单中无此单位"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "未报送：名单 4 个单位中 1 个没有任何文件；已报送但无法读取 0 个文件；名单外报告 1 份；推测匹配 1 个"
        ),
        "{err}"
    );
    assert!(err.contains("读取名单：第 B 列（表头“单位名称”在第 1 行），从第 2 行起读出 4 个单位"), "{err}");
    // The unit that sent nothing is a row of its own after the files.
    let status = col(&header, "名单状态");
    let last = rows.last().unwrap();
    assert_eq!((last[0].as_str(), last[unit].as_str(), last[status].as_str()), ("", "东湖区财政局", "未报送"));

    // The table and the workbook name the missing unit.
    let table = String::from_utf8(audit(&dir, &["--roster", roster.to_str().unwrap()]).stdout).unwrap();
    assert!(table.contains("未报送：名单 4 个单位中 1 个没有任何文件\n  东湖区财政局\n"), "{table}");
    assert!(table.contains("区市场监督管理局") && table.contains("请核对"), "{table}");
    let file = tmp.path().join("a.xlsx");
    audit(&dir, &["--format", "xlsx", "-o", file.to_str().unwrap(), "--roster", roster.to_str().unwrap()]);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let missing: Vec<String> = wb.worksheet_range("未报送").unwrap().rows().map(|r| r[0].to_string()).collect();
    assert_eq!(missing, ["未报送单位", "东湖区财政局"]);
    let outside: Vec<String> = wb.worksheet_range("名单外").unwrap().rows().map(|r| r[0].to_string()).collect();
    assert!(outside[1].ends_with("d.txt"));

    // A roster that cannot be read is an error, said in Chinese.
    let bad = Command::cargo_bin("fazhi-lint")
        .unwrap()
        .args(["audit", "--roster", "/nonexistent/名单.txt"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("无法读取名单"));
}

#[test]
fn three_planted_copies_share_one_copy_group_and_boilerplate_makes_no_family() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    fs::create_dir(&dir).unwrap();
    // Six distinct reports that all open with the same long stock passage …
    let stock = "深入学习贯彻习近平法治思想，认真落实党中央、国务院关于法治政府建设的决策部署，严格执行法治政府建设与责任落实督察工作规定，坚持依法行政、依法决策，自觉接受人大监督、民主监督、司法监督和社会监督，全面推进严格规范公正文明执法，加快建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府。";
    let units = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县"];
    for (i, u) in units.iter().enumerate() {
        let unit = format!("{u}人民政府");
        let body = report(&unit, 2023, i, true, true).replacen(
            "现将有关情况报告如下：\n",
            &format!("现将有关情况报告如下：\n{stock}\n"),
            1,
        );
        let body = body.replace(
            "（二）配套措施。",
            &format!(
                "（二）配套措施。{}第{i}项特色工作。",
                ["推行首问负责", "建设智慧司法", "设立调解工作室", "开展送法下乡", "打造法治公园", "落实包案化解"]
                    [i % 6]
            ),
        );
        fs::write(dir.join(format!("{i:02}-{unit}.txt")), body).unwrap();
    }
    // … and three copies of one report under other names, one signed earlier.
    let own = "围绕公共法律服务体系建设，在全市推行律师进村居全覆盖，组建法律顾问团为重点项目提供专项法律服务，开通十二三四八热线夜间值守，建成覆盖城乡的公证服务网点，办理法律援助案件同比明显增加，群众获得感显著提升。同时建立重大行政决策合法性审查目录清单，审查合同协议和规范性文件，提出修改意见被采纳。";
    let source = report("寅市司法局", 2023, 4, true, true).replace("2024年1月15日", "2024年1月10日").replacen(
        "（二）配套措施。",
        &format!("（二）配套措施。{own}"),
        1,
    );
    fs::write(dir.join("c1-寅市司法局.txt"), &source).unwrap();
    fs::write(dir.join("c2-卯市司法局.txt"), source.replace("寅市", "卯市").replace("2024年1月10日", "2024年2月1日"))
        .unwrap();
    fs::write(
        dir.join("c3-辰市司法局.txt"),
        source
            .replace("寅市", "辰市")
            .replace("清理涉企收费", "清理涉企收费项目")
            .replace("2024年1月10日", "2024年2月3日"),
    )
    .unwrap();
    let out = audit(&dir, &["--format", "jsonl"]);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let group =
        |n: &str| lines.iter().find(|v| file_name(v["path"].as_str().unwrap()) == n).unwrap()["copy_group"].clone();
    let g = group("c1-寅市司法局.txt");
    assert!(g.is_u64(), "{g}");
    assert_eq!(group("c2-卯市司法局.txt"), g);
    assert_eq!(group("c3-辰市司法局.txt"), g);
    for (i, u) in units.iter().enumerate() {
        assert!(group(&format!("{i:02}-{u}人民政府.txt")).is_null(), "the stock passage made {u} a copy");
    }
    // The page shows the family once, its source the earliest signed, side by side.
    let html = String::from_utf8(audit(&dir, &["--format", "html"]).stdout).unwrap();
    assert_eq!(html.matches("<details class=\"family\"").count(), 1);
    let fam = &html[html.find("<details class=\"family\"").unwrap()..];
    assert!(fam.contains("来源 <a href=\"#r"), "{}", &fam[..400]);
    assert!(
        fam[..fam.find("</summary>").unwrap()].contains("c1-寅市司法局.txt</a> ·"),
        "the source is the earliest: {}",
        &fam[..600]
    );
    assert_eq!(fam[..fam.find("</details>").unwrap()].matches("<div class=\"pair\">").count(), 2);
    assert!(fam.contains("<mark>"));
}

#[test]
fn report_late_fires_after_the_deadline_and_audit_has_the_date() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("late.txt"), dated("甲县司法局", 0, "2023年4月15日")).unwrap();
    fs::write(dir.join("ok.txt"), dated("乙县司法局", 1, "2023年3月10日")).unwrap();
    let out = audit(&dir, &["--format", "jsonl", "--no-config"]);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let get = |n: &str| lines.iter().find(|v| file_name(v["path"].as_str().unwrap()) == n).unwrap();
    let late: Vec<&serde_json::Value> =
        get("late.txt")["diagnostics"].as_array().unwrap().iter().filter(|d| d["rule"] == "report-late").collect();
    assert_eq!(late.len(), 1, "{:?}", get("late.txt")["diagnostics"]);
    assert!(get("ok.txt")["diagnostics"].as_array().unwrap().iter().all(|d| d["rule"] != "report-late"));
    assert_eq!(get("late.txt")["date"], "2023-04-15");
    assert_eq!(get("late.txt")["date_source"], "落款成文日期");

    // A department's deadline of 3月1日 from a discovered fazhi-lint.yaml makes both late;
    // --no-config ignores it; --ignore drops the rule.
    fs::write(dir.join("fazhi-lint.yaml"), "deadline: 03-01\n").unwrap();
    let count = |args: &[&str]| {
        let out = audit(&dir, &[&["--format", "jsonl"], args].concat());
        String::from_utf8(out.stdout).unwrap().matches("\"rule\":\"report-late\"").count()
    };
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--no-config"]), 1);
    assert_eq!(count(&["--ignore", "report-late"]), 0);
    assert_eq!(count(&["--select", "report-late", "--no-config"]), 1);
    let other = tmp.path().join("other.yaml");
    fs::write(&other, "ignore: [report-late]\n").unwrap();
    assert_eq!(count(&["--config", other.to_str().unwrap()]), 0);
}

#[test]
fn csv_neutralises_formulas_and_xlsx_keeps_them_strings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    fs::create_dir(&dir).unwrap();
    let evil = report("甲县司法局", 2023, 0, true, true).replacen(
        "甲县司法局2023年度法治政府建设情况报告",
        "=HYPERLINK(\"http://x.invalid\",\"点击\")甲县司法局2023年度法治政府建设情况报告",
        1,
    );
    fs::write(dir.join("@SUM(1+1).txt"), evil).unwrap();
    fs::write(dir.join("+2.txt"), report("乙县司法局", 2023, 1, true, true)).unwrap();
    let out = audit(&dir, &["--format", "csv"]);
    let (header, rows) = csv_rows(&out.stdout);
    let title = col(&header, "标题");
    let at = rows.iter().find(|r| r[0].contains("@SUM")).unwrap();
    assert!(at[title].starts_with("'=HYPERLINK("), "{at:?}");
    assert!(rows.iter().all(|r| !r.iter().any(|c| c.starts_with(['=', '+', '-', '@']))), "{rows:?}");
    let file = tmp.path().join("a.xlsx");
    audit(&dir, &["--format", "xlsx", "-o", file.to_str().unwrap()]);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = wb.worksheet_range("报告").unwrap();
    let row = sheet.rows().find(|r| r[1].to_string().contains("HYPERLINK")).unwrap();
    assert_eq!(
        row[1],
        Data::String("=HYPERLINK(\"http://x.invalid\",\"点击\")甲县司法局2023年度法治政府建设情况报告".into())
    );
    assert!(!zip_part(&file, "xl/worksheets/sheet1.xml").contains("<f>"), "no formula cell");
}

/// The comments of an annotated copy (the `w:comment` elements of word/comments.xml).
fn comment_count(file: &Path) -> usize {
    zip_part(file, "word/comments.xml").matches("<w:comment ").count()
}

#[test]
fn annotate_writes_one_commented_copy_per_readable_report() {
    let (tmp, dir) = fixture_dir();
    let out = tmp.path().join("批注");
    // The empty file of the fixture is a row with its error and gets no copy.
    let run = audit(&dir, &["--annotate", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("已写入批注版 7 份"), "{err}");
    let check =
        Command::cargo_bin("fazhi-lint").unwrap().args(["check", "--format", "json"]).arg(&dir).output().unwrap();
    let files: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut seen = 0;
    for f in files.as_array().unwrap() {
        let Some(findings) = f["diagnostics"].as_array() else { continue };
        let path = Path::new(f["path"].as_str().unwrap());
        let stem = path.file_stem().unwrap().to_string_lossy();
        let copy = fazhi_lint::audit::annotated_path(&out, path);
        assert!(copy.ends_with(format!("{stem}.批注.docx")), "{}", copy.display());
        assert_eq!(comment_count(&copy), findings.len(), "{}", copy.display());
        // The copy reads back as a Word document with the report's text.
        let doc = fazhi_lint::input::read_path(&copy, fazhi_lint::input::DEFAULT_MAX_BYTES).unwrap();
        assert!(doc.text.contains("法治政府建设"), "{}", doc.text);
        seen += 1;
    }
    assert_eq!(seen, 7);
    // A second audit of the folder holding the copies does not audit the copies.
    fs::rename(&out, dir.join("批注")).unwrap();
    let again =
        Command::cargo_bin("fazhi-lint").unwrap().args(["audit", "--format", "csv"]).arg(&dir).output().unwrap();
    let (_, rows) = csv_rows(&again.stdout);
    assert_eq!(rows.len(), 8, "{}", String::from_utf8_lossy(&again.stdout));
}

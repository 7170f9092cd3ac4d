//! The audit page in a real browser (Debian's chromium, headless): the script builds
//! one table row per report, markup planted in a report title and a file name does not
//! run, and the page references nothing outside itself. Skipped, with a message, only
//! when no chromium can be found (`tests/browser/ensure-chromium.sh` installs it).

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

const BODY: &str = "一、主要举措和成效\n（一）规范执法。全面推行行政执法三项制度，组织开展执法案卷评查。\n二、存在的不足\n一是队伍专业化水平不高。究其原因，主要是由于培训不足。\n三、下一年度工作安排\n下一步，继续深化依法行政。\n";

/// Two copies of one report under other names: a family in the page.
const COPY: &str = "戊市司法局2023年度法治政府建设情况报告\n\n本年度，我局围绕公共法律服务体系建设，在全市推行律师进村居全覆盖，组建法律顾问团为重点项目提供专项法律服务，开通热线夜间值守，建成覆盖城乡的公证服务网点，办理法律援助案件同比明显增加。\n一、主要举措和成效\n（一）建立重大行政决策合法性审查目录清单，审查合同协议和规范性文件，提出修改意见被采纳，行政复议纠错率稳步下降。\n二、存在的不足\n一是基层法律服务力量仍较薄弱。究其原因，主要是专业人员引进渠道不畅。\n三、下一年度工作安排\n下一步，持续完善公共法律服务网络。\n";

fn write_reports(dir: &Path) -> usize {
    let reports = [
        ("a.txt", "甲县人民政府2023年度法治政府建设情况报告".to_string()),
        ("b.txt", "乙市司法局2022年度法治政府建设情况报告".to_string()),
        // At most 60 characters fit a title: the script goes here …
        ("c.txt", "<script>document.title='PWNED'</script>丙区2023年法治政府建设报告".to_string()),
    ];
    for (name, title) in &reports {
        fs::write(dir.join(name), format!("{title}\n\n本年度，坚持以习近平法治思想为指导。\n{BODY}")).unwrap();
    }
    // … and an image with an error handler in a file name.
    fs::write(
        dir.join("d-<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">.txt"),
        format!("丁镇人民政府2024年度法治政府建设情况报告\n\n本年度工作如下。\n{BODY}"),
    )
    .unwrap();
    fs::write(dir.join("e1.txt"), COPY).unwrap();
    fs::write(dir.join("e2.txt"), COPY.replace("戊市", "己市")).unwrap();
    reports.len() + 3
}

#[test]
fn page_renders_rows_and_runs_no_planted_markup() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: chromium not found (run tests/browser/ensure-chromium.sh, or set CHROMIUM=/path/to/chromium)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    fs::create_dir(&dir).unwrap();
    let n = write_reports(&dir);
    let page = tmp.path().join("audit.html");
    let out = Command::cargo_bin("fazhi-lint")
        .unwrap()
        .arg("audit")
        .arg(&dir)
        .args(["--format", "html", "-o"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let html = fs::read_to_string(&page).unwrap();
    let external = regex::Regex::new(r#"(?i)(src|href|action|xlink:href)\s*=\s*["']?\s*(https?:|//|file:)"#).unwrap();
    assert!(!external.is_match(&html), "the page references an external resource");
    assert!(!regex::Regex::new(r"(?i)url\(|@import").unwrap().is_match(&html), "no external CSS either");

    let profile = tmp.path().join("profile");
    let url = format!("file://{}", page.display());
    let dump = std::process::Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dump.stdout);
    assert!(
        dump.status.success() && dom.contains("</html>"),
        "chromium failed: {}",
        String::from_utf8_lossy(&dump.stderr)
    );

    // The page's own script ran (allowed by its CSP hash) and built one row per report.
    assert_eq!(dom.matches("<tr class=\"report").count(), n, "rows built by the page script");
    assert!(dom.contains(&format!("显示 {n} / {n} 份")));
    assert!(dom.contains("甲县人民政府"));
    // The planted markup is text, and none of it ran.
    assert!(dom.contains("<title>法治政府建设年度报告审查</title>"), "document.title changed: the planted script ran");
    assert!(!dom.contains("PWNED</title>"));
    assert!(!dom.contains("data-pwned=\"1\""), "the planted onerror handler ran");
    assert!(dom.contains("setAttribute('data-pwned','1')\"&gt;.txt"), "the planted file name is shown as text");
    assert!(!dom.contains("<img src=\"x\""), "the planted image became an element");
    assert!(
        dom.contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;丙区"),
        "the planted title is shown as text"
    );

    // The reports sharing BODY are one family, the two copies another: each shown once,
    // the copy side by side with its source and the shared runs marked.
    let families: Vec<&str> =
        dom.split("<details class=\"family\"").skip(1).map(|f| &f[..f.find("</details>").unwrap()]).collect();
    assert_eq!(families.len(), 2);
    let e = families.iter().find(|f| f.contains(">e1.txt</a>")).expect("the family of e1/e2");
    assert!(e.contains(">e2.txt</a>"));
    assert_eq!(e.matches("<div class=\"pair\">").count(), 1);
    assert!(e.contains("<mark>"));
    // The most-similar cell links to that report, whose findings section exists; the file
    // cell shows the short name and links to its own findings, the full path on hover.
    let similar =
        regex::Regex::new(r##"<a href="#r(\d+)" title="[^"]*e[12]\.txt" class="similar">e[12]\.txt</a>"##).unwrap();
    let caps = similar.captures(&dom).expect("a most-similar link");
    assert!(dom.contains(&format!("<details id=\"r{}\"", &caps[1])));
    assert!(
        regex::Regex::new(r##"<a href="#r\d+" title="[^"]+/reports/a\.txt">a\.txt</a>"##).unwrap().is_match(&dom),
        "file cell link"
    );
    // The summary and the families come before the table.
    assert!(dom.find("id=\"figures\"").unwrap() < dom.find("id=\"families\"").unwrap());
    assert!(dom.find("id=\"families\"").unwrap() < dom.find("id=\"reports\"").unwrap());
}

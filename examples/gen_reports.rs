//! Generate synthetic 法治政府建设年度报告 for load-testing `fazhi-lint audit`:
//! `cargo run --release --example gen_reports -- DIR [N]` writes N reports (default
//! 5000) from templates, with units at every level, years 2020–2024, parts left out at
//! random, and about 1% lightly edited copies of earlier reports under another unit's
//! name (so the near-duplicate detector has work). Deterministic: the same N gives the
//! same files.

use std::fmt::Write as _;
use std::path::PathBuf;

/// A small deterministic generator (splitmix64): no seed file, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const PLACES: [&str; 24] = ["青山", "绿水", "东湖", "西岭", "南川", "北塘", "云阳", "石门", "桃源", "清河", "长宁", "永安", "金沙", "白云", "龙泉", "凤凰", "松林", "柳岸", "梅溪", "竹园", "兰亭", "菊坪", "新桥", "古城"];
const DEPTS: [&str; 12] = ["司法局", "市场监督管理局", "生态环境局", "交通运输局", "卫生健康委员会", "教育局", "人力资源和社会保障局", "信访办公室", "住房和城乡建设局", "应急管理局", "农业农村局", "自然资源局"];
const SUBJECTS: [&str; 16] = ["我们", "全系统", "各执法单位", "机关各科室", "法制审核机构", "基层站所", "领导班子", "执法队伍", "业务骨干", "各乡镇", "窗口单位", "法律顾问团队", "行政复议机构", "普法讲师团", "网格员队伍", "公职律师"];
const ACTIONS: [&str; 16] = ["全面落实", "深入推进", "持续完善", "严格执行", "认真组织", "大力推行", "扎实开展", "稳步推进", "不断健全", "着力规范", "积极探索", "系统梳理", "集中清理", "定期评估", "督促落实", "统筹推进"];
const OBJECTS: [&str; 24] = ["行政执法公示制度", "执法全过程记录制度", "重大执法决定法制审核制度", "行政裁量权基准", "规范性文件备案审查", "重大行政决策程序", "政府信息公开工作", "行政复议体制改革", "行政应诉工作", "法律顾问制度", "证明事项告知承诺制", "双随机一公开监管", "包容审慎监管", "矛盾纠纷多元化解", "公共法律服务体系", "谁执法谁普法责任制", "权责清单动态调整", "一网通办改革", "信用监管机制", "执法人员资格管理", "案卷评查工作", "合法性审查机制", "行政调解工作", "法治督察工作"];
const OUTCOMES: [&str; 16] = ["群众满意度明显提升", "执法规范化水平不断提高", "办事效率进一步提升", "制度体系更加健全", "依法行政能力显著增强", "营商环境持续优化", "矛盾纠纷有效化解", "社会治理效能提升", "权力运行更加透明", "行政争议逐年减少", "基层治理基础更加牢固", "法治意识普遍增强", "监督合力有效形成", "服务质量稳步提高", "风险防控更加有力", "工作机制日趋完善"];
const NUMS: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

fn sentence(r: &mut Rng) -> String {
    format!("{}{}{}，{}件次，{}。", r.pick(&SUBJECTS), r.pick(&ACTIONS), r.pick(&OBJECTS), r.below(900) + 10, r.pick(&OUTCOMES))
}

fn paragraph(r: &mut Rng, n: usize) -> String {
    (0..n).map(|_| sentence(r)).collect()
}

fn unit(r: &mut Rng) -> String {
    let p = r.pick(&PLACES);
    let q = r.pick(&PLACES);
    match r.below(6) {
        0 => format!("{p}省人民政府"),
        1 => format!("{p}市人民政府"),
        2 => format!("{p}市{q}区人民政府"),
        3 => format!("{p}县人民政府"),
        4 => format!("{p}县{}", r.pick(&DEPTS)),
        _ => format!("{p}县{q}镇人民政府"),
    }
}

fn report(r: &mut Rng, unit: &str, year: i32) -> String {
    let mut s = format!("{unit}{year}年度法治政府建设情况报告\n\n");
    let _ = writeln!(s, "{year}年，{unit}坚持以习近平法治思想为指导，{}现将有关情况报告如下：", paragraph(r, 1));
    let mut n = 0;
    let mut heading = |s: &mut String, title: &str| {
        let _ = writeln!(s, "{}、{title}", NUMS[n]);
        n += 1;
    };
    heading(&mut s, "主要举措和成效");
    let subsections = 3 + r.below(4);
    for num in NUMS.iter().take(subsections) {
        let len = 3 + r.below(4);
        let _ = writeln!(s, "（{num}）{}。{}", r.pick(&OBJECTS), paragraph(r, len));
    }
    if r.chance(85) {
        heading(&mut s, "存在的不足和原因");
        let cause = if r.chance(70) { format!("究其原因，主要是由于{}仍不到位。", r.pick(&OBJECTS)) } else { String::new() };
        let _ = writeln!(s, "一是{}有待加强，二是{}还不够完善。{cause}", r.pick(&OBJECTS), r.pick(&OBJECTS));
    }
    if r.chance(75) {
        heading(&mut s, "党政主要负责人履行推进法治建设第一责任人职责情况");
        let _ = writeln!(s, "主要负责同志认真履行推进法治建设第一责任人职责，{}", paragraph(r, 2));
    }
    if r.chance(90) {
        heading(&mut s, &format!("{}年工作安排", year + 1));
        let _ = writeln!(s, "{}", paragraph(r, 3));
    }
    let _ = write!(s, "\n{unit}\n{}年1月20日\n", year + 1);
    s
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("用法：gen_reports DIR [N]");
        std::process::exit(2);
    };
    let n: usize = match args.next().map(|s| s.parse()) {
        None => 5000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("N 应为正整数");
            std::process::exit(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("无法创建 {}：{e}", dir.display());
        std::process::exit(2);
    }
    let mut r = Rng(42);
    let mut kept: Vec<String> = Vec::new();
    let mut copies = 0;
    for i in 0..n {
        let u = unit(&mut r);
        let year = 2020 + r.below(5) as i32;
        let text = if i > 10 && r.chance(1) {
            // A lightly edited copy of an earlier report under this unit's name.
            copies += 1;
            let src = &kept[r.below(kept.len())];
            let old_unit = src.lines().next().unwrap_or("").split("20").next().unwrap_or("").to_string();
            let mut t = src.replace(&old_unit, &u);
            if let Some(p) = t.find("。") {
                t.replace_range(p..p + "。".len(), "；");
            }
            t
        } else {
            report(&mut r, &u, year)
        };
        if kept.len() < 200 {
            kept.push(text.clone());
        }
        if let Err(e) = std::fs::write(dir.join(format!("{i:05}.txt")), text) {
            eprintln!("无法写入：{e}");
            std::process::exit(2);
        }
    }
    println!("已生成 {n} 份报告（其中 {copies} 份为改头换面的复制件）：{}", dir.display());
}

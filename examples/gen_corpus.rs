//! Generate a corpus of synthetic 法治政府建设年度报告 for benchmarks and bulk tests.
//!
//! `cargo run --release --example gen_corpus -- OUT_DIR N [SEED]`
//!
//! Reports are assembled from templates written for this project (no real report text):
//! varied units, years, heading forms, numbers of sections and paragraphs, some parts
//! missing, run-in headings, CRLF files, so that the checker meets the shapes it meets in
//! the wild. Average size is about 8 KB, like real reports.

use std::fmt::Write as _;
use std::path::PathBuf;

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const PLACES: &[&str] = &[
    "青山", "白河", "东湖", "南岭", "西平", "北川", "长宁", "安远", "新华", "永和", "清水", "金桥", "玉泉", "临江",
    "凤鸣",
];
const LEVELS: &[&str] = &["县", "区", "市", "镇", "街道"];
const DEPTS: &[&str] = &[
    "人民政府",
    "司法局",
    "市场监督管理局",
    "生态环境局",
    "应急管理局",
    "信访局",
    "交通运输局",
    "卫生健康委员会",
    "教育局",
    "农业农村局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
];
const ACH_HEAD: &[&str] = &[
    "{Y}年推进法治政府建设的主要举措和成效",
    "主要举措和成效",
    "工作开展情况",
    "推动落实情况",
    "主要做法和取得的成效",
    "{Y}年法治政府建设主要工作",
];
const PROB_HEAD: &[&str] =
    &["存在的不足和原因", "存在的问题", "存在的主要问题", "{Y}年推进法治政府建设存在的不足", "存在问题及原因分析"];
const LEAD_HEAD: &[&str] = &[
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "{Y}年度党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设情况",
    "主要负责同志履行推进法治建设第一责任人职责情况",
];
const PLAN_HEAD: &[&str] = &[
    "{N}年推进法治政府建设的工作安排",
    "下一步工作打算",
    "下步工作计划",
    "{N}年工作思路",
    "下一年度工作重点和努力方向",
];
const TOPICS: &[&str] = &[
    "健全依法决策机制",
    "严格规范公正文明执法",
    "深化放管服改革",
    "加强行政执法监督",
    "推进政务公开",
    "强化普法宣传教育",
    "完善矛盾纠纷多元化解",
    "加强法治队伍建设",
    "规范行政复议应诉",
    "推进数字法治政府建设",
    "优化法治化营商环境",
    "加强规范性文件管理",
];
const VERBS: &[&str] =
    &["严格落实", "全面推行", "持续深化", "扎实开展", "不断完善", "积极推进", "认真执行", "有效加强"];
const OBJECTS: &[&str] = &[
    "重大行政决策程序",
    "行政执法公示制度",
    "执法全过程记录制度",
    "重大执法决定法制审核制度",
    "合法性审查机制",
    "法律顾问制度",
    "“谁执法谁普法”责任制",
    "行政执法人员培训制度",
    "信访事项办理程序",
    "政务服务事项清单",
];
const RESULTS: &[&str] = &[
    "全年办理行政处罚案件{n}件",
    "组织执法检查{n}次",
    "审查规范性文件{n}件",
    "开展普法活动{n}场",
    "化解矛盾纠纷{n}起",
    "培训执法人员{n}人次",
    "办理行政复议案件{n}件",
    "公开政府信息{n}条",
];
const ENDINGS: &[&str] = &[
    "法治政府建设水平进一步提升。",
    "取得了良好的社会效果。",
    "群众满意度明显提高。",
    "有力保障了各项工作依法有序开展。",
    "为经济社会发展提供了有力法治保障。",
];
const WEAK: &[&str] = &[
    "执法人员专业素养有待提升",
    "普法宣传的针对性和实效性不够强",
    "基层法治力量相对薄弱",
    "行政决策公众参与度不高",
    "数字化执法手段运用不足",
    "规范性文件清理不够及时",
];
const CAUSES: &[&str] = &[
    "究其原因，主要是培训机制不够健全",
    "主要是由于基层人员编制不足",
    "原因在于部门协同机制尚不完善",
    "根源在于对法治建设重要性认识不够到位",
];

fn cn(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"][n]
}

fn sentence(r: &mut Rng) -> String {
    let n = (r.below(200) + 3).to_string();
    format!("{}{}，{}，{}", r.pick(VERBS), r.pick(OBJECTS), r.pick(RESULTS).replace("{n}", &n), r.pick(ENDINGS))
}

fn paragraph(r: &mut Rng, sentences: usize) -> String {
    (0..sentences).map(|_| sentence(r)).collect::<Vec<_>>().join("")
}

/// A paragraph of `base + below(extra)` sentences.
fn para(r: &mut Rng, base: usize, extra: usize) -> String {
    let n = base + r.below(extra);
    paragraph(r, n)
}

fn report(r: &mut Rng) -> String {
    let year = 2019 + r.below(7);
    let place = format!("{}{}", r.pick(PLACES), r.pick(LEVELS));
    let unit = format!("{place}{}", r.pick(DEPTS));
    let sub = |h: &str| h.replace("{Y}", &year.to_string()).replace("{N}", &(year + 1).to_string());
    let mut s = String::with_capacity(10_000);
    if r.chance(30) {
        let _ = writeln!(s, "{unit}\n{year}年度法治政府建设情况报告\n");
    } else {
        let _ = writeln!(s, "{unit}关于{year}年法治政府建设情况的报告\n");
    }
    let _ = writeln!(s, "{year}年，{unit}坚持以习近平新时代中国特色社会主义思想为指导，{}认真落实上级关于法治政府建设的决策部署。现将有关情况报告如下。\n", if year >= 2020 && r.chance(90) { "深入学习贯彻习近平法治思想，" } else { "" });
    let mut parts: Vec<(String, Vec<String>)> = Vec::new();
    // Achievements with sub-sections.
    let mut body = Vec::new();
    for k in 0..(4 + r.below(5)) {
        let open_close = if r.chance(10) { ("(", ")") } else { ("（", "）") };
        let head = r.pick(TOPICS);
        if r.chance(50) {
            body.push(format!("{}{}{}{}。{}", open_close.0, cn(k), open_close.1, head, para(r, 4, 6)));
        } else {
            body.push(format!("{}{}{}{}", open_close.0, cn(k), open_close.1, head));
            let m = 1 + r.below(3);
            for j in 0..m {
                body.push(format!("{}.{}。{}", j + 1, r.pick(TOPICS), para(r, 3, 4)));
            }
        }
    }
    parts.push((sub(r.pick(ACH_HEAD)), body));
    if r.chance(85) {
        let mut p = format!("一是{}；二是{}。", r.pick(WEAK), r.pick(WEAK));
        if r.chance(60) {
            p.push_str(r.pick(CAUSES));
            p.push('。');
        }
        parts.push((sub(r.pick(PROB_HEAD)), vec![p]));
    }
    if r.chance(70) {
        parts.push((sub(r.pick(LEAD_HEAD)), vec![para(r, 3, 3)]));
    }
    if r.chance(90) {
        let m = 2 + r.below(4);
        let mut items = Vec::with_capacity(m);
        for k in 0..m {
            let topic = r.pick(TOPICS);
            items.push(format!("（{}）{topic}。{}", cn(k), para(r, 1, 2)));
        }
        parts.push((sub(r.pick(PLAN_HEAD)), items));
    }
    for (i, (head, body)) in parts.iter().enumerate() {
        let _ = writeln!(s, "{}、{head}", cn(i));
        for b in body {
            let _ = writeln!(s, "{b}");
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{unit}\n{}年{}月{}日", year + 1, 1 + r.below(3), 1 + r.below(28));
    if r.chance(15) {
        s = s.replace('\n', "\r\n");
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen_corpus OUT_DIR N [SEED]");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[1]);
    let n: usize = args[2].parse().unwrap_or(100);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20261123);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("cannot create {}: {e}", out.display());
        std::process::exit(2);
    }
    let mut r = Rng(seed | 1);
    let mut bytes = 0usize;
    for i in 0..n {
        let text = report(&mut r);
        bytes += text.len();
        if let Err(e) = std::fs::write(out.join(format!("report-{i:06}.txt")), text) {
            eprintln!("write failed: {e}");
            std::process::exit(2);
        }
    }
    println!("{n} reports, {bytes} bytes in {}", out.display());
}

#!/usr/bin/env bash
# Audit at scale: write N synthetic reports (default 20,000; .txt, .md, .html and .docx,
# varied units, years, parts, dates, lengths, with planted copy families) into a
# temporary folder, then run `fazhi-lint audit` on them as html and as xlsx under
# /usr/bin/time -v and print the wall time, the peak RSS and the output size.
#
#   scripts/bench-audit.sh [N] [BINARY]
#
# BINARY defaults to target/release/fazhi-lint (build it first: cargo build --release).
# Nothing here comes from the real corpus: every sentence is generated.
set -euo pipefail
N=${1:-20000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${2:-${CARGO_TARGET_DIR:-$ROOT/target}/release/fazhi-lint}
[ -x "$BIN" ] || { echo "bench-audit: $BIN not found (cargo build --release)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/reports"

python3 - "$WORK/reports" "$N" <<'PY'
import os, random, sys, zipfile, html
out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240401)
places = [a + b for a in "东西南北中上下前后新老金银青红白黑平安长永" for b in ["湖", "山", "河", "江", "川", "原", "林", "城"]]
kinds = ["区", "县", "市"]
depts = ["人民政府", "司法局", "信访局", "财政局", "审计局", "市场监督管理局", "生态环境局", "交通运输局", "教育局", "卫生健康委员会", "人力资源和社会保障局", "自然资源局"]
verbs = ["推进", "深化", "落实", "完善", "健全", "规范", "加强", "优化", "创新", "强化"]
objs = ["行政执法三项制度", "重大行政决策程序", "规范性文件备案审查", "行政复议体制改革", "政务公开", "法治宣传教育",
        "行政裁量权基准", "涉企收费清理", "矛盾纠纷多元化解", "公共法律服务体系", "执法案卷评查", "行政应诉工作",
        "合法性审查机制", "法律顾问制度", "证明事项告知承诺制", "包容审慎监管", "信用监管", "数字政府建设"]
how = ["组织专题培训{}场", "办理案件{}件", "审查文件{}件", "开展督查{}次", "公开信息{}条", "化解纠纷{}起", "培训执法人员{}人次", "提出意见{}条"]
ends = ["取得明显成效。", "群众满意度稳步提升。", "形成了可复制的经验。", "制度体系更加完备。", "执法行为更加规范。", "营商环境持续优化。"]

def sentence():
    return rng.choice(verbs) + rng.choice(objs) + "，" + rng.choice(how).format(rng.randint(2, 400)) + "，" + rng.choice(ends)

def paragraph(k):
    return "".join(sentence() for _ in range(k))

def report(unit, year, i):
    parts = []
    parts.append(f"{unit}{year}年度法治政府建设情况报告")
    parts.append(f"{year}年，{unit}坚持以习近平法治思想为指导，认真贯彻落实法治政府建设实施纲要。现将有关情况报告如下：")
    parts.append("一、主要举措和成效")
    for j, t in enumerate(["（一）", "（二）", "（三）"][: rng.randint(1, 3)]):
        parts.append(t + rng.choice(objs) + "。" + paragraph(rng.randint(2, 8)))
    n = 2
    cn = "一二三四五六"
    if rng.random() > 0.15:
        parts.append(f"{cn[n-1]}、存在的不足和原因")
        parts.append("一是" + rng.choice(objs) + "仍有短板；二是基层力量较为薄弱。" + ("究其原因，主要是专业人员配备不足。" if rng.random() > 0.3 else ""))
        n += 1
    if rng.random() > 0.4:
        parts.append(f"{cn[n-1]}、党政主要负责人履行推进法治建设第一责任人职责情况")
        parts.append("主要负责同志认真履行第一责任人职责，" + paragraph(2))
        n += 1
    if rng.random() > 0.1:
        parts.append(f"{cn[n-1]}、{year + 1}年工作安排")
        parts.append("下一年度，" + paragraph(rng.randint(1, 3)))
    month = rng.choice([1, 2, 3, 3, 3, 4, 5])
    parts += ["", unit, f"{year + 1}年{month}月{rng.randint(1, 28)}日"]
    return parts

docx_ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
docx_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')

def write(path, lines, fmt):
    if fmt == "txt":
        open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    elif fmt == "md":
        open(path, "w", encoding="utf-8").write("# " + lines[0] + "\n\n" + "\n\n".join(lines[1:]) + "\n")
    elif fmt == "html":
        body = "".join(f"<p>{html.escape(l)}</p>" for l in lines)
        open(path, "w", encoding="utf-8").write(f'<html><head><meta charset="utf-8"><meta name="PubDate" content="{lines[-1][:4]}-03-2{rng.randint(0,9)}"></head><body><div class="nav">首页 &gt; 政务公开</div><div class="article">{body}</div></body></html>')
    else:
        ps = "".join(f"<w:p><w:r><w:t>{html.escape(l)}</w:t></w:r></w:p>" for l in lines)
        doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + ps + '</w:body></w:document>')
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", docx_ct)
            z.writestr("_rels/.rels", docx_rels)
            z.writestr("word/document.xml", doc)

fmts = ["txt"] * 6 + ["md", "html", "html", "docx"]
previous = []
for i in range(n):
    unit = rng.choice(places) + rng.choice(kinds) + rng.choice(depts)
    year = rng.choice([2020, 2021, 2022, 2023])
    if previous and rng.random() < 0.04:
        # A copy of an earlier report under this unit's name (a family).
        src_unit, lines = rng.choice(previous)
        lines = [l.replace(src_unit, unit) for l in lines]
    else:
        lines = report(unit, year, i)
        if len(previous) < 500:
            previous.append((unit, lines))
    fmt = rng.choice(fmts)
    sub = os.path.join(out, f"{i // 1000:02d}")
    os.makedirs(sub, exist_ok=True)
    write(os.path.join(sub, f"{i:05d}-{unit}.{fmt}"), lines, fmt)
PY
echo "reports: $N in $WORK/reports ($(du -sh "$WORK/reports" | cut -f1))"

run() {
  local fmt=$1 out=$2
  /usr/bin/time -v "$BIN" audit "$WORK/reports" --no-config --format "$fmt" -o "$out" 2> "$WORK/time-$fmt.txt" || { tail -5 "$WORK/time-$fmt.txt"; exit 1; }
  local wall peak
  wall=$(grep "Elapsed (wall clock)" "$WORK/time-$fmt.txt" | awk '{print $NF}')
  peak=$(grep "Maximum resident set size" "$WORK/time-$fmt.txt" | awk '{print $NF}')
  echo "$fmt: wall $wall, peak RSS $((peak / 1024)) MiB, output $(du -h "$out" | cut -f1) ($(stat -c %s "$out") bytes)"
  grep -E "疑似复制" "$WORK/time-$fmt.txt" || true
}
run html "$WORK/audit.html"
run xlsx "$WORK/audit.xlsx"

# Does the page open? Headless Chromium loads it, runs its script, and the rows it built
# are counted in the DOM it dumps.
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROME" ]; then
  start=$(date +%s.%N)
  rows=$(timeout 300 "$CHROME" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$WORK/profile" --dump-dom "file://$WORK/audit.html" 2>/dev/null | grep -o '<tr class="report' | wc -l)
  echo "chromium: page loaded, $rows table rows built by its script in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
[ -n "${KEEP:-}" ] && cp "$WORK/audit.html" "$WORK/audit.xlsx" "$KEEP"/ || true

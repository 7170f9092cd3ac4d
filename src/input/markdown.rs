//! Markdown: blank out the marks that are not report text — ATX heading marks (`#`),
//! emphasis (`*`, `**`, `_`, `__`), inline code backticks, bullet-list and block-quote
//! marks, thematic breaks and setext underlines, link brackets and targets — by
//! replacing each ASCII mark byte with an ASCII space. Byte offsets, lines and columns
//! therefore stay the file's own. Ordered-list numbers (`1.`) are kept: they are the
//! report's level-3 heading markers. Fenced code blocks are left alone.

/// The text with Markdown marks replaced by spaces of the same byte length.
pub fn blank_marks(text: String) -> String {
    let mut bytes = text.into_bytes();
    let mut in_fence: Option<u8> = None;
    let mut start = 0;
    while start < bytes.len() {
        // Lines end in LF, CRLF or a lone CR, as the parser splits them.
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let next = if bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n') { end + 2 } else { end + 1 };
        let line = &mut bytes[start..end];
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let fence = (indent < 4).then(|| fence_char(&line[indent..])).flatten();
        match (in_fence, fence) {
            (Some(open), Some(f)) if open == f => {
                in_fence = None;
                blank(line);
            }
            (Some(_), _) => {}
            (None, Some(f)) => {
                in_fence = Some(f);
                blank(line);
            }
            (None, None) => blank_line_marks(line, indent),
        }
        start = next;
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn blank(s: &mut [u8]) {
    s.fill(b' ');
}

/// "```" or "~~~" opening or closing a fenced code block.
fn fence_char(s: &[u8]) -> Option<u8> {
    let c = *s.first()?;
    ((c == b'`' || c == b'~') && s.iter().take_while(|b| **b == c).count() >= 3).then_some(c)
}

fn blank_line_marks(line: &mut [u8], indent: usize) {
    if indent >= 4 {
        return;
    }
    let rest = &line[indent..];
    // Thematic break (*** --- ___) or setext underline (=== ---): nothing to read.
    let marks: Vec<u8> = rest.iter().copied().filter(|b| !matches!(b, b' ' | b'\t')).collect();
    if marks.len() >= 3 && marks.iter().all(|b| *b == marks[0]) && matches!(marks[0], b'*' | b'-' | b'_' | b'=') {
        blank(line);
        return;
    }
    let mut i = indent;
    // Block quotes: "> " possibly nested.
    while i < line.len() && line[i] == b'>' {
        line[i] = b' ';
        i += 1;
        while i < line.len() && line[i] == b' ' {
            i += 1;
        }
    }
    // ATX heading: 1–6 '#' then white space or the end of the line; a closing run too.
    let hashes = line[i..].iter().take_while(|b| **b == b'#').count();
    if (1..=6).contains(&hashes) && matches!(line.get(i + hashes), None | Some(b' ' | b'\t')) {
        blank(&mut line[i..i + hashes]);
        let trimmed = line.len() - line.iter().rev().take_while(|b| matches!(b, b' ' | b'\t')).count();
        let closing = line[..trimmed].iter().rev().take_while(|b| **b == b'#').count();
        if closing > 0 && closing < trimmed && matches!(line[trimmed - closing - 1], b' ' | b'\t') {
            blank(&mut line[trimmed - closing..trimmed]);
        }
        i += hashes;
    } else if matches!(line.get(i), Some(b'*' | b'-' | b'+')) && matches!(line.get(i + 1), Some(b' ' | b'\t')) {
        // Bullet-list mark.
        line[i] = b' ';
        i += 1;
    }
    blank_inline(&mut line[i..]);
}

/// Emphasis runs paired on the line, inline code backticks, link and image syntax.
fn blank_inline(s: &mut [u8]) {
    // Delimiter runs of '*', '_' and '`': (start, len, char).
    let mut runs: Vec<(usize, usize, u8)> = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if matches!(c, b'*' | b'_' | b'`') && (i == 0 || s[i - 1] != b'\\') {
            let n = s[i..].iter().take_while(|b| **b == c).count();
            runs.push((i, n, c));
            i += n;
        } else {
            i += 1;
        }
    }
    // Pair each opening run with the next run of the same character and length.
    let mut used = vec![false; runs.len()];
    for a in 0..runs.len() {
        if used[a] {
            continue;
        }
        let (sa, na, ca) = runs[a];
        // An opener is followed by non-space text.
        if !matches!(s.get(sa + na), Some(b) if !b.is_ascii_whitespace()) {
            continue;
        }
        let closer = (a + 1..runs.len()).find(|&b| !used[b] && runs[b].2 == ca && runs[b].1 == na);
        if let Some(b) = closer {
            let (sb, nb, _) = runs[b];
            if sb > 0 && !s[sb - 1].is_ascii_whitespace() {
                used[a] = true;
                used[b] = true;
                blank(&mut s[sa..sa + na]);
                blank(&mut s[sb..sb + nb]);
            }
        }
    }
    blank_links(s);
}

/// `[text](target)` and `![alt](target)`: keep the text, blank the rest.
fn blank_links(s: &mut [u8]) {
    let mut i = 0;
    while i < s.len() {
        if s[i] != b'[' {
            i += 1;
            continue;
        }
        let Some(close) = s[i + 1..].iter().position(|b| *b == b']').map(|p| i + 1 + p) else {
            return;
        };
        if s.get(close + 1) != Some(&b'(') {
            i = close + 1;
            continue;
        }
        let Some(paren) = s[close + 2..].iter().position(|b| *b == b')').map(|p| close + 2 + p) else {
            return;
        };
        if i > 0 && s[i - 1] == b'!' {
            s[i - 1] = b' ';
        }
        s[i] = b' ';
        blank(&mut s[close..=paren]);
        i = paren + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::blank_marks;

    fn check(input: &str, expected: &str) {
        let out = blank_marks(input.to_string());
        assert_eq!(out.len(), input.len(), "byte length must not change");
        assert_eq!(out, expected);
    }

    #[test]
    fn heading_marks_become_spaces() {
        check("# 某县2023年度报告\n## 一、主要举措 ##\n", "  某县2023年度报告\n   一、主要举措   \n");
        check("#不是标题\n", "#不是标题\n");
        check("## 二、存在的不足\r\n", "   二、存在的不足\r\n");
    }

    #[test]
    fn emphasis_code_lists_quotes_links() {
        check("**一是**加强学习。\n", "  一是  加强学习。\n");
        check("*强调*与_下划_\n", " 强调 与 下划 \n");
        check("a * b * c\n", "a * b * c\n");
        check("- 条目\n> 引用\n", "  条目\n  引用\n");
        check("见[通知](http://x.cn/a)。\n", &format!("见 通知{}。\n", " ".repeat(16)));
        check("1. 加强执法\n", "1. 加强执法\n");
        check("---\n***\n", "   \n   \n");
    }

    #[test]
    fn fenced_code_is_left_alone() {
        check("```\n# 代码 **x**\n```\n# 标题\n", "   \n# 代码 **x**\n   \n  标题\n");
    }
}

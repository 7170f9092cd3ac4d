//! Chinese and Arabic numerals as they appear in heading markers and dates.

/// The value of one Chinese digit, 零/〇 to 九.
pub(super) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Value of a Chinese numeral such as 一, 十, 十二, 二十, 二十三, 一百零五 (up to 9999).
pub fn cn_to_u32(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| if c == '两' { Some(2) } else { cn_digit(c) };
    // Positional form without units: 二〇二二 (years).
    if !s.contains(['十', '百', '千']) {
        let mut v: u32 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(digit(c)?)?;
        }
        return Some(v);
    }
    let mut total = 0u32;
    let mut current: Option<u32> = None;
    for c in s.chars() {
        let unit = match c {
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            _ => None,
        };
        match unit {
            Some(u) => {
                total += current.unwrap_or(1) * u;
                current = None;
            }
            None => current = Some(digit(c)?),
        }
    }
    Some(total + current.unwrap_or(0))
}

/// Chinese numeral for 1..=99 in the form used by heading markers (一, 十, 十一, 二十一).
pub fn u32_to_cn(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 => {
            let tail = if n % 10 == 0 { "" } else { D[(n % 10) as usize] };
            format!("{}十{}", D[(n / 10) as usize], tail)
        }
        _ => n.to_string(),
    }
}

/// Value of an Arabic numeral in ASCII or full-width digits.
pub fn ar_to_u32(s: &str) -> Option<u32> {
    let mut v: u32 = 0;
    let mut any = false;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        v = v.checked_mul(10)?.checked_add(d)?;
        any = true;
    }
    any.then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_round_trip() {
        for n in 1..=99 {
            assert_eq!(cn_to_u32(&u32_to_cn(n)), Some(n), "{n}");
        }
        assert_eq!(cn_to_u32("二〇二二"), Some(2022));
        assert_eq!(cn_to_u32("一百零五"), Some(105));
        assert_eq!(cn_to_u32("甲"), None);
        assert_eq!(ar_to_u32("１２"), Some(12));
    }
}

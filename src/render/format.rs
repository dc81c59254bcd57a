//! Numbers, dates and codes written the same way in every renderer.

use jiff::civil::Date;

/// `+1.82`, `−0.50`, `0.00` (a real minus sign, as typeset).
pub fn signed2(value: f64) -> String {
    if value > 0.0 {
        format!("+{value:.2}")
    } else if value < 0.0 {
        format!("−{:.2}", -value)
    } else {
        "0.00".to_owned()
    }
}

/// `+2`, `−1`, `0`: a whole number with a real minus sign, as typeset.
pub fn signed_whole(value: f64) -> String {
    if value > 0.0 {
        format!("+{value:.0}")
    } else if value < 0.0 {
        format!("−{:.0}", -value)
    } else {
        "0".to_owned()
    }
}

/// Two decimals, as every aggregate figure is rounded.
pub fn fixed2(value: f64) -> String {
    format!("{value:.2}")
}

/// `20 November 2026`.
pub fn long_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = usize::try_from(date.month())
        .ok()
        .and_then(|m| MONTHS.get(m.saturating_sub(1)))
        .copied()
        .unwrap_or("");
    format!("{} {month} {}", date.day(), date.year())
}

/// `20 Nov`: a chart axis's date.
pub fn short_date(date: Date) -> String {
    let long = long_date(date);
    let mut parts = long.split(' ');
    let day = parts.next().unwrap_or("");
    let month: String = parts.next().unwrap_or("").chars().take(3).collect();
    format!("{day} {month}")
}

/// What an Admiralty credibility digit means.
pub fn credibility(value: Option<u8>) -> &'static str {
    match value {
        Some(1) => "confirmed by other sources",
        Some(2) => "probably true",
        Some(3) => "possibly true",
        Some(4) => "doubtful",
        Some(5) => "improbable",
        Some(6) => "truth cannot be judged",
        _ => "credibility not graded",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_dates_read_as_typeset() {
        assert_eq!(signed2(1.5), "+1.50");
        assert_eq!(signed2(-0.98), "−0.98");
        assert_eq!(signed2(0.0), "0.00");
        assert_eq!(fixed2(4.8), "4.80");
        assert_eq!(
            long_date(jiff::civil::date(2026, 11, 20)),
            "20 November 2026"
        );
        assert_eq!(credibility(Some(2)), "probably true");
        assert_eq!(credibility(None), "credibility not graded");
    }
}

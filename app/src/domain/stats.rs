//! The arithmetic of the program reports: medians, shares of a whole,
//! durations in days, and the geometry of the reports' bar charts. Plain
//! Rust with no knowledge of the program, so the server computes with it
//! and the page draws with it, and the tests pin every rounding.

/// Seconds in a day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// The median of `values` (sorting them): the middle one, or for an even
/// count the mean of the middle two, rounded down. `None` for no values.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        let sum = i128::from(values[middle - 1]) + i128::from(values[middle]);
        i64::try_from(sum.div_euclid(2)).unwrap_or(i64::MAX)
    } else {
        values[middle]
    })
}

/// How many of `values` are at most `limit`.
pub fn count_within(values: &[i64], limit: i64) -> i64 {
    i64::try_from(values.iter().filter(|v| **v <= limit).count()).unwrap_or(i64::MAX)
}

/// `part` of `whole` as a whole percentage, rounded half up; `None` when
/// there is no whole to take a share of.
pub fn share_percent(part: i64, whole: i64) -> Option<i64> {
    if whole <= 0 {
        return None;
    }
    let part = part.clamp(0, whole);
    Some((part * 200 + whole) / (whole * 2))
}

/// A duration in days with one decimal, rounded half up ("3.5");
/// negative durations (clocks that disagree) count as none.
pub fn days_text(seconds: i64) -> String {
    let tenths = (seconds.max(0) * 10 + SECONDS_PER_DAY / 2) / SECONDS_PER_DAY;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A whole number with its thousands grouped by commas ("35,000").
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A round number at or above `value` for the end of a chart's scale:
/// 1, 2 or 5 times a power of ten (at least 1).
pub fn nice_ceiling(value: i64) -> i64 {
    let mut step = 1_i64;
    loop {
        for factor in [1, 2, 5] {
            let candidate = step.saturating_mul(factor);
            if candidate >= value || candidate == i64::MAX {
                return candidate;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// A label cut to at most `max` characters, with an ellipsis when cut.
pub fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_owned();
    }
    let kept: String = label.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// The geometry of a horizontal bar chart in SVG user units: a column of
/// labels on the left, one bar a row scaled from zero to `max`, and room
/// after each bar for its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BarLayout {
    /// Rows (bars) in the chart.
    pub rows: u32,
    /// The value a full-length bar stands for (at least 1).
    pub max: i64,
}

impl BarLayout {
    /// The whole chart's width.
    pub const WIDTH: u32 = 720;
    /// The label column's width; labels end just before the bars start.
    pub const LABEL_WIDTH: u32 = 240;
    /// Room after the longest bar for its value ("100% (1234 of 1234)").
    pub const VALUE_ROOM: u32 = 160;
    pub const ROW_HEIGHT: u32 = 30;
    pub const BAR_HEIGHT: u32 = 20;
    /// Space above the first row.
    pub const TOP: u32 = 8;
    /// Space below the last row (for a goal line's label).
    pub const BOTTOM: u32 = 28;

    pub fn new(rows: usize, max: i64) -> Self {
        Self {
            rows: u32::try_from(rows).unwrap_or(u32::MAX),
            max: max.max(1),
        }
    }

    /// The width the bars share.
    pub const fn plot_width() -> u32 {
        Self::WIDTH - Self::LABEL_WIDTH - Self::VALUE_ROOM
    }

    pub fn height(&self) -> u32 {
        Self::TOP + self.rows.saturating_mul(Self::ROW_HEIGHT) + Self::BOTTOM
    }

    /// Where the rows end (the bottom of the axis).
    pub fn plot_bottom(&self) -> u32 {
        Self::TOP + self.rows.saturating_mul(Self::ROW_HEIGHT)
    }

    /// The top of row `row`'s bar.
    pub fn bar_y(&self, row: u32) -> u32 {
        Self::TOP + row * Self::ROW_HEIGHT + (Self::ROW_HEIGHT - Self::BAR_HEIGHT) / 2
    }

    /// The baseline of row `row`'s label and value text (vertically
    /// centred on the bar for 14-unit text).
    pub fn text_y(&self, row: u32) -> u32 {
        Self::TOP + row * Self::ROW_HEIGHT + Self::ROW_HEIGHT / 2 + 5
    }

    /// A bar's length for `value`: proportional, rounded to the nearest
    /// unit, never past the plot, and at least 2 units for any value
    /// above zero so that a small number is still seen.
    pub fn length(&self, value: i64) -> u32 {
        if value <= 0 {
            return 0;
        }
        let plot = i64::from(Self::plot_width());
        let value = value.min(self.max);
        let length = (value * plot * 2 + self.max) / (self.max * 2);
        u32::try_from(length.max(2)).unwrap_or(Self::plot_width())
    }

    /// The x position of `value` on the scale (where its bar ends).
    pub fn x_of(&self, value: i64) -> u32 {
        Self::LABEL_WIDTH + self.length(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7));
        assert_eq!(median(&mut [9, 1, 5]), Some(5));
        assert_eq!(median(&mut [10, 2, 4, 8]), Some(6));
        // Rounded down when the middle two are an odd distance apart.
        assert_eq!(median(&mut [1, 2]), Some(1));
        assert_eq!(median(&mut [-3, -2]), Some(-3));
        assert_eq!(median(&mut [i64::MAX, i64::MAX - 2]), Some(i64::MAX - 1));
    }

    #[test]
    fn values_within_a_limit_include_the_limit_itself() {
        let day = SECONDS_PER_DAY;
        let hires = [79 * day, 80 * day, 80 * day + 1, 120 * day];
        assert_eq!(count_within(&hires, 80 * day), 2);
        assert_eq!(count_within(&[], 80 * day), 0);
    }

    #[test]
    fn shares_round_half_up_and_need_a_whole() {
        assert_eq!(share_percent(1, 3), Some(33));
        assert_eq!(share_percent(2, 3), Some(67));
        assert_eq!(share_percent(1, 8), Some(13), "12.5 rounds up");
        assert_eq!(share_percent(0, 5), Some(0));
        assert_eq!(share_percent(5, 5), Some(100));
        assert_eq!(share_percent(7, 5), Some(100), "never more than all");
        assert_eq!(share_percent(1, 0), None);
    }

    #[test]
    fn durations_read_in_days_with_one_decimal() {
        assert_eq!(days_text(0), "0.0");
        assert_eq!(days_text(SECONDS_PER_DAY / 2), "0.5");
        assert_eq!(days_text(80 * SECONDS_PER_DAY), "80.0");
        assert_eq!(days_text(3 * SECONDS_PER_DAY + 12 * 3600), "3.5");
        // 0.05 of a day rounds up; just under it rounds down.
        assert_eq!(days_text(4_320), "0.1");
        assert_eq!(days_text(4_319), "0.0");
        assert_eq!(days_text(-500), "0.0");
    }

    #[test]
    fn thousands_are_grouped_with_commas() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(35_000), "35,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-50_000), "-50,000");
    }

    #[test]
    fn scales_end_on_a_round_number() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(12), 20);
        assert_eq!(nice_ceiling(88), 100);
        assert_eq!(nice_ceiling(100), 100);
        assert_eq!(nice_ceiling(101), 200);
        assert_eq!(nice_ceiling(35_000), 50_000);
        assert_eq!(nice_ceiling(i64::MAX), i64::MAX);
    }

    #[test]
    fn long_labels_are_shortened_with_an_ellipsis() {
        assert_eq!(shorten("Hired", 10), "Hired");
        assert_eq!(shorten("Find the intruder in the log", 10), "Find the…");
        assert_eq!(shorten("ééééé", 5), "ééééé");
    }

    #[test]
    fn bars_are_proportional_rounded_and_kept_inside_the_plot() {
        let chart = BarLayout::new(3, 100);
        let plot = BarLayout::plot_width();
        assert_eq!(plot, 320);
        assert_eq!(chart.length(100), plot);
        assert_eq!(chart.length(50), 160);
        // 320 / 3 = 106.67…: rounded to the nearest unit.
        assert_eq!(BarLayout::new(1, 3).length(1), 107);
        assert_eq!(BarLayout::new(1, 3).length(2), 213);
        assert_eq!(chart.length(0), 0);
        assert_eq!(chart.length(-4), 0);
        assert_eq!(chart.length(1_000), plot, "clamped to the plot");
        assert_eq!(BarLayout::new(1, 10_000).length(1), 2, "a tiny value shows");
        assert_eq!(chart.x_of(50), BarLayout::LABEL_WIDTH + 160);
    }

    #[test]
    fn rows_stack_from_the_top_with_room_below_for_a_goal_label() {
        let chart = BarLayout::new(3, 10);
        assert_eq!(chart.bar_y(0), 13);
        assert_eq!(chart.bar_y(2), 73);
        assert_eq!(chart.text_y(1), 58);
        assert_eq!(chart.plot_bottom(), 98);
        assert_eq!(chart.height(), 126);
        assert_eq!(BarLayout::new(0, 0).max, 1, "an empty scale still divides");
    }
}

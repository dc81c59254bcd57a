//! The rules of the leverage-over-time chart that the HTML and the PDF
//! share, so both draw the same figure: a value axis padded beyond the
//! data, series with equal values parted so none hides another, and labels
//! at the lines' ends pushed apart so none overprints another.

/// The value axis: ticks at whole multiples of `step` (zero among them)
/// from below the lowest value to above the highest, plotted over
/// `low..high`, half a step beyond the outer ticks, so no line runs along
/// the plot's edge.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueAxis {
    pub ticks: Vec<f64>,
    pub low: f64,
    pub high: f64,
}

/// The most ticks an axis gets, however wide its values.
const MAX_TICKS: usize = 12;

/// The axis for `values` (non-finite ones ignored), spanning zero and at
/// least two units.
pub(crate) fn value_axis(values: impl Iterator<Item = f64>) -> ValueAxis {
    let (mut low, mut high) = values
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
    if high - low < 2.0 {
        let middle = (high + low) / 2.0;
        low = middle - 1.0;
        high = middle + 1.0;
    }
    // Whole units up to the leverage scale's ten; wider (no real brief)
    // in whole steps, at most a dozen ticks.
    let step = ((high.ceil() - low.floor()) / 10.0)
        .ceil()
        .clamp(1.0, f64::MAX / 4.0);
    let first = (low / step).floor() * step;
    let mut ticks = vec![first];
    while let Some(&last) = ticks.last()
        && last < high - 1e-9
        && ticks.len() < MAX_TICKS
    {
        ticks.push(last + step);
    }
    let last = ticks.last().copied().unwrap_or(first);
    ValueAxis {
        low: first - step / 2.0,
        high: last + step / 2.0,
        ticks,
    }
}

/// For each series (its values, one per date), at each date, how far to
/// shift it, in line widths: series with the same value there are set side
/// by side, centred on it, instead of one drawn over another.
pub(crate) fn parting(series: &[&[Option<f64>]]) -> Vec<Vec<f64>> {
    series
        .iter()
        .enumerate()
        .map(|(s, values)| {
            values
                .iter()
                .enumerate()
                .map(|(date, v)| {
                    let Some(v) = v.filter(|v| v.is_finite()) else {
                        return 0.0;
                    };
                    let same = |other: &usize| {
                        value_at(series, *other, date).is_some_and(|o| (o - v).abs() < 1e-6)
                    };
                    let before = (0..s).filter(same).count();
                    let all = (0..series.len()).filter(same).count();
                    before as f64 - (all as f64 - 1.0) / 2.0
                })
                .collect()
        })
        .collect()
}

fn value_at(series: &[&[Option<f64>]], s: usize, date: usize) -> Option<f64> {
    series
        .get(s)?
        .get(date)
        .copied()
        .flatten()
        .filter(|v| v.is_finite())
}

/// Positions for labels that want to sit at `wanted`, kept in their order
/// and at least `gap` apart, each run of labels that would overprint
/// centred on where its labels want to be, and inside `low..high` while
/// they fit there.
pub(crate) fn spread(wanted: &[f64], gap: f64, low: f64, high: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|&a, &b| wanted[a].total_cmp(&wanted[b]).then(a.cmp(&b)));
    // Runs of labels set `gap` apart: (top, how many, sum of each one's
    // wanted position less its place in the run).
    let mut runs: Vec<(f64, usize, f64)> = Vec::new();
    for &i in &order {
        let mut run = (wanted[i], 1usize, wanted[i]);
        while let Some(&(top, count, _)) = runs.last()
            && top + count as f64 * gap > run.0
        {
            let (_, before, sum) = runs.pop().unwrap_or_default();
            let count = before + run.1;
            // The later labels sit `before` places further down.
            let sum = sum + run.2 - run.1 as f64 * before as f64 * gap;
            run = (sum / count as f64, count, sum);
        }
        runs.push(run);
    }
    let mut at: Vec<f64> = runs
        .iter()
        .flat_map(|&(top, count, _)| (0..count).map(move |k| top + k as f64 * gap))
        .collect();
    // Into the bounds: up from the bottom, then down from the top.
    if let Some(&last) = at.last()
        && last > high
    {
        let mut limit = high;
        for y in at.iter_mut().rev() {
            *y = y.min(limit);
            limit = *y - gap;
        }
    }
    if let Some(&first) = at.first()
        && first < low
    {
        let mut limit = low;
        for y in &mut at {
            *y = y.max(limit);
            limit = *y + gap;
        }
    }
    let mut out = vec![0.0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = at[k];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_has_room_beyond_the_data_and_a_tick_at_zero() {
        let axis = value_axis([3.0, -2.0, 1.5].into_iter());
        assert_eq!(axis.ticks, [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]);
        assert_eq!((axis.low, axis.high), (-2.5, 3.5));
        // Values on a whole number still stay clear of the plot's edge.
        let wide = value_axis([5.0, -5.0].into_iter());
        let whole: Vec<f64> = (-5..=5).map(f64::from).collect();
        assert_eq!(wide.ticks, whole);
        assert_eq!((wide.low, wide.high), (-5.5, 5.5));
        let wider = value_axis([40.0].into_iter());
        assert_eq!(wider.ticks.len(), 11, "{:?}", wider.ticks);
        let flat = value_axis([0.0, 0.0].into_iter());
        assert_eq!(flat.ticks, [-1.0, 0.0, 1.0]);
        let none = value_axis([f64::NAN, f64::INFINITY].into_iter());
        assert_eq!(none.ticks, [-1.0, 0.0, 1.0]);
    }

    #[test]
    fn series_with_equal_values_are_set_side_by_side() {
        let a = [Some(1.0), Some(2.0), None];
        let b = [Some(1.0), Some(0.0), Some(1.0)];
        let c = [Some(1.0), Some(2.0), Some(1.0)];
        let offsets = parting(&[&a, &b, &c]);
        assert_eq!(offsets[0], [-1.0, -0.5, 0.0]);
        assert_eq!(offsets[1], [0.0, 0.0, -0.5]);
        assert_eq!(offsets[2], [1.0, 0.5, 0.5]);
    }

    #[test]
    fn end_labels_are_pushed_apart_and_kept_in_bounds() {
        let at = spread(&[50.0, 50.0, 10.0, 99.0], 8.0, 0.0, 100.0);
        assert_eq!(at[2], 10.0, "one far from the others stays put");
        assert!((at[1] - at[0]).abs() >= 8.0 - 1e-9, "{at:?}");
        assert!(
            at[3] <= 100.0 && at[3] - at[1].max(at[0]) >= 8.0 - 1e-9,
            "{at:?}"
        );
        // More than fit: none overlaps, the first stays at the top.
        let crowded = spread(&[5.0; 4], 10.0, 0.0, 20.0);
        assert_eq!(crowded, [0.0, 10.0, 20.0, 30.0]);
    }
}

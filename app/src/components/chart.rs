//! Horizontal bar charts as inline SVG, drawn in Rust on the server (no
//! chart script, so they show with JavaScript off). Each chart is one
//! image to assistive technology (`role="img"`), named by its `<title>` and
//! described by a `<desc>` that lists every bar's value; the page always
//! puts the same numbers in a real table next to it. Colours are
//! presentation attributes (the page's CSP allows no inline styles).

use leptos::prelude::*;

use crate::domain::stats::{BarLayout, shorten};

/// One bar: its label, its value on the chart's scale, and the value as
/// the chart writes it after the bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub text: String,
}

/// A line across the bars at a target value (the 80-day goal), labelled
/// below the bars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub value: i64,
    pub label: String,
}

/// USWDS ink, primary and secondary-dark: 4.5:1 or better on white.
const INK: &str = "#1b1b1b";
const BAR: &str = "#005ea2";
const GOAL: &str = "#b50909";
const FONT: &str = "Source Sans Pro Web, Helvetica Neue, Helvetica, Roboto, Arial, sans-serif";
/// Labels longer than this are cut (the table has them whole).
const LABEL_CHARS: usize = 32;

/// A bar chart. `id` must be unique on the page: the title's and the
/// description's ids derive from it.
#[component]
pub fn BarChart(
    id: &'static str,
    title: String,
    description: String,
    bars: Vec<Bar>,
    /// The value a full-length bar stands for.
    max: i64,
    #[prop(optional)] goal: Option<Goal>,
) -> impl IntoView {
    let layout = BarLayout::new(bars.len(), max);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let axis_x = BarLayout::LABEL_WIDTH;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(row, bar)| {
            let row = u32::try_from(row).unwrap_or(u32::MAX);
            let y = layout.text_y(row);
            view! {
                <text x=axis_x - 8 y=y text-anchor="end" fill=INK>
                    {shorten(&bar.label, LABEL_CHARS)}
                </text>
                <rect
                    x=axis_x
                    y=layout.bar_y(row)
                    width=layout.length(bar.value)
                    height=BarLayout::BAR_HEIGHT
                    fill=BAR
                />
                <text x=layout.x_of(bar.value) + 6 y=y fill=INK>
                    {bar.text}
                </text>
            }
        })
        .collect_view();
    let goal = goal.map(|goal| {
        let x = layout.x_of(goal.value);
        view! {
            <line
                x1=x
                y1=BarLayout::TOP
                x2=x
                y2=layout.plot_bottom() + 4
                stroke=GOAL
                stroke-width="2"
                stroke-dasharray="6 4"
            />
            <text x=x y=layout.height() - 6 text-anchor="middle" fill=GOAL>
                {goal.label}
            </text>
        }
    });
    view! {
        <svg
            class="report-chart"
            role="img"
            aria-labelledby=labelled_by
            viewBox=format!("0 0 {} {}", BarLayout::WIDTH, layout.height())
            width="100%"
            font-family=FONT
            font-size="14"
        >
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            {rows}
            <line
                x1=axis_x
                y1=BarLayout::TOP
                x2=axis_x
                y2=layout.plot_bottom()
                stroke=INK
                stroke-width="1"
            />
            {goal}
        </svg>
    }
}

//! SVG charts of one function (plotters), one file per chart kind, each readable without a legend:
//! axes named with their units, lines labelled where they end, the chosen configuration marked.
//! Drawing errors are returned, never unwrapped; plotters escapes the text it writes.

mod concurrency;
mod cost;
mod duration;
mod style;

pub(crate) use concurrency::concurrency_chart;
pub(crate) use cost::cost_chart;
pub(crate) use duration::duration_chart;

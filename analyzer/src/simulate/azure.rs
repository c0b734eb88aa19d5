//! The Azure Functions 2019 trace, read by column name, in either of its two layouts:
//!
//! - the original release (Azure/AzurePublicDataset): `invocations_per_function_md.anon.dNN.csv`
//!   (`HashOwner,HashApp,HashFunction,Trigger,1,…,1440`), `function_durations_percentiles.anon.dNN.csv`
//!   (`…,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,…,percentile_Average_100`) and
//!   `app_memory_percentiles.anon.dNN.csv` (`HashOwner,HashApp,SampleCount,AverageAllocatedMb,…,
//!   AverageAllocatedMb_pct100`, one row per application);
//! - the vHive invitro sample: `invocations.csv`, `durations.csv` and `memory.csv` with the same column
//!   names, some of the minute columns only (such as `480,…,959`), and memory keyed by `HashFunction`.
//!
//! Columns are found by their header, so their order and any extra columns do not matter; a missing
//! required column is an error naming the file and the column.
//!
//! Every problem is an error naming the file, the line and the column, never a skipped row or a
//! value taken instead (a row that could be skipped would still change which function is the
//! busiest, or the durations drawn):
//!
//! - each file must be UTF-8 text with a header; the memory file may be absent, but one that cannot
//!   be read is an error;
//! - a row with fewer cells than the header is a truncated row, in any of the files;
//! - a per-minute count is a whole number from 0 to [`MAX_PER_MINUTE`] (in every row considered:
//!   all of them, or those `--function` selects), and the chosen function runs at most
//!   [`MAX_TRACE_INVOCATIONS`] in all (each is simulated one by one);
//! - the chosen function must have a row in the durations file, its percentiles from 0 to
//!   [`MAX_DURATION_MS`]; its peak memory, when the memory file lists it, 0 to [`MAX_MEMORY_MB`].
//!   `NaN`, `inf`, negative and empty cells are refused.

use std::path::{Path, PathBuf};

use crate::error::{ensure, Error};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::trace::{
    read_text, split_csv, truncated_row, utf8_text, Cell, Invocation, Trace, MAX_MEMORY_MB,
};
use crate::snapshot::MAX_DURATION_MS;

/// Most invocations one function may have in one minute of a trace.
pub const MAX_PER_MINUTE: f64 = 1e7;
/// Most invocations a simulated function may have in all (20 million: about 320 MB to hold).
pub const MAX_TRACE_INVOCATIONS: f64 = 2e7;

/// The function-hash column, present in every file of both layouts.
const HASH_FUNCTION: &str = "HashFunction";
/// The application-hash column: the key of the original release's memory file.
const HASH_APP: &str = "HashApp";
/// The duration percentiles read, as (quantile, column).
const DURATION_PERCENTILES: [(f64, &str); 7] = [
    (0.0, "percentile_Average_0"),
    (0.01, "percentile_Average_1"),
    (0.25, "percentile_Average_25"),
    (0.5, "percentile_Average_50"),
    (0.75, "percentile_Average_75"),
    (0.99, "percentile_Average_99"),
    (1.0, "percentile_Average_100"),
];
/// The memory column read: the largest allocated memory, MB.
const MEMORY_PEAK: &str = "AverageAllocatedMb_pct100";

/// One CSV file of a trace: a name for messages, and its text.
#[derive(Clone, Copy, Debug)]
pub struct CsvFile<'a> {
    /// File name shown in errors.
    pub name: &'a str,
    /// Contents.
    pub text: &'a str,
}

/// The files of an Azure trace.
#[derive(Clone, Copy, Debug)]
pub struct AzureFiles<'a> {
    /// Per-minute invocation counts per function.
    pub invocations: CsvFile<'a>,
    /// Duration percentiles per function.
    pub durations: CsvFile<'a>,
    /// Allocated-memory percentiles per function (invitro) or per application (original), if any.
    pub memory: Option<CsvFile<'a>>,
}

/// A CSV file with its header parsed.
struct Csv<'a> {
    name: &'a str,
    header: Vec<&'a str>,
    body: &'a str,
    /// Line number of the body's first line.
    first_line: usize,
}

/// One row of a [`Csv`]: its line number and cells.
struct Row<'a> {
    line: usize,
    cells: Vec<&'a str>,
}

impl<'a> Csv<'a> {
    fn parse(file: CsvFile<'a>) -> crate::Result<Self> {
        let (first, body) = file.text.split_once('\n').unwrap_or((file.text, ""));
        let first = first.trim_start_matches('\u{feff}');
        ensure!(
            !first.trim().is_empty(),
            Parse,
            "{} is empty: its first line must be the header",
            file.name
        );
        Ok(Csv {
            name: file.name,
            header: split_csv(first),
            body,
            first_line: 2,
        })
    }

    fn find(&self, column: &str) -> Option<usize> {
        self.header.iter().position(|h| *h == column)
    }

    fn column(&self, column: &str) -> crate::Result<usize> {
        self.find(column).ok_or_else(|| {
            Error::Parse(format!("{}: no column {column:?} in the header", self.name))
        })
    }

    /// The rows that are not blank; a row with fewer cells than the header is an error.
    fn rows(&self) -> impl Iterator<Item = crate::Result<Row<'a>>> + '_ {
        self.body
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                let line = self.first_line + i;
                let cells = split_csv(l);
                if cells.len() < self.header.len() {
                    return Err(truncated_row(
                        self.name,
                        line,
                        cells.len(),
                        self.header.len(),
                    ));
                }
                Ok(Row { line, cells })
            })
    }

    /// The cell of `row` in column `col` (rows are as long as the header: see [`Csv::rows`]).
    fn cell(&self, row: &Row<'a>, col: usize) -> Cell<'a> {
        Cell {
            file: self.name,
            line: row.line,
            column: col + 1,
            name: self.header[col],
            text: row.cells[col],
        }
    }
}

/// The file names of the trace `invocations` belongs to: the original release's
/// (`invocations_per_function_md.anon.d01.csv` → `function_durations_percentiles.anon.d01.csv`,
/// `app_memory_percentiles.anon.d01.csv`), else `durations.csv` and `memory.csv` beside it.
pub fn sibling_files(invocations: &Path) -> (PathBuf, PathBuf) {
    let dir = invocations.parent().unwrap_or(Path::new("."));
    let day = invocations
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("invocations_per_function_md.anon."));
    match day {
        Some(day) => (
            dir.join(format!("function_durations_percentiles.anon.{day}")),
            dir.join(format!("app_memory_percentiles.anon.{day}")),
        ),
        None => (dir.join("durations.csv"), dir.join("memory.csv")),
    }
}

/// Loads one function of an Azure Functions 2019 trace from its invocations file and the durations
/// and memory files beside it (see [`sibling_files`]; the memory file may be absent).
pub fn load_azure(
    invocations_csv: &Path,
    function: Option<&str>,
    seed: u64,
) -> crate::Result<Trace> {
    let (durations_csv, memory_csv) = sibling_files(invocations_csv);
    let invocations = read_text(invocations_csv)?;
    let durations = read_text(&durations_csv)?;
    // Only an absent memory file goes without: any other failure to read it is the user's to know.
    let memory = match std::fs::read(&memory_csv) {
        Ok(bytes) => Some(utf8_text(&memory_csv.display().to_string(), bytes)?),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Read {
                path: memory_csv,
                source,
            })
        }
    };
    let names = [
        invocations_csv.display().to_string(),
        durations_csv.display().to_string(),
        memory_csv.display().to_string(),
    ];
    let files = AzureFiles {
        invocations: CsvFile {
            name: &names[0],
            text: &invocations,
        },
        durations: CsvFile {
            name: &names[1],
            text: &durations,
        },
        memory: memory.as_deref().map(|text| CsvFile {
            name: &names[2],
            text,
        }),
    };
    load_azure_files(&files, function, seed)
}

/// The busiest function (or the busiest whose hash starts with `function`): its hash, its
/// application's hash when the file has one, and its invocations per minute.
struct Chosen<'a> {
    hash: &'a str,
    app: Option<&'a str>,
    counts: Vec<f64>,
}

fn choose<'a>(file: CsvFile<'a>, function: Option<&str>) -> crate::Result<Chosen<'a>> {
    let csv = Csv::parse(file)?;
    let hash_col = csv.column(HASH_FUNCTION)?;
    let app_col = csv.find(HASH_APP);
    // Minute columns are the headers that are numbers; the series runs from the first to the last,
    // a minute without a column counting no invocations.
    let mut minutes: Vec<(usize, usize)> = csv
        .header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.parse::<usize>().ok().map(|m| (m, i)))
        .collect();
    minutes.sort_unstable();
    let (Some(&(first, _)), Some(&(last, _))) = (minutes.first(), minutes.last()) else {
        return Err(Error::Parse(format!(
            "{}: no per-minute columns (headers 1 … 1440) in the header",
            csv.name
        )));
    };
    let mut best: Option<(f64, Chosen<'a>)> = None;
    for row in csv.rows() {
        let row = row?;
        let hash = row.cells[hash_col];
        if function.is_some_and(|f| !hash.starts_with(f)) {
            continue;
        }
        let mut counts = vec![0.0; last - first + 1];
        for &(minute, col) in &minutes {
            let cell = csv.cell(&row, col);
            let count = cell.number(
                0.0..=MAX_PER_MINUTE,
                "a count of invocations (0 to 10000000 a minute)",
            )?;
            if count.fract() != 0.0 {
                return Err(Error::invalid(
                    csv.name,
                    cell.field(),
                    Some(cell.text.to_owned()),
                    "not a whole number of invocations",
                ));
            }
            counts[minute - first] = count;
        }
        let total: f64 = counts.iter().sum();
        if best.as_ref().is_none_or(|(b, _)| total > *b) {
            let app = app_col.map(|c| row.cells[c]);
            best = Some((total, Chosen { hash, app, counts }));
        }
    }
    best.map(|(_, chosen)| chosen).ok_or_else(|| {
        Error::Parse(match function {
            Some(f) => format!("no function {f} in {}", csv.name),
            None => format!("no functions in {}", csv.name),
        })
    })
}

/// The (quantile, ms) points of the function's duration distribution.
fn duration_points(file: CsvFile<'_>, hash: &str) -> crate::Result<Vec<(f64, f64)>> {
    let csv = Csv::parse(file)?;
    let hash_col = csv.column(HASH_FUNCTION)?;
    let columns = DURATION_PERCENTILES
        .iter()
        .map(|(q, name)| Ok((*q, csv.column(name)?)))
        .collect::<crate::Result<Vec<(f64, usize)>>>()?;
    let mut points = None;
    for row in csv.rows() {
        let row = row?;
        if row.cells[hash_col] != hash {
            continue;
        }
        points = Some(
            columns
                .iter()
                .map(|&(q, c)| {
                    let ms = csv
                        .cell(&row, c)
                        .number(0.0..=MAX_DURATION_MS, "a duration (0 to 900000 ms)")?;
                    // Lambda bills at least 1 ms; the trace rounds sub-millisecond runs to 0.
                    Ok((q, ms.max(1.0)))
                })
                .collect::<crate::Result<Vec<_>>>()?,
        );
    }
    points.ok_or_else(|| {
        Error::Parse(format!(
            "{}: no row for function {hash} ({HASH_FUNCTION}), so its durations are unknown; choose another with --function",
            csv.name
        ))
    })
}

/// The function's peak allocated memory, MB: by `HashFunction` (invitro) or, in the original release
/// where memory is per application, by `HashApp`.
fn peak_memory(
    file: CsvFile<'_>,
    chosen: &Chosen<'_>,
    invocations: &str,
) -> crate::Result<Option<f64>> {
    let csv = Csv::parse(file)?;
    let value_col = csv.column(MEMORY_PEAK)?;
    let (key_col, key) = match (csv.find(HASH_FUNCTION), csv.find(HASH_APP)) {
        (Some(col), _) => (col, chosen.hash),
        (None, Some(col)) => (
            col,
            chosen.app.ok_or_else(|| {
                Error::Parse(format!(
                    "{invocations}: no column {HASH_APP:?} in the header (needed to join {}, which is per application)",
                    csv.name
                ))
            })?,
        ),
        (None, None) => {
            return Err(Error::Parse(format!(
                "{}: no column {HASH_FUNCTION:?} or {HASH_APP:?} in the header",
                csv.name
            )))
        }
    };
    let mut peak = None;
    for row in csv.rows() {
        let row = row?;
        if peak.is_none() && row.cells[key_col] == key {
            peak = Some(
                csv.cell(&row, value_col)
                    .number(0.0..=MAX_MEMORY_MB, "a memory size (0 to 10240 MB)")?,
            );
        }
    }
    Ok(peak)
}

/// Linear interpolation in a table of (percentile 0–1, value).
fn from_percentiles(points: &[(f64, f64)], u: f64) -> f64 {
    for pair in points.windows(2) {
        let ((p0, v0), (p1, v1)) = (pair[0], pair[1]);
        if u <= p1 {
            let t = if p1 > p0 { (u - p0) / (p1 - p0) } else { 0.0 };
            return v0 + t * (v1 - v0);
        }
    }
    points.last().map_or(0.0, |p| p.1)
}

/// [`load_azure`] on the files' contents: the busiest function (or the busiest whose hash starts with
/// `function`), its invocations spread uniformly within each minute and their durations drawn from
/// its percentiles, seeded.
pub fn load_azure_files(
    files: &AzureFiles<'_>,
    function: Option<&str>,
    seed: u64,
) -> crate::Result<Trace> {
    let chosen = choose(files.invocations, function)?;
    let total: f64 = chosen.counts.iter().sum();
    if total > MAX_TRACE_INVOCATIONS {
        return Err(Error::invalid(
            files.invocations.name,
            format!("function {}", chosen.hash),
            Some(format!("{} invocations", crate::error::number(total))),
            "more than the 20000000 a simulation runs; choose a quieter one with --function",
        ));
    }
    let duration_points = duration_points(files.durations, chosen.hash)?;
    let memory = match files.memory {
        Some(file) => peak_memory(file, &chosen, files.invocations.name)?,
        None => None,
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let mut invocations = Vec::new();
    for (minute, count) in chosen.counts.iter().enumerate() {
        for _ in 0..(*count as u64) {
            let at = minute as f64 * 60.0 + rng.random::<f64>() * 60.0;
            let duration_ms = from_percentiles(&duration_points, rng.random::<f64>());
            invocations.push(Invocation { at, duration_ms });
        }
    }
    invocations.sort_by(|a, b| a.at.total_cmp(&b.at));
    Ok(Trace {
        name: format!("azure-{}", chosen.hash.chars().take(12).collect::<String>()),
        invocations,
        memory_mb: memory,
        span_seconds: chosen.counts.len() as f64 * 60.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_trace_is_deterministic_per_seed() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/azure-functions-2019/invocations.csv"
        ));
        let a = load_azure(path, Some("729e1d91"), 7).unwrap();
        let b = load_azure(path, Some("729e1d91"), 7).unwrap();
        assert_eq!(a.invocations, b.invocations);
        assert_eq!(a.invocations.len(), 3581);
        let snapshot = crate::simulate::simulate(&a, &crate::simulate::SimulateOptions::default());
        assert!(snapshot.cold_starts.unwrap() >= 1.0);
        assert_eq!(snapshot.invocations.len(), 480);
    }

    fn minutes_header(range: std::ops::RangeInclusive<u32>) -> String {
        range.map(|m| m.to_string()).collect::<Vec<_>>().join(",")
    }

    /// The original release's layout: all 1,440 minutes, memory per application, columns in its order.
    #[test]
    fn reads_the_original_release_layout() {
        let mut counts = vec!["0"; 1440];
        counts[2] = "3";
        let invocations = format!(
            "HashOwner,HashApp,HashFunction,Trigger,{}\no1,app1,fn1,http,{}\no1,app1,fn2,timer,{}\n",
            minutes_header(1..=1440),
            counts.join(","),
            vec!["0"; 1440].join(",")
        );
        let durations = "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\n\
                         o1,app1,fn1,50,3,10,90,10,10,40,50,60,90,90\n";
        let memory = "HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100\n\
                      o1,app1,10,120,100,100,110,120,130,140,150,160\n";
        let files = AzureFiles {
            invocations: CsvFile {
                name: "invocations_per_function_md.anon.d01.csv",
                text: &invocations,
            },
            durations: CsvFile {
                name: "function_durations_percentiles.anon.d01.csv",
                text: durations,
            },
            memory: Some(CsvFile {
                name: "app_memory_percentiles.anon.d01.csv",
                text: memory,
            }),
        };
        let trace = load_azure_files(&files, None, 1).unwrap();
        assert_eq!(trace.name, "azure-fn1");
        assert_eq!(trace.invocations.len(), 3);
        assert!(trace
            .invocations
            .iter()
            .all(|i| (120.0..180.0).contains(&i.at)));
        assert!(trace
            .invocations
            .iter()
            .all(|i| (10.0..=90.0).contains(&i.duration_ms)));
        assert_eq!(trace.memory_mb, Some(160.0), "joined on HashApp");
        assert_eq!(trace.span_seconds, 1440.0 * 60.0);
        assert_eq!(
            sibling_files(Path::new("/t/invocations_per_function_md.anon.d01.csv")),
            (
                PathBuf::from("/t/function_durations_percentiles.anon.d01.csv"),
                PathBuf::from("/t/app_memory_percentiles.anon.d01.csv")
            )
        );
    }

    /// The invitro layout: a subset of the minutes, extra columns anywhere, memory per function.
    #[test]
    fn reads_the_invitro_layout_with_extra_columns() {
        let invocations = format!(
            "Extra,HashFunction,{},HashApp,HashOwner,Trigger\nx,fn1,2,0,5,app1,o1,http\n",
            minutes_header(480..=482)
        );
        let durations = "HashFunction,percentile_Average_100,percentile_Average_99,percentile_Average_75,percentile_Average_50,percentile_Average_25,percentile_Average_1,percentile_Average_0,Note\n\
                         fn1,300,300,300,300,300,300,300,n\n";
        let memory = "HashFunction,AverageAllocatedMb_pct100,Other\nfn1,64.5,z\n";
        let files = AzureFiles {
            invocations: CsvFile {
                name: "invocations.csv",
                text: &invocations,
            },
            durations: CsvFile {
                name: "durations.csv",
                text: durations,
            },
            memory: Some(CsvFile {
                name: "memory.csv",
                text: memory,
            }),
        };
        let trace = load_azure_files(&files, Some("fn"), 1).unwrap();
        assert_eq!(trace.invocations.len(), 7);
        assert_eq!(trace.span_seconds, 180.0);
        assert!(trace.invocations.iter().all(|i| i.duration_ms == 300.0));
        assert_eq!(trace.memory_mb, Some(64.5));
    }

    /// The error for an invitro-layout trace whose files are `invocations`, `durations`, `memory`.
    fn azure_error(invocations: &str, durations: &str, memory: Option<&str>) -> String {
        let files = AzureFiles {
            invocations: CsvFile {
                name: "inv.csv",
                text: invocations,
            },
            durations: CsvFile {
                name: "dur.csv",
                text: durations,
            },
            memory: memory.map(|text| CsvFile {
                name: "mem.csv",
                text,
            }),
        };
        load_azure_files(&files, None, 1).unwrap_err().to_string()
    }

    const DURATIONS: &str = "HashFunction,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\nfn1,1,2,3,4,5,6,7\n";

    #[test]
    fn every_bad_cell_names_the_file_line_and_column() {
        for (invocations, expected) in [
            (
                "HashFunction,1,2\nfn1,1,NaN\n",
                "inv.csv: line 2, column 3 (2) = NaN: not a count",
            ),
            (
                "HashFunction,1,2\nfn1,1,inf\n",
                "inv.csv: line 2, column 3 (2) = inf",
            ),
            (
                "HashFunction,1,2\nfn1,-1,1\n",
                "inv.csv: line 2, column 2 (1) = -1",
            ),
            (
                "HashFunction,1,2\nfn1,1e8,1\n",
                "inv.csv: line 2, column 2 (1) = 1e8",
            ),
            (
                "HashFunction,1,2\nfn1,1.5,1\n",
                "inv.csv: line 2, column 2 (1) = 1.5: not a whole number",
            ),
            (
                "HashFunction,1,2\nfn1,,1\n",
                "inv.csv: line 2, column 2 (1) = (empty)",
            ),
            (
                "HashFunction,1,2\nfn1,1,1\nfn2,1\n",
                "inv.csv: line 3: truncated row: 2 of the header's 3 cells",
            ),
            ("", "inv.csv is empty"),
            ("HashFunction,1,2\n", "no functions in inv.csv"),
        ] {
            let error = azure_error(invocations, DURATIONS, None);
            assert!(error.contains(expected), "{invocations:?}: {error}");
        }
        let many = format!(
            "HashFunction,{}\nfn1,{}\n",
            (1..=3).map(|m| m.to_string()).collect::<Vec<_>>().join(","),
            ["1e7"; 3].join(",")
        );
        let error = azure_error(&many, DURATIONS, None);
        assert!(
            error.contains("inv.csv: function fn1 = 30000000 invocations: more than"),
            "{error}"
        );
        let invocations = "HashFunction,1\nfn1,1\n";
        for (durations, memory, expected) in [
            (
                DURATIONS.replace(",7\n", ",1e308\n"),
                None,
                "dur.csv: line 2, column 8 (percentile_Average_100) = 1e308: not a duration",
            ),
            (
                DURATIONS.replace(",7\n", ",-7\n"),
                None,
                "dur.csv: line 2, column 8 (percentile_Average_100) = -7",
            ),
            (
                DURATIONS.replace(",7\n", "\n"),
                None,
                "dur.csv: line 2: truncated row: 7 of the header's 8 cells",
            ),
            (
                DURATIONS.replace("fn1", "fn9"),
                None,
                "dur.csv: no row for function fn1",
            ),
            (
                DURATIONS.to_owned(),
                Some("HashFunction,AverageAllocatedMb_pct100\nfn1,NaN\n"),
                "mem.csv: line 2, column 2 (AverageAllocatedMb_pct100) = NaN",
            ),
            (
                DURATIONS.to_owned(),
                Some("HashFunction,AverageAllocatedMb_pct100\nfn1,20000\n"),
                "= 20000: not a memory size",
            ),
            (
                DURATIONS.to_owned(),
                Some("HashFunction,AverageAllocatedMb_pct100\nfn1\n"),
                "mem.csv: line 2: truncated row",
            ),
        ] {
            let error = azure_error(invocations, &durations, memory);
            assert!(
                error.contains(expected),
                "{durations:?} {memory:?}: {error}"
            );
        }
    }

    #[test]
    fn an_azure_file_that_is_not_utf8_names_the_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let invocations = dir.path().join("invocations.csv");
        std::fs::write(&invocations, b"HashFunction,1\nfn\xc3\x281,1\n").unwrap();
        std::fs::write(dir.path().join("durations.csv"), DURATIONS).unwrap();
        let error = load_azure(&invocations, None, 1).unwrap_err().to_string();
        assert!(
            error.contains("invocations.csv: line 2, column 3: not UTF-8 text (byte 0xc3)"),
            "{error}"
        );
        std::fs::write(&invocations, "HashFunction,1\nfn1,1\n").unwrap();
        std::fs::write(dir.path().join("memory.csv"), b"\xff").unwrap();
        let error = load_azure(&invocations, None, 1).unwrap_err().to_string();
        assert!(
            error.contains("memory.csv: line 1, column 1: not UTF-8"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_column_names_the_file_and_the_column() {
        let invocations = "HashFunction,1,2\nfn1,1,1\n";
        let files = |durations: &'static str, memory: Option<&'static str>| AzureFiles {
            invocations: CsvFile {
                name: "inv.csv",
                text: invocations,
            },
            durations: CsvFile {
                name: "dur.csv",
                text: durations,
            },
            memory: memory.map(|text| CsvFile {
                name: "mem.csv",
                text,
            }),
        };
        let error = |f: AzureFiles<'_>| load_azure_files(&f, None, 1).unwrap_err().to_string();
        let e = error(files("HashFunction,percentile_Average_0\nfn1,1\n", None));
        assert!(
            e.contains("dur.csv") && e.contains("percentile_Average_1"),
            "{e}"
        );
        let full = "HashFunction,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\nfn1,1,1,1,1,1,1,1\n";
        let e = error(files(
            full,
            Some("HashFunction,AverageAllocatedMb\nfn1,3\n"),
        ));
        assert!(
            e.contains("mem.csv") && e.contains("AverageAllocatedMb_pct100"),
            "{e}"
        );
        let e = error(files(
            full,
            Some("HashApp,AverageAllocatedMb_pct100\napp1,3\n"),
        ));
        assert!(e.contains("inv.csv") && e.contains("HashApp"), "{e}");
        let no_minutes = AzureFiles {
            invocations: CsvFile {
                name: "inv.csv",
                text: "HashFunction,Trigger\nfn1,http\n",
            },
            ..files(full, None)
        };
        let e = error(no_minutes);
        assert!(e.contains("inv.csv") && e.contains("per-minute"), "{e}");
        let no_hash = AzureFiles {
            invocations: CsvFile {
                name: "inv.csv",
                text: "Hash,1\nfn1,1\n",
            },
            ..files(full, None)
        };
        let e = error(no_hash);
        assert!(e.contains("inv.csv") && e.contains("HashFunction"), "{e}");
    }
}

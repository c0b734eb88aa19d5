//! `--all`: the region's functions, narrowed by name prefix and tags.
//!
//! Lambda lists every function in one paginated `ListFunctions` (with its configuration, so no
//! function needs a `GetFunctionConfiguration` afterwards); the name prefix is applied to the list,
//! then the tags of the functions left are read with `ListTags`, a bounded number at once.

use futures_util::StreamExt;
use indicatif::ProgressBar;

use super::args::TagFilter;
use super::lambda::{self, Settings};
use crate::progress::start_phase;
use crate::warning::{Warning, WarningKind};

/// The functions of the region that match `tags` (all of them) and `name_prefix`, sorted by name,
/// with a warning for each function whose tags could not be read (it is left out).
///
/// Fails when nothing matches, saying which filter matched nothing, and when the tags of every
/// candidate were unreadable.
pub async fn select(
    client: &aws_sdk_lambda::Client,
    tags: &[TagFilter],
    name_prefix: Option<&str>,
    concurrency: usize,
    region: &str,
    bar: &ProgressBar,
) -> crate::Result<(Vec<Settings>, Vec<Warning>)> {
    start_phase(bar, "listing functions", 0);
    let mut listed = lambda::list_functions(client).await?;
    let in_region = listed.len();
    listed.retain(|s| name_prefix.is_none_or(|p| s.name.starts_with(p)));
    listed.sort_by(|a, b| a.name.cmp(&b.name));
    listed.dedup_by(|a, b| a.name == b.name);
    if in_region == 0 {
        return Err(crate::Error::Input(format!(
            "--all: Lambda lists no functions in {region}; check the region and account"
        )));
    }
    if let (true, Some(prefix)) = (listed.is_empty(), name_prefix) {
        return Err(crate::Error::Input(format!(
            "--all: none of the {in_region} functions in {region} has a name starting with {prefix:?} (--name-prefix)"
        )));
    }
    if tags.is_empty() {
        return Ok((listed, Vec::new()));
    }

    start_phase(bar, "reading tags", listed.len());
    let candidates = listed.len();
    let mut read: Vec<(Settings, crate::Result<bool>)> = futures_util::stream::iter(listed)
        .map(|function| async move {
            let matched = lambda::tags(client, &function).await.map(|found| {
                tags.iter()
                    .all(|t| found.get(&t.key).is_some_and(|v| *v == t.value))
            });
            bar.inc(1);
            (function, matched)
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    read.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let mut selected = Vec::new();
    let mut warnings = Vec::new();
    let mut first_error = None;
    for (function, matched) in read {
        match matched {
            Ok(true) => selected.push(function),
            Ok(false) => {}
            Err(error) => {
                warnings.push(Warning::new(
                    // The closest kind there is for "left out of the report".
                    WarningKind::PartialMetricData,
                    format!(
                        "{}: left out, its tags could not be read: {error}",
                        function.name
                    ),
                ));
                first_error.get_or_insert(error);
            }
        }
    }
    if let (Some(error), true) = (first_error, warnings.len() == candidates) {
        return Err(crate::Error::Aws {
            call: format!("--all: reading the tags of every one of the {candidates} functions failed; the first"),
            line: error.to_string(),
        });
    }
    if selected.is_empty() && warnings.is_empty() {
        let filters: Vec<String> = tags.iter().map(|t| format!("--tag {t}")).collect();
        let scope = match name_prefix {
            Some(prefix) => format!("{candidates} functions named {prefix:?}…"),
            None => format!("{candidates} functions"),
        };
        return Err(crate::Error::Input(format!(
            "--all: none of the {scope} in {region} carries {}",
            filters.join(" and ")
        )));
    }
    Ok((selected, warnings))
}

//! JSON: the report as it is.

use super::Exporter;
use crate::recommend::Report;

/// JSON exporter.
pub struct Json;

impl Exporter for Json {
    fn serialize(&self, report: &Report) -> crate::Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(report)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

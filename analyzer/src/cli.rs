//! Command-line pieces shared by several commands.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::ValueEnum;
use frugal_pricing::{Architecture, ParseArchitectureError};

/// Parses `--arch` as the [`Architecture`] `ValueEnum` (case-insensitive, with its aliases), listing
/// the possible values in `--help` and saying "use arm64 or x86_64" on a wrong one.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArchitectureParser;

impl TypedValueParser for ArchitectureParser {
    type Value = Architecture;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Architecture, clap::Error> {
        let text = value.to_string_lossy();
        <Architecture as ValueEnum>::from_str(&text, true).map_err(|_| {
            let flag = arg.map_or_else(|| "--arch".to_owned(), |a| a.to_string());
            let reason = ParseArchitectureError(text.into_owned());
            clap::Error::raw(
                ErrorKind::InvalidValue,
                format!("invalid value for {flag}: {reason}\n"),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Architecture::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

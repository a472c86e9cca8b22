//! eval: gold annotations and predictions in, accuracy figures out.

use std::path::PathBuf;

/// `whosaid eval`: score extraction against a gold file.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// Gold annotations, JSON Lines (see DESIGN.md "Gold format").
    #[arg(long)]
    pub gold: PathBuf,
    /// Score an existing run's output folder instead of extracting from the gold texts.
    #[arg(long)]
    pub pred: Option<PathBuf>,
}

/// `whosaid diff OLD NEW`: compare two runs' output folders.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
}

/// Runs `whosaid eval`; returns the process exit status.
pub fn run(_args: &EvalArgs) -> crate::error::Result<i32> {
    Err(crate::Error::Usage("eval is not built yet".into()))
}

/// Runs `whosaid diff`; returns the process exit status.
pub fn diff(_args: &DiffArgs) -> crate::error::Result<i32> {
    Err(crate::Error::Usage("diff is not built yet".into()))
}

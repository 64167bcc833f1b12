//! The `techforce` command line.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "techforce",
    version,
    about = "Tech Force Portal: hiring and skills assessment for the federal cybersecurity workforce",
    after_help = "Configuration comes from TECHFORCE_* environment variables; see README.md."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
}

impl Cli {
    pub fn command(&self) -> &Command {
        self.command.as_ref().unwrap_or(&Command::Serve)
    }
}

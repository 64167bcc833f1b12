//! The `techforce` command line.

use app::domain::account::Role;
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
    /// Load demo data: staff, hiring managers, a candidate and about thirty
    /// openings in every state (running it again changes nothing); or, with
    /// --bench, the benchmarks' large program.
    Seed {
        /// Says that demo data is really wanted here.
        #[arg(long, conflicts_with = "bench")]
        demo: bool,
        /// Instead: the benchmarks' large program (10,000 openings, 200,000
        /// candidates, 1,000,000 applications, 5,000,000 flag submissions),
        /// into an empty database only. See BENCHMARKS.md.
        #[arg(long)]
        bench: bool,
        /// With --bench: a fraction of that program (0.01 for a hundredth).
        #[arg(long, requires = "bench")]
        scale: Option<f64>,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a verified account. The password is read from standard input
    /// (one line), or generated and printed once with --generate-password.
    /// This is how the first staff account is made.
    Create {
        /// The account's email address.
        #[arg(long)]
        email: String,
        /// candidate, hiring_manager or staff.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The person's name (defaults to the email address).
        #[arg(long)]
        name: Option<String>,
        /// Generate a strong password and print it once.
        #[arg(long)]
        generate_password: bool,
    },
}

fn parse_role(value: &str) -> Result<Role, String> {
    value.parse()
}

impl Cli {
    pub fn command(&self) -> &Command {
        self.command.as_ref().unwrap_or(&Command::Serve)
    }
}

//! The `techforce` server: configuration, start-up, HTTP layers and the
//! command line. The binary in `main.rs` only wires these together, so the
//! tests can build the very same application.

pub mod accounts;
pub mod bench_data;
pub mod cli;
pub mod config;
pub mod http;
pub mod seed;
pub mod startup;
pub mod telemetry;
pub mod workers;

use anyhow::Context as _;

use crate::cli::{Cli, Command, UserCommand};
use crate::config::Config;
use crate::startup::Application;

/// Runs one command to completion.
pub async fn run(cli: &Cli, config: &Config) -> anyhow::Result<()> {
    match cli.command() {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            let db = startup::open_database(config).await?;
            db.migrate().await?;
            tracing::info!(
                database = %app::server::db::redact_url(&config.database_url),
                "the database schema is up to date"
            );
            Ok(())
        }
        Command::Seed {
            bench: true, scale, ..
        } => {
            let factor = scale.unwrap_or(1.0);
            anyhow::ensure!(
                factor > 0.0 && factor <= 1.0,
                "--scale takes a fraction of the full program, more than 0 and at most 1"
            );
            let db = startup::open_database(config).await?;
            db.migrate().await?;
            let started = std::time::Instant::now();
            let report = bench_data::seed_bench(&db, bench_data::Scale::times(factor)).await?;
            println!(
                "Benchmark data in {:.1} s: {} openings ({} published), {} candidates, \
                 {} applications ({} history rows, {} sittings), {} flag submissions; \
                 the big opening is {}.",
                started.elapsed().as_secs_f64(),
                report.openings,
                report.published,
                report.candidates,
                report.applications,
                report.history,
                report.sittings,
                report.submissions,
                report.big_opening_id,
            );
            for (step, took) in &report.steps {
                println!("  {step}: {:.1} s", took.as_secs_f64());
            }
            println!(
                "Every account's password is {:?} (staff {}, manager {}, candidate-N@bench.test).",
                bench_data::BENCH_PASSWORD,
                bench_data::STAFF_EMAIL,
                bench_data::MANAGER_EMAIL
            );
            Ok(())
        }
        Command::Seed { demo, .. } => {
            if !demo {
                anyhow::bail!(
                    "say `techforce seed --demo` to load demo data, or `seed --bench` for the benchmarks' program"
                );
            }
            let db = startup::open_database(config).await?;
            db.migrate().await?;
            let secret = startup::load_or_create_secret_key(config)?;
            let report = seed::seed_demo(&db, &secret).await?;
            println!(
                "Demo data: {} accounts and {} openings created (nothing is created twice).",
                report.accounts_created, report.openings_created
            );
            println!("Sign in with any of these, password {}:", report.password);
            for (email, _, role) in seed::DEMO_ACCOUNTS {
                println!("  {email} ({})", role.label().to_lowercase());
            }
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    role,
                    name,
                    generate_password,
                },
        } => {
            let db = startup::open_database(config).await?;
            db.migrate().await?;
            let source = if *generate_password {
                accounts::PasswordSource::Generate
            } else {
                accounts::PasswordSource::Stdin
            };
            let created = accounts::create_user(&db, email, *role, name.as_deref(), source).await?;
            println!(
                "Created {} account {} (id {}).",
                role.label().to_lowercase(),
                created.email,
                created.id
            );
            if let Some(password) = created.generated_password {
                println!("Its password, shown only this once: {password}");
            }
            Ok(())
        }
    }
}

async fn serve(config: &Config) -> anyhow::Result<()> {
    let application = Application::build(config).await?;
    let addr = application.local_addr();
    tracing::info!(
        "Tech Force Portal is listening on http://{addr} (public URL {})",
        config.public_url
    );
    application
        .run_until(shutdown_signal())
        .await
        .context("the server stopped with an error")
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

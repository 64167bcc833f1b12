//! `techforce`: parse the command line, read the configuration, run.

use std::process::ExitCode;

use clap::Parser as _;
use mimalloc::MiMalloc;
use techforce::cli::Cli;
use techforce::config::Config;

/// Memory comes from mimalloc, which gives freed memory back (see
/// BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

/// How long freed memory stays with mimalloc before it goes back to the
/// system, in milliseconds: none (mimalloc's default is 1,000). Freed
/// memory mimalloc holds counts as resident, and a second held it through
/// every burst (a page render's buffers, a password hash's 19 MiB). It
/// costs some throughput: BENCHMARKS.md has both for 0, 25 and 1,000 ms.
const PURGE_DELAY_MS: std::ffi::c_long = 0;

/// Sets mimalloc's purge delay, unless `MIMALLOC_PURGE_DELAY` (or its
/// older name `MIMALLOC_RESET_DELAY`) in the environment, which mimalloc
/// reads itself, says otherwise.
fn give_back_freed_memory_promptly() {
    use libmimalloc_sys::{
        mi_option_reserve_os_memory, mi_option_set, mi_option_t, mi_option_use_numa_nodes,
    };
    // `mi_option_purge_delay` in mimalloc.h, which the binding does not
    // name: the option just before `use_numa_nodes`, after five deprecated
    // ones that follow `reserve_os_memory` (checked here, so that a
    // binding with another numbering does not build).
    const PURGE_DELAY: mi_option_t = mi_option_use_numa_nodes - 1;
    const _: () = assert!(mi_option_reserve_os_memory == 9 && PURGE_DELAY == 15);
    let set = ["MIMALLOC_PURGE_DELAY", "MIMALLOC_RESET_DELAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    if !set {
        // SAFETY: `mi_option_set` stores an integer in mimalloc's option
        // table (plain fields, not atomic) and takes no pointers. It runs
        // first thing in `main`, before any other thread exists, so
        // nothing reads the table while it is written.
        #[allow(unsafe_code)]
        unsafe {
            mi_option_set(PURGE_DELAY, PURGE_DELAY_MS)
        };
    }
}

fn main() -> ExitCode {
    give_back_freed_memory_promptly();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    techforce::telemetry::init(config.log_format);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(techforce::run(&cli, &config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line, whatever the cause chain holds.
            let message = format!("{error:#}").replace(['\n', '\r'], " ");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

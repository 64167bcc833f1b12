//! A throwaway PostgreSQL cluster for the tests, started once per test
//! process with the machine's own `initdb` and `pg_ctl` on a private port,
//! and removed when the process ends (a watchdog stops it even after a
//! crash). Each test gets a fresh database in it.
//!
//! Set `TECHFORCE_TEST_POSTGRES_URL` (an admin URL such as
//! `postgres://postgres@127.0.0.1:5432/postgres`) to use a running server
//! instead.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection as _, Executor as _};

pub struct Cluster {
    /// Admin URL without the database name, e.g. `postgres://postgres@127.0.0.1:5433`.
    server_url: String,
    /// How to stop and start it again, when this process started it.
    control: Option<Control>,
}

/// The `pg_ctl` command line of a cluster this process started.
struct Control {
    bin: PathBuf,
    data: PathBuf,
    log: PathBuf,
    options: String,
    as_root: bool,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();
static NEXT_DATABASE: AtomicU32 = AtomicU32::new(0);

/// The shared cluster, started on first use.
pub fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(|| match std::env::var("TECHFORCE_TEST_POSTGRES_URL") {
        Ok(url) => {
            let server_url = url
                .rsplit_once('/')
                .map(|(server, _)| server.to_owned())
                .expect("TECHFORCE_TEST_POSTGRES_URL has the form postgres://USER@HOST:PORT/DB");
            Cluster {
                server_url,
                control: None,
            }
        }
        Err(_) => start_cluster(),
    })
}

impl Cluster {
    /// Creates an empty database and returns its URL.
    pub async fn fresh_database(&self) -> (String, String) {
        sqlx::any::install_default_drivers();
        let name = format!(
            "tf_{}_{}",
            std::process::id(),
            NEXT_DATABASE.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = self.admin().await;
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create a test database");
        (format!("{}/{name}", self.server_url), name)
    }

    /// Drops a database, cutting off whoever is connected to it.
    pub async fn drop_database(&self, name: &str) {
        let mut admin = self.admin().await;
        admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await
            .expect("drop a test database");
    }

    /// Stops the cluster as an operator would for maintenance (fast
    /// shutdown: sessions are cut). False for a server this process did
    /// not start, which the tests must not stop.
    pub fn stop(&self) -> bool {
        let Some(control) = &self.control else {
            return false;
        };
        run(control.pg_ctl().args(["-m", "fast", "-w", "stop"]));
        true
    }

    /// Starts a stopped cluster again on the same port.
    pub fn start(&self) {
        let control = self
            .control
            .as_ref()
            .expect("a cluster this process started");
        run(control
            .pg_ctl()
            .args(["-o", &control.options, "-l"])
            .arg(&control.log)
            .args(["-w", "start"]));
    }

    async fn admin(&self) -> sqlx::AnyConnection {
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect(&format!("{}/postgres", self.server_url))
            .await
            .expect("connect to the test cluster")
    }
}

fn start_cluster() -> Cluster {
    let bin = postgres_bin_dir();
    let as_root = is_root();
    let base = std::env::temp_dir().join(format!(
        "techforce-pg-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&base).expect("create the cluster directory");
    if as_root {
        run(Command::new("chown").args(["postgres:postgres"]).arg(&base));
    }
    let data = base.join("data");
    let port = free_port();

    let pg = |program: &str| -> Command {
        let path = bin.join(program);
        if as_root {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    };

    run(pg("initdb").arg("-D").arg(&data).args([
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--no-sync",
    ]));
    let options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        base.display()
    );
    run(pg("pg_ctl")
        .arg("-D")
        .arg(&data)
        .args(["-o", &options, "-l"])
        .arg(base.join("server.log"))
        .args(["-w", "start"]));

    spawn_watchdog(&bin, &data, &base, as_root);
    Cluster {
        server_url: format!("postgres://postgres@127.0.0.1:{port}"),
        control: Some(Control {
            bin,
            data,
            log: base.join("server.log"),
            options,
            as_root,
        }),
    }
}

impl Control {
    fn pg_ctl(&self) -> Command {
        let path = self.bin.join("pg_ctl");
        let mut cmd = if self.as_root {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        };
        cmd.arg("-D").arg(&self.data);
        cmd
    }
}

/// Stops the cluster and removes its files once this process is gone.
fn spawn_watchdog(bin: &Path, data: &Path, base: &Path, as_root: bool) {
    let run_as = if as_root {
        "runuser -u postgres -- "
    } else {
        ""
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
         {run_as}'{pg_ctl}' -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{base}'",
        pid = std::process::id(),
        pg_ctl = bin.join("pg_ctl").display(),
        data = data.display(),
        base = base.display(),
    );
    let mut watchdog = Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the cluster watchdog");
    // Reaped if it ever ends while we run; it normally outlives us.
    std::thread::spawn(move || watchdog.wait());
}

fn postgres_bin_dir() -> PathBuf {
    let mut candidates: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .filter(|p| p.join("pg_ctl").exists())
                .collect()
        })
        .unwrap_or_default();
    candidates.sort();
    candidates.pop().unwrap_or_else(|| {
        panic!("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

fn run(cmd: &mut Command) {
    let output = cmd.output().expect("run a PostgreSQL tool");
    assert!(
        output.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

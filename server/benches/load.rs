//! The load generator: starts the release `techforce` binary on a database
//! filled by `techforce seed --bench`, measures its start and its memory,
//! then drives each scenario for a fixed time over loopback and prints
//! throughput and p50/p95/p99 latency. `scripts/bench.sh` runs it; see
//! BENCHMARKS.md. It asserts nothing about time.
//!
//! ```text
//! cargo bench -p server --bench load -- \
//!     --binary target/release/techforce --database-url sqlite://bench.db \
//!     --site-dir target/site --seconds 20 [--scenarios job-board,exam,…]
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use techforce::bench_data::{BENCH_PASSWORD, MANAGER_EMAIL, Scale};

/// The public origin the server is told it has (plain http on loopback).
const ORIGIN: &str = "http://localhost";

struct Options {
    binary: String,
    database_url: String,
    site_dir: String,
    seconds: u64,
    scale: f64,
    scenarios: Vec<String>,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        binary: "target/release/techforce".into(),
        database_url: String::new(),
        site_dir: "target/site".into(),
        seconds: 20,
        scale: 1.0,
        scenarios: ["job-board", "exam", "applicants", "sign-in", "mixed"]
            .map(str::to_owned)
            .to_vec(),
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().expect("a value after the option");
        match arg.as_str() {
            "--binary" => options.binary = value(),
            "--database-url" => options.database_url = value(),
            "--site-dir" => options.site_dir = value(),
            "--seconds" => options.seconds = value().parse().expect("--seconds N"),
            "--scale" => options.scale = value().parse().expect("--scale F"),
            "--scenarios" => options.scenarios = value().split(',').map(str::to_owned).collect(),
            // Cargo's own flag for bench targets.
            "--bench" => {}
            other => panic!("unknown option {other}"),
        }
    }
    assert!(
        !options.database_url.is_empty(),
        "--database-url: a database filled by `techforce seed --bench`"
    );
    options
}

/// The server under test.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Resident set, its peak, and how much of it is anonymous memory (the
    /// heap, stacks) rather than mapped files (the binary's code), in MiB.
    fn memory(&self) -> (f64, f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let field = |name: &str| -> f64 {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap()
                / 1024.0
        };
        (field("VmRSS:"), field("VmHWM:"), field("RssAnon:"))
    }
}

/// Starts the binary; returns it once `/readyz` answers, and how long that
/// took from the spawn.
async fn start(options: &Options, data_dir: &std::path::Path) -> (Server, Duration) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut command = Command::new(&options.binary);
    for (key, _) in std::env::vars() {
        if key.starts_with("TECHFORCE_") {
            command.env_remove(key);
        }
    }
    command
        .env("TECHFORCE_DATABASE_URL", &options.database_url)
        .env("TECHFORCE_DATA_DIR", data_dir)
        .env("TECHFORCE_SITE_DIR", &options.site_dir)
        .env("TECHFORCE_PUBLIC_URL", ORIGIN)
        .env("TECHFORCE_ADDR", format!("127.0.0.1:{port}"))
        // The load generator speaks for many people at many addresses.
        .env("TECHFORCE_TRUSTED_PROXIES", "127.0.0.1")
        .env(
            "TECHFORCE_MAIL_URL",
            format!("file://{}", data_dir.join("mail").display()),
        )
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    let started = Instant::now();
    let child = command.spawn().expect("the techforce binary starts");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    loop {
        if let Ok(response) = client.get(format!("{}/readyz", server.base)).send().await
            && response.status() == 200
        {
            return (server, started.elapsed());
        }
        assert!(started.elapsed() < Duration::from_secs(60), "never ready");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Latencies (µs) and answers of one scenario's requests.
#[derive(Default)]
struct Tally {
    latencies: Vec<u32>,
    statuses: BTreeMap<u16, u64>,
}

impl Tally {
    fn add(&mut self, took: Duration, status: u16) {
        self.latencies
            .push(took.as_micros().min(u32::MAX as u128) as u32);
        *self.statuses.entry(status).or_default() += 1;
    }

    fn merge(&mut self, other: Tally) {
        self.latencies.extend(other.latencies);
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
    }

    /// "N requests, R/s; p50 … ms; answers {…}".
    fn line(&mut self, seconds: f64) -> String {
        self.latencies.sort_unstable();
        let n = self.latencies.len();
        let at = |q: f64| -> f64 {
            if n == 0 {
                return 0.0;
            }
            let i = ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
            f64::from(self.latencies[i]) / 1000.0
        };
        format!(
            "{n} requests, {:.0}/s; p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms; answers {:?}",
            n as f64 / seconds,
            at(0.50),
            at(0.95),
            at(0.99),
            at(1.0),
            self.statuses
        )
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A made-up address for virtual person `n` (the server trusts the
/// generator as a proxy, so each person is throttled as themselves).
fn address(n: usize) -> String {
    format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255)
}

/// One GET, timed; the body is read to the end.
async fn get(client: &reqwest::Client, url: &str, who: usize, tally: &mut Tally) {
    let started = Instant::now();
    let status = match client
        .get(url)
        .header("accept", "text/html")
        .header("accept-encoding", "br, gzip")
        .header("x-forwarded-for", address(who))
        .send()
        .await
    {
        Ok(response) => {
            let status = response.status().as_u16();
            let _ = response.bytes().await;
            status
        }
        Err(_) => 0,
    };
    tally.add(started.elapsed(), status);
}

/// One form POST to a server function, timed.
async fn post(
    client: &reqwest::Client,
    url: &str,
    who: usize,
    form: &[(&str, &str)],
    tally: &mut Tally,
) -> u16 {
    let started = Instant::now();
    let status = match client
        .post(url)
        .header("origin", ORIGIN)
        .header("x-forwarded-for", address(who))
        .form(form)
        .send()
        .await
    {
        Ok(response) => {
            let status = response.status().as_u16();
            let _ = response.bytes().await;
            status
        }
        Err(_) => 0,
    };
    tally.add(started.elapsed(), status);
    status
}

/// A cheap, fixed pseudo-random sequence per worker.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below.max(1) as u64) as usize
    }
}

/// A job-board request as a visitor makes it: a search (with some of the
/// filters, on one of the first pages) or one opening.
fn job_board_path(dice: &mut Dice, openings: usize) -> String {
    if dice.roll(2) == 0 {
        // Published openings are those whose index is not 9 mod 10.
        let n = dice.roll(openings);
        let n = if n % 10 == 9 { n - 1 } else { n };
        return format!("/jobs/{}", n + 1);
    }
    let mut query = Vec::new();
    let words = ["", "incident", "threat", "forensics", "cloud", "analyst"];
    let word = words[dice.roll(words.len())];
    if !word.is_empty() {
        query.push(format!("q={word}"));
    }
    if dice.roll(3) == 0 {
        query.push(format!("grade={}", [9, 11, 12, 13, 14][dice.roll(5)]));
    }
    if dice.roll(3) == 0 {
        query.push(format!(
            "workplace={}",
            ["remote", "telework", "on_site"][dice.roll(3)]
        ));
    }
    if dice.roll(4) == 0 {
        query.push(format!(
            "location={}",
            ["denver", "boston", "atlanta", "seattle"][dice.roll(4)]
        ));
    }
    query.push(format!("page={}", 1 + dice.roll(5)));
    format!("/jobs?{}", query.join("&"))
}

/// Runs `workers` copies of `work` until `seconds` pass; merges their tallies.
async fn run_for<F, Fut>(seconds: u64, workers: usize, work: F) -> Tally
where
    F: Fn(usize, Arc<AtomicBool>) -> Fut,
    Fut: std::future::Future<Output = Tally> + Send + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let handles: Vec<_> = (0..workers)
        .map(|n| tokio::spawn(work(n, stop.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut tally = Tally::default();
    for handle in handles {
        tally.merge(handle.await.unwrap());
    }
    tally
}

async fn job_board(base: &str, seconds: u64, connections: usize, openings: usize) -> Tally {
    let client = client();
    let base = base.to_owned();
    run_for(seconds, connections, move |n, stop| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            let mut tally = Tally::default();
            let mut dice = Dice(0x9e37_79b9 + n as u64);
            while !stop.load(Ordering::Relaxed) {
                let path = job_board_path(&mut dice, openings);
                get(&client, &format!("{base}{path}"), n, &mut tally).await;
            }
            tally
        }
    })
    .await
}

/// Signs `email` in; the client keeps the session.
async fn sign_in(client: &reqwest::Client, base: &str, email: &str, who: usize) -> bool {
    let mut tally = Tally::default();
    post(
        client,
        &format!("{base}/api/sign-in"),
        who,
        &[("email", email), ("password", BENCH_PASSWORD)],
        &mut tally,
    )
    .await
        == 200
}

/// Candidates of the big opening whose application is submitted, signed
/// in and with their assessment started: (client, application, person).
async fn exam_takers(
    base: &str,
    db: &sqlx::AnyPool,
    big: i64,
    wanted: usize,
) -> Vec<(reqwest::Client, String, usize)> {
    use sqlx::Row as _;
    let rows = sqlx::query(
        "SELECT u.email, a.public_id, u.id FROM applications a JOIN users u ON u.id = a.candidate_id
         WHERE a.opening_id = $1 AND a.status = 'submitted' ORDER BY a.id LIMIT $2",
    )
    .bind(big)
    .bind(wanted as i64)
    .fetch_all(db)
    .await
    .unwrap();
    let people: Vec<(String, String, usize)> = rows
        .iter()
        .map(|row| {
            (
                row.try_get(0).unwrap(),
                row.try_get(1).unwrap(),
                row.try_get::<i64, _>(2).unwrap() as usize,
            )
        })
        .collect();
    let people = Arc::new(people);
    let takers = Arc::new(Mutex::new(Vec::new()));
    let next = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for _ in 0..8 {
        let (takers, next, people, base) = (
            takers.clone(),
            next.clone(),
            people.clone(),
            base.to_owned(),
        );
        handles.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed) as usize;
                let Some((email, public_id, who)) = people.get(n) else {
                    return;
                };
                let client = client();
                if !sign_in(&client, &base, email, *who).await {
                    continue;
                }
                let mut tally = Tally::default();
                let started = post(
                    &client,
                    &format!("{base}/api/assessments/start"),
                    *who,
                    &[("public_id", public_id)],
                    &mut tally,
                )
                .await;
                if started == 200 {
                    takers
                        .lock()
                        .unwrap()
                        .push((client, public_id.clone(), *who));
                }
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    Arc::try_unwrap(takers).ok().unwrap().into_inner().unwrap()
}

/// Every taker submits a wrong flag, then thinks for 2–6 s, again and again:
/// the start of an exam. Returns the tally and the flags answered 200.
async fn exam(
    base: &str,
    seconds: u64,
    takers: Vec<(reqwest::Client, String, usize)>,
    challenge: i64,
) -> (Tally, u64) {
    let accepted = Arc::new(AtomicU64::new(0));
    let takers = Arc::new(takers);
    let challenges = Arc::new(vec![challenge; takers.len()]);
    let base = base.to_owned();
    let tally = run_for(seconds, takers.len(), {
        let accepted = accepted.clone();
        move |n, stop| {
            let (takers, challenges, base, accepted) = (
                takers.clone(),
                challenges.clone(),
                base.clone(),
                accepted.clone(),
            );
            async move {
                let (client, public_id, who) = &takers[n];
                let challenge = challenges[n].to_string();
                let mut tally = Tally::default();
                let mut dice = Dice(0x51ed + n as u64);
                // Everyone starts within the first second.
                tokio::time::sleep(Duration::from_millis(dice.roll(1000) as u64)).await;
                let mut k = 0;
                while !stop.load(Ordering::Relaxed) {
                    k += 1;
                    let answer = format!("flag{{load-{n}-{k}}}");
                    let status = post(
                        client,
                        &format!("{base}/api/assessments/answer"),
                        *who,
                        &[
                            ("public_id", public_id),
                            ("challenge_id", &challenge),
                            ("answer", &answer),
                        ],
                        &mut tally,
                    )
                    .await;
                    if status == 200 {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(2000 + dice.roll(4000) as u64)).await;
                }
                tally
            }
        }
    })
    .await;
    let accepted = accepted.load(Ordering::Relaxed);
    (tally, accepted)
}

/// The hiring manager pages through the big opening's applicants: sorted
/// by rank, score, date or name, sometimes filtered.
async fn applicants(base: &str, seconds: u64, connections: usize, big: i64) -> Tally {
    let client = client();
    assert!(
        sign_in(&client, base, MANAGER_EMAIL, 1).await,
        "the manager signs in"
    );
    let base = base.to_owned();
    run_for(seconds, connections, move |n, stop| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            let mut tally = Tally::default();
            let mut dice = Dice(0xa11ce + n as u64);
            while !stop.load(Ordering::Relaxed) {
                let mut query = vec![format!(
                    "sort={}",
                    ["rank", "score", "submitted", "name"][dice.roll(4)]
                )];
                match dice.roll(4) {
                    0 => query.push(format!(
                        "category={}",
                        ["best", "well", "qualified"][dice.roll(3)]
                    )),
                    1 => query.push("status=assessment_completed".into()),
                    2 => query.push(format!("min_score={}", 50 + dice.roll(40))),
                    _ => {}
                }
                query.push(format!("page={}", 1 + dice.roll(50)));
                let url = format!("{base}/manage/openings/{big}?{}", query.join("&"));
                get(&client, &url, 1, &mut tally).await;
            }
            tally
        }
    })
    .await
}

/// Sign-ins as fast as `concurrent` people can make them, while the job
/// board is under load: (sign-ins, job board).
async fn sign_in_storm(
    base: &str,
    seconds: u64,
    concurrent: usize,
    scale: Scale,
) -> (Tally, Tally) {
    let board = job_board(base, seconds, 32, scale.openings);
    let base_owned = base.to_owned();
    let storm = run_for(seconds, concurrent, move |n, stop| {
        let base = base_owned.clone();
        async move {
            let mut tally = Tally::default();
            let mut k = n;
            while !stop.load(Ordering::Relaxed) {
                let client = client();
                let who = (k * 7 + 3) % scale.candidates;
                post(
                    &client,
                    &format!("{base}/api/sign-in"),
                    who,
                    &[
                        ("email", &format!("candidate-{who}@bench.test")),
                        ("password", BENCH_PASSWORD),
                    ],
                    &mut tally,
                )
                .await;
                k += concurrent;
            }
            tally
        }
    });
    tokio::join!(storm, board)
}

/// The three kinds of people at once, in proportion: 40 anonymous
/// visitors on the job board, 16 candidates reading their applications and
/// openings, 8 managers on the applicant list.
async fn mixed(base: &str, seconds: u64, scale: Scale, big: i64) -> (Tally, Tally, Tally) {
    let visitors = job_board(base, seconds, 40, scale.openings);
    let base_owned = base.to_owned();
    let candidates = async move {
        let mut clients = Vec::new();
        for n in 0..16 {
            let client = client();
            sign_in(
                &client,
                &base_owned,
                &format!("candidate-{}@bench.test", n + 100),
                n + 100,
            )
            .await;
            clients.push(client);
        }
        let clients = Arc::new(clients);
        run_for(seconds, 16, move |n, stop| {
            let (clients, base) = (clients.clone(), base_owned.clone());
            async move {
                let mut tally = Tally::default();
                let mut dice = Dice(0xcafe + n as u64);
                while !stop.load(Ordering::Relaxed) {
                    let path = match dice.roll(3) {
                        0 => "/applications".to_owned(),
                        1 => "/account".to_owned(),
                        _ => job_board_path(&mut dice, scale.openings),
                    };
                    get(&clients[n], &format!("{base}{path}"), n + 100, &mut tally).await;
                }
                tally
            }
        })
        .await
    };
    let managers = applicants(base, seconds, 8, big);
    tokio::join!(visitors, candidates, managers)
}

/// Bytes of `url` as served raw, gzip and brotli.
async fn sizes(base: &str, path: &str) -> (usize, usize, usize) {
    let client = reqwest::Client::new();
    let mut out = [0; 3];
    for (i, encoding) in ["identity", "gzip", "br"].iter().enumerate() {
        let response = client
            .get(format!("{base}{path}"))
            .header("accept-encoding", *encoding)
            .send()
            .await
            .unwrap();
        out[i] = response.bytes().await.unwrap().len();
    }
    (out[0], out[1], out[2])
}

/// The scripts and WebAssembly the page at `path` loads, by address.
async fn scripts_of(base: &str, path: &str) -> Vec<String> {
    let page = reqwest::get(format!("{base}{path}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut assets: Vec<String> = page
        .split(['"', '\''])
        .filter(|part| part.starts_with('/') && (part.ends_with(".js") || part.ends_with(".wasm")))
        .map(str::to_owned)
        .collect();
    assets.sort();
    assets.dedup();
    if !assets.iter().any(|a| a.ends_with(".wasm")) {
        // The hydration script names the module; its WASM sits beside it.
        let wasm: Vec<String> = assets
            .iter()
            .filter(|a| a.starts_with("/pkg/") && a.ends_with(".js"))
            .map(|a| a.trim_end_matches(".js").to_owned() + ".wasm")
            .collect();
        assets.extend(wasm);
    }
    assets
}

#[tokio::main]
async fn main() {
    let options = options();
    let scale = Scale::times(options.scale);
    let data = tempfile::tempdir().unwrap();
    let (server, ready) = start(&options, data.path()).await;
    let base = server.base.clone();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (idle, _, idle_anon) = server.memory();
    println!(
        "machine: {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("start to ready: {:.0} ms", ready.as_secs_f64() * 1000.0);
    println!("resident at idle: {idle:.1} MiB ({idle_anon:.1} MiB anonymous)");

    // What the job board page loads (plain HTML and the design system's
    // script), what an application page loads (the WASM), and the main
    // pages' HTML.
    for (what, path) in [("job board", "/jobs"), ("application page", "/login")] {
        let mut total = (0, 0, 0);
        for asset in scripts_of(&base, path).await {
            let (raw, gzip, br) = sizes(&base, &asset).await;
            println!("asset {asset}: {raw} B raw, {gzip} B gzip, {br} B brotli");
            total = (total.0 + raw, total.1 + gzip, total.2 + br);
        }
        println!(
            "{what} scripts and WASM: {} B raw, {} B gzip, {} B brotli",
            total.0, total.1, total.2
        );
    }
    for path in ["/", "/jobs", "/jobs/1", "/login"] {
        let (raw, gzip, br) = sizes(&base, path).await;
        println!("page {path}: {raw} B HTML ({gzip} B gzip, {br} B brotli)");
    }

    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&options.database_url).await.unwrap();
    let big: i64 = sqlx::query_scalar("SELECT MIN(opening_id) FROM opening_managers")
        .fetch_one(&db)
        .await
        .unwrap();
    let challenge: i64 = sqlx::query_scalar(
        "SELECT c.challenge_id FROM assessment_challenges c JOIN assessments a ON a.id = c.assessment_id
         WHERE a.opening_id = $1 ORDER BY c.position LIMIT 1",
    )
    .bind(big)
    .fetch_one(&db)
    .await
    .unwrap();
    let seconds = options.seconds;
    for scenario in &options.scenarios {
        match scenario.as_str() {
            "job-board" => {
                for connections in [16, 64] {
                    let mut tally = job_board(&base, seconds, connections, scale.openings).await;
                    println!(
                        "job board, {connections} connections: {}",
                        tally.line(seconds as f64)
                    );
                }
            }
            "exam" => {
                let wanted = 400.min(scale.big_opening / 4).max(8);
                let takers = exam_takers(&base, &db, big, wanted).await;
                let count = takers.len();
                let (mut tally, accepted) = exam(&base, seconds, takers, challenge).await;
                let stored: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM submissions WHERE answer LIKE 'flag{load-%'",
                )
                .fetch_one(&db)
                .await
                .unwrap();
                println!(
                    "exam start, {count} candidates: {}; {accepted} flags answered 200, {stored} stored",
                    tally.line(seconds as f64)
                );
            }
            "applicants" => {
                let mut tally = applicants(&base, seconds, 8, big).await;
                println!(
                    "applicant list ({} applicants), 8 connections: {}",
                    scale.big_opening,
                    tally.line(seconds as f64)
                );
            }
            "sign-in" => {
                let (mut storm, mut board) = sign_in_storm(&base, seconds, 8, scale).await;
                println!("sign-in storm, 8 at once: {}", storm.line(seconds as f64));
                println!(
                    "  job board meanwhile, 32 connections: {}",
                    board.line(seconds as f64)
                );
            }
            "mixed" => {
                let (mut visitors, mut candidates, mut managers) =
                    mixed(&base, seconds, scale, big).await;
                println!("mixed: visitors (40): {}", visitors.line(seconds as f64));
                println!(
                    "mixed: candidates (16): {}",
                    candidates.line(seconds as f64)
                );
                println!("mixed: managers (8): {}", managers.line(seconds as f64));
            }
            other => panic!("unknown scenario {other}"),
        }
        let (now, peak, anon) = server.memory();
        println!(
            "  resident after {scenario}: {now:.1} MiB ({anon:.1} MiB anonymous; peak {peak:.1} MiB)"
        );
    }
}

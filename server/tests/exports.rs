//! Exports stream: a referral list's CSV is written as its rows are read,
//! so the server's peak memory for a list of 50,000 is that of a list of
//! 1,000. Measured on the real binary (its `VmHWM`, the peak resident set
//! the kernel reports), on both databases.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{Backend, PASSWORD, PUBLIC_URL, TestDatabase, process};
use sqlx::{Connection as _, Row as _};

on_both_databases!(a_long_referral_list_downloads_in_flat_memory);

/// Rows in the long list, and in the short one.
const LONG: i64 = 50_000;
const SHORT: i64 = 1_000;

/// The peak and current resident set of process `pid`, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap()
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// `LONG` candidates who applied to `opening`, and two referral lists on
/// it: the first `SHORT` of them, and all. Returns the lists' public ids.
async fn two_lists(conn: &mut sqlx::AnyConnection, opening: i64, staff: i64) -> (String, String) {
    let mut tx = conn.begin().await.unwrap();
    let user_ids =
        common::many_candidates(&mut tx, "list", LONG, |n| format!("Applicant {n}, Jr.")).await;
    for batch in user_ids.chunks(1_000) {
        let applications: Vec<String> = batch
            .iter()
            .map(|user| {
                format!(
                    "('{user:032x}', {opening}, {user}, 'referred', \
                     '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')"
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO applications (public_id, opening_id, candidate_id, status, created_at, updated_at) VALUES {}",
            applications.join(",")
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    let application_ids: Vec<i64> =
        sqlx::query("SELECT id FROM applications WHERE opening_id = $1 ORDER BY id")
            .bind(opening)
            .fetch_all(&mut *tx)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get(0).unwrap())
            .collect();
    let mut lists = Vec::new();
    for (n, size) in [SHORT, LONG].into_iter().enumerate() {
        let public_id = format!("{:032x}", 0xc0ffee_u64 + n as u64);
        let certificate: i64 = sqlx::query(
            "INSERT INTO certificates (public_id, opening_id, method, issued_at, issued_by)
             VALUES ($1, $2, 'category_rating', '2026-11-01T12:00:00.000000Z', $3) RETURNING id",
        )
        .bind(&public_id)
        .bind(opening)
        .bind(staff)
        .fetch_one(&mut *tx)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        let entries: Vec<(usize, &i64)> = application_ids
            .iter()
            .take(size as usize)
            .enumerate()
            .collect();
        for batch in entries.chunks(1_000) {
            let values: Vec<String> = batch
                .iter()
                .map(|(position, application)| {
                    format!(
                        "({certificate}, {}, {application}, 'well', 80, 'none', 0)",
                        position + 1
                    )
                })
                .collect();
            sqlx::query(&format!(
                "INSERT INTO certificate_entries (certificate_id, position, application_id, category, rating, preference, floated) VALUES {}",
                values.join(",")
            ))
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        lists.push(public_id);
    }
    tx.commit().await.unwrap();
    (lists[0].clone(), lists[1].clone())
}

/// Downloads a list's CSV a chunk at a time (as a slow reader would,
/// keeping none of it); returns its lines and bytes.
async fn download(client: &reqwest::Client, base: &str, list: &str) -> (usize, usize) {
    let mut response = client
        .get(format!("{base}/manage/certificates/{list}/csv"))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (mut lines, mut bytes) = (0, 0);
    while let Some(chunk) = response.chunk().await.unwrap() {
        lines += chunk.iter().filter(|b| **b == b'\n').count();
        bytes += chunk.len();
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    (lines, bytes)
}

async fn a_long_referral_list_downloads_in_flat_memory(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    process::demo_with_staff(&db, "staff@lists.test");
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let opening: i64 = sqlx::query("SELECT MIN(id) FROM openings WHERE status = 'published'")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let staff: i64 = sqlx::query("SELECT id FROM users WHERE email = 'staff@lists.test'")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let (short, long) = two_lists(&mut conn, opening, staff).await;

    let port = process::free_port();
    let mut child = process::command(&db, port, &[]).spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    assert!(process::ready(&base).await, "the server started");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = client
        .post(format!("{base}/api/sign-in"))
        .header("origin", PUBLIC_URL)
        .form(&[("email", "staff@lists.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);

    // Once to warm up (pools, caches, code paths), then the measured pair.
    download(&client, &base, &short).await;
    let (before, _) = memory_kib(child.id());
    let (short_lines, short_bytes) = download(&client, &base, &short).await;
    let (after_short, _) = memory_kib(child.id());
    let (long_lines, long_bytes) = download(&client, &base, &long).await;
    let (after_long, resident) = memory_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();

    assert_eq!(short_lines as i64, SHORT + 1, "every row and the header");
    assert_eq!(long_lines as i64, LONG + 1, "every row and the header");
    println!(
        "{backend:?}: peak resident set {before} KiB before; {after_short} KiB after the \
         {SHORT}-row list ({short_bytes} bytes); {after_long} KiB after the {LONG}-row list \
         ({long_bytes} bytes); {resident} KiB resident at the end"
    );
    // Held whole, the long file alone would raise the peak by its size
    // (plus the rows decoded before it). Streamed, the peak moves by at
    // most SQLite's page cache for the connection (2 MiB by default).
    let grew = after_long.saturating_sub(after_short) as usize * 1024;
    assert!(
        grew < long_bytes,
        "the peak grew {grew} bytes for a {long_bytes}-byte file"
    );
}

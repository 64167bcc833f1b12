//! Per-candidate challenge generators. Each one turns a seed into an
//! artefact (a log, a payload) and the one answer hidden in it. The seed
//! is an HMAC of the server secret, the challenge and the candidate, so a
//! candidate always gets the same artefact, nobody can predict another's,
//! and an answer copied from someone else is recognisably theirs.

use std::fmt::Write as _;
use std::io::Write as _;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::Sha256;

/// A file handed to a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artefact {
    pub filename: String,
    pub media_type: &'static str,
    pub content: Vec<u8>,
}

/// One candidate's artefact and the answer it hides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    pub artefact: Artefact,
    pub answer: String,
}

/// A built-in generator.
pub trait Generator: Sync {
    /// The id stored with a challenge (see `domain::challenge::GENERATORS`).
    fn id(&self) -> &'static str;
    /// What the candidate is asked to give, and in what form.
    fn answer_format(&self) -> &'static str;
    /// The artefact and answer for this seed; the same seed, the same
    /// instance.
    fn generate(&self, rng: &mut ChaCha8Rng) -> Instance;
    /// The form answers are compared in: lower case, the parts in any
    /// order, separated by spaces, commas or semicolons.
    fn normalise(&self, answer: &str) -> String {
        let mut parts: Vec<String> = answer
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|p| !p.is_empty())
            .map(str::to_lowercase)
            .collect();
        parts.sort();
        parts.join(" ")
    }
}

static GENERATORS: [&dyn Generator; 3] = [&SshBruteForce, &WebSqlInjection, &EncodedFlag];

/// The generator with this id.
pub fn generator(id: &str) -> Option<&'static dyn Generator> {
    GENERATORS.iter().copied().find(|g| g.id() == id)
}

/// The seed of one candidate's instance of one challenge in one
/// application (a candidate who meets the same challenge in another
/// opening's assessment gets a new file, not an answer they already know).
pub fn seed(secret: &[u8], challenge_id: i64, candidate_id: i64, application_id: i64) -> [u8; 32] {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(
        format!("techforce:challenge:{challenge_id}:candidate:{candidate_id}:application:{application_id}")
            .as_bytes(),
    );
    mac.finalize().into_bytes().into()
}

/// One candidate's instance of a generated challenge.
pub fn instance(generator: &dyn Generator, seed: [u8; 32]) -> Instance {
    generator.generate(&mut ChaCha8Rng::from_seed(seed))
}

/// A routable-looking public IPv4 address (no private, loopback,
/// link-local, shared or multicast ranges).
fn public_ip(rng: &mut ChaCha8Rng) -> String {
    loop {
        let a: u8 = rng.random_range(11..=223);
        let b: u8 = rng.random();
        if a == 127
            || (a == 172 && (16..32).contains(&b))
            || (a == 192 && b == 168)
            || (a == 169 && b == 254)
            || (a == 100 && (64..128).contains(&b))
        {
            continue;
        }
        return format!(
            "{a}.{b}.{}.{}",
            rng.random::<u8>(),
            rng.random_range(1..=254u8)
        );
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Seconds since midnight as `HH:MM:SS`.
fn clock(seconds: u32) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// An SSH server's authentication log: a day of normal logins, scattered
/// failed guesses from the internet, and one address that guesses its way
/// into a real account. Answer: that address and the account.
pub struct SshBruteForce;

const STAFF_ACCOUNTS: [&str; 12] = [
    "alice",
    "bmartin",
    "deploy",
    "jenkins",
    "kwong",
    "lgarcia",
    "mpatel",
    "nobrien",
    "backup",
    "rsingh",
    "svc-monitor",
    "tnguyen",
];
const GUESSED_NAMES: [&str; 12] = [
    "root", "admin", "test", "oracle", "ubuntu", "user", "guest", "postgres", "ftp", "pi", "git",
    "support",
];
const HOSTS: [&str; 6] = [
    "bastion-01",
    "jump-east",
    "gw-prod",
    "ssh-edge",
    "ops-gate",
    "vpn-ssh",
];

impl Generator for SshBruteForce {
    fn id(&self) -> &'static str {
        "ssh-brute-force"
    }

    fn answer_format(&self) -> &'static str {
        "The attacker’s IP address and the account they broke into, separated by a space (for example: 198.51.100.7 jdoe)."
    }

    fn generate(&self, rng: &mut ChaCha8Rng) -> Instance {
        let host = *HOSTS.choose(rng).unwrap_or(&"bastion-01");
        let month = MONTHS[rng.random_range(0..12)];
        let day: u32 = rng.random_range(1..=28);
        let attacker = public_ip(rng);
        let victim = *STAFF_ACCOUNTS.choose(rng).unwrap_or(&"alice");
        let mut events: Vec<(u32, String)> = Vec::new();
        let mut pid = rng.random_range(2_000..30_000u32);
        let mut next_pid = |rng: &mut ChaCha8Rng| {
            pid += rng.random_range(1..40);
            pid
        };
        // Normal work: key and password logins from the office network.
        for _ in 0..rng.random_range(120..200) {
            let at = rng.random_range(6 * 3600..20 * 3600);
            let user = *STAFF_ACCOUNTS.choose(rng).unwrap_or(&"alice");
            let from = format!(
                "10.{}.{}.{}",
                rng.random_range(0..4),
                rng.random_range(0..255),
                rng.random_range(2..250)
            );
            let pid = next_pid(rng);
            let method = if rng.random_bool(0.8) {
                "publickey"
            } else {
                "password"
            };
            events.push((
                at,
                format!(
                    "sshd[{pid}]: Accepted {method} for {user} from {from} port {} ssh2",
                    rng.random_range(40_000..65_000)
                ),
            ));
            events.push((
                at + 1,
                format!(
                    "sshd[{pid}]: pam_unix(sshd:session): session opened for user {user} by (uid=0)"
                ),
            ));
            events.push((
                at + rng.random_range(60..7_200),
                format!("sshd[{pid}]: pam_unix(sshd:session): session closed for user {user}"),
            ));
        }
        // Background noise: a few guesses from many addresses, none lucky.
        for _ in 0..rng.random_range(15..30) {
            let from = public_ip(rng);
            let start = rng.random_range(0..86_000);
            for k in 0..rng.random_range(1..6) {
                let name = *GUESSED_NAMES.choose(rng).unwrap_or(&"root");
                let pid = next_pid(rng);
                events.push((start + k * 3, format!("sshd[{pid}]: Failed password for invalid user {name} from {from} port {} ssh2", rng.random_range(30_000..65_000))));
            }
            // A typo by a real user from the office, now and then.
            if rng.random_bool(0.3) {
                let user = *STAFF_ACCOUNTS.choose(rng).unwrap_or(&"alice");
                let pid = next_pid(rng);
                events.push((
                    rng.random_range(7 * 3600..19 * 3600),
                    format!(
                        "sshd[{pid}]: Failed password for {user} from 10.0.{}.{} port {} ssh2",
                        rng.random_range(0..255),
                        rng.random_range(2..250),
                        rng.random_range(40_000..65_000)
                    ),
                ));
            }
        }
        // The attack: a burst of guesses, then the right password.
        let mut at = rng.random_range(3600..5 * 3600);
        for _ in 0..rng.random_range(60..140) {
            let (name, invalid) = if rng.random_bool(0.7) {
                (
                    *GUESSED_NAMES.choose(rng).unwrap_or(&"root"),
                    "invalid user ",
                )
            } else {
                (victim, "")
            };
            let pid = next_pid(rng);
            events.push((
                at,
                format!(
                    "sshd[{pid}]: Failed password for {invalid}{name} from {attacker} port {} ssh2",
                    rng.random_range(30_000..65_000)
                ),
            ));
            at += rng.random_range(1..4);
        }
        let pid = next_pid(rng);
        events.push((
            at,
            format!(
                "sshd[{pid}]: Accepted password for {victim} from {attacker} port {} ssh2",
                rng.random_range(30_000..65_000)
            ),
        ));
        events.push((
            at + 1,
            format!(
                "sshd[{pid}]: pam_unix(sshd:session): session opened for user {victim} by (uid=0)"
            ),
        ));
        events.sort();
        let mut log = String::new();
        for (at, line) in events {
            let _ = writeln!(log, "{month} {day:>2} {} {host} {line}", clock(at));
        }
        Instance {
            artefact: Artefact {
                filename: "auth.log".to_owned(),
                media_type: "text/plain; charset=utf-8",
                content: log.into_bytes(),
            },
            answer: format!("{attacker} {victim}"),
        }
    }
}

/// A web server's access log (combined format): shoppers browsing, a
/// vulnerability scanner, and one address that works a SQL injection into
/// one parameter. Answer: that parameter and the address.
pub struct WebSqlInjection;

/// (path, parameter, ordinary values)
const ENDPOINTS: [(&str, &str, &[&str]); 12] = [
    ("/products", "id", &["12", "45", "310", "7"]),
    ("/search", "q", &["boots", "usb+cable", "laptop", "tent"]),
    ("/shop", "category", &["outdoor", "garden", "kitchen"]),
    ("/orders", "order_id", &["100231", "100872", "101004"]),
    ("/reviews", "product", &["88", "91", "140"]),
    ("/catalog", "sort", &["price", "name", "rating"]),
    ("/account/history", "page", &["1", "2", "3"]),
    ("/stores", "zip", &["20001", "22202", "10001"]),
    ("/news", "article", &["2026-budget", "security-week"]),
    ("/support", "ticket", &["5521", "5530", "5602"]),
    ("/compare", "sku", &["A-100", "B-220", "C-310"]),
    ("/api/v2/items", "filter", &["new", "sale", "all"]),
];
const AGENTS: [&str; 4] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
];
const INJECTIONS: [&str; 7] = [
    "%27",
    "1%27%20OR%20%271%27%3D%271",
    "1%20AND%201%3D1--",
    "1%20AND%201%3D2--",
    "1%27%20ORDER%20BY%205--%20-",
    "-1%27%20UNION%20SELECT%20NULL%2Cusername%2Cpassword%20FROM%20users--%20-",
    "1%27%3B%20WAITFOR%20DELAY%20%270%3A0%3A5%27--",
];

impl Generator for WebSqlInjection {
    fn id(&self) -> &'static str {
        "web-sqli"
    }

    fn answer_format(&self) -> &'static str {
        "The vulnerable query parameter and the attacker’s IP address, separated by a space (for example: id 198.51.100.7)."
    }

    fn generate(&self, rng: &mut ChaCha8Rng) -> Instance {
        let attacker = public_ip(rng);
        let (target_path, target_param, target_values) =
            ENDPOINTS[rng.random_range(0..ENDPOINTS.len())];
        let day: u32 = rng.random_range(1..=28);
        let month = MONTHS[rng.random_range(0..12)];
        let shoppers: Vec<String> = (0..rng.random_range(25..45))
            .map(|_| public_ip(rng))
            .collect();
        let mut events: Vec<(u32, String)> = Vec::new();
        let line = |ip: &str, at: u32, request: &str, status: u16, size: u32, agent: &str| {
            format!(
                "{ip} - - [{day:02}/{month}/2026:{} +0000] \"GET {request} HTTP/1.1\" {status} {size} \"-\" \"{agent}\"",
                clock(at)
            )
        };
        for _ in 0..rng.random_range(300..450) {
            let ip = shoppers.choose(rng).cloned().unwrap_or_default();
            let (path, param, values) = ENDPOINTS[rng.random_range(0..ENDPOINTS.len())];
            let value = *values.choose(rng).unwrap_or(&"1");
            let agent = *AGENTS.choose(rng).unwrap_or(&AGENTS[0]);
            let at = rng.random_range(0..86_000);
            let size = rng.random_range(2_000..40_000);
            events.push((
                at,
                line(
                    &ip,
                    at,
                    &format!("{path}?{param}={value}"),
                    200,
                    size,
                    agent,
                ),
            ));
        }
        // A scanner looking for files that are not there (noise, not SQLi).
        let scanner = public_ip(rng);
        let start: u32 = rng.random_range(0..80_000);
        for (at, probe) in (start..).zip([
            "/.env",
            "/wp-login.php",
            "/.git/config",
            "/admin/",
            "/phpmyadmin/",
            "/server-status",
            "/backup.zip",
            "/config.php.bak",
        ]) {
            events.push((
                at,
                line(
                    &scanner,
                    at,
                    probe,
                    404,
                    196,
                    "Mozilla/5.0 (compatible; Nmap Scripting Engine)",
                ),
            ));
        }
        // The attacker: browses like anyone, then probes one parameter.
        let agent = *AGENTS.choose(rng).unwrap_or(&AGENTS[0]);
        let mut at = rng.random_range(3_600..70_000);
        for _ in 0..rng.random_range(3..8) {
            let (path, param, values) = ENDPOINTS[rng.random_range(0..ENDPOINTS.len())];
            let value = *values.choose(rng).unwrap_or(&"1");
            events.push((
                at,
                line(
                    &attacker,
                    at,
                    &format!("{path}?{param}={value}"),
                    200,
                    rng.random_range(2_000..40_000),
                    agent,
                ),
            ));
            at += rng.random_range(5..60);
        }
        let ordinary = *target_values.choose(rng).unwrap_or(&"1");
        for (i, injection) in INJECTIONS.iter().enumerate() {
            let status = if i == 0 || i == 4 { 500 } else { 200 };
            events.push((
                at,
                line(
                    &attacker,
                    at,
                    &format!("{target_path}?{target_param}={ordinary}{injection}"),
                    status,
                    rng.random_range(300..60_000),
                    agent,
                ),
            ));
            at += rng.random_range(2..30);
        }
        events.sort();
        let mut log = String::new();
        for (_, line) in events {
            let _ = writeln!(log, "{line}");
        }
        Instance {
            artefact: Artefact {
                filename: "access.log".to_owned(),
                media_type: "text/plain; charset=utf-8",
                content: log.into_bytes(),
            },
            answer: format!("{target_param} {attacker}"),
        }
    }
}

/// A flag hidden under three layers: gzip, then XOR with a one-byte key,
/// then base64. Answer: the flag.
pub struct EncodedFlag;

impl Generator for EncodedFlag {
    fn id(&self) -> &'static str {
        "encoded-flag"
    }

    fn answer_format(&self) -> &'static str {
        "The flag, in the form flag{…}."
    }

    fn generate(&self, rng: &mut ChaCha8Rng) -> Instance {
        let flag = format!("flag{{{}}}", hex::encode(rng.random::<[u8; 10]>()));
        let key: u8 = rng.random_range(1..=255);
        let mut message = String::from("Exfiltration staging note\n");
        let _ = writeln!(
            message,
            "operator: {}",
            hex::encode(rng.random::<[u8; 3]>())
        );
        let _ = writeln!(message, "token: {flag}");
        let _ = writeln!(message, "next drop: {}", public_ip(rng));
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to a Vec cannot fail.
        let _ = gzip.write_all(message.as_bytes());
        let compressed = gzip.finish().unwrap_or_default();
        let xored: Vec<u8> = compressed.iter().map(|b| b ^ key).collect();
        let encoded = base64::engine::general_purpose::STANDARD.encode(xored);
        let mut text = String::from("# Recovered from a compromised host's scheduled task.\n");
        for chunk in encoded.as_bytes().chunks(76) {
            text.push_str(&String::from_utf8_lossy(chunk));
            text.push('\n');
        }
        Instance {
            artefact: Artefact {
                filename: "payload.txt".to_owned(),
                media_type: "text/plain; charset=utf-8",
                content: text.into_bytes(),
            },
            answer: flag,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};
    use std::io::Read as _;

    use super::*;

    const SECRET: &[u8] = b"a test secret that is long enough for the portal";

    fn text(instance: &Instance) -> String {
        String::from_utf8(instance.artefact.content.clone()).unwrap()
    }

    /// Solves an auth log the way an analyst would: the address with a
    /// login after the most failures.
    fn solve_ssh(log: &str) -> String {
        let mut failures: HashMap<&str, usize> = HashMap::new();
        let mut accepted: Vec<(&str, &str)> = Vec::new();
        for line in log.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let from = words
                .iter()
                .position(|w| *w == "from")
                .map(|i| words[i + 1]);
            if line.contains("Failed password") {
                *failures.entry(from.unwrap()).or_default() += 1;
            } else if line.contains("Accepted") {
                let user = words[words.iter().position(|w| *w == "for").unwrap() + 1];
                accepted.push((from.unwrap(), user));
            }
        }
        let (ip, user) = accepted
            .into_iter()
            .max_by_key(|(ip, _)| failures.get(ip).copied().unwrap_or(0))
            .unwrap();
        format!("{user} {ip}")
    }

    /// Solves an access log: decode the requests, find the injection.
    fn solve_sqli(log: &str) -> String {
        for line in log.lines() {
            let request = line.split('"').nth(1).unwrap();
            let decoded = request.replace("%27", "'").replace("%20", " ");
            if decoded.to_uppercase().contains("UNION SELECT") {
                let query = decoded.split('?').nth(1).unwrap();
                let param = query.split('=').next().unwrap();
                let ip = line.split_whitespace().next().unwrap();
                return format!("{ip},{param}");
            }
        }
        panic!("no injection found");
    }

    /// Solves a payload: base64, every one-byte key until gzip appears.
    fn solve_payload(text: &str) -> String {
        let encoded: String = text.lines().filter(|l| !l.starts_with('#')).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        let key = (1..=255u8)
            .find(|k| bytes[0] ^ k == 0x1f && bytes[1] ^ k == 0x8b)
            .unwrap();
        let unxored: Vec<u8> = bytes.iter().map(|b| b ^ key).collect();
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&unxored[..])
            .read_to_string(&mut plain)
            .unwrap();
        let start = plain.find("flag{").unwrap();
        plain[start..start + plain[start..].find('}').unwrap() + 1].to_owned()
    }

    #[test]
    fn every_generator_is_solvable_from_its_artefact_alone() {
        for candidate in 0..40 {
            let seed = seed(SECRET, 7, candidate, candidate);
            let ssh = instance(&SshBruteForce, seed);
            assert_eq!(
                SshBruteForce.normalise(&solve_ssh(&text(&ssh))),
                SshBruteForce.normalise(&ssh.answer)
            );
            let web = instance(&WebSqlInjection, seed);
            assert_eq!(
                WebSqlInjection.normalise(&solve_sqli(&text(&web))),
                WebSqlInjection.normalise(&web.answer)
            );
            let payload = instance(&EncodedFlag, seed);
            assert_eq!(solve_payload(&text(&payload)), payload.answer);
            assert!(
                !text(&payload).contains("flag{"),
                "the flag is not in plain sight"
            );
        }
    }

    #[test]
    fn the_same_candidate_always_gets_the_same_instance_and_others_differ() {
        for generator in GENERATORS {
            let once = instance(generator, seed(SECRET, 3, 42, 42));
            assert_eq!(
                once,
                instance(generator, seed(SECRET, 3, 42, 42)),
                "{}",
                generator.id()
            );
            let answers: HashSet<String> = (0..1_000)
                .map(|candidate| {
                    generator.normalise(
                        &instance(generator, seed(SECRET, 3, candidate, candidate)).answer,
                    )
                })
                .collect();
            assert_eq!(
                answers.len(),
                1_000,
                "{}: answers unique per candidate",
                generator.id()
            );
            assert_ne!(
                once,
                instance(generator, seed(SECRET, 3, 42, 43)),
                "another application, another instance"
            );
            assert_ne!(
                once,
                instance(generator, seed(SECRET, 4, 42, 42)),
                "another challenge, another instance"
            );
            assert_ne!(
                once,
                instance(
                    generator,
                    seed(b"another server's secret, also long enough", 3, 42, 42)
                ),
                "another secret, another instance"
            );
        }
    }

    #[test]
    fn answers_match_in_any_order_case_and_separator() {
        assert_eq!(
            SshBruteForce.normalise(" 203.0.113.9,  Alice "),
            SshBruteForce.normalise("alice 203.0.113.9")
        );
        assert_ne!(
            SshBruteForce.normalise("203.0.113.9 bob"),
            SshBruteForce.normalise("203.0.113.9 alice")
        );
        assert!(generator("ssh-brute-force").is_some() && generator("nope").is_none());
        for (id, _) in crate::domain::challenge::GENERATORS {
            assert!(generator(id).is_some(), "{id} is built in");
        }
    }
}

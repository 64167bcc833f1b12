//! Accepting connections and serving them with hyper, as `axum::serve`
//! does, plus what it leaves out: a client that opens a connection and then
//! sends its request head slowly, or nothing at all, is cut off after the
//! client timeout instead of holding the connection (and a task) forever.
//! Shutting down stops accepting, lets the requests in flight finish and
//! closes idle connections.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt as _;

/// The address a request comes from: the connection's peer, unless that
/// peer is one of the `trusted` proxies, in which case the nearest address
/// in `X-Forwarded-For` that is not a trusted proxy (read from the right,
/// as each proxy appends the address it saw). A header from anyone else is
/// ignored, so nobody can claim another address; a malformed one is too.
pub fn client_address(
    peer: SocketAddr,
    headers: &http::HeaderMap,
    trusted: &[IpAddr],
) -> SocketAddr {
    if !trusted.contains(&peer.ip()) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return SocketAddr::new(ip, 0),
            Err(_) => return peer,
        }
    }
    peer
}

/// Serves `router` on `listener` until `shutdown` completes; requests
/// through one of `trusted_proxies` are taken to come from the address the
/// proxy names (see [`client_address`]).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    client_timeout: Duration,
    trusted_proxies: Arc<Vec<IpAddr>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    // Out of file descriptors and the like: the next
                    // accept may work once connections have closed.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let trusted = trusted_proxies.clone();
        let service =
            router
                .clone()
                .map_request(move |mut request: Request<hyper::body::Incoming>| {
                    let client = client_address(addr, request.headers(), &trusted);
                    request.extensions_mut().insert(ConnectInfo(client));
                    request
                });
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            // hyper's head timeout starts with the first byte: a connection
            // that never sends one is closed here.
            let mut first = [0_u8; 1];
            if !matches!(
                tokio::time::timeout(client_timeout, stream.peek(&mut first)).await,
                Ok(Ok(1..))
            ) {
                return;
            }
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(client_timeout);
            let connection = builder.serve_connection_with_upgrades(
                TokioIo::new(stream),
                TowerToHyperService::new(service),
            );
            if let Err(error) = watcher.watch(connection).await {
                tracing::debug!(%error, %addr, "connection ended");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &[&str]) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn only_a_trusted_proxy_may_name_the_client() {
        let proxy: SocketAddr = "10.0.0.1:5000".parse().unwrap();
        let stranger: SocketAddr = "203.0.113.9:5000".parse().unwrap();
        let trusted = ["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()];
        let ip = |peer: SocketAddr, forwarded: &[&str]| {
            client_address(peer, &headers(forwarded), &trusted)
                .ip()
                .to_string()
        };
        // Through the proxy: the address it saw.
        assert_eq!(ip(proxy, &["198.51.100.7"]), "198.51.100.7");
        // A chain: the nearest untrusted hop, not a claim made further left.
        assert_eq!(
            ip(proxy, &["1.2.3.4, 198.51.100.7, 10.0.0.2"]),
            "198.51.100.7"
        );
        assert_eq!(ip(proxy, &["1.2.3.4", "198.51.100.7"]), "198.51.100.7");
        // Anyone else's header is ignored.
        assert_eq!(ip(stranger, &["198.51.100.7"]), "203.0.113.9");
        // Nothing usable: the proxy itself.
        assert_eq!(ip(proxy, &[]), "10.0.0.1");
        assert_eq!(ip(proxy, &["not an address"]), "10.0.0.1");
        assert_eq!(ip(proxy, &["10.0.0.2"]), "10.0.0.1");
    }
}

//! `serve` over a real loopback socket: it answers, and it stops when told.

use std::time::Duration;

use lab::{serve, LabConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Sends raw HTTP/1.1 bytes to `addr` and returns the status line and the
/// body parsed as JSON. The request must ask for `Connection: close`.
async fn exchange(addr: std::net::SocketAddr, request: &[u8]) -> (String, serde_json::Value) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .expect("the lab answers within 10 s")
        .unwrap();
    let text = String::from_utf8(response).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.lines().next().unwrap().to_string();
    (status, serde_json::from_str(body).unwrap())
}

#[tokio::test]
async fn chunked_bodies_are_held_to_the_limit_too() {
    // No Content-Length: the limit has to be enforced while reading.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(serve(
        listener,
        LabConfig::default(),
        std::future::pending(),
    ));
    let mut request =
        b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    let chunk = vec![b' '; 8 * 1024];
    for _ in 0..9 {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(&chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let (status, body) = exchange(addr, &request).await;
    assert_eq!(status, "HTTP/1.1 413 Payload Too Large");
    assert_eq!(body["error"], "request body is larger than 65536 bytes");

    // A small chunked body is read normally.
    let login = br#"{"username":"alice","password":"alice-lab-pass"}"#;
    let mut request =
        b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    request.extend_from_slice(format!("{:x}\r\n", login.len()).as_bytes());
    request.extend_from_slice(login);
    request.extend_from_slice(b"\r\n0\r\n\r\n");
    let (status, body) = exchange(addr, &request).await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body["token_type"], "Bearer");
    server.abort();
}

#[tokio::test]
async fn serve_answers_health_over_tcp_and_shuts_down() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(
        listener,
        LabConfig {
            secure: true,
            ..LabConfig::default()
        },
        async move {
            let _ = stopped.await;
        },
    ));

    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .expect("the lab answers within 10 s")
        .unwrap();
    let text = String::from_utf8(response).unwrap();
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text
        .to_ascii_lowercase()
        .contains("content-type: application/json"));
    let body = text.split("\r\n\r\n").nth(1).unwrap();
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "status": "ok", "mode": "secure" })
    );

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("serve returns after shutdown")
        .unwrap()
        .unwrap();
    // The listener is gone with it.
    assert!(TcpStream::connect(addr).await.is_err());
}

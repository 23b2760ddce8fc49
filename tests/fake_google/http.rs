//! HTTP plumbing for the fakes: the server loop, a request read whole, a response built whole (and cut short on
//! demand), Google's two error shapes and the errors every Google API shares (undeclared
//! parameters, insufficient scopes), and page tokens bound to their query. Shared with the fake
//! HubSpot (`tests/fake_hubspot/`, by `#[path]`), so nothing here names a Google endpoint: each
//! fake's `mod.rs` names its own (and defines the `Body` type used here).

use std::collections::HashMap;

use base64::Engine as _;
use sha2::Digest as _;

use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Bytes, Frame, Incoming};
use serde::Serialize;

use super::Body;

/// A fake's server: a thread of its own serving `handle` on a runtime of its own, stopped
/// and joined when dropped.
pub struct Server {
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start<S, F>(
        name: &str,
        listener: std::net::TcpListener,
        state: std::sync::Arc<S>,
        handle: fn(std::sync::Arc<S>, hyper::Request<Incoming>) -> F,
    ) -> Server
    where
        S: Send + Sync + 'static,
        F: std::future::Future<Output = Result<hyper::Response<Body>, std::io::Error>>
            + Send
            + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || serve(listener, state, rx, handle))
            .expect("spawn a fake's server");
        Server {
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serves `handle` on `listener` (on a runtime of its own, on the calling thread) until
/// `shutdown`.
fn serve<S, F>(
    listener: std::net::TcpListener,
    state: std::sync::Arc<S>,
    mut shutdown: tokio::sync::oneshot::Receiver<()>,
    handle: fn(std::sync::Arc<S>, hyper::Request<Incoming>) -> F,
) where
    S: Send + Sync + 'static,
    F: std::future::Future<Output = Result<hyper::Response<Body>, std::io::Error>> + Send + 'static,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("fake server runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let state = std::sync::Arc::clone(&state);
                    tokio::spawn(async move {
                        let service = hyper::service::service_fn(move |req| {
                            handle(std::sync::Arc::clone(&state), req)
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                            .await;
                    });
                }
            }
        }
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
}

/// One request to a consent (or install) page, as the client sent it.
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub query: Vec<(String, String)>,
}

impl AuthRequest {
    /// A query parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The scopes asked for (`scope`, space-separated), in order.
    pub fn scopes(&self) -> Vec<&str> {
        self.words("scope")
    }

    /// HubSpot's optional scopes asked for (`optional_scope`), in order.
    pub fn optional_scopes(&self) -> Vec<&str> {
        self.words("optional_scope")
    }

    /// Whether it asked Google for incremental authorization.
    pub fn include_granted_scopes(&self) -> bool {
        self.get("include_granted_scopes") == Some("true")
    }

    fn words(&self, name: &str) -> Vec<&str> {
        self.get(name)
            .map(|s| s.split_whitespace().collect())
            .unwrap_or_default()
    }
}

/// A request, read whole.
pub struct Req {
    pub method: hyper::Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

impl Req {
    pub async fn read(req: hyper::Request<Incoming>) -> Result<Req, std::io::Error> {
        let (parts, body) = req.into_parts();
        let body = body
            .collect()
            .await
            .map_err(std::io::Error::other)?
            .to_bytes();
        Ok(Req::new(parts.method, &parts.uri, parts.headers, body))
    }

    /// A request from its parts (over HTTP, or one part of a batch).
    pub fn new(
        method: hyper::Method,
        uri: &hyper::Uri,
        headers: hyper::HeaderMap,
        body: hyper::body::Bytes,
    ) -> Req {
        let query = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Req {
            method,
            path: uri.path().to_string(),
            query,
            headers,
            body,
        }
    }

    /// A query parameter.
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter that must be `true` to count.
    pub fn flag(&self, name: &str) -> bool {
        self.q(name) == Some("true")
    }

    /// The body as an `application/x-www-form-urlencoded` form.
    pub fn form(&self) -> HashMap<String, String> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The token of an `Authorization: Bearer` header.
    pub fn bearer(&self) -> Option<&str> {
        self.header("authorization")?.strip_prefix("Bearer ")
    }
}

/// A response, built whole.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Resp {
        Resp {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body,
        }
    }

    pub fn redirect(location: &str) -> Resp {
        Resp {
            status: 302,
            headers: vec![("location".into(), location.into())],
            body: Vec::new(),
        }
    }

    /// The hyper response; with `truncate`, Content-Length promises the whole body but only
    /// half of it is sent before the connection is broken.
    pub fn into_response(self, truncate: bool) -> hyper::Response<Body> {
        let mut builder = hyper::Response::builder().status(self.status);
        for (k, v) in &self.headers {
            builder = builder.header(k, v);
        }
        builder = builder.header("content-length", self.body.len());
        let body: Body = if truncate && self.body.len() > 1 {
            use futures::StreamExt as _;
            let half = Bytes::from(self.body[..self.body.len() / 2].to_vec());
            let first = futures::stream::iter([Ok(Frame::data(half))]);
            // A pause, so the head and the first half are on the wire before the break.
            let cut = futures::stream::once(async {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                Err(std::io::Error::other("fault: body cut short"))
            });
            BodyExt::boxed(StreamBody::new(first.chain(cut)))
        } else {
            Full::new(Bytes::from(self.body))
                .map_err(|never| match never {})
                .boxed()
        };
        builder.body(body).unwrap_or_else(|_| {
            hyper::Response::new(Full::new(Bytes::new()).map_err(|n| match n {}).boxed())
        })
    }
}

pub fn json(status: u16, value: &impl Serialize) -> Resp {
    Resp::new(
        status,
        "application/json; charset=UTF-8",
        serde_json::to_vec_pretty(value).unwrap_or_default(),
    )
}

/// Google's API error: `{"error": {"code", "message", "errors": [{domain, reason, message}],
/// "status"}}`.
pub fn google_error(code: u16, domain: &str, reason: &str, message: &str) -> Resp {
    let status = match code {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        500 => "INTERNAL",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        _ => "UNKNOWN",
    };
    json(
        code,
        &serde_json::json!({
            "error": {
                "code": code,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
                "status": status,
            }
        }),
    )
}

/// The OAuth endpoints' error: `{"error", "error_description"}`.
pub fn oauth_error(status: u16, error: &str, description: &str) -> Resp {
    json(
        status,
        &serde_json::json!({"error": error, "error_description": description}),
    )
}

/// Google's system parameters, which every method takes.
const SYSTEM_PARAMS: &[&str] = &[
    "alt",
    "fields",
    "key",
    "oauth_token",
    "prettyPrint",
    "quotaUser",
    "access_token",
    "callback",
    "upload_protocol",
    "uploadType",
    "$.xgafv",
];

/// The first query parameter outside `declared` and Google's system parameters, refused as
/// every Google API refuses it: 400 `badRequest` naming the parameter.
pub fn undeclared(req: &Req, declared: &[&str]) -> Option<(String, Resp)> {
    req.query.iter().find_map(|(name, _)| {
        (!declared.contains(&name.as_str()) && !SYSTEM_PARAMS.contains(&name.as_str())).then(|| {
            let message = format!(
                "Invalid JSON payload received. Unknown name \"{name}\": Cannot bind query \
                     parameter. Field '{name}' could not be found in request message."
            );
            (
                name.clone(),
                google_error(400, "global", "badRequest", &message),
            )
        })
    })
}

/// The 403 for a token whose scopes do not cover the method.
pub fn insufficient_scopes() -> Resp {
    google_error(
        403,
        "global",
        "insufficientPermissions",
        "Request had insufficient authentication scopes.",
    )
}

/// A page token: where the next page starts, good only for the query (`fingerprint`) it
/// came from.
pub fn encode_page_token(offset: usize, fingerprint: &str) -> String {
    let check = hex::encode(&sha2::Sha256::digest(fingerprint.as_bytes())[..4]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{offset}:{check}"))
}

/// The offset in a page token, if it was made for `fingerprint`.
pub fn decode_page_token(token: &str, fingerprint: &str) -> Option<usize> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    let raw = String::from_utf8(raw).ok()?;
    let (offset, check) = raw.split_once(':')?;
    let expected = hex::encode(&sha2::Sha256::digest(fingerprint.as_bytes())[..4]);
    (check == expected).then(|| offset.parse().ok()).flatten()
}

//! HubSpot's answers when something is wrong, each in the shape the facts page (A7) quotes:
//! the generic error schema `{status: "error", message, correlationId, category, …}`, the 401s
//! for missing and expired credentials, the MISSING_SCOPES 403, the RFC 6749 + legacy OAuth
//! error, the HTML error pages of the install flow, Cloudflare's 530 for a malformed token and
//! the load balancer's 414.

use serde_json::{Value, json};

use super::http::{Resp, json as json_resp};

/// A fresh correlation id (a UUID, as HubSpot's are).
pub fn correlation_id() -> String {
    uuid()
}

/// A random version-4-looking UUID.
pub fn uuid() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("random");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The generic error schema.
pub fn error(status: u16, category: &str, message: &str) -> Resp {
    error_with(status, category, message, json!({}))
}

/// The generic error schema with more fields (`context`, `errors`, `subCategory`, …) merged in.
pub fn error_with(status: u16, category: &str, message: &str, extra: Value) -> Resp {
    let mut body = json!({
        "status": "error",
        "message": message,
        "correlationId": correlation_id(),
        "category": category,
    });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    json_resp(status, &body)
}

/// 400 `VALIDATION_ERROR`.
pub fn validation(message: &str) -> Resp {
    error(400, "VALIDATION_ERROR", message)
}

/// 404 `OBJECT_NOT_FOUND` for a record or owner id.
pub fn not_found(id: &str) -> Resp {
    error_with(
        404,
        "OBJECT_NOT_FOUND",
        "Object not found.  objectId are usually numeric.",
        json!({"context": {"id": [id]}}),
    )
}

/// 404 for a path HubSpot does not serve (among them the v1 OAuth endpoints).
pub fn no_route(method: &str, path: &str) -> Resp {
    error(
        404,
        "OBJECT_NOT_FOUND",
        &format!("Unable to route {method} {path}: no such endpoint."),
    )
}

/// 401 for no credentials, or a token HubSpot does not know.
pub fn invalid_authentication() -> Resp {
    error(
        401,
        "INVALID_AUTHENTICATION",
        "Authentication credentials not found. This API supports OAuth 2.0 authentication and \
         you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
    )
}

/// 401 for an OAuth access token past its expiry, exactly as A7 quotes it.
pub fn expired_authentication(seconds_ago: i64, expired_at_iso: &str) -> Resp {
    error_with(
        401,
        "EXPIRED_AUTHENTICATION",
        &format!("The OAuth token used to make this call expired {seconds_ago} second(s) ago."),
        json!({"context": {"expire time": [expired_at_iso]}}),
    )
}

/// 403 `MISSING_SCOPES`, exactly as A7 quotes it, `requiredScopes` naming the alternatives.
pub fn missing_scopes(required: &[&str]) -> Resp {
    error_with(
        403,
        "MISSING_SCOPES",
        "This app hasn't been granted all required scopes to make this call. Read more about \
         required scopes here: https://developers.hubspot.com/scopes.",
        json!({
            "errors": [{
                "message": "One or more of the following scopes are required.",
                "context": {"requiredScopes": required},
            }],
            "links": {"scopes": "https://developers.hubspot.com/scopes"},
        }),
    )
}

/// The OAuth endpoints' error: RFC 6749's `error` and `error_description` plus HubSpot's
/// legacy `status` and `message`.
pub fn oauth(status: u16, error: &str, legacy_status: &str, message: &str) -> Resp {
    json_resp(
        status,
        &json!({
            "error": error,
            "error_description": message,
            "status": legacy_status,
            "message": message,
            "correlationId": correlation_id(),
        }),
    )
}

/// An HTML page of the install (authorize) flow that stops it: no redirect.
pub fn install_page(status: u16, message: &str) -> Resp {
    Resp::new(
        status,
        "text/html; charset=utf-8",
        format!(
            "<!DOCTYPE html><html><head><title>HubSpot - Authorization error</title></head>\
             <body><h1>Authorization failed</h1><p>{message}</p></body></html>"
        )
        .into_bytes(),
    )
}

/// Cloudflare's 530 for a bearer token not of a shape HubSpot issues (A7, [AB-BEH §8]).
pub fn malformed_token() -> Resp {
    Resp::new(
        530,
        "text/html; charset=UTF-8",
        b"<!DOCTYPE html><html><head><title>api.hubapi.com | 530: Origin DNS error</title>\
          </head><body><h1>Error 1016</h1><p>Origin DNS error</p>\
          <p>Cloudflare Ray ID: 8f00fake00000000</p></body></html>"
            .to_vec(),
    )
}

/// The load balancer's 414 for a request line longer than HubSpot takes.
pub fn uri_too_long() -> Resp {
    Resp::new(
        414,
        "text/html",
        b"<html><head><title>414 Request-URI Too Large</title></head><body>\
          <center><h1>414 Request-URI Too Large</h1></center></body></html>"
            .to_vec(),
    )
}

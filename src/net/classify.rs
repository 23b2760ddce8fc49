//! What an answer from a provider means for the caller, decided as `docs/google.md`'s
//! "Errors" table says: on Google's `reason` first, then on the status; HubSpot's error body
//! (hubspot-youtube.md A7) is read for its `category` and, on a 429, its `policyName`.
//! Nothing here does I/O.

use std::time::Duration;

use serde::Deserialize;

/// The decision for one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Success.
    Ok,
    /// Try again later: the service is unhealthy (counts against the circuit breaker).
    Unhealthy { why: String },
    /// Try again after slowing down (not a sign of ill health); `crowded` when what was too
    /// much is the number of requests in flight at once (Gmail's "Too many concurrent
    /// requests for user"), not their rate.
    RateLimited { why: String, crowded: bool },
    /// The access token was refused: refresh it once, then retry once.
    Unauthorized,
    /// A daily quota is spent: no use trying before tomorrow.
    QuotaExhausted { reason: String, message: String },
    /// Trying again will not help.
    Fatal {
        status: u16,
        reason: String,
        message: String,
    },
}

/// Google's API error body, the OAuth endpoints' simpler one, and HubSpot's.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ErrorBody {
    Api {
        error: ApiError,
    },
    OAuth {
        error: String,
        #[serde(default)]
        error_description: String,
    },
    HubSpot(HubSpotError),
}

/// `{"status": "error", "message", "category", ...}`; a 429's legacy shape has `errorType`
/// and `policyName` instead of a category.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HubSpotError {
    status: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    error_type: String,
    #[serde(default)]
    policy_name: String,
    #[serde(default)]
    errors: Vec<HubSpotErrorItem>,
}

#[derive(Debug, Deserialize)]
struct HubSpotErrorItem {
    #[serde(default)]
    context: HubSpotContext,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HubSpotContext {
    #[serde(default)]
    required_scopes: Vec<String>,
}

impl HubSpotError {
    /// The category, or for a rate limit its policy (`RATE_LIMIT DAILY`).
    fn reason(&self) -> String {
        match (self.category.as_str(), self.error_type.as_str()) {
            ("", "") => String::new(),
            (_, "RATE_LIMIT") | ("RATE_LIMITS", _) => format!("RATE_LIMIT {}", self.policy_name)
                .trim()
                .to_string(),
            ("", other) => other.to_string(),
            (category, _) => category.to_string(),
        }
    }

    /// The message, with the scopes a MISSING_SCOPES refusal names.
    fn message(&self) -> String {
        let scopes: Vec<&str> = (self.errors.iter())
            .flat_map(|e| &e.context.required_scopes)
            .map(String::as_str)
            .collect();
        if scopes.is_empty() {
            self.message.clone()
        } else {
            format!("{} (required scopes: {})", self.message, scopes.join(", "))
        }
    }
}

#[derive(Debug, Deserialize)]
struct ApiError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

#[derive(Debug, Deserialize)]
struct ErrorItem {
    #[serde(default)]
    reason: String,
}

/// The `reason` (Drive) or `error` (OAuth) of an error body, and its message.
pub fn reason_and_message(body: &[u8]) -> (String, String) {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody::Api { error }) => (
            error
                .errors
                .first()
                .map(|e| e.reason.clone())
                .unwrap_or_default(),
            error.message,
        ),
        Ok(ErrorBody::OAuth {
            error,
            error_description,
        }) => (error, error_description),
        Ok(ErrorBody::HubSpot(e)) if e.status == "error" => (e.reason(), e.message()),
        Ok(ErrorBody::HubSpot(_)) | Err(_) => (
            String::new(),
            String::from_utf8_lossy(body).chars().take(200).collect(),
        ),
    }
}

/// Classifies an HTTP answer.
pub fn classify(status: u16, body: &[u8]) -> Verdict {
    if (200..300).contains(&status) {
        return Verdict::Ok;
    }
    let (reason, message) = reason_and_message(body);
    let oauth_error = serde_json::from_slice::<ErrorBody>(body)
        .is_ok_and(|b| matches!(b, ErrorBody::OAuth { .. }));
    let why = || {
        if reason.is_empty() {
            format!("HTTP {status}")
        } else {
            format!("{status} {reason}")
        }
    };
    let fatal = || Verdict::Fatal {
        status,
        reason: reason.clone(),
        message: message.clone(),
    };
    match reason.as_str() {
        "rateLimitExceeded" | "userRateLimitExceeded" => {
            return Verdict::RateLimited {
                why: why(),
                crowded: message.contains("concurrent"),
            };
        }
        "RATE_LIMIT DAILY" => {
            return Verdict::QuotaExhausted {
                reason: reason.clone(),
                message: message.clone(),
            };
        }
        r if r.starts_with("RATE_LIMIT") => {
            return Verdict::RateLimited {
                why: why(),
                crowded: false,
            };
        }
        // HubSpot: a token not of a shape it issues is answered 530, by Cloudflare; and a
        // login without a scope the app needs. Neither is retried.
        "MISSING_SCOPES" | "INVALID_AUTHENTICATION" if status != 401 => return fatal(),
        "dailyLimitExceeded" | "quotaExceeded" | "downloadQuotaExceeded" => {
            return Verdict::QuotaExhausted {
                reason: reason.clone(),
                message: message.clone(),
            };
        }
        "insufficientPermissions"
        | "insufficientFilePermissions"
        | "appNotAuthorizedToFile"
        | "domainPolicy"
        | "exportSizeLimitExceeded"
        | "fileNotExportable"
        | "fileNotDownloadable"
        | "cannotDownloadAbusiveFile"
        | "notFound"
        | "badRequest"
        | "invalid"
        | "invalidParameter"
        // The token endpoint: a dead grant, a bad client; never retried.
        | "invalid_grant"
        | "invalid_client"
        | "unauthorized_client"
        | "invalid_request"
        | "invalid_scope"
        | "unsupported_grant_type" => return fatal(),
        "backendError" | "internalError" => return Verdict::Unhealthy { why: why() },
        _ => {}
    }
    match status {
        // A 401 from the token endpoint is about the client, not an access token.
        401 if oauth_error => fatal(),
        401 => Verdict::Unauthorized,
        530 => Verdict::Fatal {
            status,
            reason: "malformed token".into(),
            message: "HubSpot does not recognize the token's format (HTTP 530)".into(),
        },
        429 => Verdict::RateLimited {
            why: why(),
            crowded: message.contains("concurrent"),
        },
        408 | 500..=599 => Verdict::Unhealthy { why: why() },
        _ => fatal(),
    }
}

/// `Retry-After`: delta-seconds or an HTTP-date.
pub fn retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let wait = at.duration_since(now);
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, reason: &str) -> Verdict {
        let body = serde_json::json!({"error": {"code": status, "message": "m",
            "errors": [{"domain": "global", "reason": reason, "message": "m"}]}});
        classify(status, body.to_string().as_bytes())
    }

    fn kind(v: &Verdict) -> &'static str {
        match v {
            Verdict::Ok => "ok",
            Verdict::Unhealthy { .. } => "retry",
            Verdict::RateLimited { .. } => "slow down",
            Verdict::Unauthorized => "refresh",
            Verdict::QuotaExhausted { .. } => "tomorrow",
            Verdict::Fatal { .. } => "stop",
        }
    }

    #[test]
    fn the_table_in_google_md() {
        let table = [
            (400, "badRequest", "stop"),
            (400, "invalid", "stop"),
            (401, "authError", "refresh"),
            (401, "required", "refresh"),
            (403, "rateLimitExceeded", "slow down"),
            (403, "userRateLimitExceeded", "slow down"),
            (403, "dailyLimitExceeded", "tomorrow"),
            (403, "quotaExceeded", "tomorrow"),
            (403, "downloadQuotaExceeded", "tomorrow"),
            (403, "insufficientPermissions", "stop"),
            (403, "insufficientFilePermissions", "stop"),
            (403, "appNotAuthorizedToFile", "stop"),
            (403, "domainPolicy", "stop"),
            (403, "exportSizeLimitExceeded", "stop"),
            (403, "fileNotExportable", "stop"),
            (403, "fileNotDownloadable", "stop"),
            (403, "cannotDownloadAbusiveFile", "stop"),
            (404, "notFound", "stop"),
            (429, "rateLimitExceeded", "slow down"),
            (500, "backendError", "retry"),
            (502, "", "retry"),
            (503, "backendError", "retry"),
            (504, "internalError", "retry"),
        ];
        for (status, reason, want) in table {
            assert_eq!(kind(&api(status, reason)), want, "{status} {reason}");
        }
    }

    #[test]
    fn too_many_requests_at_once_is_told_from_too_many_a_second() {
        let body = |message: &str| {
            serde_json::json!({"error": {"code": 429, "message": message,
                "errors": [{"domain": "global", "reason": "rateLimitExceeded", "message": message}]}})
            .to_string()
        };
        let crowded = |v: Verdict| matches!(v, Verdict::RateLimited { crowded: true, .. });
        assert!(crowded(classify(
            429,
            body("Too many concurrent requests for user").as_bytes()
        )));
        assert!(!crowded(classify(
            429,
            body("Rate Limit Exceeded").as_bytes()
        )));
    }

    #[test]
    fn status_decides_when_reason_and_errors_are_missing() {
        assert_eq!(kind(&classify(503, b"")), "retry");
        assert_eq!(kind(&classify(429, b"Too Many Requests")), "slow down");
        assert_eq!(
            kind(&classify(
                401,
                br#"{"error": {"code": 401, "message": "x"}}"#
            )),
            "refresh"
        );
        assert_eq!(
            kind(&classify(
                403,
                br#"{"error": {"code": 403, "message": "x"}}"#
            )),
            "stop"
        );
        assert_eq!(kind(&classify(200, b"{}")), "ok");
    }

    #[test]
    fn oauth_errors_are_never_retried() {
        let invalid_grant = br#"{"error": "invalid_grant", "error_description": "Token has been expired or revoked."}"#;
        assert_eq!(
            classify(400, invalid_grant),
            Verdict::Fatal {
                status: 400,
                reason: "invalid_grant".into(),
                message: "Token has been expired or revoked.".into()
            }
        );
        assert_eq!(
            kind(&classify(
                401,
                br#"{"error": "invalid_client", "error_description": "Unauthorized"}"#
            )),
            "stop"
        );
    }

    #[test]
    fn hubspot_bodies_as_hubspot_youtube_md_a7_gives_them() {
        let ten_secondly = br#"{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c","policyName":"TEN_SECONDLY_ROLLING"}"#;
        assert_eq!(kind(&classify(429, ten_secondly)), "slow down");
        let daily = br#"{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"c","policyName":"DAILY"}"#;
        assert_eq!(kind(&classify(429, daily)), "tomorrow");
        let expired = br#"{"status":"error","message":"The OAuth token used to make this call expired 0 second(s) ago.","correlationId":"c","category":"EXPIRED_AUTHENTICATION"}"#;
        assert_eq!(kind(&classify(401, expired)), "refresh");
        let scopes = br#"{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","correlationId":"c","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredScopes":["sales-email-read"]}}],"category":"MISSING_SCOPES"}"#;
        let Verdict::Fatal {
            reason, message, ..
        } = classify(403, scopes)
        else {
            panic!("MISSING_SCOPES is retried");
        };
        assert_eq!(reason, "MISSING_SCOPES");
        assert!(
            message.ends_with("(required scopes: sales-email-read)"),
            "{message}"
        );
        assert_eq!(
            kind(&classify(530, b"<html>error code: 1016</html>")),
            "stop"
        );
    }

    #[test]
    fn retry_after_in_both_forms() {
        let now = jiff::Timestamp::from_second(1_445_412_480).unwrap(); // Wed, 21 Oct 2015 07:28:00 GMT
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }
}

//! Getting a feed over HTTP: `http` and `https` only, with a timeout, a size cap, a User-Agent
//! naming tidings, and the validators of the last answer (`If-None-Match`, `If-Modified-Since`,
//! RFC 9110 §13.1), so an unchanged feed costs a `304 Not Modified` and no body.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What the server said about the version it sent: sent back on the next request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a request got.
#[derive(Debug)]
pub enum Got {
    /// `304`: the version of the validators sent is still the feed's.
    NotModified,
    /// The feed's bytes (at most the cap), the validators of this version, and the character
    /// set its `Content-Type` names (`charset=windows-1251`), if any.
    Feed {
        bytes: Vec<u8>,
        validators: Validators,
        charset: Option<String>,
    },
}

/// Why a feed could not be got.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("{0:?} is not an http or https address")]
    Scheme(String),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("{0}")]
    Transport(String),
}

/// An HTTP client (for feeds, and a post's remote images): each request (connection, answer and body) ends within `timeout`,
/// and a body over `max_bytes` is an error.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    max_bytes: u64,
}

impl Client {
    /// A client for `purpose` (`feeds`, `images`: said in the User-Agent).
    pub fn new(timeout: Duration, max_bytes: u64, purpose: &str) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(format!(
                "tidings/{} (terminal news reader; {purpose})",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .into();
        Self { agent, max_bytes }
    }

    /// Gets `url`, sending `validators`.
    ///
    /// Errors: not `http`/`https`; no answer within the timeout; a status other than 2xx and
    /// 304; a body over the cap.
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Got, HttpError> {
        let lower = url.trim().to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(HttpError::Scheme(url.to_string()));
        }
        let mut request = self.agent.get(url.trim());
        if let Some(etag) = &validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let transport = |err: ureq::Error| HttpError::Transport(err.to_string());
        let response = request.call().map_err(transport)?;
        let status = response.status().as_u16();
        if status == 304 {
            return Ok(Got::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(HttpError::Status(status));
        }
        let header = |name: &str| {
            (response.headers().get(name))
                .and_then(|v| v.to_str().ok())
                .map(ToString::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let charset = header("content-type").and_then(|t| {
            let (_, after) = t.split_once("charset=")?;
            let name = after.split(';').next()?.trim().trim_matches('"');
            (!name.is_empty()).then(|| name.to_string())
        });
        let bytes = response
            .into_body()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(transport)?;
        Ok(Got::Feed {
            bytes,
            validators,
            charset,
        })
    }
}

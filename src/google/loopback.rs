//! The installed-app login's other half: a one-shot HTTP listener on 127.0.0.1 at a port the
//! OS picks (or a fixed one, for HubSpot), which takes the browser's redirect, shows a "you can close this tab" page and
//! hands back the query; with `--no-browser` the address the browser ended on may be pasted
//! on stdin instead. Also opens the browser (`$BROWSER`, else the system opener).

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use url::Url;

/// What came back to the redirect address.
#[derive(Debug, Default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

impl Callback {
    fn from_url(url: &Url) -> Option<Callback> {
        let mut cb = Callback::default();
        for (k, v) in url.query_pairs() {
            match k.as_ref() {
                "code" => cb.code = Some(v.into_owned()),
                "state" => cb.state = Some(v.into_owned()),
                "error" => cb.error = Some(v.into_owned()),
                _ => {}
            }
        }
        (cb.code.is_some() || cb.error.is_some()).then_some(cb)
    }
}

impl Callback {
    /// The code, if the answer belongs to the login whose state is `state` and holds one;
    /// else why not. (An `error` answer is each provider's to word.)
    pub fn code_for(self, state: &str) -> Result<String, &'static str> {
        if self.state.as_deref() != Some(state) {
            return Err(
                "the answer's state does not match this login (a stale or forged redirect)",
            );
        }
        self.code.ok_or("the answer holds no code")
    }
}

/// Why no callback came.
#[derive(Debug, thiserror::Error)]
pub enum WaitError {
    #[error("no answer from the browser within {0} s")]
    Timeout(u64),
    #[error("cannot listen for the browser on 127.0.0.1: {0}")]
    Listen(std::io::Error),
}

const PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>voicetrain</title></head>\
<body style=\"font-family: sans-serif; margin: 4em\"><h1>voicetrain is signed in</h1>\
<p>You can close this tab and go back to the terminal.</p></body></html>";

/// A listener for one login.
pub struct Listener {
    listener: tokio::net::TcpListener,
    pub redirect: Url,
}

impl Listener {
    pub async fn bind() -> Result<Listener, WaitError> {
        Self::bind_as(0, "127.0.0.1").await
    }

    /// At a fixed port, for a provider that matches the redirect against the one registered
    /// (HubSpot): the redirect is `http://localhost:PORT/`.
    pub async fn bind_on(port: u16) -> Result<Listener, WaitError> {
        Self::bind_as(port, "localhost").await
    }

    async fn bind_as(port: u16, name: &str) -> Result<Listener, WaitError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(WaitError::Listen)?;
        let port = listener.local_addr().map_err(WaitError::Listen)?.port();
        let redirect = Url::parse(&format!("http://{name}:{port}/"))
            .map_err(|e| WaitError::Listen(std::io::Error::other(e)))?;
        Ok(Listener { listener, redirect })
    }

    /// Waits for the redirect; with `paste`, a line on stdin holding the final address also
    /// counts. Requests without a code or error (a favicon) get a 404 and are waited past.
    pub async fn wait(self, paste: bool, timeout: Duration) -> Result<Callback, WaitError> {
        let (tx, mut pasted) = tokio::sync::mpsc::channel::<Callback>(1);
        if paste {
            // Without a thread to read stdin, the redirect still works; pasting does not.
            let _ = std::thread::Builder::new().spawn(move || {
                for line in std::io::stdin().lines().map_while(Result::ok) {
                    if let Some(cb) = Url::parse(line.trim())
                        .ok()
                        .as_ref()
                        .and_then(Callback::from_url)
                    {
                        let _ = tx.blocking_send(cb);
                        return;
                    }
                }
            });
        }
        let deadline = tokio::time::sleep(timeout);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                _ = &mut deadline => return Err(WaitError::Timeout(timeout.as_secs())),
                Some(cb) = pasted.recv() => return Ok(cb),
                accepted = self.listener.accept() => {
                    let Ok((mut stream, _)) = accepted else { continue };
                    let Some(target) = read_request_target(&mut stream).await else { continue };
                    let cb = self.redirect.join(&target).ok().as_ref().and_then(Callback::from_url);
                    let (status, body) = if cb.is_some() { ("200 OK", PAGE) } else { ("404 Not Found", "") };
                    let response = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                    let _ = stream.shutdown().await;
                    if let Some(cb) = cb {
                        return Ok(cb);
                    }
                }
            }
        }
    }
}

/// The target of a request's first line (`GET /?code=... HTTP/1.1`), read within 5 s.
async fn read_request_target(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let read = async {
        let mut chunk = [0u8; 1024];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        Some(())
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .ok()??;
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next()?.split_whitespace();
    (parts.next()? == "GET").then_some(())?;
    parts.next().map(str::to_string)
}

/// Opens `url` in a browser: `$BROWSER` (a shell command, `%s` standing for the address,
/// as most tools take it), else the system's opener (the opener crate: ShellExecute on
/// Windows, whose `cmd /C start` would cut the address at its first `&`; `open` on macOS;
/// xdg-open elsewhere). Returns what went wrong when nothing could be started; an opener
/// still busy after a moment is taken to be opening it.
pub fn open_browser(url: &Url) -> Result<(), String> {
    use std::process::{Command, Stdio};
    if let Some(browser) = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        // $BROWSER may list several commands separated by ':'; the first is used.
        let browser = browser.split(':').next().unwrap_or_default().to_string();
        let script = if browser.contains("%s") {
            browser.replace("%s", "\"$1\"")
        } else {
            format!("{browser} \"$1\"")
        };
        return Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("sh")
            .arg(url.as_str())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(|_| ())
            .map_err(|e| format!("could not start the browser in $BROWSER ({e})"));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let address = url.to_string();
    std::thread::Builder::new()
        .name("browser".into())
        .spawn(move || {
            let _ = tx.send(opener::open(&address));
        })
        .map_err(|e| format!("could not start a browser ({e})"))?;
    match rx.recv_timeout(std::time::Duration::from_secs(2)) {
        Ok(Err(e)) => Err(format!("could not start a browser ({e})")),
        Ok(Ok(())) | Err(_) => Ok(()),
    }
}

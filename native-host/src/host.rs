//! Native messaging mode: frames in on stdin, frames out on stdout.
//!
//! A reader thread reads frames (blocking IO, with backpressure: at most
//! [`MAX_IN_FLIGHT`] verifications run at once), each verification runs as a
//! task on the tokio runtime, and one writer thread owns stdout, so frames
//! never interleave. When stdin closes the host gives in-flight work a short
//! grace period to answer, then exits 0: the browser has gone.
//!
//! Nothing but frames is written to stdout here (`run` owns it; the crate
//! denies every other way to it); logs go to stderr through `crate::log!`.

use std::io;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use crate::dispatch::{encode_response, parse_request};
use crate::framing::{self, FrameError, Inbound, MAX_INBOUND};
use crate::messages::{ErrorCode, Request, Response, PRODUCT, PROTOCOL_VERSION, VERSION};
use crate::verify::Engine;

/// Verifications allowed to run at once before the reader stops reading.
/// The extension never has more than 64 requests out (host-port.js
/// `MAX_IN_FLIGHT`); each admitted verification holds its documents and a
/// connection, so this bound is also the host's memory bound (500 badges at
/// once: 25 MiB peak with 256 admitted, 15 MiB with 64, and sooner done).
pub const MAX_IN_FLIGHT: usize = 64;
/// How long in-flight work may still answer after stdin closes.
const GRACE_AFTER_EOF: Duration = Duration::from_millis(600);

/// The `hello` answer.
pub fn hello(engine: &Engine, id: serde_json::Value) -> Response {
    Response::Hello {
        id,
        product: PRODUCT,
        version: VERSION,
        protocol: PROTOCOL_VERSION,
        capabilities: engine.capabilities(),
        page_patterns: engine.page_patterns(),
    }
}

/// Runs the host over the process's stdin and stdout until stdin closes.
#[allow(clippy::disallowed_methods)] // the framing writer: the only stdout in host mode
pub fn run(engine: Engine) -> io::Result<()> {
    let stdin = io::stdin().lock();
    let stdout = io::stdout();
    serve(engine, stdin, move |body| {
        let mut out = stdout.lock();
        framing::write_frame(&mut out, body) // flushes every frame
    })
}

/// Serves requests from `input`, handing each response body to `emit`
/// (called from one thread only). Returns when `input` ends.
pub fn serve<R, W>(engine: Engine, mut input: R, mut emit: W) -> io::Result<()>
where
    R: io::Read,
    W: FnMut(&[u8]) -> io::Result<()> + Send + 'static,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("badgelens-worker")
        .build()?;
    let engine = Arc::new(engine);
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    let writer = std::thread::Builder::new()
        .name("badgelens-writer".into())
        .spawn(move || {
            for body in rx {
                if let Err(e) = emit(&body) {
                    crate::log!("cannot write to the browser: {e}");
                    break;
                }
            }
        })?;
    let slots = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let send = |tx: &mpsc::Sender<Vec<u8>>, response: &Response| {
        let _ = tx.send(encode_response(response));
    };

    loop {
        match framing::read_frame(&mut input, MAX_INBOUND) {
            Ok(Inbound::TooLarge { declared }) => send(
                &tx,
                &Response::error(
                    serde_json::Value::Null,
                    ErrorCode::FrameTooLarge,
                    format!(
                        "a frame of {declared} bytes exceeds the host's {MAX_INBOUND}-byte limit"
                    ),
                ),
            ),
            Ok(Inbound::Frame(body)) => match parse_request(&body) {
                Err(response) => send(&tx, &response),
                Ok(Request::Hello { id }) => send(&tx, &hello(&engine, id)),
                Ok(Request::Verify {
                    id,
                    source,
                    options,
                }) => {
                    let permit = runtime
                        .block_on(slots.clone().acquire_owned())
                        .expect("semaphore is never closed");
                    let engine = engine.clone();
                    let tx = tx.clone();
                    let handle = runtime.spawn(async move { engine.verify(source, options).await });
                    runtime.spawn(async move {
                        let response = match handle.await {
                            Ok(result) => Response::Result {
                                id,
                                result: Box::new(result),
                            },
                            Err(e) => {
                                crate::log!("verification task failed: {e}");
                                Response::error(
                                    id,
                                    ErrorCode::Internal,
                                    "the host failed while verifying this badge",
                                )
                            }
                        };
                        let _ = tx.send(encode_response(&response));
                        drop(permit);
                    });
                }
            },
            Err(e) if e.is_end_of_input() => break,
            Err(FrameError::Io(e)) => {
                crate::log!("reading from the browser failed: {e}");
                break;
            }
            Err(e) => {
                crate::log!("{e}");
                break;
            }
        }
    }

    // The browser has gone. Let work that is about to answer do so, briefly.
    let deadline = Instant::now() + GRACE_AFTER_EOF;
    while slots.available_permits() < MAX_IN_FLIGHT && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(tx);
    runtime.shutdown_timeout(Duration::from_millis(50));
    // In-flight tasks may still hold senders; don't wait for the writer
    // beyond what is already queued.
    let writer_deadline = Instant::now() + Duration::from_millis(200);
    while !writer.is_finished() && Instant::now() < writer_deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::framing::encode;
    use serde_json::{json, Value};
    use std::sync::Mutex;

    /// Runs the host over an in-memory input and returns every response body.
    fn serve_bytes(input: Vec<u8>) -> Vec<Value> {
        let out = Arc::new(Mutex::new(Vec::new()));
        let sink = out.clone();
        serve(
            Engine::new(Config::default()),
            std::io::Cursor::new(input),
            move |body| {
                sink.lock()
                    .unwrap()
                    .push(serde_json::from_slice(body).unwrap());
                Ok(())
            },
        )
        .unwrap();
        let v = out.lock().unwrap().clone();
        v
    }

    #[test]
    fn in_process_round_trip_over_byte_buffers() {
        let mut input = encode(br#"{"type":"hello","id":1}"#);
        input.extend(encode(
            br#"{"type":"verify","id":2,"source":{"assertion":"hello world"}}"#,
        ));
        input.extend(encode(b"nope"));
        input.extend((MAX_INBOUND + 1).to_le_bytes()); // then EOF inside the oversized body
        let out = serve_bytes(input);
        let by_id = |id: Value| {
            out.iter()
                .find(|v| v["id"] == id && v["type"] != "error")
                .cloned()
        };
        assert_eq!(by_id(json!(1)).unwrap()["protocol"], 1);
        // Pasted prose is no badge data at all.
        assert_eq!(by_id(json!(2)).unwrap()["verdict"], "not_a_badge");
        assert!(out
            .iter()
            .any(|v| v["code"] == "bad_request" && v["id"].is_null()));
        assert_eq!(out.len(), 3, "{out:?}");
    }
}

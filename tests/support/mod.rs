//! Driving the real `badgelens` binary in host mode: real frames over real pipes.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_badgelens");

/// A running host process with a reader thread collecting its frames.
pub struct HostProcess {
    pub child: Child,
    stdin: Option<ChildStdin>,
    frames: mpsc::Receiver<Result<Vec<u8>, String>>,
}

impl HostProcess {
    /// Starts `badgelens` with `args` (e.g. `["host"]` or a browser's arguments).
    pub fn start(args: &[&str]) -> Self {
        Self::start_with_env(args, &[])
    }

    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // An empty config: no user settings leak into tests.
        let config = std::env::temp_dir().join("badgelens-test-empty-config.json");
        std::fs::write(&config, "{}").unwrap();
        cmd.env("BADGELENS_CONFIG", &config);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("badgelens starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || read_frames(stdout, tx));
        HostProcess {
            child,
            stdin,
            frames: rx,
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("host reads its input");
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        self.send_raw(&frame(message.to_string().as_bytes()));
    }

    /// The next frame as JSON; panics after `timeout` (a hang is a failure).
    pub fn recv_timeout(&self, timeout: Duration) -> Value {
        match self.frames.recv_timeout(timeout) {
            Ok(Ok(body)) => {
                assert!(body.len() <= 1024 * 1024, "frame over 1 MiB");
                serde_json::from_slice(&body).expect("host frames are JSON")
            }
            Ok(Err(e)) => panic!("bad output from host: {e}"),
            Err(e) => panic!("no frame from the host within {timeout:?}: {e}"),
        }
    }

    pub fn recv(&self) -> Value {
        self.recv_timeout(Duration::from_secs(30))
    }

    /// Sends a request and waits for the answer with the same id.
    pub fn request(&mut self, message: &Value) -> Value {
        self.send(message);
        let id = message["id"].clone();
        loop {
            let v = self.recv();
            if v["id"] == id {
                return v;
            }
        }
    }

    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    /// Waits for exit, killing the process after `timeout` (then panics).
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("host did not exit within {timeout:?}");
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn stderr(&mut self) -> String {
        let mut s = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut s);
        }
        s
    }

    /// Frames that arrive within `wait` (for "no more output" checks).
    pub fn drain(&self, wait: Duration) -> Vec<Value> {
        let mut out = Vec::new();
        while let Ok(Ok(body)) = self.frames.recv_timeout(wait) {
            out.push(serde_json::from_slice(&body).unwrap());
        }
        out
    }
}

impl Drop for HostProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = (body.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(body);
    out
}

/// Reads length-prefixed frames; anything else on stdout is reported as an error.
fn read_frames(mut out: ChildStdout, tx: mpsc::Sender<Result<Vec<u8>, String>>) {
    loop {
        let mut len = [0u8; 4];
        match out.read_exact(&mut len) {
            Ok(()) => {}
            Err(_) => return,
        }
        let n = u32::from_le_bytes(len) as usize;
        if n > 1024 * 1024 {
            let _ = tx.send(Err(format!(
                "declared frame length {n} over 1 MiB: stdout is not pure frames"
            )));
            return;
        }
        let mut body = vec![0u8; n];
        if out.read_exact(&mut body).is_err() {
            let _ = tx.send(Err("stdout ended inside a frame".into()));
            return;
        }
        if tx.send(Ok(body)).is_err() {
            return;
        }
    }
}

pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

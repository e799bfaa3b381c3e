//! A moto server for the boto3 driver tests: started on a free loopback port for one test,
//! killed when the test ends, however it ends (on drop when it fails, and by the kernel
//! should the test process itself die).
//!
//! A test that finds no Python with boto3 and `moto[server]` prints why and passes, unless
//! `SSMRUN_CI_FULL=1` says the machine must have them (`.ci/run` installs both).

use crate::script_support::skip;
use serde_json::Value;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the server may take to listen (it imports Flask and moto's backends).
const START_LIMIT: Duration = Duration::from_secs(60);

pub struct Moto {
    child: Child,
    pub url: String,
    /// The interpreter with boto3 and moto, also the one ssmrun's driver runs on.
    pub python: String,
}

impl Moto {
    /// A fresh server, or `None` (printed) when this machine has no moto.
    pub fn start() -> Option<Moto> {
        let python = interpreter()?;
        let port = free_port();
        let mut command = Command::new(&python);
        command
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        die_with_parent(&mut command);
        let child = command.spawn().expect("start moto server");
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
            python,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < START_LIMIT,
                "moto server did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(moto)
    }

    /// Runs `code` with boto3 against this server (an `ec2` client is ready as `ec2`, an
    /// `ssm` client as `ssm`) and returns what it prints as JSON.
    pub fn boto3(&self, code: &str) -> Value {
        let program = format!(
            "import boto3, json\n\
             kw = dict(region_name='us-east-1', endpoint_url='{}', aws_access_key_id='testing', aws_secret_access_key='testing')\n\
             ec2 = boto3.client('ec2', **kw)\n\
             ssm = boto3.client('ssm', **kw)\n\
             {code}",
            self.url
        );
        let out = Command::new(&self.python)
            .args(["-c", &program])
            .output()
            .expect("run boto3");
        assert!(
            out.status.success(),
            "boto3 failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("boto3 printed JSON")
    }

    /// A running instance, created in moto; its id.
    pub fn instance(&self) -> String {
        let value = self.boto3(
            "image = ec2.describe_images()['Images'][0]['ImageId']\n\
             r = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType='t3.micro')\n\
             print(json.dumps(r['Instances'][0]['InstanceId']))",
        );
        value.as_str().expect("instance id").to_string()
    }

    pub fn instance_state(&self, id: &str) -> String {
        let value = self.boto3(&format!(
            "r = ec2.describe_instances(InstanceIds=['{id}'])\n\
             print(json.dumps(r['Reservations'][0]['Instances'][0]['State']['Name']))"
        ));
        value.as_str().expect("state").to_string()
    }

    /// The flags that send a run's calls to this server.
    pub fn flags(&self) -> Vec<String> {
        [
            "--driver",
            "boto3",
            "--endpoint-url",
            &self.url,
            "--sleep-scale",
            "0.01",
        ]
        .map(String::from)
        .to_vec()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first interpreter with boto3 and moto's server: the CI's, the one ssmrun runs
/// scripts with, then `python3`.
fn interpreter() -> Option<String> {
    let candidates = ["SSMRUN_CI_PYTHON", "SSMRUN_PYTHON"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .filter(|p| !p.is_empty())
        .chain(["python3".to_string()]);
    for python in candidates {
        let ok = Command::new(&python)
            .args(["-c", "import boto3, moto.server"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(python);
        }
    }
    skip("no Python with boto3 and `moto[server]` (pip install boto3 'moto[server]')")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a loopback port");
    listener.local_addr().expect("local address").port()
}

/// The server is killed when the thread that started it ends, even if it ends by a signal
/// that skips `Drop`.
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: prctl is async-signal-safe and touches only the child being started.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

//! Every input file is read with its cap while reading, and only if it is a regular file: a
//! FIFO, a device, a directory, a sparse file far over the cap and invalid UTF-8 are each one
//! line naming the path and what is wrong, at once (no blocking on a FIFO, no reading of
//! `/dev/zero` or of gigabytes). Each run is guarded: a regression fails instead of hanging,
//! and its address space is bounded so it cannot take the machine's memory.

mod common;

use common::*;

/// Runs gil-sim (bounded, guarded) and asserts one line on stderr holding each of `want`.
fn refused(args: &[&str], want: &[&str]) {
    let what = args.join(" ");
    let o = within(bounded(args), 60, &what);
    fails_with(&o, want, &what);
}

fn mkfifo(path: &str) {
    use rustix::fs::{CWD, FileType, Mode, mknodat};
    mknodat(CWD, path, FileType::Fifo, Mode::from_raw_mode(0o600), 0).unwrap();
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let t = Scratch::new("fifo");
    let (json, py) = (t.file("scenario.json"), t.file("program.py"));
    mkfifo(&json);
    mkfifo(&py);
    let a_fifo = "a FIFO, not a regular file";
    refused(&["run", &json], &[&json, a_fifo]);
    refused(&["run", &py, "-c"], &[&py, a_fifo]);
    refused(&["export", "csv", &json], &[&json, a_fifo]);
    refused(&["check", &py], &[&py, a_fifo]);
    refused(&["check", "cpu-threads", "--run", &json], &[&json, a_fifo]);
    refused(&["run", "convoy", "--machine", &json], &[&json, a_fifo]);
    refused(
        &["fidelity", "--runs", "1", "--calibration", &json],
        &[&json, a_fifo],
    );
}

#[test]
fn a_device_and_a_directory_are_refused_naming_what_they_are() {
    let t = Scratch::new("dev");
    let dir = t.path().to_str().unwrap();
    let dev = "/dev/zero: a character device, not a regular file";
    refused(&["run", "/dev/zero"], &[dev]);
    refused(&["run", "convoy", "--machine", "/dev/zero"], &[dev]);
    refused(&["check", "cpu-threads", "--run", "/dev/zero"], &[dev]);
    refused(&["check", "/dev/zero"], &[dev]);
    refused(&["run", dir], &[dir, "a directory, not a regular file"]);
    refused(
        &["check", "cpu-threads", "--run", dir],
        &[dir, "a directory"],
    );
}

#[test]
fn a_file_over_its_cap_is_refused_without_reading_it() {
    let t = Scratch::new("cap");
    let sparse = |name: &str| {
        let path = t.file(name);
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(8 << 30).unwrap();
        path
    };
    let (json, py, profile) = (sparse("big.json"), sparse("big.py"), sparse("profile.json"));
    refused(
        &["run", &json],
        &[&json, "more than 67108864 bytes (cap MAX_SCENARIO_BYTES)"],
    );
    refused(
        &["run", &py],
        &[&py, "more than 2097152 bytes (cap MAX_PROGRAM_BYTES)"],
    );
    refused(
        &["check", &py],
        &[&py, "more than 2097152 bytes (cap MAX_PROGRAM_BYTES)"],
    );
    refused(
        &["run", "convoy", "--machine", &profile],
        &[&profile, "more than 1048576 bytes (cap MAX_PROFILE_BYTES)"],
    );
    refused(
        &["check", "cpu-threads", "--run", &json],
        &[&json, "(cap MAX_SCENARIO_BYTES)"],
    );
    refused(
        &["fidelity", "--runs", "1", "--calibration", &profile],
        &[&profile, "(cap MAX_PROFILE_BYTES)"],
    );
}

#[test]
fn invalid_utf8_is_refused_naming_the_byte_offset() {
    let t = Scratch::new("utf8");
    let json = t.file("bad.json");
    std::fs::write(&json, b"{\"version\": 1, \"name\": \"\xff\"}").unwrap();
    refused(
        &["run", &json],
        &[&json, "not UTF-8 text (an invalid byte at offset 24)"],
    );
    let py = t.file("bad.py");
    std::fs::write(&py, b"# \xc3\x28\n").unwrap();
    refused(
        &["run", &py],
        &[&py, "not UTF-8 text (an invalid byte at offset 2)"],
    );
}

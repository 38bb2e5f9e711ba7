//! Reading one input file (a scenario, a program, a machine profile, a recording) so that no
//! input can stall or flood gil-sim: it is opened without blocking (a FIFO with no writer
//! would block `open`), anything but a regular file is refused naming what it is (a FIFO
//! blocks reads, `/dev/zero` never ends), at most the cap plus one byte is read (the cap holds
//! while reading, not after), and the text must be UTF-8 (the error names the byte offset).
//! Every error is one line naming the path.

use std::fs::{File, FileType, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use rustix::fs::OFlags;

/// The most bytes an input may have, and the name of the constant that says so.
#[derive(Clone, Copy)]
pub(crate) struct Cap {
    bytes: usize,
    name: &'static str,
}

/// A scenario file: `gil_sim::MAX_SCENARIO_BYTES`.
pub(crate) const SCENARIO: Cap = Cap {
    bytes: gil_sim::MAX_SCENARIO_BYTES,
    name: "MAX_SCENARIO_BYTES",
};

/// A Python program: `gil_sim::python::MAX_PROGRAM_BYTES`.
pub(crate) const PROGRAM: Cap = Cap {
    bytes: gil_sim::python::MAX_PROGRAM_BYTES,
    name: "MAX_PROGRAM_BYTES",
};

/// A machine profile (also a calibration run's output): `gil_sim::profile::MAX_PROFILE_BYTES`.
pub(crate) const PROFILE: Cap = Cap {
    bytes: gil_sim::profile::MAX_PROFILE_BYTES,
    name: "MAX_PROFILE_BYTES",
};

/// A recording of a CPython run: the scenario's cap, as `gil_sim::measured` reads it.
pub(crate) const RECORDING: Cap = SCENARIO;

/// A report `fidelity --out` rewrites (its hand-written sections are kept).
pub(crate) const REPORT: Cap = SCENARIO;

/// Cap: the standard input a program's `input()` may read, bytes.
const MAX_STDIN_BYTES: usize = 1 << 20;

/// What a real program's `input()` reads: standard input, if `text` can call `input` (the name
/// is written in it) and standard input is not a terminal (a person at one would have to end it
/// with Ctrl+D first); at most [`MAX_STDIN_BYTES`] of UTF-8.
pub(crate) fn stdin_for(text: &str) -> Result<String, String> {
    use std::io::IsTerminal as _;
    let calls_input = gil_python::parse(text).is_ok_and(|p| p.names.contains("input"));
    let stdin = std::io::stdin();
    if !calls_input || stdin.is_terminal() {
        return Ok(String::new());
    }
    let mut bytes = Vec::new();
    stdin
        .lock()
        .take(MAX_STDIN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("standard input: {e}"))?;
    if bytes.len() > MAX_STDIN_BYTES {
        return Err(format!(
            "standard input: more than {MAX_STDIN_BYTES} bytes (the cap of what input() reads)"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "standard input: not UTF-8 text (an invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The text of the regular file at `path`, at most `cap` bytes of UTF-8.
pub(crate) fn read_text(path: &Path, cap: Cap) -> Result<String, String> {
    let shown = path.display();
    let mut file = open(path).map_err(|e| format!("{shown}: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("{shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "{shown}: {}, not a regular file",
            kind(meta.file_type())
        ));
    }
    if meta.len() > cap.bytes as u64 {
        return Err(too_big(path, cap));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut file)
        .take(cap.bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown}: {e}"))?;
    if bytes.len() > cap.bytes {
        return Err(too_big(path, cap));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: not UTF-8 text (an invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Opens for reading without blocking (`O_NONBLOCK`: a FIFO opens at once; regular files
/// ignore the flag) and without taking a terminal as the controlling one (`O_NOCTTY`).
fn open(path: &Path) -> std::io::Result<File> {
    let flags = OFlags::NONBLOCK | OFlags::NOCTTY;
    OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

/// What a file that is not a regular file is, for people.
fn kind(t: FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

fn too_big(path: &Path, cap: Cap) -> String {
    format!(
        "{}: more than {} bytes (cap {})",
        path.display(),
        cap.bytes,
        cap.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_at_the_cap_reads_and_one_byte_more_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x");
        let cap = Cap {
            bytes: 4,
            name: "TEST_CAP",
        };
        std::fs::write(&f, "abcd").unwrap();
        assert_eq!(read_text(&f, cap).unwrap(), "abcd");
        std::fs::write(&f, "abcde").unwrap();
        let e = read_text(&f, cap).unwrap_err();
        assert!(e.ends_with("more than 4 bytes (cap TEST_CAP)"), "{e}");
        std::fs::write(&f, b"ab\xffd").unwrap();
        let e = read_text(&f, cap).unwrap_err();
        assert!(e.ends_with("an invalid byte at offset 2)"), "{e}");
    }
}

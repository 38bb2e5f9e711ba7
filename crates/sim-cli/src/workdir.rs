//! The private working folder of one CPython run: made new under the temporary directory with a
//! random name (`tempfile`; `mkdir` fails on any name that exists, so nobody can hand us a
//! folder of theirs), owner-only (0700), never reused; files in it are written with
//! `create_new` (0600), so nothing planted (a symlink, a file) is followed or overwritten. It is
//! removed when dropped (success, error, time limit) or, on Ctrl+C or SIGTERM, by `cleanup`.

use std::fs::{OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::cleanup;

/// A private folder, removed on drop.
pub(crate) struct Workdir {
    path: PathBuf,
}

impl Workdir {
    /// A new folder `gil-sim-XXXXXX` under the temporary directory (`$TMPDIR`, else `/tmp`).
    pub(crate) fn new() -> Result<Workdir, String> {
        let path = cleanup::new_dir(|| {
            let dir = tempfile::Builder::new()
                .prefix("gil-sim-")
                .permissions(Permissions::from_mode(0o700))
                .tempdir()?;
            Ok(dir.keep())
        })
        .map_err(|e| format!("could not make a private working folder: {e}"))?;
        Ok(Workdir { path })
    }

    /// The folder.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a new file `name` in the folder; a file already there (of any kind) is an error.
    pub(crate) fn write(&self, name: &str, text: &str) -> Result<(), String> {
        let path = self.path.join(name);
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| format!("{}: {e}", path.display()))
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        cleanup::remove_dir(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn the_folder_is_new_private_and_gone_after_use() {
        let a = Workdir::new().unwrap();
        let b = Workdir::new().unwrap();
        assert_ne!(a.path(), b.path(), "never reused");
        let meta = std::fs::metadata(a.path()).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o700);
        let path = a.path().to_path_buf();
        drop(a);
        assert!(!path.exists());
    }

    #[test]
    fn a_planted_symlink_is_not_followed() {
        let target = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(target.path(), "theirs").unwrap();
        let dir = Workdir::new().unwrap();
        std::os::unix::fs::symlink(target.path(), dir.path().join("gil_lab.py")).unwrap();
        assert!(dir.write("gil_lab.py", "ours").is_err());
        assert_eq!(std::fs::read_to_string(target.path()).unwrap(), "theirs");
        dir.write("program.py", "ours").unwrap();
        let meta = std::fs::metadata(dir.path().join("program.py")).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o600);
    }
}

//! The root file system of the image the trigger's runtime actions run in, as a tar archive for
//! the runtime's import (`docker import`): this program with the shared libraries it runs with,
//! named as the programs the actions stand for (`/bin/sh`, `/bin/cat`, `/pause`), a user and
//! group only this image knows, a decoy `/etc/shadow` holding no password, and the stamp the
//! children check before they act. Nothing is pulled from a registry.
//!
//! Place in the data flow: outside it. The image shapes the processes a real runtime starts.

use std::path::{Path, PathBuf};

/// Where this program sits in the image.
pub const PROGRAM: &str = "/syssentry";
/// The stamp at the image's root that runtime children check before acting.
pub const STAMP: &str = "/.syssentry-trigger";
/// The user that exists only in the image's `/etc/passwd`, and its uid.
pub const USER: (&str, u32) = ("syssentry-trigger", 4242);
/// The path the x86-64 ABI gives the dynamic loader (`PT_INTERP` of every glibc program).
const LOADER: &str = "/lib64/ld-linux-x86-64.so.2";

/// Why the image could not be put together.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// A file to put in the image could not be read.
    #[error("cannot read {} for the trigger's image: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The archive could not be written (in memory).
    #[error("cannot write the trigger's image archive: {0}")]
    Archive(#[source] std::io::Error),
}

/// The shared objects mapped into this process (the loader among them), from `/proc/self/maps`:
/// what this program needs to run anywhere else. Empty for a static program.
fn mapped_libraries() -> Result<Vec<PathBuf>, ImageError> {
    let maps = Path::new("/proc/self/maps");
    let text = std::fs::read_to_string(maps).map_err(|source| ImageError::Read { path: maps.into(), source })?;
    let mut libs: Vec<PathBuf> = text
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|p| p.starts_with('/') && p.contains(".so"))
        .map(PathBuf::from)
        .collect();
    libs.sort();
    libs.dedup();
    Ok(libs)
}

fn read(path: &Path) -> Result<Vec<u8>, ImageError> {
    std::fs::read(path).map_err(|source| ImageError::Read { path: path.to_path_buf(), source })
}

/// The archive: `exe` (this program) at [`PROGRAM`], linked from `/bin/sh`, `/bin/cat` and
/// `/pause`, its libraries at their own paths (the loader also at the ABI's path), `/etc/passwd`,
/// `/etc/group`, `/etc/shadow` and the stamp.
pub fn rootfs(exe: &Path) -> Result<Vec<u8>, ImageError> {
    let mut tar = tar::Builder::new(Vec::new());
    let mut files: Vec<(PathBuf, Vec<u8>, u32)> = vec![(PROGRAM.into(), read(exe)?, 0o755)];
    for lib in mapped_libraries()? {
        let data = read(&lib)?;
        if lib.file_name().is_some_and(|n| n.to_string_lossy().starts_with("ld-linux")) {
            files.push((LOADER.into(), data.clone(), 0o755));
        }
        files.push((lib, data, 0o755));
    }
    let (user, uid) = USER;
    let etc: [(&str, String, u32); 3] = [
        ("/etc/passwd", format!("root:x:0:0:root:/:/bin/sh\n{user}:x:{uid}:{uid}:syssentry trigger:/:/bin/sh\n"), 0o644),
        ("/etc/group", format!("root:x:0:\n{user}:x:{uid}:\n"), 0o644),
        // A decoy: the actions read it, it holds no password.
        ("/etc/shadow", format!("root:*:20000:0:99999:7:::\n{user}:!:20000::::::\n"), 0o640),
    ];
    for (path, text, mode) in etc {
        files.push((path.into(), text.into_bytes(), mode));
    }
    files.push((STAMP.into(), b"made by syssentry trigger\n".to_vec(), 0o644));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let mut dirs: Vec<PathBuf> = vec!["/bin".into(), "/tmp".into()];
    for (path, ..) in &files {
        dirs.extend(path.ancestors().skip(1).filter(|d| *d != Path::new("/")).map(Path::to_path_buf));
    }
    dirs.sort();
    dirs.dedup();
    let archive = ImageError::Archive;
    for d in &dirs {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Directory);
        h.set_mode(if d == Path::new("/tmp") { 0o1777 } else { 0o755 });
        h.set_size(0);
        tar.append_data(&mut h, relative(d), std::io::empty()).map_err(archive)?;
    }
    for (path, data, mode) in &files {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Regular);
        h.set_mode(*mode);
        h.set_size(data.len() as u64);
        tar.append_data(&mut h, relative(path), data.as_slice()).map_err(archive)?;
    }
    for link in ["/bin/sh", "/bin/cat", "/pause"] {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_mode(0o777);
        h.set_size(0);
        tar.append_link(&mut h, relative(Path::new(link)), PROGRAM).map_err(archive)?;
    }
    tar.into_inner().map_err(archive)
}

fn relative(p: &Path) -> &Path {
    p.strip_prefix("/").unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_holds_the_program_its_libraries_the_user_and_the_stamp() {
        let exe = std::env::current_exe().unwrap();
        let bytes = rootfs(&exe).unwrap();
        let mut archive = tar::Archive::new(bytes.as_slice());
        let mut names = Vec::new();
        let mut passwd = String::new();
        for entry in archive.entries().unwrap() {
            let mut e = entry.unwrap();
            let path = e.path().unwrap().to_string_lossy().into_owned();
            if path == "etc/passwd" {
                std::io::Read::read_to_string(&mut e, &mut passwd).unwrap();
            }
            if e.header().entry_type() == tar::EntryType::Symlink {
                assert_eq!(e.link_name().unwrap().unwrap(), Path::new(PROGRAM), "{path}");
            }
            names.push(path);
        }
        for want in ["syssentry", "bin/sh", "bin/cat", "pause", "etc/shadow", "etc/group", ".syssentry-trigger", "tmp"] {
            assert!(names.iter().any(|n| n.trim_end_matches('/') == want), "{want} in {names:?}");
        }
        assert!(passwd.contains("syssentry-trigger:x:4242:4242:"), "{passwd}");
        // This test program is dynamically linked: its C library and loader go in.
        assert!(names.iter().any(|n| n.contains("libc.so")), "{names:?}");
        assert!(names.iter().any(|n| n == "lib64/ld-linux-x86-64.so.2"), "{names:?}");
    }
}

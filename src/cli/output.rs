//! Writing outputs safely: never over an input, atomically, and without leaving temporary
//! files of killed runs behind.
//!
//! - [`check_outputs`] refuses (a usage error, before anything is written) any output that
//!   is one of the files the run reads: the same path, or the same file through a symlink
//!   or hard link (device and inode on Unix, canonical paths elsewhere).
//! - [`write_atomic`] writes `.inkbind-<pid>-<random>.tmp` beside the target and renames it
//!   over the target, so a failed or killed run never leaves a truncated output. Before the
//!   first write into a folder it removes the temporary files of runs that are gone
//!   ([`remove_stale_temps`]).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// File names the command writes (`-o` of `build`, `book` and `mermaid`): with several
/// inputs an `-o` ending so names a file, not the directory it must be.
pub(crate) const OUTPUT_EXTENSIONS: [&str; 5] = ["pdf", "epub", "svg", "png", "json"];

/// The output extension `path` ends in (lower case), if any of [`OUTPUT_EXTENSIONS`].
pub(crate) fn output_extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    OUTPUT_EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}

/// What makes two paths the same file: device and inode on Unix (so symlinks and hard
/// links compare equal), the canonical path elsewhere. `None` when `path` does not exist.
#[derive(Debug, PartialEq, Eq)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Canonical(PathBuf),
}

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| FileId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileId::Canonical)
    }
}

/// Refuses outputs that would overwrite an input: for each output that exists and is the
/// same file as one of `inputs`, an error naming both paths. A path that does not exist
/// cannot be an input (nothing to lose), so only existing files are compared.
/// `hint` ends the message: what the user can do (`choose another -o`).
///
/// # Errors
/// The message for [`super::usage`] (exit code 2).
pub(crate) fn check_outputs<'a>(
    inputs: impl IntoIterator<Item = &'a Path>,
    outputs: impl IntoIterator<Item = &'a Path>,
    hint: &str,
) -> Result<(), String> {
    let inputs: Vec<(&Path, FileId)> = inputs
        .into_iter()
        .filter_map(|p| file_id(p).map(|id| (p, id)))
        .collect();
    if inputs.is_empty() {
        return Ok(());
    }
    for out in outputs {
        let Some(id) = file_id(out) else {
            continue;
        };
        if let Some((input, _)) = inputs.iter().find(|(_, i)| *i == id) {
            let link = if *input == out {
                ""
            } else {
                " (the same file)"
            };
            return Err(format!(
                "the output {} would overwrite the input {}{link}; nothing was written ({hint})",
                out.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// The end of [`check_outputs`]'s message for an output path that came from `-o`, or
/// (`flag` is `None`) was put next to its input.
pub(crate) fn output_hint(flag: Option<&Path>) -> &'static str {
    match flag {
        Some(_) => "choose another -o",
        None => "without -o the output goes next to its input; give -o with another path",
    }
}

/// Writes to a temporary file in the target's folder, then renames it over the target, so a
/// failed run never leaves a truncated file. The temporary name carries this process's id
/// (`.inkbind-<pid>-<random>.tmp`), so a later run can tell a killed run's leftovers from a
/// running one's.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    remove_stale_temps_once(&dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Temporary files are created 0600; outputs get the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

const TEMP_PREFIX: &str = ".inkbind-";
const TEMP_SUFFIX: &str = ".tmp";

/// Where no process table can be read, a temporary file this old is taken as a leftover.
const STALE_AGE: Duration = Duration::from_secs(3600);

/// [`remove_stale_temps`] for each folder once per run (parallel jobs write into the same
/// folders many times).
fn remove_stale_temps_once(dir: &Path) {
    static DONE: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let first = match DONE.lock() {
        Ok(mut done) => done
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf()),
        Err(_) => false,
    };
    if first {
        remove_stale_temps(dir);
    }
}

/// Removes the temporary files a killed run left in `dir`: regular files named
/// `.inkbind-<pid>-<anything>.tmp` whose process is gone (on Linux: no `/proc/<pid>`;
/// where that cannot be told: older than an hour). Files of running processes, files of
/// any other name and anything that is not a regular file are left alone; errors are
/// ignored (another run may be cleaning too). Returns the names removed.
pub(crate) fn remove_stale_temps(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(temp_file_pid) else {
            continue;
        };
        let Ok(meta) = e.path().symlink_metadata() else {
            continue;
        };
        if !meta.is_file() || pid == std::process::id() {
            continue;
        }
        let stale = match process_alive(pid) {
            Some(alive) => !alive,
            None => meta
                .modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_AGE),
        };
        if stale && std::fs::remove_file(e.path()).is_ok() {
            removed.push(e.path());
        }
    }
    removed
}

/// The process id in a temporary file name of ours (`.inkbind-<pid>-<random>.tmp`, the
/// random part not empty), or `None` for any other name.
fn temp_file_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` is running, or `None` when this system cannot tell (not Linux, or
/// no `/proc` mounted).
fn process_alive(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_of_ours() {
        assert_eq!(temp_file_pid(".inkbind-42-Ab3xZ9.tmp"), Some(42));
        assert_eq!(temp_file_pid(".inkbind-42-a-b.tmp"), Some(42));
        // Older names without a pid, other tools' files, odd shapes: not ours.
        assert_eq!(temp_file_pid(".inkbind-Ab3xZ9.tmp"), None);
        assert_eq!(temp_file_pid(".inkbind-42-.tmp"), None);
        assert_eq!(temp_file_pid(".inkbind--x.tmp"), None);
        assert_eq!(temp_file_pid(".inkbind-4x2-y.tmp"), None);
        assert_eq!(temp_file_pid(".inkbind-42-x.tmp.bak"), None);
        assert_eq!(temp_file_pid("inkbind-42-x.tmp"), None);
    }

    #[cfg(unix)]
    #[test]
    fn links_to_an_input_are_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("a.md");
        std::fs::write(&md, "# a\n").unwrap();
        let sym = dir.path().join("sym.epub");
        std::os::unix::fs::symlink(&md, &sym).unwrap();
        let hard = dir.path().join("hard.pdf");
        std::fs::hard_link(&md, &hard).unwrap();
        let other = dir.path().join("other.pdf");
        std::fs::write(&other, "x").unwrap();
        let missing = dir.path().join("missing.pdf");
        for out in [&md, &sym, &hard] {
            let e = check_outputs([md.as_path()], [out.as_path()], "x").unwrap_err();
            assert!(e.contains(&out.display().to_string()), "{e}");
            assert!(e.contains(&md.display().to_string()), "{e}");
        }
        check_outputs([md.as_path()], [other.as_path(), missing.as_path()], "x").unwrap();
    }
}

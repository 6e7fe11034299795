//! Remote images, only when asked for (`--fetch`): an `http(s)` image is downloaded once,
//! with a timeout and a size cap, into a content-addressed cache folder, and read from there
//! by the same loader as local files. Offline (`--offline`, or a CI job: the `CI`
//! environment variable is set) nothing is downloaded, but images already in the cache are
//! used, so a cache filled on a workstation makes a CI build hermetic.
//!
//! Cache layout (`DIR` = `--fetch-cache`, default `$XDG_CACHE_HOME/inkbind/images` or
//! `~/.cache/inkbind/images`):
//! - `DIR/<sha256 of the bytes>`: the image as downloaded (the name is its content hash, so
//!   a file is never rewritten with other bytes);
//! - `DIR/url/<sha256 of the URL>`: the content hash of what the URL gave.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

/// How remote images are fetched (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPolicy {
    /// The cache folder (created on first download).
    pub cache_dir: PathBuf,
    /// Whole-request timeout (connect, headers and body).
    pub timeout: Duration,
    /// Largest body accepted, bytes.
    pub max_bytes: u64,
    /// Use the cache only; never open a connection.
    pub offline: bool,
}

impl FetchPolicy {
    /// The default policy over `cache_dir`: 10 s timeout, the image loader's 64 MiB cap.
    pub fn new(cache_dir: PathBuf) -> FetchPolicy {
        FetchPolicy {
            cache_dir,
            timeout: Duration::from_secs(10),
            max_bytes: super::image::MAX_IMAGE_BYTES,
            offline: false,
        }
    }

    /// `$XDG_CACHE_HOME/inkbind/images`, else `$HOME/.cache/inkbind/images`, else
    /// `.inkbind-cache/images` in the working directory.
    pub fn default_cache_dir() -> PathBuf {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".cache"))
            });
        match base {
            Some(b) => b.join("inkbind").join("images"),
            None => PathBuf::from(".inkbind-cache").join("images"),
        }
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The cached file for `url`, downloading it first unless it is cached or `policy` is
/// offline.
///
/// # Errors
/// A predicate for [`crate::document::image_warning`]: `is remote and not in the cache
/// (offline)`, `could not be downloaded (HTTP 404)`, `could not be downloaded (timed out
/// after 10 s)`, `is larger than the 64 MiB download limit`, `could not be cached (…)`.
pub fn fetch(url: &str, policy: &FetchPolicy) -> Result<PathBuf, String> {
    let index = policy
        .cache_dir
        .join("url")
        .join(hex_sha256(url.as_bytes()));
    if let Ok(hash) = std::fs::read_to_string(&index) {
        let path = policy.cache_dir.join(hash.trim());
        if is_content_hash(hash.trim()) && path.is_file() {
            return Ok(path);
        }
    }
    if policy.offline {
        return Err(format!(
            "is remote and not in the download cache {} (offline: --offline or CI is set)",
            policy.cache_dir.display()
        ));
    }
    let bytes = download(url, policy)?;
    let hash = hex_sha256(&bytes);
    let path = policy.cache_dir.join(&hash);
    let cache_err = |e: std::io::Error| format!("could not be cached ({e})");
    std::fs::create_dir_all(index.parent().unwrap_or(&policy.cache_dir)).map_err(cache_err)?;
    if !path.is_file() {
        write_new(&path, &bytes).map_err(cache_err)?;
    }
    write_new(&index, hash.as_bytes()).map_err(cache_err)?;
    Ok(path)
}

fn is_content_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place, so a
/// concurrent reader never sees half a file.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn download(url: &str, policy: &FetchPolicy) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(policy.timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let fail = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => format!(
            "could not be downloaded (timed out after {} s)",
            policy.timeout.as_secs_f32()
        ),
        other => format!("could not be downloaded ({other})"),
    };
    let mut resp = agent.get(url).call().map_err(fail)?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!(
            "could not be downloaded (HTTP {})",
            status.as_u16()
        ));
    }
    let too_big = || {
        format!(
            "is larger than the {} MiB download limit",
            policy.max_bytes / (1024 * 1024)
        )
    };
    let declared = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > policy.max_bytes) {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    resp.body_mut()
        .as_reader()
        .take(policy.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut => format!(
                "could not be downloaded (timed out after {} s)",
                policy.timeout.as_secs_f32()
            ),
            _ => format!("could not be downloaded ({e})"),
        })?;
    if bytes.len() as u64 > policy.max_bytes {
        return Err(too_big());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_uses_only_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let mut p = FetchPolicy::new(tmp.path().to_path_buf());
        p.offline = true;
        let url = "https://example.invalid/a.png";
        let e = fetch(url, &p).unwrap_err();
        assert!(
            e.starts_with("is remote and not in the download cache"),
            "{e}"
        );
        // A cache entry written earlier is used without any network.
        let hash = hex_sha256(b"png bytes");
        std::fs::write(tmp.path().join(&hash), b"png bytes").unwrap();
        std::fs::create_dir_all(tmp.path().join("url")).unwrap();
        std::fs::write(
            tmp.path().join("url").join(hex_sha256(url.as_bytes())),
            &hash,
        )
        .unwrap();
        assert_eq!(fetch(url, &p).unwrap(), tmp.path().join(&hash));
    }

    #[test]
    fn content_hashes() {
        assert_eq!(
            hex_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(is_content_hash(&hex_sha256(b"")));
        assert!(!is_content_hash("../../etc/passwd"));
    }
}

//! Uploaded files on disk: streamed to a temporary file while hashed and counted (a body over
//! the limit is cut off, not buffered), checked by their leading bytes to be a PDF, PNG or JPEG
//! of the declared type, then renamed to `<dir>/<first two hex digits>/<sha-256 hex>`. The same
//! file uploaded twice is stored once.
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::http::security_headers::FILE_CSP;

/// The types accepted, with the bytes each starts with.
const TYPES: &[(&str, &[u8])] = &[
    ("application/pdf", b"%PDF-"),
    ("image/png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", b"\xff\xd8\xff"),
];

pub struct Stored {
    pub hash: [u8; 32],
    pub size: u64,
    pub media_type: &'static str,
}

/// The accepted type named by a Content-Type header (parameters ignored).
pub fn declared_type(content_type: Option<&str>) -> ApiResult<&'static str> {
    let essence = content_type
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    TYPES
        .iter()
        .map(|(t, _)| *t)
        .find(|t| *t == essence)
        .ok_or_else(|| {
            ApiError::invalid(
                "content-type",
                "upload a PDF, PNG or JPEG with its Content-Type",
            )
        })
}

fn io(error: std::io::Error) -> ApiError {
    ApiError::Internal(anyhow::Error::new(error).context("artifact storage"))
}

/// A hash read back from the database as the 32 bytes it was stored as.
pub fn stored_hash(bytes: Vec<u8>) -> ApiResult<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("a stored file hash is not 32 bytes")))
}

/// The stored file as a download of `media_type` that browsers neither sniff, cache, frame nor
/// render as a page of this origin: an uploaded PDF or image with active content stays inert.
pub async fn serve(dir: &Path, hash: &[u8; 32], media_type: &str) -> ApiResult<Response> {
    let bytes = tokio::fs::read(path_of(dir, hash)).await.map_err(io)?;
    let extension = media_type.rsplit('/').next().unwrap_or("bin");
    let disposition = format!(
        "attachment; filename=\"iktomi-{}.{extension}\"",
        &hex::encode(hash)[..12]
    );
    let header_value = |text: &str| {
        HeaderValue::from_str(text)
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("stored media type")))
    };
    Ok((
        [
            (header::CONTENT_TYPE, header_value(media_type)?),
            (header::CONTENT_DISPOSITION, header_value(&disposition)?),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(FILE_CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub fn path_of(dir: &Path, hash: &[u8; 32]) -> PathBuf {
    let hex = hex::encode(hash);
    dir.join(&hex[..2]).join(hex)
}

/// Streams `body` into the store; refuses bodies over `max` bytes, empty ones, and bytes that
/// are not of `media_type`.
pub async fn store(
    dir: &Path,
    media_type: &'static str,
    body: Body,
    max: usize,
) -> ApiResult<Stored> {
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let temporary = dir.join(format!(".upload-{}", Uuid::new_v4()));
    let result = write(&temporary, media_type, body, max).await;
    let stored = match result {
        Ok(stored) => stored,
        Err(e) => {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(e);
        }
    };
    let path = path_of(dir, &stored.hash);
    if tokio::fs::try_exists(&path).await.map_err(io)? {
        let _ = tokio::fs::remove_file(&temporary).await;
    } else {
        let parent = path.parent().expect("a stored path has a parent");
        tokio::fs::create_dir_all(parent).await.map_err(io)?;
        tokio::fs::rename(&temporary, &path).await.map_err(io)?;
    }
    Ok(stored)
}

async fn write(path: &Path, media_type: &'static str, body: Body, max: usize) -> ApiResult<Stored> {
    let mut file = tokio::fs::File::create(path).await.map_err(io)?;
    let mut stream = body.into_data_stream();
    let mut hasher = Sha256::new();
    let mut size = 0usize;
    let mut head = Vec::with_capacity(16);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::Malformed(format!("reading the upload: {e}")))?;
        size += chunk.len();
        if size > max {
            return Err(ApiError::PayloadTooLarge);
        }
        if head.len() < 16 {
            head.extend_from_slice(&chunk[..chunk.len().min(16 - head.len())]);
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await.map_err(io)?;
    }
    file.sync_all().await.map_err(io)?;
    let magic = TYPES
        .iter()
        .find(|(t, _)| *t == media_type)
        .map(|(_, m)| *m)
        .unwrap_or_default();
    if size == 0 || !head.starts_with(magic) {
        return Err(ApiError::invalid(
            "body",
            format!("the file is not a {media_type}"),
        ));
    }
    Ok(Stored {
        hash: hasher.finalize().into(),
        size: size as u64,
        media_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_types_are_declared() {
        assert_eq!(
            declared_type(Some("application/PDF; x=y")).unwrap(),
            "application/pdf"
        );
        assert!(declared_type(Some("text/html")).is_err());
        assert!(declared_type(None).is_err());
    }

    #[tokio::test]
    async fn a_file_is_stored_once_by_its_hash_and_bad_ones_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = b"%PDF-1.7 hello".to_vec();
        let a = store(dir.path(), "application/pdf", Body::from(pdf.clone()), 100)
            .await
            .unwrap();
        let b = store(dir.path(), "application/pdf", Body::from(pdf.clone()), 100)
            .await
            .unwrap();
        assert_eq!(a.hash, b.hash);
        let expected: [u8; 32] = Sha256::digest(&pdf).into();
        assert_eq!(a.hash, expected);
        assert_eq!(std::fs::read(path_of(dir.path(), &a.hash)).unwrap(), pdf);

        assert!(store(dir.path(), "image/png", Body::from(pdf.clone()), 100)
            .await
            .is_err());
        assert!(matches!(
            store(
                dir.path(),
                "application/pdf",
                Body::from(vec![b'%'; 101]),
                100
            )
            .await,
            Err(ApiError::PayloadTooLarge)
        ));
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".upload")
            })
            .count();
        assert_eq!(leftovers, 0);
    }
}

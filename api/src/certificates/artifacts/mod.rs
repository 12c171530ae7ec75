//! Artifacts: a person uploads a scan or a PDF and asks a verified organization to verify it;
//! the organization confirms by issuing a certificate whose evidence names the file's SHA-256
//! (an RFC 6920 `ni:` URI, inside the hashed credential), or rejects with a reason. Until then an
//! upload is labelled unverified. Files are private: their owner and the organizations asked
//! to review them read them. The bytes on disk are `certificates::artifact_store`'s.
pub mod records;
pub mod reviews;
pub mod routes;
pub mod uploads;

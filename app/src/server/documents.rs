//! Résumés: what an upload must be (PDF or DOCX by its bytes, within the
//! size limit, a PDF within the page limit), and storing it.

use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row as _};

use crate::server::clock;
use crate::server::state::UploadLimits;

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Why an upload was refused; each has a message for the person and a
/// status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadProblem {
    Missing,
    Empty,
    TooLarge { max_bytes: usize },
    WrongType,
    NameDoesNotMatch,
    Unreadable,
    TooManyPages { pages: usize, max: usize },
}

impl UploadProblem {
    pub fn message(&self) -> String {
        match self {
            UploadProblem::Missing => "Choose a résumé file to upload.".into(),
            UploadProblem::Empty => "That file is empty. Choose your résumé file.".into(),
            UploadProblem::TooLarge { max_bytes } => format!(
                "That file is too large: a résumé can be at most {} MB.",
                max_bytes / (1024 * 1024)
            ),
            UploadProblem::WrongType => {
                "Upload your résumé as a PDF or a Word (.docx) file.".into()
            }
            UploadProblem::NameDoesNotMatch => {
                "The file’s name doesn’t match what it contains: name a PDF “.pdf” and a Word file “.docx”.".into()
            }
            UploadProblem::Unreadable => {
                "We couldn’t read that PDF. Save it again from your word processor and upload the new file.".into()
            }
            UploadProblem::TooManyPages { pages, max } => format!(
                "Your résumé has {pages} pages; it can have at most {max}. Shorten it and upload it again."
            ),
        }
    }

    /// A short code for links back to the form.
    pub fn code(&self) -> &'static str {
        match self {
            UploadProblem::Missing => "missing",
            UploadProblem::Empty => "empty",
            UploadProblem::TooLarge { .. } => "too-large",
            UploadProblem::WrongType => "type",
            UploadProblem::NameDoesNotMatch => "name",
            UploadProblem::Unreadable => "unreadable",
            UploadProblem::TooManyPages { .. } => "pages",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            UploadProblem::TooLarge { .. } => 413,
            UploadProblem::WrongType | UploadProblem::NameDoesNotMatch => 415,
            _ => 400,
        }
    }
}

/// A résumé that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedDocument {
    pub media_type: &'static str,
    pub filename: String,
    pub pages: Option<usize>,
    pub sha256: String,
}

/// A file name safe to show and to send back in `Content-Disposition`:
/// letters, digits, spaces, dots, dashes and underscores, at most 100.
pub fn clean_filename(name: &str, media_type: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_'))
        .take(100)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        if media_type == PDF {
            "resume.pdf".into()
        } else {
            "resume.docx".into()
        }
    } else {
        cleaned
    }
}

/// Checks an upload. CPU-bound for large PDFs: call it off the async
/// executor (`spawn_blocking`).
pub fn check_resume(
    filename: &str,
    bytes: &[u8],
    limits: UploadLimits,
) -> Result<CheckedDocument, UploadProblem> {
    if bytes.is_empty() {
        return Err(UploadProblem::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(UploadProblem::TooLarge {
            max_bytes: limits.max_bytes,
        });
    }
    let media_type = match infer::get(bytes).map(|t| t.mime_type()) {
        Some(PDF) => PDF,
        Some(DOCX) => DOCX,
        _ => return Err(UploadProblem::WrongType),
    };
    let lower = filename.to_lowercase();
    let expected = if media_type == PDF { ".pdf" } else { ".docx" };
    if !lower.ends_with(expected) {
        return Err(UploadProblem::NameDoesNotMatch);
    }
    let pages = if media_type == PDF {
        let document = lopdf::Document::load_mem(bytes).map_err(|_| UploadProblem::Unreadable)?;
        let pages = document.get_pages().len();
        if pages == 0 {
            return Err(UploadProblem::Unreadable);
        }
        if pages > limits.max_pdf_pages {
            return Err(UploadProblem::TooManyPages {
                pages,
                max: limits.max_pdf_pages,
            });
        }
        Some(pages)
    } else {
        None
    };
    Ok(CheckedDocument {
        media_type,
        filename: clean_filename(filename, media_type),
        pages,
        sha256: hex::encode(Sha256::digest(bytes)),
    })
}

/// Stores a document for its owner (once per content) and returns its id.
pub async fn store_document(
    conn: &mut AnyConnection,
    owner_id: i64,
    checked: &CheckedDocument,
    bytes: &[u8],
) -> Result<i64, sqlx::Error> {
    let public_id = hex::encode(rand::random::<[u8; 16]>());
    sqlx::query(
        "INSERT INTO documents (public_id, owner_id, sha256, media_type, filename, size, pages, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (owner_id, sha256) DO NOTHING",
    )
    .bind(&public_id)
    .bind(owner_id)
    .bind(&checked.sha256)
    .bind(checked.media_type)
    .bind(&checked.filename)
    .bind(bytes.len() as i64)
    .bind(checked.pages.map(|p| p as i64))
    .bind(bytes.to_vec())
    .bind(clock::to_text(clock::now()))
    .execute(&mut *conn)
    .await?;
    sqlx::query("SELECT id FROM documents WHERE owner_id = $1 AND sha256 = $2")
        .bind(owner_id)
        .bind(&checked.sha256)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")
}

/// A stored document's description (not its bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentInfo {
    pub id: i64,
    pub filename: String,
    pub media_type: String,
    pub size: i64,
    pub pages: Option<i64>,
}

pub async fn find_document_info(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<DocumentInfo>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, filename, media_type, size, pages FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|row| {
        Ok(DocumentInfo {
            id: row.try_get("id")?,
            filename: row.try_get("filename")?,
            media_type: row.try_get("media_type")?,
            size: row.try_get("size")?,
            pages: row.try_get("pages")?,
        })
    })
    .transpose()
}

/// A document's bytes.
pub async fn find_document_content(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let row = sqlx::query("SELECT content FROM documents WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| row.try_get("content")).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: UploadLimits = UploadLimits {
        max_bytes: 1024,
        max_pdf_pages: 2,
        max_artefact_bytes: 4096,
    };

    #[test]
    fn files_are_judged_by_their_bytes_not_their_names() {
        assert_eq!(
            check_resume("cv.pdf", b"", LIMITS),
            Err(UploadProblem::Empty)
        );
        assert_eq!(
            check_resume("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00program", LIMITS),
            Err(UploadProblem::WrongType),
            "an executable named .pdf"
        );
        assert_eq!(
            check_resume("cv.pdf", &[b'%'; 2048], LIMITS),
            Err(UploadProblem::TooLarge { max_bytes: 1024 })
        );
        assert_eq!(
            check_resume("cv.docx", b"%PDF-1.4\n%%EOF", LIMITS),
            Err(UploadProblem::NameDoesNotMatch)
        );
        assert_eq!(
            check_resume("cv.pdf", b"%PDF-1.4\nnot really a pdf\n%%EOF", LIMITS),
            Err(UploadProblem::Unreadable)
        );
    }

    /// CRC-32 (IEEE), for the zip below.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A minimal Word document: a zip (entries stored, not compressed)
    /// holding the content types and the document part.
    fn docx() -> Vec<u8> {
        // The order Word writes them in: content types, relationships, parts.
        let entries: [(&str, &str); 4] = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
            ),
            (
                "word/document.xml",
                r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Casey Candidate</w:t></w:r></w:p></w:body></w:document>"#,
            ),
            (
                "word/_rels/document.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#,
            ),
        ];
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, body) in entries {
            let offset = out.len() as u32;
            let (crc, size, name_len) =
                (crc32(body.as_bytes()), body.len() as u32, name.len() as u16);
            let common = |v: &mut Vec<u8>| {
                v.extend_from_slice(&20u16.to_le_bytes()); // version needed
                v.extend_from_slice(&0u16.to_le_bytes()); // flags
                v.extend_from_slice(&0u16.to_le_bytes()); // stored
                v.extend_from_slice(&0u32.to_le_bytes()); // time and date
                v.extend_from_slice(&crc.to_le_bytes());
                v.extend_from_slice(&size.to_le_bytes());
                v.extend_from_slice(&size.to_le_bytes());
                v.extend_from_slice(&name_len.to_le_bytes());
                v.extend_from_slice(&0u16.to_le_bytes()); // extra
            };
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            common(&mut out);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(body.as_bytes());
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&20u16.to_le_bytes()); // made by
            common(&mut central);
            central.extend_from_slice(&[0; 8]); // comment, disk, attributes
            central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let central_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]); // disk numbers
        let count = entries.len() as u16;
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&central_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn a_word_document_is_recognised_by_its_contents() {
        const LIMITS: UploadLimits = UploadLimits {
            max_bytes: 64 * 1024,
            max_pdf_pages: 2,
            max_artefact_bytes: 64 * 1024,
        };
        let bytes = docx();
        let checked = check_resume("My CV.docx", &bytes, LIMITS).unwrap();
        assert_eq!(checked.media_type, DOCX);
        assert_eq!(checked.pages, None, "pages are counted for PDFs only");
        assert_eq!(checked.filename, "My CV.docx");
        assert_eq!(
            check_resume("My CV.pdf", &bytes, LIMITS),
            Err(UploadProblem::NameDoesNotMatch)
        );
        // A zip that is not a Word document is refused.
        let mut other = bytes.clone();
        // Rename the Word parts' folder ("word/" to "xlsx/") wherever it
        // appears: a spreadsheet-shaped package is not a résumé.
        for at in (0..other.len().saturating_sub(5)).rev() {
            if &other[at..at + 5] == b"word/" {
                other[at..at + 5].copy_from_slice(b"xlsx/");
            }
        }
        assert_ne!(
            check_resume("My CV.docx", &other, LIMITS)
                .ok()
                .map(|c| c.media_type),
            Some(DOCX)
        );
    }

    #[test]
    fn file_names_are_cleaned_for_display_and_headers() {
        assert_eq!(clean_filename("C:\\Users\\me\\My CV.pdf", PDF), "My CV.pdf");
        assert_eq!(clean_filename("../../etc/passwd\".pdf", PDF), "passwd.pdf");
        assert_eq!(clean_filename("\r\n", DOCX), "resume.docx");
        assert_eq!(clean_filename(".hidden.pdf", PDF), "hidden.pdf");
    }
}

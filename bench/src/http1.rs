//! A minimal HTTP/1.1 server side: enough for the Lambda Runtime API client and the AWS SDK.

use std::io::{BufRead, Write};

/// One parsed request.
#[derive(Debug)]
pub struct Request {
    /// Method.
    pub method: String,
    /// Path (with query).
    pub path: String,
    /// `x-amz-target`, if any (which AWS JSON operation a request is).
    pub target: Option<String>,
    /// Body.
    pub body: Vec<u8>,
}

/// The request line and headers of one request.
#[derive(Debug)]
pub struct Head {
    /// Method.
    pub method: String,
    /// Path (with query).
    pub path: String,
    /// `x-amz-target`, if any.
    pub target: Option<String>,
    /// Every header, names in lower case.
    pub headers: Vec<(String, String)>,
    length: usize,
    chunked: bool,
}

impl Head {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the request line and headers; `None` at end of stream or on garbage.
pub fn read_head(reader: &mut impl BufRead) -> Option<Head> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut head = Head {
        method,
        path,
        target: None,
        headers: Vec::new(),
        length: 0,
        chunked: false,
    };
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim().to_owned();
            if name == "content-length" {
                head.length = value.parse().ok()?;
            } else if name == "transfer-encoding" && value.to_ascii_lowercase().contains("chunked")
            {
                head.chunked = true;
            } else if name == "x-amz-target" {
                head.target = Some(value.clone());
            }
            head.headers.push((name, value));
        }
    }
    Some(head)
}

/// Reads the body of `head`, handing each piece to `on_data` as it arrives (each chunk of a chunked
/// body; the whole body otherwise). `None` on a broken body.
pub fn read_body(
    reader: &mut impl BufRead,
    head: &Head,
    mut on_data: impl FnMut(&[u8]),
) -> Option<()> {
    if !head.chunked {
        let mut body = vec![0; head.length];
        reader.read_exact(&mut body).ok()?;
        on_data(&body);
        return Some(());
    }
    loop {
        let mut size = String::new();
        reader.read_line(&mut size).ok()?;
        let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
        if size == 0 {
            // Trailers (the streaming protocol's error headers), up to the blank line.
            loop {
                let mut trailer = String::new();
                if reader.read_line(&mut trailer).ok()? == 0 || trailer.trim_end().is_empty() {
                    return Some(());
                }
            }
        }
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk).ok()?;
        on_data(&chunk[..size]);
    }
}

/// Reads one request from a keep-alive connection; `None` at end of stream or on garbage.
pub fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let head = read_head(reader)?;
    let mut body = Vec::new();
    read_body(reader, &head, |data| body.extend_from_slice(data))?;
    Some(Request {
        method: head.method,
        path: head.path,
        target: head.target,
        body,
    })
}

/// Writes a response with the given extra headers.
pub fn write_response(
    stream: &mut impl Write,
    status: u16,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // One write: a head and a body in two small segments would meet Nagle's algorithm and the peer's
    // delayed ACK, adding ~40 ms that belongs to neither side.
    let mut message = head.into_bytes();
    message.extend_from_slice(body);
    stream.write_all(&message)?;
    stream.flush()
}

/// Writes the head of a chunked response; send the body with [`write_chunk`], end it with an empty
/// chunk.
pub fn write_chunked_head(
    stream: &mut impl Write,
    status: u16,
    headers: &[(&str, String)],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} X\r\ntransfer-encoding: chunked\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.flush()
}

/// Writes one chunk of a chunked body and flushes it (an empty `data` ends the body).
pub fn write_chunk(stream: &mut impl Write, data: &[u8]) -> std::io::Result<()> {
    let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(b"\r\n");
    stream.write_all(&chunk)?;
    stream.flush()
}

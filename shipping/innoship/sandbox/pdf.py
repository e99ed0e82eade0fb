"""The sandbox's labels: a small, valid one-page PDF."""

PAGE_SIZES = {"A4": (595, 842), "A6": (298, 420)}  # spec: labels in A4 or A6 (PDF points)


def label_pdf(lines, label_format):
    """A small, valid one-page PDF (Helvetica text) of the given page size."""
    width, height = PAGE_SIZES[label_format]
    text = " ".join(
        f"BT /F1 12 Tf 20 {height - 40 - 20 * i} Td ({line.replace(chr(92), '').replace('(', '').replace(')', '')}) "
        "Tj ET" for i, line in enumerate(lines)
    ).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>".encode(),
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)

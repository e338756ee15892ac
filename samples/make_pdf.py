"Writes `solar_system.pdf`, the small text PDF used in lisette's docs, with no dependencies: `python make_pdf.py`"
from pathlib import Path

lines = ["The Solar System: a one-page note",
         "",
         "The Solar System has eight planets: Mercury, Venus, Earth, Mars, Jupiter,",
         "Saturn, Uranus and Neptune. Jupiter is the largest; Mercury is the smallest.",
         "Earth is the only planet known to support life. Light from the Sun takes",
         "about eight minutes and twenty seconds to reach Earth.",
         "",
         "This document was written for lisette's documentation and is in the public domain (CC0)."]

def esc(s): return s.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')

def make_pdf():
    text = "BT /F1 12 Tf 16 TL 72 720 Td " + " ".join(f"({esc(l)}) Tj T*" for l in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            f"<< /Length {len(text)} >>\nstream\n{text}\nendstream"]
    out, offs = "%PDF-1.4\n", []
    for i,o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offs)
    out += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode('latin-1')

if __name__ == '__main__': (Path(__file__).parent/'solar_system.pdf').write_bytes(make_pdf())

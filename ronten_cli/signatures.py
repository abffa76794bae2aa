"""The first bytes that tell office file formats apart, whatever the file is called.

A memo may come without a suffix or from git (``REV:path``), and a damaged or mislabelled file must
be named as such before LibreOffice opens it as plain text: the readers and the converter decide by
these, in one place.
"""

ZIP = b"PK\x03\x04"  # .docx, .xlsx, .pptx and the OpenDocument formats are zip packages
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt, and a password-protected .docx
RTF = b"{\\rtf"

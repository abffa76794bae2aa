"""Reading Word (.docx) outlines: paragraphs, tables and Word's own numbering, into the outline tree."""

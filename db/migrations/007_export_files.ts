// Migration 7: every exported SEI file's bytes are kept with its export (gzip-compressed: an XML file packs to about
// a tenth), so the export history can give the identical file again (its SHA-256, of the file itself, checked).
// Exports made before this version have none (NULL).
export default `
ALTER TABLE sei_export ADD COLUMN file BLOB;
`;

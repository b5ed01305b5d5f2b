-- Attachment files are stored content-addressed (sha256) on disk; these columns describe the stored file.
ALTER TABLE message_attachment
    ADD COLUMN sha256      text,
    ADD COLUMN stored_at   timestamptz,
    ADD COLUMN last_error  text;
CREATE INDEX message_attachment_message_idx ON message_attachment (message_id, position);

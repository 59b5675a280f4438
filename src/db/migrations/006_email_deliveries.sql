-- Scheduled reports can also go out by e-mail (when SMTP is configured):
-- a delivery names either the webhook it was POSTed to or the address it was
-- mailed to, and keeps the SMTP server's answer code where there was one.
ALTER TABLE report_deliveries ALTER COLUMN webhook_url DROP NOT NULL;
ALTER TABLE report_deliveries ADD COLUMN email text;
ALTER TABLE report_deliveries ADD COLUMN smtp_code integer;
ALTER TABLE report_deliveries ADD CONSTRAINT report_deliveries_one_target CHECK ((webhook_url IS NULL) <> (email IS NULL));

-- Issue 20: the admission method of the spell (optional) and the reason for delay in force from the latest date given.
ALTER TABLE referral ADD COLUMN admission_method TEXT;
ALTER TABLE referral ADD COLUMN delay_reason_list TEXT;
ALTER TABLE referral ADD COLUMN delay_reason_list_version INT;
ALTER TABLE referral ADD COLUMN delay_reason_code TEXT;
ALTER TABLE referral ADD COLUMN delay_reason_from DATE;

-- Two clocks: a decline carries the day it happened (business date) besides when it was recorded (declined_at).
-- Declines recorded before the field existed were declined on the calendar day (Europe/London) they were recorded.
ALTER TABLE capacity_decline ADD COLUMN declined_on DATE;
UPDATE capacity_decline SET declined_on = (declined_at AT TIME ZONE 'Europe/London')::date;
ALTER TABLE capacity_decline ALTER COLUMN declined_on SET NOT NULL;
DROP INDEX capacity_decline_service_idx;
CREATE INDEX capacity_decline_service_idx ON capacity_decline (service_id, declined_on, declined_at);

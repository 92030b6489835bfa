-- Two clocks: the date a follow-up status was obtained, the follow-up fact in force (which a correction names), and
-- what the referral topic's discharge corrections and voids did.
ALTER TABLE placement
    ADD COLUMN follow_up_obtained_on  DATE,
    ADD COLUMN follow_up_event_id     TEXT,
    ADD COLUMN follow_up_corrected_at TIMESTAMPTZ;

-- Follow-ups recorded before the field existed: the fact in force is the record, obtained on the day it was recorded
-- (Europe/London, as the contract reads a record without obtainedOn).
UPDATE placement p
   SET follow_up_event_id = e.event_id::text,
       follow_up_obtained_on = COALESCE((e.payload::jsonb ->> 'obtainedOn')::date, (e.recorded_at AT TIME ZONE 'Europe/London')::date)
  FROM event_store e
 WHERE e.stream_id = p.placement_id
   AND e.event_type = 'd2a.placement.follow-up-recorded.v1';

ALTER TABLE referral_fact
    ADD COLUMN discharge_voided_at    TIMESTAMPTZ,
    ADD COLUMN discharge_corrected_at TIMESTAMPTZ;

-- Organisation scoping: a placement belongs to the organisation that runs its service.
ALTER TABLE service_registry ADD COLUMN provider_organisation TEXT;
ALTER TABLE placement ADD COLUMN provider_organisation TEXT;
CREATE INDEX placement_provider_idx ON placement (provider_organisation, claimed_at DESC);

-- Organisation scoping: the organisation that runs a service; only its staff manage the service's capacity and claims.
ALTER TABLE care_service ADD COLUMN provider_organisation TEXT;

-- The smoke application logs in as the database's service role, as every service does: it gets what it uses.
GRANT SELECT, INSERT, UPDATE, DELETE ON smoke_note TO "${service_role}";
GRANT USAGE, SELECT ON SEQUENCE smoke_note_seq TO "${service_role}";

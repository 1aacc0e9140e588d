-- Reported figures keep every vintage (issue 12): whatever changes indicator_observations — an
-- import, a re-seed, a hand-run statement — leaves the figure it replaced in
-- indicator_observation_revisions, with when it was recorded and when it stopped being current.
-- Transaction time is now(), the start of the writing transaction: every figure of one import
-- carries the same instant.
--
-- The figures already there have no known recording time: their history starts now.
INSERT INTO indicator_observation_revisions (metric, region_code, period, period_start, period_end, value, provenance, recorded_at, superseded_at)
SELECT metric, region_code, period, period_start, period_end, value, provenance, now(), NULL FROM indicator_observations;--> statement-breakpoint
-- A figure re-sent with the same number written differently (100 then 100.0) is the same
-- figure: it keeps the text it was first published with, so that nothing changes and no
-- revision is added.
CREATE FUNCTION indicator_observations_same_value() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.value = OLD.value THEN
    NEW.value := OLD.value;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER indicator_observations_same_value BEFORE UPDATE ON indicator_observations FOR EACH ROW EXECUTE FUNCTION indicator_observations_same_value();--> statement-breakpoint
CREATE FUNCTION indicator_observations_keep_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t timestamptz := now();
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    -- A vintage written earlier in this same transaction was never visible to anyone: it goes,
    -- rather than stay as a revision that lasted no time at all.
    DELETE FROM indicator_observation_revisions r
     WHERE r.metric = OLD.metric AND r.region_code = OLD.region_code AND r.period = OLD.period
       AND r.superseded_at IS NULL AND r.recorded_at = t;
    IF NOT FOUND THEN
      UPDATE indicator_observation_revisions r SET superseded_at = t
       WHERE r.metric = OLD.metric AND r.region_code = OLD.region_code AND r.period = OLD.period
         AND r.superseded_at IS NULL;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    -- The same figure removed earlier in this transaction and written again (a re-seed deletes
    -- the sample and inserts it anew): the vintage it had goes on, and nothing is added.
    UPDATE indicator_observation_revisions r SET superseded_at = NULL
     WHERE r.metric = NEW.metric AND r.region_code = NEW.region_code AND r.period = NEW.period
       AND r.superseded_at = t
       AND r.period_start = NEW.period_start AND r.period_end = NEW.period_end
       AND r.value::text = NEW.value::text AND r.provenance = NEW.provenance;
    IF NOT FOUND THEN
      INSERT INTO indicator_observation_revisions (metric, region_code, period, period_start, period_end, value, provenance, recorded_at, superseded_at)
      VALUES (NEW.metric, NEW.region_code, NEW.period, NEW.period_start, NEW.period_end, NEW.value, NEW.provenance, t, NULL);
    END IF;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER indicator_observations_keep_revisions AFTER INSERT OR DELETE ON indicator_observations
  FOR EACH ROW EXECUTE FUNCTION indicator_observations_keep_revisions();--> statement-breakpoint
-- An upsert that sets the same values (an import repeated) changes nothing: no revision.
CREATE TRIGGER indicator_observations_keep_revisions_on_change AFTER UPDATE ON indicator_observations
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION indicator_observations_keep_revisions();
--> statement-breakpoint
-- TRUNCATE fires no row trigger: it withdraws every current figure at once.
CREATE FUNCTION indicator_observations_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM indicator_observation_revisions WHERE superseded_at IS NULL AND recorded_at = now();
  UPDATE indicator_observation_revisions SET superseded_at = now() WHERE superseded_at IS NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER indicator_observations_truncated AFTER TRUNCATE ON indicator_observations
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_observations_truncated();

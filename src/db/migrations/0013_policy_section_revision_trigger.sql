-- A corrected policy text keeps the one it replaced (issue 12). No import writes policy text:
-- only the programme seed does (an upsert of every section whenever its version changes), and
-- a hand-run UPDATE could. The trigger catches both. Only a changed text counts: the seed's
-- upsert of unchanged rows adds nothing. Corrected twice in one transaction, the text from
-- before the transaction is the one kept (the other was never visible); changed back to it in
-- the same transaction, nothing is kept.
CREATE FUNCTION policy_sections_keep_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO policy_section_revisions (code, label, title, title_en, body, responsibility_text, superseded_at)
  VALUES (OLD.code, OLD.label, OLD.title, OLD.title_en, OLD.body, OLD.responsibility_text, now())
  ON CONFLICT (code, superseded_at) DO NOTHING;
  DELETE FROM policy_section_revisions r
   WHERE r.code = NEW.code AND r.superseded_at = now()
     AND (r.label, r.title, r.title_en, r.body, r.responsibility_text) IS NOT DISTINCT FROM (NEW.label, NEW.title, NEW.title_en, NEW.body, NEW.responsibility_text);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER policy_sections_keep_revisions AFTER UPDATE ON policy_sections FOR EACH ROW
  WHEN ((OLD.label, OLD.title, OLD.title_en, OLD.body, OLD.responsibility_text) IS DISTINCT FROM (NEW.label, NEW.title, NEW.title_en, NEW.body, NEW.responsibility_text))
  EXECUTE FUNCTION policy_sections_keep_revisions();

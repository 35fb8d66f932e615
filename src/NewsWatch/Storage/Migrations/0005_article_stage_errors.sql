-- A stage that fails on one article records why on the article, which stays at the stage it had reached and is tried
-- again after retry_stage_after; the other articles go on.
ALTER TABLE articles ADD COLUMN stage_error TEXT;
ALTER TABLE articles ADD COLUMN retry_stage_after TEXT;

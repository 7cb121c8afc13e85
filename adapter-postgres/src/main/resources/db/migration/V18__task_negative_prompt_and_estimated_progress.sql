-- What a task's video should not show (for a model whose capabilities take a negative prompt), kept so a submit after a
-- restart or a retry sends it again; and whether the task's progress is the relay's estimate (its provider reports none).
ALTER TABLE video_tasks ADD COLUMN negative_prompt text;
ALTER TABLE video_tasks ADD COLUMN progress_estimated boolean NOT NULL DEFAULT false;

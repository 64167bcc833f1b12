-- The program reports count and time applications by the statuses they
-- entered and left.
CREATE INDEX application_history_to ON application_history (to_status, application_id);
CREATE INDEX application_history_from ON application_history (from_status, application_id);

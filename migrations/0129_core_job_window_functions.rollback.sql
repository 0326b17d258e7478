-- Undo 0129: the two functions go (the incremental job queries of this
-- release call them). The watermarks stay.

drop function core.advance_job_watermark(text, boolean);
drop function core.job_window(text);

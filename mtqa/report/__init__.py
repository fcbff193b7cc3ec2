"""Reports: the per-sentence table (``table``) and the files written from it (``writers``)."""

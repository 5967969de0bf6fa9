"""Where the reports of a run are audited, when not in this machine's process pool
(audit.py): ``dask_client`` sends them to a Dask cluster, ``dask_worker`` audits them there.
Neither imports dask.distributed unless ``--executor dask`` asks for it."""

"""The database layer every feature's models and queries build on.

- `base`: the declarative base, the constraint naming convention, the version counter;
- `types`: column types (aware UTC timestamps, exact decimals);
- `functions`: SQL functions and query shapes both databases share;
- `connections`: how each SQLite and PostgreSQL connection is set up, and forked workers;
- `transactions`: how a request's transaction ends (reads with COMMIT);
- `query_counter`: counting statements, for tests and benchmarks.

`planner.core.init_app` installs the connection settings and the end of transactions.
"""

"""Tables of the run store (DuckDB DDL). Every result table is tidy and keyed by ``run_id``.

New files get the tables below; :data:`MIGRATIONS` brings a file written by an
earlier detente up to date (each step is idempotent, so it runs on every open).
Inserts always name their columns, so a migrated file whose added columns sit
at the end of ``runs`` works the same as a new one.
"""

#: Run states. A run is ``running`` from :meth:`Store.start_run` until
#: :meth:`Store.finish_run`; a process killed in between leaves it ``running``.
STATUSES = ("running", "done", "failed", "interrupted")

TABLES = {
    "runs": """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY,      -- time-sortable: YYYYMMDD-HHMMSS-mmm-xxxx (UTC, ms, random)
        created_at TIMESTAMP,            -- UTC
        finished_at TIMESTAMP,           -- UTC; NULL while running
        status VARCHAR,                  -- running | done | failed | interrupted
        command VARCHAR,                 -- forecast | simulate | compare | sensitivity | ...
        model VARCHAR,
        parameters JSON,                 -- the model's full parameters
        seed VARCHAR,                    -- text: seeds may exceed BIGINT
        seed_entropy VARCHAR,            -- numpy SeedSequence(seed).entropy: what child seeds derive from
        package_version VARCHAR,         -- detente version that wrote the run
        scenario_hash VARCHAR,           -- Scenario.content_hash() (sha256); data runs: sha256 of the files' digests
        scenario_name VARCHAR,
        scenario JSON,                   -- Scenario.to_dict(): the whole scenario (NULL for data runs)
        argv JSON,                       -- the command line, as a list
        draws BIGINT,                    -- planned draws (Monte Carlo runs)
        chunksize BIGINT,                -- draws per task (the checkpoints for --resume)
        extra JSON)                      -- command-specific: ranges, shock, method; inputs (files' sha256)""",
    "forecasts": """CREATE TABLE IF NOT EXISTS forecasts (
        run_id VARCHAR, model VARCHAR, issue VARCHAR, forecast DOUBLE, outcome DOUBLE)""",
    "positions": """CREATE TABLE IF NOT EXISTS positions (
        run_id VARCHAR, model VARCHAR, issue VARCHAR, round INTEGER, actor VARCHAR, position DOUBLE)""",
    "draws": """CREATE TABLE IF NOT EXISTS draws (
        run_id VARCHAR, draw INTEGER, issue VARCHAR, series VARCHAR, value DOUBLE)""",
    "chunks": """CREATE TABLE IF NOT EXISTS chunks (
        run_id VARCHAR, start INTEGER, stop INTEGER)""",
    "summaries": """CREATE TABLE IF NOT EXISTS summaries (
        run_id VARCHAR, issue VARCHAR, statistic VARCHAR, value DOUBLE)""",
    "indices": """CREATE TABLE IF NOT EXISTS indices (
        run_id VARCHAR, issue VARCHAR, factor VARCHAR, statistic VARCHAR, value DOUBLE)""",
    "documents": """CREATE TABLE IF NOT EXISTS documents (
        run_id VARCHAR, name VARCHAR,
        document VARCHAR)                -- JSON text (NaN kept as NaN); see Store.documents""",
}

#: Steps that update a file written by an earlier version of this schema (SQL, or a function of the connection). A new table needs no step: every
#: ``CREATE TABLE IF NOT EXISTS`` of :data:`TABLES` runs on open too, so a file from before ``documents``
#: existed gains it, empty (its runs re-open with their tables, as they did).
def unique_chunks(con) -> None:
    """A unique key on ``chunks (run_id, start)``, so that no chunk (and, stored in the same transaction,
    none of its draws) can be stored twice (two resumes of one run at once would otherwise both store it).

    A file from before the key may hold runs stored twice that way: their exact duplicate rows are
    dropped first (two resumes compute bit-identical draws and summaries from the same seed), so that
    they re-open; then the key is added. Runs only while the key is missing.
    """
    if con.execute("SELECT count(*) FROM duckdb_indexes() WHERE index_name = 'chunks_run_start'").fetchone()[0]:
        return
    doubled = [r[0] for r in con.execute("SELECT DISTINCT run_id FROM chunks GROUP BY run_id, start "
                                         "HAVING count(*) > 1").fetchall()]
    for run_id in doubled:
        for table in RESULT_TABLES:
            con.execute(f"CREATE TEMP TABLE _kept AS SELECT DISTINCT * FROM {table} WHERE run_id = ?", [run_id])
            con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            con.execute(f"INSERT INTO {table} SELECT * FROM _kept")
            con.execute("DROP TABLE _kept")
    if doubled:  # rebuilt whole: DuckDB's index build still sees rows deleted earlier in the transaction
        con.execute("CREATE TABLE _chunks AS SELECT DISTINCT * FROM chunks ORDER BY ALL")
        con.execute("DROP TABLE chunks")
        con.execute("ALTER TABLE _chunks RENAME TO chunks")
    con.execute("CREATE UNIQUE INDEX chunks_run_start ON chunks (run_id, start)")


MIGRATIONS = (
    "ALTER TABLE runs ADD COLUMN IF NOT EXISTS seed_entropy VARCHAR",
    unique_chunks,
)

#: Tables that hold a run's results (``chunks`` is bookkeeping for resume). ``documents`` holds what a
#: re-opened run's charts need besides the tidy rows: the result document of ``detente war`` and of
#: ``detente backtest``, a simulation's fan quantiles (each result's ``to_tables()``).
RESULT_TABLES = ("forecasts", "positions", "draws", "summaries", "indices", "documents")

#: Columns of ``runs`` decoded from JSON when read.
JSON_COLUMNS = ("parameters", "scenario", "argv", "extra")

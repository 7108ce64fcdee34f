"""Tables of the run store (DuckDB). Every result table is tidy and keyed by ``run_id``."""

TABLES = {
    "runs": """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY,      -- time-sortable id: YYYYMMDD-HHMMSS-xxxxxx
        created_at TIMESTAMP, finished_at TIMESTAMP,
        status VARCHAR,                  -- running | done | failed
        command VARCHAR,                 -- forecast | simulate | compare | sensitivity
        model VARCHAR, parameters VARCHAR, seed VARCHAR, package_version VARCHAR,
        scenario_hash VARCHAR, scenario_name VARCHAR, scenario VARCHAR,   -- scenario: the whole scenario as JSON
        argv VARCHAR, draws INTEGER, chunksize INTEGER, extra VARCHAR)""",
    "forecasts": "CREATE TABLE IF NOT EXISTS forecasts (run_id VARCHAR, model VARCHAR, issue VARCHAR, "
                 "forecast DOUBLE, outcome DOUBLE)",
    "positions": "CREATE TABLE IF NOT EXISTS positions (run_id VARCHAR, model VARCHAR, issue VARCHAR, "
                 "round INTEGER, actor VARCHAR, position DOUBLE)",
    "draws": "CREATE TABLE IF NOT EXISTS draws (run_id VARCHAR, draw INTEGER, issue VARCHAR, series VARCHAR, "
             "value DOUBLE)",
    "chunks": "CREATE TABLE IF NOT EXISTS chunks (run_id VARCHAR, start INTEGER, stop INTEGER)",
    "summaries": "CREATE TABLE IF NOT EXISTS summaries (run_id VARCHAR, issue VARCHAR, statistic VARCHAR, "
                 "value DOUBLE)",
    "indices": "CREATE TABLE IF NOT EXISTS indices (run_id VARCHAR, issue VARCHAR, factor VARCHAR, "
               "statistic VARCHAR, value DOUBLE)",
}
RESULT_TABLES = ("forecasts", "positions", "draws", "summaries", "indices")

-- The candidate dashboard's leaderboard (`LeaderboardStatement`) joins a period's completed interviews to the
-- candidates who opted in. Without these, each dashboard view read every person of the tenant (with 5,000 people, 105
-- of the statement's 116 buffers) and every interview the tenant ever had. It was the costliest statement PostgreSQL
-- ran in the ten-minute soak; pgbench -M prepared on BEGIN, the claim, this statement and COMMIT went from 0.98 to
-- 0.64 ms a transaction with the index on the people.
CREATE INDEX users_on_leaderboard ON users (tenant_id, id)
    WHERE leaderboard_opt_in AND role = 'candidate' AND status = 'active' AND erased_at IS NULL;
CREATE INDEX interviews_completed_by_time ON interviews (tenant_id, finished_at) WHERE status = 'completed';

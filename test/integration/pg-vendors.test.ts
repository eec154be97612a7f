// The vendor tracker suite again, on the PostgreSQL store (bot-harness: STYREBOT_TEST_STORE).
process.env.STYREBOT_TEST_STORE = 'postgres';
await import('./vendors.test.js');
